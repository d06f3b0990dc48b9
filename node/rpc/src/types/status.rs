//! `TransactionStatus`: the items of the `author_submitAndWatchExtrinsic` subscription.
//!
//! Contract (Substrate's `sc_transaction_pool_api::TransactionStatus`, camelCase, externally
//! tagged): `"future"`, `"ready"`, `{"broadcast": ["<peer id>", ..]}`, `{"inBlock": "0x<block>"}`,
//! `{"retracted": "0x<block>"}`, `{"finalityTimeout": "0x<block>"}`, `{"finalized": "0x<block>"}`,
//! `{"usurped": "0x<tx hash>"}`, `"dropped"`, `"invalid"`. The stream ends after a final status
//! (see [`TransactionStatus::is_final`]).

use primitive_types::H256;
use serde::{Deserialize, Serialize};

/// Where a watched transaction is in its life cycle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum TransactionStatus {
    /// In the pool's future queue (its nonce is ahead).
    Future,
    /// In the pool's ready queue.
    Ready,
    /// Sent to these peers.
    Broadcast(Vec<String>),
    /// Included in the block with this hash.
    InBlock(H256),
    /// The block it was included in left the best chain.
    Retracted(H256),
    /// Gave up waiting for the finality of this block.
    FinalityTimeout(H256),
    /// The block with this hash, which includes it, is final.
    Finalized(H256),
    /// Replaced by the transaction with this hash (same sender and nonce).
    Usurped(H256),
    /// Dropped from the pool by its limits.
    Dropped,
    /// No longer valid.
    Invalid,
}

impl TransactionStatus {
    /// True for the statuses after which the node sends no more updates.
    pub fn is_final(&self) -> bool {
        matches!(
            self,
            TransactionStatus::Usurped(_)
                | TransactionStatus::Finalized(_)
                | TransactionStatus::FinalityTimeout(_)
                | TransactionStatus::Invalid
                | TransactionStatus::Dropped
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_json() {
        let h = H256::repeat_byte(0x01);
        let hex = format!("\"0x{}\"", "01".repeat(32));
        let cases = [
            (TransactionStatus::Future, r#""future""#.to_string()),
            (TransactionStatus::Ready, r#""ready""#.to_string()),
            (
                TransactionStatus::Broadcast(vec!["12D3Koo".into()]),
                r#"{"broadcast":["12D3Koo"]}"#.to_string(),
            ),
            (
                TransactionStatus::InBlock(h),
                format!(r#"{{"inBlock":{hex}}}"#),
            ),
            (
                TransactionStatus::Retracted(h),
                format!(r#"{{"retracted":{hex}}}"#),
            ),
            (
                TransactionStatus::FinalityTimeout(h),
                format!(r#"{{"finalityTimeout":{hex}}}"#),
            ),
            (
                TransactionStatus::Finalized(h),
                format!(r#"{{"finalized":{hex}}}"#),
            ),
            (
                TransactionStatus::Usurped(h),
                format!(r#"{{"usurped":{hex}}}"#),
            ),
            (TransactionStatus::Dropped, r#""dropped""#.to_string()),
            (TransactionStatus::Invalid, r#""invalid""#.to_string()),
        ];
        for (status, json) in cases {
            assert_eq!(serde_json::to_string(&status).unwrap(), json);
            assert_eq!(
                serde_json::from_str::<TransactionStatus>(&json).unwrap(),
                status
            );
        }
    }

    #[test]
    fn final_statuses() {
        assert!(TransactionStatus::Finalized(H256::zero()).is_final());
        assert!(TransactionStatus::Invalid.is_final());
        assert!(!TransactionStatus::InBlock(H256::zero()).is_final());
        assert!(!TransactionStatus::Ready.is_final());
    }
}
