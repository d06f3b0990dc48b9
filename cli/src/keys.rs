//! Key generation and inspection, with `subkey`'s output (text and JSON).
//!
//! Contract: [`inspect`] accepts any Substrate secret URI (`//Alice`, a BIP39 phrase with
//! `//hard`, `/soft` junctions and `///password`, or a `0x` 32-byte seed). The secret seed is
//! the mini secret key the pair expands from; after a soft junction there is none (`n/a`), as in
//! `subkey`. Network id: `substrate` for SS58 prefix 42, the number otherwise.

use metanode_primitives::crypto::{DeriveJunction, SecretUri};
use metanode_primitives::{AccountId32, Pair, SecretUriError};
use schnorrkel::{ExpansionMode, MiniSecretKey};
use serde_json::json;
use zeroize::Zeroize;

/// Everything `key generate` / `key inspect` print.
#[derive(Clone)]
pub struct KeyInfo {
    /// The phrase (generate, or inspect of a bare phrase) or the URI as given.
    pub secret: String,
    /// Whether `secret` is a bare phrase (`Secret phrase:`) or a URI (`Secret Key URI`).
    pub is_phrase: bool,
    /// The mini secret key, if the derivation path is all hard.
    pub seed: Option<[u8; 32]>,
    /// The public key / account id.
    pub public: AccountId32,
    /// SS58 prefix for the addresses shown.
    pub ss58_prefix: u16,
}

impl std::fmt::Debug for KeyInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyInfo")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

impl Drop for KeyInfo {
    fn drop(&mut self) {
        self.secret.zeroize();
        if let Some(seed) = self.seed.as_mut() {
            seed.zeroize();
        }
    }
}

/// A fresh key with a `words`-word phrase (12 or 24).
pub fn generate(words: usize, ss58_prefix: u16) -> KeyInfo {
    let (pair, phrase) = Pair::generate_with_phrase(words);
    let seed = seed_of(&phrase).ok().flatten();
    KeyInfo {
        secret: phrase,
        is_phrase: true,
        seed,
        public: pair.public(),
        ss58_prefix,
    }
}

/// Inspects a secret URI.
pub fn inspect(suri: &str, ss58_prefix: u16) -> Result<KeyInfo, SecretUriError> {
    let pair = Pair::from_string(suri, None)?;
    let seed = seed_of(suri)?.filter(|seed| Pair::from_seed(seed).public() == pair.public());
    let is_phrase = !suri.contains('/') && !suri.starts_with("0x");
    Ok(KeyInfo {
        secret: suri.to_string(),
        is_phrase,
        seed,
        public: pair.public(),
        ss58_prefix,
    })
}

/// The mini secret key of `suri`; `None` when the path has a soft junction.
pub fn seed_of(suri: &str) -> Result<Option<[u8; 32]>, SecretUriError> {
    let uri = SecretUri::parse(suri)?;
    let mut mini =
        if let Some(hex_seed) = uri.phrase.strip_prefix("0x") {
            let mut bytes = hex::decode(hex_seed).map_err(|e| SecretUriError::InvalidSeed {
                reason: e.to_string(),
            })?;
            let len = bytes.len();
            let key = MiniSecretKey::from_bytes(&bytes)
                .map_err(|_| SecretUriError::InvalidSeedLength { len });
            bytes.zeroize();
            key?
        } else {
            let mnemonic = bip39::Mnemonic::parse_in(bip39::Language::English, &uri.phrase)
                .map_err(|e| SecretUriError::InvalidPhrase {
                    reason: e.to_string(),
                })?;
            let mut entropy = mnemonic.to_entropy();
            let key = substrate_bip39::mini_secret_from_entropy(
                &entropy,
                uri.password.as_deref().unwrap_or(""),
            );
            entropy.zeroize();
            key.map_err(|e| SecretUriError::InvalidPhrase {
                reason: format!("{e:?}"),
            })?
        };
    for junction in &uri.junctions {
        match junction {
            DeriveJunction::Soft(_) => return Ok(None),
            DeriveJunction::Hard(code) => {
                mini = mini
                    .expand(ExpansionMode::Ed25519)
                    .hard_derive_mini_secret_key(Some(schnorrkel::derive::ChainCode(*code)), b"")
                    .0;
            }
        }
    }
    Ok(Some(mini.to_bytes()))
}

impl KeyInfo {
    fn network_id(&self) -> String {
        if self.ss58_prefix == metanode_primitives::DEFAULT_SS58_PREFIX {
            "substrate".to_string()
        } else {
            self.ss58_prefix.to_string()
        }
    }

    fn seed_text(&self) -> String {
        match &self.seed {
            Some(seed) => format!("0x{}", hex::encode(seed)),
            None => "n/a".to_string(),
        }
    }

    /// `subkey`'s text output.
    pub fn to_text(&self) -> String {
        let first = if self.is_phrase {
            format!("Secret phrase:       {}", self.secret)
        } else {
            format!("Secret Key URI `{}` is account:", self.secret)
        };
        let public_hex = format!("0x{}", hex::encode(self.public.as_bytes()));
        let ss58 = self.public.to_ss58(self.ss58_prefix);
        format!(
            "{first}\n  Network ID:        {}\n  Secret seed:       {}\n  Public key (hex):  {public_hex}\n  Account ID:        {public_hex}\n  Public key (SS58): {ss58}\n  SS58 Address:      {ss58}\n",
            self.network_id(),
            self.seed_text(),
        )
    }

    /// `subkey`'s JSON output (also the key-file format `--from` reads).
    pub fn to_json(&self) -> serde_json::Value {
        let public_hex = format!("0x{}", hex::encode(self.public.as_bytes()));
        let ss58 = self.public.to_ss58(self.ss58_prefix);
        json!({
            "accountId": public_hex,
            "networkId": self.network_id(),
            "publicKey": public_hex,
            "secretPhrase": self.secret,
            "secretSeed": self.seed_text(),
            "ss58Address": ss58,
            "ss58PublicKey": ss58,
        })
    }
}
