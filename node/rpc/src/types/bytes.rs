//! `Bytes`: an owned byte string whose JSON form is a `0x`-prefixed lowercase hex string.
//!
//! Contract (Substrate's `sp_core::Bytes`): serialises as `"0x"` followed by two lowercase hex digits
//! per byte (`[]` is `"0x"`). Deserialising accepts upper- or lowercase digits with or without the
//! `0x` prefix, and rejects odd lengths and non-hex characters with a message naming the fault.

use std::fmt;
use std::ops::Deref;

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

/// Raw bytes, `0x`-hex in JSON (storage keys and values, extrinsics, metadata, call data).
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bytes(pub Vec<u8>);

/// Why a hex string did not decode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HexError {
    /// The string (after an optional `0x`) has an odd number of digits.
    #[error("hex string has an odd number of digits ({digits})")]
    OddLength {
        /// Number of hex digits found.
        digits: usize,
    },
    /// A character is not a hex digit.
    #[error("invalid hex character {character:?} at position {position}")]
    InvalidCharacter {
        /// The offending character.
        character: char,
        /// Its index in the digits (after the `0x` prefix).
        position: usize,
    },
}

/// Formats `bytes` as `0x` + lowercase hex.
pub fn to_hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(2 + bytes.len() * 2);
    out.push_str("0x");
    out.push_str(&hex::encode(bytes));
    out
}

/// Parses hex with an optional `0x` prefix (either case). One pass over the bytes; the error names the first
/// character that is not a hex digit, or the odd digit count.
pub fn from_hex(text: &str) -> Result<Vec<u8>, HexError> {
    let digits = text.strip_prefix("0x").unwrap_or(text);
    if digits.len() % 2 != 0 {
        return Err(HexError::OddLength {
            digits: digits.len(),
        });
    }
    let mut out = Vec::with_capacity(digits.len() / 2);
    for pair in digits.as_bytes().chunks_exact(2) {
        match (nibble(pair[0]), nibble(pair[1])) {
            (Some(high), Some(low)) => out.push(high << 4 | low),
            _ => return Err(first_non_hex(digits)),
        }
    }
    Ok(out)
}

fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

/// The error for `digits`, which holds a character that is not a hex digit.
fn first_non_hex(digits: &str) -> HexError {
    let (position, character) = digits
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_hexdigit())
        .unwrap_or((0, '?'));
    HexError::InvalidCharacter {
        character,
        position,
    }
}

impl Bytes {
    /// The bytes as a slice.
    pub fn as_slice(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, consuming `self`.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes(bytes)
    }
}

impl From<&[u8]> for Bytes {
    fn from(bytes: &[u8]) -> Self {
        Bytes(bytes.to_vec())
    }
}

impl From<Bytes> for Vec<u8> {
    fn from(bytes: Bytes) -> Self {
        bytes.0
    }
}

impl std::str::FromStr for Bytes {
    type Err = HexError;
    fn from_str(text: &str) -> Result<Self, HexError> {
        from_hex(text).map(Bytes)
    }
}

impl fmt::Display for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&to_hex(&self.0))
    }
}

impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bytes({})", to_hex(&self.0))
    }
}

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&to_hex(&self.0))
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct HexVisitor;
        impl de::Visitor<'_> for HexVisitor {
            type Value = Bytes;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a 0x-prefixed hex string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Bytes, E> {
                from_hex(text).map(Bytes).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(HexVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_json() {
        let bytes = Bytes(vec![0xde, 0xad, 0x00, 0x0f]);
        assert_eq!(serde_json::to_string(&bytes).unwrap(), r#""0xdead000f""#);
        assert_eq!(serde_json::to_string(&Bytes::default()).unwrap(), r#""0x""#);
    }

    #[test]
    fn round_trip_and_leniency() {
        let parsed: Bytes = serde_json::from_str(r#""0xDEad000F""#).unwrap();
        assert_eq!(parsed.0, vec![0xde, 0xad, 0x00, 0x0f]);
        let unprefixed: Bytes = serde_json::from_str(r#""dead""#).unwrap();
        assert_eq!(unprefixed.0, vec![0xde, 0xad]);
        let empty: Bytes = serde_json::from_str(r#""0x""#).unwrap();
        assert!(empty.is_empty());
    }

    #[test]
    fn rejects_bad_hex() {
        let odd = serde_json::from_str::<Bytes>(r#""0xabc""#).unwrap_err();
        assert!(
            odd.to_string().contains("odd number of digits (3)"),
            "{odd}"
        );
        let bad = serde_json::from_str::<Bytes>(r#""0xzz""#).unwrap_err();
        assert!(
            bad.to_string().contains("invalid hex character 'z'"),
            "{bad}"
        );
        assert!(serde_json::from_str::<Bytes>("12").is_err());
    }
}
