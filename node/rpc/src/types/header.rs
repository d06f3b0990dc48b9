//! `Header`: the JSON form of a block header, exactly as Substrate's `sp_runtime::generic::Header`.
//!
//! Contract: `{"parentHash": "0x<32 bytes>", "number": "0x<hex, no leading zeros>", "stateRoot": ..,
//! "extrinsicsRoot": .., "digest": {"logs": ["0x<SCALE of one DigestItem>", ..]}}`. Unknown fields
//! are rejected (as Substrate does). The digest items stay opaque here (their SCALE bytes); the
//! conversions in [`crate::convert`] decode them into `metanode_primitives::DigestItem`.

use primitive_types::{H256, U256};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Bytes, NumberOrHex};

/// A block header in Substrate's JSON shape.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Header {
    /// Hash of the parent block.
    pub parent_hash: H256,
    /// Block number; JSON: `0x`-hex string (`"0x0"` for genesis).
    #[serde(
        serialize_with = "serialize_number",
        deserialize_with = "deserialize_number"
    )]
    pub number: u32,
    /// State root after executing this block.
    pub state_root: H256,
    /// Root of the block's extrinsics.
    pub extrinsics_root: H256,
    /// Digest items, each as the hex of its SCALE encoding.
    pub digest: Digest,
}

/// A header digest: the SCALE encoding of each `DigestItem`, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    /// One entry per digest item.
    pub logs: Vec<Bytes>,
}

fn serialize_number<S: Serializer>(number: &u32, serializer: S) -> Result<S::Ok, S::Error> {
    U256::from(*number).serialize(serializer)
}

fn deserialize_number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<u32, D::Error> {
    NumberOrHex::deserialize(deserializer)?
        .to_block_number()
        .map_err(serde::de::Error::custom)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Header {
        Header {
            parent_hash: H256::repeat_byte(0x11),
            number: 26,
            state_root: H256::repeat_byte(0x22),
            extrinsics_root: H256::repeat_byte(0x33),
            digest: Digest {
                logs: vec![Bytes(vec![0x06, b'H', b'S', b'Q', b'C', 0x00])],
            },
        }
    }

    #[test]
    fn golden_json() {
        let json = serde_json::to_string(&sample()).unwrap();
        let expected = format!(
            r#"{{"parentHash":"0x{}","number":"0x1a","stateRoot":"0x{}","extrinsicsRoot":"0x{}","digest":{{"logs":["0x064853514300"]}}}}"#,
            "11".repeat(32),
            "22".repeat(32),
            "33".repeat(32)
        );
        assert_eq!(json, expected);
        let back: Header = serde_json::from_str(&json).unwrap();
        assert_eq!(back, sample());
    }

    #[test]
    fn genesis_number_is_0x0() {
        let mut header = sample();
        header.number = 0;
        let value = serde_json::to_value(&header).unwrap();
        assert_eq!(value["number"], "0x0");
    }

    #[test]
    fn rejects_unknown_fields_and_huge_numbers() {
        let mut value = serde_json::to_value(sample()).unwrap();
        value["extra"] = serde_json::json!(1);
        assert!(serde_json::from_value::<Header>(value).is_err());
        let mut value = serde_json::to_value(sample()).unwrap();
        value["number"] = serde_json::json!("0x100000000");
        let err = serde_json::from_value::<Header>(value).unwrap_err();
        assert!(err.to_string().contains("u32::MAX"), "{err}");
    }
}
