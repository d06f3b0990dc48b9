//! `SignedBlock`: the JSON result of `chain_getBlock`, exactly as Substrate's.
//!
//! Contract: `{"block": {"header": <Header>, "extrinsics": ["0x..", ..]}, "justifications": null |
//! [[[72,83,81,67], [<bytes as numbers>]], ..]}`. Each extrinsic is the hex of its full encoding
//! (the `Compact<len>` prefix included: the bytes `author_submitExtrinsic` takes and whose
//! blake2_256 is the tx hash). A justification is `(engine id, payload)`: Substrate serialises both
//! as JSON arrays of numbers (serde's plain `[u8; 4]` and `Vec<u8>`), and so do we. Deserialising
//! also accepts the payload as a `0x`-hex string.

use serde::{Deserialize, Deserializer, Serialize};

use super::{Bytes, Header};

/// A block with its justifications (finality proofs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignedBlock {
    /// Header and body.
    pub block: Block,
    /// Finality proofs by engine; for Metanode one entry under `HSQC` (the commit certificate).
    pub justifications: Option<Vec<Justification>>,
}

/// Header and extrinsics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    /// The header.
    pub header: Header,
    /// Each extrinsic's full encoding (with its length prefix), `0x`-hex.
    pub extrinsics: Vec<Bytes>,
}

/// One finality proof: consensus engine id and its SCALE-encoded payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Justification(
    /// Engine id, e.g. `*b"HSQC"`; JSON: array of 4 numbers.
    pub [u8; 4],
    /// Payload; JSON: array of numbers (accepts a `0x`-hex string too).
    #[serde(deserialize_with = "deserialize_payload")]
    pub Vec<u8>,
);

fn deserialize_payload<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Payload {
        Numbers(Vec<u8>),
        Hex(Bytes),
    }
    Ok(match Payload::deserialize(deserializer)? {
        Payload::Numbers(bytes) => bytes,
        Payload::Hex(bytes) => bytes.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::Digest;
    use primitive_types::H256;

    fn sample() -> SignedBlock {
        SignedBlock {
            block: Block {
                header: Header {
                    parent_hash: H256::zero(),
                    number: 1,
                    state_root: H256::zero(),
                    extrinsics_root: H256::zero(),
                    digest: Digest::default(),
                },
                extrinsics: vec![Bytes(vec![0x08, 0x04, 0x01])],
            },
            justifications: Some(vec![Justification(*b"HSQC", vec![1, 2, 255])]),
        }
    }

    #[test]
    fn golden_json() {
        let value = serde_json::to_value(sample()).unwrap();
        assert_eq!(
            value["justifications"],
            serde_json::json!([[[72, 83, 81, 67], [1, 2, 255]]])
        );
        assert_eq!(
            value["block"]["extrinsics"],
            serde_json::json!(["0x080401"])
        );
        assert_eq!(value["block"]["header"]["number"], "0x1");
        let back: SignedBlock = serde_json::from_value(value).unwrap();
        assert_eq!(back, sample());
    }

    #[test]
    fn no_justifications_is_null() {
        let mut block = sample();
        block.justifications = None;
        let json = serde_json::to_string(&block).unwrap();
        assert!(json.ends_with(r#""justifications":null}"#), "{json}");
    }

    #[test]
    fn accepts_hex_payload() {
        let j: Justification = serde_json::from_str(r#"[[72,83,81,67],"0x0102ff"]"#).unwrap();
        assert_eq!(j, Justification(*b"HSQC", vec![1, 2, 255]));
        assert!(serde_json::from_str::<Justification>(r#"[[72,83,81],"0x01"]"#).is_err());
        assert!(serde_json::from_str::<Justification>(r#"[[72,83,81,67],[256]]"#).is_err());
    }
}
