//! sr25519 key pairs, signatures and verification (schnorrkel, signing context `b"substrate"`).

use super::suri::{DeriveJunction, SecretUri, SecretUriError};
use crate::account::AccountId32;
use parity_scale_codec::{Decode, Encode, MaxEncodedLen};
use scale_info::{build::Fields, Path, Type, TypeInfo};
use schnorrkel::derive::{ChainCode, Derivation};
use schnorrkel::{ExpansionMode, Keypair, MiniSecretKey, PublicKey, SecretKey};
use zeroize::Zeroize;

/// The signing context of every Substrate sr25519 signature.
pub const SIGNING_CONTEXT: &[u8] = b"substrate";

/// A 64-byte sr25519 signature.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Encode, Decode, MaxEncodedLen)]
pub struct Signature(pub [u8; 64]);

impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Signature(0x{})", hex::encode(self.0))
    }
}

impl TypeInfo for Signature {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("Signature", "sp_core::sr25519"))
            .composite(Fields::unnamed().field(|f| f.ty::<[u8; 64]>().type_name("[u8; 64]")))
    }
}

impl serde::Serialize for Signature {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("0x{}", hex::encode(self.0)))
    }
}

impl<'de> serde::Deserialize<'de> for Signature {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        let bytes =
            hex::decode(s.strip_prefix("0x").unwrap_or(&s)).map_err(serde::de::Error::custom)?;
        let sig: [u8; 64] = bytes.as_slice().try_into().map_err(|_| {
            serde::de::Error::custom(format!("signature is {} bytes, expected 64", bytes.len()))
        })?;
        Ok(Self(sig))
    }
}

/// An sr25519 key pair. `Debug` shows only the public key.
#[derive(Clone)]
pub struct Pair {
    keypair: Keypair,
}

impl std::fmt::Debug for Pair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pair")
            .field("public", &self.public())
            .finish_non_exhaustive()
    }
}

impl Pair {
    /// Builds a pair from a Substrate secret URI: `<phrase or 0x-seed>[//hard][/soft...][///password]`; a URI
    /// that starts with `/` uses [`super::DEV_PHRASE`]. `password`, when given, overrides the URI's `///password`.
    pub fn from_string(suri: &str, password: Option<&str>) -> Result<Pair, SecretUriError> {
        let uri = SecretUri::parse(suri)?;
        let password = password.or(uri.password.as_deref());
        let root = if let Some(hex_seed) = uri.phrase.strip_prefix("0x") {
            let mut bytes = hex::decode(hex_seed).map_err(|e| SecretUriError::InvalidSeed {
                reason: e.to_string(),
            })?;
            let seed: Result<[u8; 32], _> = bytes.as_slice().try_into();
            let len = bytes.len();
            bytes.zeroize();
            let mut seed = seed.map_err(|_| SecretUriError::InvalidSeedLength { len })?;
            let pair = Self::from_seed(&seed);
            seed.zeroize();
            pair
        } else {
            Self::from_phrase(&uri.phrase, password)?
        };
        Ok(root.derive(&uri.junctions))
    }

    /// Builds a pair from an English BIP39 phrase and an optional password (Substrate's derivation, no path).
    pub fn from_phrase(phrase: &str, password: Option<&str>) -> Result<Pair, SecretUriError> {
        let mnemonic =
            bip39::Mnemonic::parse_in(bip39::Language::English, phrase).map_err(|e| {
                SecretUriError::InvalidPhrase {
                    reason: e.to_string(),
                }
            })?;
        let mut entropy = mnemonic.to_entropy();
        let mini = substrate_bip39::mini_secret_from_entropy(&entropy, password.unwrap_or(""));
        entropy.zeroize();
        let mini = mini.map_err(|e| SecretUriError::InvalidPhrase {
            reason: format!("{e:?}"),
        })?;
        Ok(Self {
            keypair: mini.expand_to_keypair(ExpansionMode::Ed25519),
        })
    }

    /// Builds a pair from a 32-byte mini secret key (Substrate's "seed").
    pub fn from_seed(seed: &[u8; 32]) -> Pair {
        // A 32-byte slice is always a valid mini secret; the fallback is unreachable.
        let mini = MiniSecretKey::from_bytes(seed).unwrap_or_else(|_| MiniSecretKey::generate());
        Self {
            keypair: mini.expand_to_keypair(ExpansionMode::Ed25519),
        }
    }

    /// A fresh pair and its English phrase. `words` is 12, 15, 18, 21 or 24; any other count gives 24 words.
    pub fn generate_with_phrase(words: usize) -> (Pair, String) {
        let entropy_len = match words {
            12 => 16,
            15 => 20,
            18 => 24,
            21 => 28,
            _ => 32,
        };
        let mut entropy = [0u8; 32];
        rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut entropy[..entropy_len]);
        let phrase =
            bip39::Mnemonic::from_entropy_in(bip39::Language::English, &entropy[..entropy_len])
                .map(|m| m.to_string())
                .unwrap_or_default();
        entropy.zeroize();
        match Self::from_phrase(&phrase, None) {
            Ok(pair) => (pair, phrase),
            // Unreachable: the phrase was just built from valid entropy. Fall back to a random seed.
            Err(_) => {
                let mut seed = [0u8; 32];
                rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut seed);
                let hex_seed = format!("0x{}", hex::encode(seed));
                let pair = Self::from_seed(&seed);
                seed.zeroize();
                (pair, hex_seed)
            }
        }
    }

    /// Applies derivation junctions in order, as Substrate does.
    pub fn derive(&self, junctions: &[DeriveJunction]) -> Pair {
        let mut secret: SecretKey = self.keypair.secret.clone();
        for junction in junctions {
            secret = match junction {
                DeriveJunction::Soft(cc) => secret.derived_key_simple(ChainCode(*cc), []).0,
                DeriveJunction::Hard(cc) => secret
                    .hard_derive_mini_secret_key(Some(ChainCode(*cc)), b"")
                    .0
                    .expand(ExpansionMode::Ed25519),
            };
        }
        Self {
            keypair: secret.to_keypair(),
        }
    }

    /// The public key, as an account id.
    pub fn public(&self) -> AccountId32 {
        AccountId32(self.keypair.public.to_bytes())
    }

    /// Signs `message` under the `b"substrate"` context.
    pub fn sign(&self, message: &[u8]) -> Signature {
        Signature(
            self.keypair
                .sign_simple(SIGNING_CONTEXT, message)
                .to_bytes(),
        )
    }

    /// The schnorrkel key pair (handed to consensus).
    pub fn keypair(&self) -> &Keypair {
        &self.keypair
    }
}

/// A signer's public key decoded for verification. Decoding an [`AccountId32`] decompresses a Ristretto point
/// (about a fifth of a batched verification's cost in a profile of a loaded node); a verifier that sees the same
/// signers again can keep these and skip it. A pure function of the 32 bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifyingKey(PublicKey);

impl VerifyingKey {
    /// `signer` decoded; `None` when the bytes are not a valid sr25519 public key (no signature verifies then).
    pub fn decode(signer: &AccountId32) -> Option<Self> {
        PublicKey::from_bytes(&signer.0).ok().map(VerifyingKey)
    }
}

/// True when `signature` is `signer`'s sr25519 signature of `message` under the `b"substrate"` context.
pub fn verify(signature: &Signature, message: &[u8], signer: &AccountId32) -> bool {
    VerifyingKey::decode(signer).is_some_and(|key| verify_with(signature, message, &key))
}

/// [`verify`] with the signer's key already decoded.
pub fn verify_with(signature: &Signature, message: &[u8], key: &VerifyingKey) -> bool {
    let Ok(signature) = schnorrkel::Signature::from_bytes(&signature.0) else {
        return false;
    };
    key.0
        .verify_simple(SIGNING_CONTEXT, message, &signature)
        .is_ok()
}

/// Verifies many `(message, signature, signer)` triples at once (schnorrkel batch verification). True only when
/// every signature is valid; an empty batch is valid.
pub fn verify_batch(items: &[(&[u8], &Signature, &AccountId32)]) -> bool {
    let mut keys = Vec::with_capacity(items.len());
    for (_, _, signer) in items {
        let Some(key) = VerifyingKey::decode(signer) else {
            return false;
        };
        keys.push(key);
    }
    let decoded: Vec<(&[u8], &Signature, &VerifyingKey)> = items
        .iter()
        .zip(&keys)
        .map(|((message, signature, _), key)| (*message, *signature, key))
        .collect();
    verify_batch_with(&decoded)
}

/// [`verify_batch`] with the signers' keys already decoded.
pub fn verify_batch_with(items: &[(&[u8], &Signature, &VerifyingKey)]) -> bool {
    // One context, cloned per message: building it runs the transcript's hash once instead of once per item.
    let context = schnorrkel::signing_context(SIGNING_CONTEXT);
    let mut transcripts = Vec::with_capacity(items.len());
    let mut signatures = Vec::with_capacity(items.len());
    let mut publics = Vec::with_capacity(items.len());
    for (message, signature, key) in items {
        let Ok(signature) = schnorrkel::Signature::from_bytes(&signature.0) else {
            return false;
        };
        transcripts.push(context.bytes(message));
        signatures.push(signature);
        publics.push(key.0);
    }
    schnorrkel::verify_batch(transcripts, &signatures, &publics, false).is_ok()
}
