//! Substrate's 5-field block header: `parent_hash, Compact<number>, state_root, extrinsics_root, digest`.
//!
//! The block hash is `blake2_256(SCALE(header))`. JSON follows Substrate's RPC shape: camelCase fields and the
//! number as a `0x` hex string (a plain JSON number is also accepted when reading).

use crate::digest::Digest;
use crate::hashing::{blake2_256, H256};
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

/// Block heights.
pub type BlockNumber = u32;

/// A block header.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Default,
    Encode,
    Decode,
    TypeInfo,
    serde::Serialize,
    serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct Header {
    pub parent_hash: H256,
    #[codec(compact)]
    #[serde(
        serialize_with = "serialize_number",
        deserialize_with = "deserialize_number"
    )]
    pub number: BlockNumber,
    pub state_root: H256,
    pub extrinsics_root: H256,
    pub digest: Digest,
}

impl Header {
    /// The block hash: `blake2_256(SCALE(self))`.
    pub fn hash(&self) -> H256 {
        H256(blake2_256(&self.encode()))
    }
}

fn serialize_number<S: serde::Serializer>(
    number: &BlockNumber,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format!("{number:#x}"))
}

fn deserialize_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BlockNumber, D::Error> {
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum NumberOrHex {
        Number(u64),
        Hex(String),
    }
    let value = match <NumberOrHex as serde::Deserialize>::deserialize(deserializer)? {
        NumberOrHex::Number(n) => n,
        NumberOrHex::Hex(s) => {
            let digits = s.strip_prefix("0x").ok_or_else(|| {
                serde::de::Error::custom(format!("block number {s:?} lacks the 0x prefix"))
            })?;
            u64::from_str_radix(digits, 16).map_err(serde::de::Error::custom)?
        }
    };
    BlockNumber::try_from(value)
        .map_err(|_| serde::de::Error::custom(format!("block number {value} overflows u32")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use parity_scale_codec::DecodeAll;

    #[test]
    fn encodes_five_fields_with_compact_number() {
        let header = Header {
            number: 1,
            ..Default::default()
        };
        let bytes = header.encode();
        assert_eq!(bytes.len(), 32 + 1 + 32 + 32 + 1);
        assert_eq!(bytes[32], 4);
        assert_eq!(
            Header::decode_all(&mut bytes.as_slice()).expect("decode"),
            header
        );
        assert_eq!(header.hash(), H256(blake2_256(&bytes)));
    }

    #[test]
    fn json_matches_substrate_rpc() {
        let header = Header {
            number: 26,
            ..Default::default()
        };
        let json = serde_json::to_value(&header).expect("serialize");
        assert_eq!(json["number"], "0x1a");
        assert_eq!(json["digest"]["logs"], serde_json::json!([]));
        assert!(json["parentHash"]
            .as_str()
            .is_some_and(|s| s.starts_with("0x")));
        let back: Header = serde_json::from_value(json).expect("deserialize");
        assert_eq!(back, header);
    }
}
