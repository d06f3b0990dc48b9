//! `author_*`: submitting and watching extrinsics.

use jsonrpsee::core::{async_trait, RpcResult, SubscriptionResult};
use jsonrpsee::types::ErrorObjectOwned;
use jsonrpsee::PendingSubscriptionSink;
use metanode_primitives::H256;
use metanode_rpc::{errors, AuthorApiServer, Bytes, TransactionStatus};
use metanode_runtime::TransactionValidityError;
use serde_json::value::to_raw_value;
use tokio::sync::broadcast::error::RecvError;

use super::RpcDeps;
use crate::chain::ChainEvent;
use crate::pool::PoolError;

/// The `author` namespace.
pub struct AuthorRpc {
    deps: RpcDeps,
}

impl AuthorRpc {
    /// Over the node's parts.
    pub fn new(deps: RpcDeps) -> Self {
        AuthorRpc { deps }
    }

    fn submit(&self, extrinsic: Bytes) -> Result<H256, ErrorObjectOwned> {
        let chain = &self.deps.chain;
        let best = chain.best_hash();
        let view = chain
            .view_at(&best)
            .ok_or_else(|| errors::internal("best block state unavailable"))?;
        self.deps
            .pool
            .submit(&view, &self.deps.ctx, best, extrinsic.into_inner())
            .map_err(pool_error)
    }

    /// Where a transaction no longer in the pool went: `Some(block)` if it is in a block, else `None` (dropped).
    fn locate(&self, hash: &H256) -> Option<(H256, bool)> {
        let chain = &self.deps.chain;
        if let Ok(Some((number, _))) = chain.tx_location(hash) {
            if let Ok(Some(block)) = chain.hash_of(number) {
                return Some((block, true));
            }
        }
        chain.pending_containing(hash).map(|block| (block, false))
    }
}

fn pool_error(e: PoolError) -> ErrorObjectOwned {
    match e {
        PoolError::Invalid(TransactionValidityError::Invalid(reason)) => {
            errors::invalid_transaction(reason)
        }
        PoolError::Invalid(TransactionValidityError::Unknown(reason)) => {
            errors::unknown_transaction(reason)
        }
        PoolError::AlreadyImported(hash) => errors::already_imported(hash),
        PoolError::NonceTaken { .. } => errors::too_low_priority(0, 0),
        PoolError::TooLarge { .. } | PoolError::Full { .. } => errors::immediately_dropped(),
    }
}

#[async_trait]
impl AuthorApiServer for AuthorRpc {
    async fn submit_extrinsic(&self, extrinsic: Bytes) -> RpcResult<H256> {
        self.submit(extrinsic)
    }

    async fn pending_extrinsics(&self) -> RpcResult<Vec<Bytes>> {
        Ok(self
            .deps
            .pool
            .pending_extrinsics()
            .into_iter()
            .map(|x| Bytes(x.as_ref().clone()))
            .collect())
    }

    async fn watch_extrinsic(
        &self,
        pending: PendingSubscriptionSink,
        extrinsic: Bytes,
    ) -> SubscriptionResult {
        // Subscribe before submitting so no inclusion can be missed.
        let mut events = self.deps.chain.subscribe();
        let hash = match self.submit(extrinsic) {
            Ok(hash) => hash,
            Err(e) => {
                pending.reject(e).await;
                return Ok(());
            }
        };
        let sink = pending.accept().await?;
        sink.send(to_raw_value(&TransactionStatus::Ready)?).await?;
        let mut in_block: Option<H256> = None;
        loop {
            let event = tokio::select! {
                _ = sink.closed() => return Ok(()),
                event = events.recv() => event,
            };
            let status = match event {
                Ok(ChainEvent::Imported {
                    hash: block,
                    extrinsics,
                    best,
                    ..
                }) if best && extrinsics.contains(&hash) => {
                    in_block = Some(block);
                    TransactionStatus::InBlock(block)
                }
                Ok(ChainEvent::Finalized {
                    hash: block,
                    extrinsics,
                    ..
                }) if extrinsics.contains(&hash) => {
                    if in_block != Some(block) {
                        sink.send(to_raw_value(&TransactionStatus::InBlock(block))?)
                            .await?;
                    }
                    sink.send(to_raw_value(&TransactionStatus::Finalized(block))?)
                        .await?;
                    return Ok(());
                }
                Ok(_) | Err(RecvError::Lagged(_)) => {
                    if self.deps.pool.contains(&hash) {
                        continue;
                    }
                    match self.locate(&hash) {
                        Some((block, true)) => {
                            sink.send(to_raw_value(&TransactionStatus::InBlock(block))?)
                                .await?;
                            sink.send(to_raw_value(&TransactionStatus::Finalized(block))?)
                                .await?;
                            return Ok(());
                        }
                        Some((_, false)) => continue,
                        None => {
                            sink.send(to_raw_value(&TransactionStatus::Invalid)?)
                                .await?;
                            return Ok(());
                        }
                    }
                }
                Err(RecvError::Closed) => return Ok(()),
            };
            sink.send(to_raw_value(&status)?).await?;
        }
    }
}
