//! `receipts_*`: reads of the node's receipt index (committed blocks only) and receipt proofs.
//!
//! Contract: a malformed id, address or app name, or a page size outside 1..=100, is an invalid-params error
//! (-32602) whose `data` says what is wrong; an unknown id is `null`; store failures are internal errors (-32603).

use jsonrpsee::core::{async_trait, RpcResult};
use jsonrpsee::types::ErrorObjectOwned;
use metanode_consensus::messages::MAX_DECODE_DEPTH;
use metanode_consensus::CommitCertificate;
use metanode_primitives::{AccountId32, H256};
use metanode_rpc::api::receipts::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_SET_HISTORY};
use metanode_rpc::{
    errors, Bytes, EffectJson, ReceiptJson, ReceiptOutcomeJson, ReceiptPage, ReceiptProofJson,
    ReceiptsApiServer, RelatedJson, SetChangeJson,
};
use metanode_runtime::receipts::{Effect, Outcome, Related};
use metanode_runtime::{queries, Receipt, ReceiptId};
use parity_scale_codec::{DecodeLimit, Encode};

use super::RpcDeps;
use crate::chain::linking_headers;

/// The `receipts` namespace.
pub struct ReceiptsRpc {
    deps: RpcDeps,
}

impl ReceiptsRpc {
    /// Over the node's parts.
    pub fn new(deps: RpcDeps) -> Self {
        ReceiptsRpc { deps }
    }

    fn hash_of(&self, number: u32) -> RpcResult<H256> {
        self.deps
            .chain
            .hash_of(number)
            .map_err(errors::internal)?
            .ok_or_else(|| {
                errors::internal(format!("indexed block #{number} is not in the block index"))
            })
    }

    fn json(&self, receipt: &Receipt) -> RpcResult<ReceiptJson> {
        let prefix = self.deps.spec.properties.ss58_format;
        Ok(ReceiptJson {
            id: receipt.id.to_string(),
            block_number: receipt.block,
            block_hash: self.hash_of(receipt.block)?,
            index: receipt.index,
            signer: receipt.signer.map(|s| s.to_ss58(prefix)),
            pallet: String::from_utf8_lossy(&receipt.pallet).into_owned(),
            call: String::from_utf8_lossy(&receipt.call).into_owned(),
            outcome: outcome_json(&receipt.outcome),
            fee: receipt.fee.to_string(),
            timestamp: receipt.timestamp_ms,
            related: receipt.related.as_ref().map(related_json),
            effect: receipt.effect.as_ref().map(|e| effect_json(e, prefix)),
        })
    }

    /// Page `page` of `page_size` receipts from an index read `ids(skip, limit)`, newest first.
    fn page(
        &self,
        page: Option<u32>,
        page_size: Option<u32>,
        ids: impl FnOnce(usize, usize) -> Result<Vec<ReceiptId>, crate::chain::IndexError>,
    ) -> RpcResult<ReceiptPage> {
        let size = page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if size == 0 || size > MAX_PAGE_SIZE {
            return Err(errors::invalid_params(format!(
                "pageSize {size} is outside 1..={MAX_PAGE_SIZE}"
            )));
        }
        let page = page.unwrap_or(0);
        let skip = usize::try_from(u64::from(page) * u64::from(size))
            .map_err(|_| errors::invalid_params(format!("page {page} is too large")))?;
        let mut ids = ids(skip, size as usize + 1).map_err(errors::internal)?;
        let next_page = (ids.len() > size as usize).then(|| page.saturating_add(1));
        ids.truncate(size as usize);
        let mut receipts = Vec::with_capacity(ids.len());
        for id in ids {
            let indexed = self
                .deps
                .chain
                .receipt(&id)
                .map_err(errors::internal)?
                .ok_or_else(|| errors::internal(format!("the index names unknown receipt {id}")))?;
            receipts.push(self.json(&indexed.receipt)?);
        }
        Ok(ReceiptPage {
            receipts,
            next_page,
        })
    }

    /// The set changes that started epochs `1..=up_to`, each checked to link to what its certificate commits.
    fn set_history(&self, up_to: u64) -> RpcResult<Vec<SetChangeJson>> {
        let chain = &self.deps.chain;
        let mut history = Vec::new();
        for epoch in 1..=up_to {
            let record = chain
                .set_change(epoch)
                .map_err(errors::internal)?
                .ok_or_else(|| {
                    errors::internal(format!(
                        "this node has no record of the validator-set change to epoch {epoch} (its database \
                         predates the set-change index)"
                    ))
                })?;
            let header = chain
                .header(&record.hash)
                .map_err(errors::internal)?
                .ok_or_else(|| {
                    errors::internal(format!("no header for block {:?}", record.hash))
                })?;
            let certificate = chain
                .justification(&record.hash)
                .map_err(errors::internal)?
                .ok_or_else(|| {
                    errors::internal(format!("block {:?} has no commit certificate", record.hash))
                })?;
            let committed = CommitCertificate::decode_all_with_depth_limit(
                MAX_DECODE_DEPTH,
                &mut &certificate[..],
            )
            .map_err(|e| internal("stored commit certificate")(e.to_string()))?
            .committed()
            .ok_or_else(|| errors::internal("stored certificate commits no block"))?;
            let last = record.linking.last().map_or(record.hash, |h| h.hash());
            if committed.id != last.0 {
                return Err(errors::internal(format!(
                    "the certificate of set-changing block #{} commits {:?}, and this node did not keep the headers \
                     linking the two",
                    record.number,
                    H256(committed.id)
                )));
            }
            let mut headers = vec![Bytes(header.encode())];
            headers.extend(record.linking.iter().map(|h| Bytes(h.encode())));
            history.push(SetChangeJson {
                epoch,
                block_number: record.number,
                block_hash: record.hash,
                headers,
                certificate: Bytes(certificate),
            });
        }
        Ok(history)
    }

    fn finalized_epoch(&self) -> RpcResult<u64> {
        let head = self.deps.chain.finalized();
        let view = self.deps.chain.view_at(&head.hash).ok_or_else(|| {
            errors::internal(format!("no state for the finalized block {:?}", head.hash))
        })?;
        Ok(queries::validator_epoch(&view))
    }

    fn lookup(&self, id: &str) -> RpcResult<Option<Receipt>> {
        let id = ReceiptId::parse(id)
            .map_err(|e| errors::invalid_params(format!("receipt id `{id}`: {e}")))?;
        Ok(self
            .deps
            .chain
            .receipt(&id)
            .map_err(errors::internal)?
            .map(|indexed| indexed.receipt))
    }
}

/// The JSON outcome of a receipt.
pub fn outcome_json(outcome: &Outcome) -> ReceiptOutcomeJson {
    match outcome {
        Outcome::Success => ReceiptOutcomeJson::Success,
        Outcome::Failed {
            pallet_index,
            error_index,
            name,
        } => ReceiptOutcomeJson::Failed {
            error: String::from_utf8_lossy(name).into_owned(),
            pallet_index: Some(*pallet_index),
            error_index: Some(*error_index),
        },
        Outcome::Other(description) => ReceiptOutcomeJson::Failed {
            error: String::from_utf8_lossy(description).into_owned(),
            pallet_index: None,
            error_index: None,
        },
    }
}

/// The JSON form of a receipt's `related`.
pub fn related_json(related: &Related) -> RelatedJson {
    match related {
        Related::App(name) => RelatedJson::App(String::from_utf8_lossy(name).into_owned()),
        Related::Agreement(id) => RelatedJson::Agreement(*id),
    }
}

/// The JSON form of a runtime action's effect, accounts in SS58 with `prefix`.
pub fn effect_json(effect: &Effect, prefix: u16) -> EffectJson {
    match effect {
        Effect::Minted { to, amount } => EffectJson::Minted {
            to: to.to_ss58(prefix),
            amount: amount.to_string(),
        },
    }
}

fn internal(what: &str) -> impl FnOnce(String) -> ErrorObjectOwned + '_ {
    move |reason| errors::internal(format!("{what}: {reason}"))
}

#[async_trait]
impl ReceiptsApiServer for ReceiptsRpc {
    async fn receipts_get(&self, id: String) -> RpcResult<Option<ReceiptJson>> {
        self.lookup(&id)?.map(|r| self.json(&r)).transpose()
    }

    async fn receipts_by_account(
        &self,
        address: String,
        page: Option<u32>,
        page_size: Option<u32>,
    ) -> RpcResult<ReceiptPage> {
        let who = AccountId32::parse(&address)
            .map_err(|e| errors::invalid_params(format!("address `{address}`: {e}")))?;
        self.page(page, page_size, |skip, limit| {
            self.deps.chain.receipts_by_account(&who, skip, limit)
        })
    }

    async fn receipts_by_app(
        &self,
        app: String,
        page: Option<u32>,
        page_size: Option<u32>,
    ) -> RpcResult<ReceiptPage> {
        metanode_runtime::containers::validate_name(app.as_bytes()).map_err(|_| {
            errors::invalid_params(format!(
                "app `{app}`: an app name is 3 to 64 lowercase letters, digits and `-`, not starting or ending with `-`"
            ))
        })?;
        let related = Related::App(app.into_bytes());
        self.page(page, page_size, |skip, limit| {
            self.deps.chain.receipts_by_related(&related, skip, limit)
        })
    }

    async fn receipts_proof(&self, id: String) -> RpcResult<Option<ReceiptProofJson>> {
        let Some(receipt) = self.lookup(&id)? else {
            return Ok(None);
        };
        let chain = &self.deps.chain;
        let hash = self.hash_of(receipt.block)?;
        let header = chain
            .header(&hash)
            .map_err(errors::internal)?
            .ok_or_else(|| errors::internal(format!("no header for block {hash:?}")))?;
        let raw = chain
            .storage_at(&queries::block_receipts_key(), Some(hash))
            .map_err(errors::internal)?
            .ok_or_else(|| {
                errors::internal(format!("block {hash:?} has no receipts in its state"))
            })?;
        let receipts = queries::decode_receipts(&raw)
            .map_err(|e| internal("Receipts.BlockReceipts")(e.to_string()))?;
        let proof = queries::receipt_proof(&receipts, receipt.index as usize)
            .ok_or_else(|| errors::internal("receipt index outside its block's receipts"))?;
        let certificate = chain
            .justification(&hash)
            .map_err(errors::internal)?
            .ok_or_else(|| errors::internal(format!("block {hash:?} has no commit certificate")))?;
        let decoded =
            CommitCertificate::decode_all_with_depth_limit(MAX_DECODE_DEPTH, &mut &certificate[..])
                .map_err(|e| internal("stored commit certificate")(e.to_string()))?;
        let committed = decoded
            .committed()
            .ok_or_else(|| errors::internal("stored certificate commits no block"))?;
        let ancestry = linking_headers(chain, receipt.block, &committed, decoded.qc.vote.epoch)
            .map_err(errors::internal)?
            .iter()
            .map(|h| Bytes(h.encode()))
            .collect();
        Ok(Some(ReceiptProofJson {
            receipt: Bytes(receipt.encode()),
            leaf_index: receipt.index,
            proof,
            header: Bytes(header.encode()),
            ancestry,
            certificate: Bytes(certificate),
            epoch: decoded.qc.vote.epoch,
            genesis_hash: chain.genesis_hash(),
            set_history: self.set_history(decoded.qc.vote.epoch)?,
        }))
    }

    async fn receipts_validator_set_history(
        &self,
        up_to_epoch: Option<u64>,
    ) -> RpcResult<Vec<SetChangeJson>> {
        let finalized = self.finalized_epoch()?;
        let up_to = up_to_epoch.unwrap_or(finalized);
        if up_to > finalized {
            return Err(errors::invalid_params(format!(
                "upToEpoch {up_to} is after the finalized epoch {finalized}"
            )));
        }
        if up_to > MAX_SET_HISTORY {
            return Err(errors::invalid_params(format!(
                "upToEpoch {up_to} is above the {MAX_SET_HISTORY} changes one answer may carry"
            )));
        }
        self.set_history(up_to)
    }
}
