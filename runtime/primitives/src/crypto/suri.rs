//! Parsing of Substrate secret URIs: `<phrase or 0x-seed>[//hard][/soft...][///password]`.
//!
//! A URI whose phrase part is empty (it starts with `/`) uses [`DEV_PHRASE`], so `//Alice` is the dev account.

use crate::hashing::blake2_256;
use parity_scale_codec::Encode;

/// The phrase Substrate's dev accounts (`//Alice`, `//Bob`, ...) derive from.
pub const DEV_PHRASE: &str =
    "bottom drive obey lake curtain smoke basket hold race lonely fit walk";

/// Why a secret URI or phrase was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecretUriError {
    #[error("invalid BIP39 phrase: {reason}")]
    InvalidPhrase { reason: String },
    #[error("invalid hex seed: {reason}")]
    InvalidSeed { reason: String },
    #[error("hex seed is {len} bytes, expected 32")]
    InvalidSeedLength { len: usize },
    #[error("empty junction at position {position} of the derivation path")]
    EmptyJunction { position: usize },
}

/// One step of a derivation path: hard (`//x`) or soft (`/x`), holding its 32-byte chain code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeriveJunction {
    Hard([u8; 32]),
    Soft([u8; 32]),
}

impl DeriveJunction {
    /// A junction from its text: a decimal number is encoded as `u64`, anything else as a SCALE `str`.
    pub fn from_text(text: &str, hard: bool) -> Self {
        let code = match text.parse::<u64>() {
            Ok(n) => chain_code(&n.encode()),
            Err(_) => chain_code(&text.encode()),
        };
        if hard {
            Self::Hard(code)
        } else {
            Self::Soft(code)
        }
    }
}

/// SCALE bytes zero-padded to 32, or their `blake2_256` when longer.
fn chain_code(encoded: &[u8]) -> [u8; 32] {
    if encoded.len() > 32 {
        return blake2_256(encoded);
    }
    let mut code = [0u8; 32];
    code[..encoded.len()].copy_from_slice(encoded);
    code
}

/// A parsed secret URI. `Debug` hides the phrase and the password.
#[derive(Clone, PartialEq, Eq)]
pub struct SecretUri {
    /// The mnemonic or `0x` hex seed ([`DEV_PHRASE`] when the URI has none).
    pub phrase: String,
    /// Junctions, in order.
    pub junctions: Vec<DeriveJunction>,
    /// The text after `///`, if any.
    pub password: Option<String>,
}

impl std::fmt::Debug for SecretUri {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SecretUri")
            .field("junctions", &self.junctions)
            .field("has_password", &self.password.is_some())
            .finish_non_exhaustive()
    }
}

impl SecretUri {
    /// Splits `<phrase>[//hard][/soft...][///password]`. The phrase is everything before the first `/`.
    pub fn parse(suri: &str) -> Result<Self, SecretUriError> {
        let (rest, password) = match suri.find("///") {
            Some(at) => (&suri[..at], Some(suri[at + 3..].to_string())),
            None => (suri, None),
        };
        let (phrase, path) = match rest.find('/') {
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, ""),
        };
        let phrase = phrase.trim();
        let phrase = if phrase.is_empty() {
            DEV_PHRASE
        } else {
            phrase
        };
        let mut junctions = Vec::new();
        let mut remaining = path;
        while !remaining.is_empty() {
            // `remaining` starts with '/' here.
            let after_slash = &remaining[1..];
            let (hard, body) = match after_slash.strip_prefix('/') {
                Some(body) => (true, body),
                None => (false, after_slash),
            };
            let end = body.find('/').unwrap_or(body.len());
            let text = &body[..end];
            if text.is_empty() {
                return Err(SecretUriError::EmptyJunction {
                    position: junctions.len(),
                });
            }
            junctions.push(DeriveJunction::from_text(text, hard));
            remaining = &body[end..];
        }
        Ok(Self {
            phrase: phrase.to_string(),
            junctions,
            password,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_phrase_path_and_password() {
        let uri = SecretUri::parse("//Alice/soft//1///secret").expect("parse");
        assert_eq!(uri.phrase, DEV_PHRASE);
        assert_eq!(uri.password.as_deref(), Some("secret"));
        assert_eq!(
            uri.junctions,
            vec![
                DeriveJunction::from_text("Alice", true),
                DeriveJunction::from_text("soft", false),
                DeriveJunction::from_text("1", true),
            ]
        );
        let plain = SecretUri::parse("0x01").expect("parse");
        assert!(plain.junctions.is_empty() && plain.password.is_none());
        assert!(SecretUri::parse("//a///").expect("parse").password == Some(String::new()));
        assert_eq!(
            SecretUri::parse("//a/"),
            Err(SecretUriError::EmptyJunction { position: 1 })
        );
    }

    #[test]
    fn chain_codes_follow_scale() {
        // "Alice" is SCALE-encoded as compact(5) ++ bytes.
        let DeriveJunction::Hard(code) = DeriveJunction::from_text("Alice", true) else {
            panic!("hard expected")
        };
        assert_eq!(&code[..6], &[20, b'A', b'l', b'i', b'c', b'e']);
        assert!(code[6..].iter().all(|b| *b == 0));
        let DeriveJunction::Soft(code) = DeriveJunction::from_text("7", false) else {
            panic!("soft expected")
        };
        assert_eq!(&code[..8], &7u64.to_le_bytes());
        let long = "x".repeat(40);
        let DeriveJunction::Soft(code) = DeriveJunction::from_text(&long, false) else {
            panic!("soft expected")
        };
        assert_eq!(code, blake2_256(&long.encode()));
    }
}
