//! JSON types of the `receipts_*` namespace (Metanode's own; no Substrate counterpart).
//!
//! Contract: field names are camelCase; hashes and SCALE blobs are `0x` hex; amounts are decimal strings of base
//! units (a `u128` does not fit a JSON number); accounts are SS58 with the chain's prefix.

use metanode_primitives::MerkleProof;
use primitive_types::H256;
use serde::{Deserialize, Serialize};

use crate::types::Bytes;

/// One receipt as `receipts_get`, `receipts_byAccount` and `receipts_byApp` return it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptJson {
    /// `rx_…`.
    pub id: String,
    /// The block's number.
    pub block_number: u32,
    /// The block's hash.
    pub block_hash: H256,
    /// The receipt's index in its block: the extrinsic's index, or for the runtime's own actions (which follow the
    /// extrinsics) the extrinsic count plus the action's position.
    pub index: u32,
    /// The signer, SS58; `null` for inherents and the runtime's own actions.
    pub signer: Option<String>,
    /// Pallet name, e.g. `Wallets`.
    pub pallet: String,
    /// Call name, e.g. `transfer`; for the runtime's own actions the action's, e.g. `proposer_reward`.
    pub call: String,
    /// How the dispatch ended.
    pub outcome: ReceiptOutcomeJson,
    /// FLX fee charged, base units, decimal.
    pub fee: String,
    /// The block's time, ms since the Unix epoch.
    pub timestamp: u64,
    /// The app or agreement the call concerns, `null` when none.
    pub related: Option<RelatedJson>,
    /// What the runtime's own action did (e.g. a mining reward minted), `null` for extrinsics.
    pub effect: Option<EffectJson>,
}

/// `{"app":"web-shop"}` or `{"agreement":7}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum RelatedJson {
    /// An app (container deployment), by name.
    App(String),
    /// An agreement, by id.
    Agreement(u64),
}

/// `{"minted":{"to":"5F…","amount":"800000000000"}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum EffectJson {
    /// FLX minted to `to` (a mining reward).
    Minted {
        /// The receiver, SS58.
        to: String,
        /// FLX base units, decimal.
        amount: String,
    },
}

/// `{"result":"success"}` or `{"result":"failed","error":"InsufficientBalance",...}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "camelCase")]
pub enum ReceiptOutcomeJson {
    /// The call succeeded.
    Success,
    /// The call failed; its writes were undone, the fee was paid.
    #[serde(rename_all = "camelCase")]
    Failed {
        /// The module error's name (`InsufficientBalance`), or the description of a non-module error.
        error: String,
        /// The failing pallet's index, for a module error.
        pallet_index: Option<u8>,
        /// The error's index in its pallet, for a module error.
        error_index: Option<u8>,
    },
}

/// A page of `receipts_byAccount` or `receipts_byApp`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptPage {
    /// The receipts of this page.
    pub receipts: Vec<ReceiptJson>,
    /// The next page's number, `null` when this is the last page.
    pub next_page: Option<u32>,
}

/// One validator-set change, as `receipts_validatorSetHistory` and `receipts_proof` return it.
///
/// Check (from the set of `epoch - 1`, trusted already): each of `headers` is the parent of the next; `certificate`
/// (SCALE `CommitCertificate`, signed by the set of `epoch - 1`) verifies and commits the last header; the first
/// header's `Consensus(HSVS, ..)` digest item announces the set of `epoch`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SetChangeJson {
    /// The epoch this change starts.
    pub epoch: u64,
    /// The set-changing block's number.
    pub block_number: u32,
    /// Its hash.
    pub block_hash: H256,
    /// SCALE headers: the set-changing block, then its descendants up to the certified block.
    pub headers: Vec<Bytes>,
    /// SCALE `CommitCertificate` of epoch `epoch - 1` (the set-changing block's justification).
    pub certificate: Bytes,
}

/// Everything needed to check a receipt offline (`receipts_proof`).
///
/// Check: `leaf_hash(receipt)` with `proof` reaches the receipts root in `header`'s `Consensus(RCPT, ..)` digest;
/// `header`, then each of `ancestry` in order, is the parent of the next; `setHistory` proves the validator sets of
/// epochs `1..=epoch` from the chain spec's genesis set; `certificate` (a SCALE `CommitCertificate`) verifies against
/// the validator set of `epoch` and `genesisHash` and names the last header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptProofJson {
    /// The SCALE-encoded `Receipt`.
    pub receipt: Bytes,
    /// The receipt's leaf index (its extrinsic index).
    pub leaf_index: u32,
    /// The Merkle path from the receipt's leaf to the receipts root (primitives' `MerkleProof`).
    pub proof: MerkleProof,
    /// The SCALE header of the receipt's block.
    pub header: Bytes,
    /// SCALE headers of the descendants up to the certified block, each the child of the previous (empty when the
    /// certificate names the receipt's block itself).
    pub ancestry: Vec<Bytes>,
    /// The SCALE `CommitCertificate` stored as the justification of the receipt's block.
    pub certificate: Bytes,
    /// The validator-set epoch the certificate was signed in (0 = the chain spec's genesis set).
    pub epoch: u64,
    /// The chain's genesis hash (the certificate's signatures cover it).
    pub genesis_hash: H256,
    /// The validator-set changes that start epochs `1..=epoch`, in order (empty for epoch 0).
    #[serde(default)]
    pub set_history: Vec<SetChangeJson>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_json() {
        let receipt = ReceiptJson {
            id: "rx_1".into(),
            block_number: 3,
            block_hash: H256::zero(),
            index: 1,
            signer: None,
            pallet: "Wallets".into(),
            call: "transfer".into(),
            outcome: ReceiptOutcomeJson::Failed {
                error: "InsufficientBalance".into(),
                pallet_index: Some(3),
                error_index: Some(0),
            },
            fee: "340282366920938463463374607431768211455".into(),
            timestamp: 7,
            related: Some(RelatedJson::App("web-shop".into())),
            effect: None,
        };
        let json = serde_json::to_string(&receipt).unwrap();
        assert_eq!(
            json,
            format!(
                r#"{{"id":"rx_1","blockNumber":3,"blockHash":"0x{}","index":1,"signer":null,"pallet":"Wallets","call":"transfer","outcome":{{"result":"failed","error":"InsufficientBalance","palletIndex":3,"errorIndex":0}},"fee":"340282366920938463463374607431768211455","timestamp":7,"related":{{"app":"web-shop"}},"effect":null}}"#,
                "00".repeat(32)
            )
        );
        assert_eq!(serde_json::from_str::<ReceiptJson>(&json).unwrap(), receipt);
        assert_eq!(
            serde_json::to_string(&EffectJson::Minted {
                to: "5F".into(),
                amount: "8".into()
            })
            .unwrap(),
            r#"{"minted":{"to":"5F","amount":"8"}}"#
        );
        assert_eq!(
            serde_json::to_string(&RelatedJson::Agreement(7)).unwrap(),
            r#"{"agreement":7}"#
        );
        assert_eq!(
            serde_json::to_string(&ReceiptOutcomeJson::Success).unwrap(),
            r#"{"result":"success"}"#
        );
        let page = ReceiptPage {
            receipts: vec![],
            next_page: Some(2),
        };
        assert_eq!(
            serde_json::to_string(&page).unwrap(),
            r#"{"receipts":[],"nextPage":2}"#
        );
    }
}
