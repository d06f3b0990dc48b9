//! 32-byte account ids and their SS58 text form.
//!
//! An account id is an sr25519 public key. Its text form is SS58:
//! `base58(prefix ++ key ++ blake2b_512(b"SS58PRE" ++ prefix ++ key)[..2])`, where `prefix` is one byte for
//! network ids below 64 and two bytes (Substrate's packing) for ids below 16384. JSON (serde) uses SS58 with
//! [`DEFAULT_SS58_PREFIX`]; deserializing accepts any prefix and 0x-hex. The type describes itself to
//! `scale-info` as `sp_core::crypto::AccountId32`, the path Substrate clients match on.

use blake2::{Blake2b512, Digest as _};
use parity_scale_codec::{Decode, Encode, MaxEncodedLen};
use scale_info::{build::Fields, Path, Type, TypeInfo};

/// The generic Substrate SS58 network id, used by dev chains.
pub const DEFAULT_SS58_PREFIX: u16 = 42;

/// Largest network id SS58 can encode.
const MAX_SS58_PREFIX: u16 = 0x3fff;
/// Checksum bytes for a 32-byte payload.
const CHECKSUM_LEN: usize = 2;

/// What is wrong with an SS58 address or hex account id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Ss58Error {
    #[error("not valid base58: {reason}")]
    BadBase58 { reason: String },
    #[error("decoded address is {len} bytes; a 32-byte account needs 35 or 36")]
    BadLength { len: usize },
    #[error("SS58 prefix byte {byte:#04x} is not a valid network id")]
    InvalidPrefix { byte: u8 },
    #[error("SS58 checksum mismatch")]
    InvalidChecksum,
    #[error("network id {prefix} is above the SS58 maximum 16383")]
    PrefixTooLarge { prefix: u16 },
    #[error("hex account id is invalid: {reason}")]
    BadHex { reason: String },
    #[error("hex account id is {len} bytes, expected 32")]
    BadHexLength { len: usize },
}

/// A 32-byte account id: the sr25519 public key of its owner.
#[derive(
    Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Encode, Decode, MaxEncodedLen,
)]
pub struct AccountId32(pub [u8; 32]);

impl AccountId32 {
    /// The SS58 form of this account under network id `prefix` (must be <= 16383; larger ids are masked).
    pub fn to_ss58(&self, prefix: u16) -> String {
        let prefix = prefix & MAX_SS58_PREFIX;
        let mut body = encode_prefix(prefix);
        body.extend_from_slice(&self.0);
        let checksum = ss58_hash(&body);
        body.extend_from_slice(&checksum[..CHECKSUM_LEN]);
        bs58::encode(body).into_string()
    }

    /// Parses an SS58 address of any network id; returns the account and the id.
    pub fn from_ss58(s: &str) -> Result<(Self, u16), Ss58Error> {
        let data = bs58::decode(s)
            .into_vec()
            .map_err(|e| Ss58Error::BadBase58 {
                reason: e.to_string(),
            })?;
        let first = *data.first().ok_or(Ss58Error::BadLength { len: 0 })?;
        let (prefix_len, prefix) = match first {
            0..=63 => (1, u16::from(first)),
            64..=127 => {
                let second = *data
                    .get(1)
                    .ok_or(Ss58Error::BadLength { len: data.len() })?;
                let lower = (first << 2) | (second >> 6);
                let upper = second & 0b0011_1111;
                (2, u16::from(lower) | (u16::from(upper) << 8))
            }
            _ => return Err(Ss58Error::InvalidPrefix { byte: first }),
        };
        if data.len() != prefix_len + 32 + CHECKSUM_LEN {
            return Err(Ss58Error::BadLength { len: data.len() });
        }
        let body_len = prefix_len + 32;
        let checksum = ss58_hash(&data[..body_len]);
        if data[body_len..] != checksum[..CHECKSUM_LEN] {
            return Err(Ss58Error::InvalidChecksum);
        }
        let mut key = [0u8; 32];
        key.copy_from_slice(&data[prefix_len..body_len]);
        Ok((Self(key), prefix))
    }

    /// Parses an SS58 address of any network id, or `0x` followed by 64 hex digits.
    pub fn parse(s: &str) -> Result<Self, Ss58Error> {
        let s = s.trim();
        if let Some(hex_part) = s.strip_prefix("0x") {
            let bytes = hex::decode(hex_part).map_err(|e| Ss58Error::BadHex {
                reason: e.to_string(),
            })?;
            let key: [u8; 32] = bytes
                .as_slice()
                .try_into()
                .map_err(|_| Ss58Error::BadHexLength { len: bytes.len() })?;
            return Ok(Self(key));
        }
        Self::from_ss58(s).map(|(account, _)| account)
    }

    /// The raw 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

/// Substrate's SS58 prefix packing: one byte below 64, else two bytes.
fn encode_prefix(prefix: u16) -> Vec<u8> {
    if prefix < 64 {
        vec![prefix as u8]
    } else {
        let first = ((prefix & 0b0000_0000_1111_1100) >> 2) as u8;
        let second = ((prefix >> 8) as u8) | (((prefix & 0b0000_0000_0000_0011) as u8) << 6);
        vec![first | 0b0100_0000, second]
    }
}

fn ss58_hash(body: &[u8]) -> [u8; 64] {
    let mut hasher = Blake2b512::new();
    hasher.update(b"SS58PRE");
    hasher.update(body);
    hasher.finalize().into()
}

impl From<[u8; 32]> for AccountId32 {
    fn from(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }
}

impl From<AccountId32> for [u8; 32] {
    fn from(account: AccountId32) -> Self {
        account.0
    }
}

impl AsRef<[u8]> for AccountId32 {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl std::str::FromStr for AccountId32 {
    type Err = Ss58Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl std::fmt::Display for AccountId32 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_ss58(DEFAULT_SS58_PREFIX))
    }
}

impl std::fmt::Debug for AccountId32 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} (0x{})",
            self.to_ss58(DEFAULT_SS58_PREFIX),
            hex::encode(&self.0[..4])
        )
    }
}

impl serde::Serialize for AccountId32 {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_ss58(DEFAULT_SS58_PREFIX))
    }
}

impl<'de> serde::Deserialize<'de> for AccountId32 {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&s).map_err(serde::de::Error::custom)
    }
}

impl TypeInfo for AccountId32 {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("AccountId32", "sp_core::crypto"))
            .composite(Fields::unnamed().field(|f| f.ty::<[u8; 32]>().type_name("[u8; 32]")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_byte_prefix_round_trips() {
        let account = AccountId32([7u8; 32]);
        for prefix in [0u16, 2, 42, 63, 64, 255, 1284, 16383] {
            let text = account.to_ss58(prefix);
            assert_eq!(
                AccountId32::from_ss58(&text),
                Ok((account, prefix)),
                "prefix {prefix}"
            );
        }
    }

    #[test]
    fn rejects_corrupted_addresses() {
        let text = AccountId32([9u8; 32]).to_ss58(42);
        let mut chars: Vec<char> = text.chars().collect();
        let last = chars.len() - 1;
        chars[last] = if chars[last] == 'a' { 'b' } else { 'a' };
        let corrupted: String = chars.into_iter().collect();
        assert!(AccountId32::parse(&corrupted).is_err());
        assert!(AccountId32::parse("0x1234").is_err());
        assert!(AccountId32::parse("not an address!").is_err());
        assert!(AccountId32::parse("").is_err());
    }

    #[test]
    fn parses_hex_and_serde_uses_ss58() {
        let account = AccountId32([1u8; 32]);
        let hex_form = format!("0x{}", hex::encode([1u8; 32]));
        assert_eq!(AccountId32::parse(&hex_form), Ok(account));
        let json = serde_json::to_string(&account).expect("serialize");
        assert_eq!(json, format!("\"{}\"", account.to_ss58(42)));
        let back: AccountId32 = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, account);
    }
}
