//! `FinalityProof` and `HashOrNumber`: the parameter and result of `hotstuff_proveFinality`.
//!
//! Contract: `{"block": "0x<hash>", "blockNumber": n, "certificate": "0x<SCALE CommitCertificate>",
//! "ancestry": ["0x<SCALE header>", ..], "epoch": e}`. Check: `block`'s header, then each of `ancestry` in
//! order, is the parent of the next; `certificate` verifies against the validator set of `epoch` (and the
//! chain's genesis hash) and names the last of them (`block` itself when `ancestry` is empty).

use primitive_types::H256;
use serde::{Deserialize, Serialize};

use super::{Bytes, NumberOrHex};

/// A block named by hash (`"0x"` + 64 hex digits) or by number (a JSON number or a shorter `0x`-hex string).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HashOrNumber {
    /// A block hash.
    Hash(H256),
    /// A block number on the finalized chain.
    Number(NumberOrHex),
}

/// Proof that a block is final under HotStuff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FinalityProof {
    /// The proven block's hash.
    pub block: H256,
    /// Its number.
    pub block_number: u32,
    /// The SCALE `CommitCertificate` that finalized it (it names `block` or its highest descendant in
    /// `ancestry`).
    pub certificate: Bytes,
    /// SCALE headers from `block`'s child up to the certified block, each the child of the previous; empty when
    /// the certificate names `block`.
    pub ancestry: Vec<Bytes>,
    /// The validator-set epoch the certificate was signed in (0 = the chain spec's genesis set).
    pub epoch: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_json() {
        let proof = FinalityProof {
            block: H256::repeat_byte(1),
            block_number: 7,
            certificate: Bytes(vec![0xab]),
            ancestry: vec![Bytes(vec![0x01, 0x02])],
            epoch: 0,
        };
        let value = serde_json::to_value(&proof).unwrap();
        assert_eq!(
            value,
            serde_json::json!({
                "block": format!("0x{}", "01".repeat(32)),
                "blockNumber": 7,
                "certificate": "0xab",
                "ancestry": ["0x0102"],
                "epoch": 0,
            })
        );
        assert_eq!(
            serde_json::from_value::<FinalityProof>(value).unwrap(),
            proof
        );
    }

    #[test]
    fn block_ref_by_hash_or_number() {
        let hash = format!("\"0x{}\"", "02".repeat(32));
        assert_eq!(
            serde_json::from_str::<HashOrNumber>(&hash).unwrap(),
            HashOrNumber::Hash(H256::repeat_byte(2))
        );
        assert_eq!(
            serde_json::from_str::<HashOrNumber>("12").unwrap(),
            HashOrNumber::Number(NumberOrHex::Number(12))
        );
        assert_eq!(
            serde_json::from_str::<HashOrNumber>("\"0x0c\"").unwrap(),
            HashOrNumber::Number(NumberOrHex::Hex(12u8.into()))
        );
        assert!(serde_json::from_str::<HashOrNumber>("\"zz\"").is_err());
    }
}
