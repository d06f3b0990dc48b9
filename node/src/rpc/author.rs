//! `author_*`: submitting and watching extrinsics.

use jsonrpsee::core::{async_trait, RpcResult, SubscriptionResult};
use jsonrpsee::types::ErrorObjectOwned;
use jsonrpsee::{PendingSubscriptionSink, SubscriptionSink};
use metanode_primitives::{AccountId32, MultiAddress, UncheckedExtrinsic, H256};
use metanode_rpc::{errors, AuthorApiServer, Bytes, TransactionStatus};
use metanode_runtime::{queries, TransactionValidityError};
use parity_scale_codec::Decode;
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
        error @ (PoolError::TooLarge { .. } | PoolError::Full { .. }) => {
            errors::immediately_dropped(error)
        }
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
        let signer = signer_and_nonce(&extrinsic);
        let hash = match self.submit(extrinsic) {
            Ok(hash) => hash,
            Err(e) => {
                pending.reject(e).await;
                return Ok(());
            }
        };
        let sink = pending.accept().await?;
        let ready = self.is_ready(&signer);
        let mut watch = Watch {
            hash,
            signer,
            ready,
            in_block: None,
        };
        let first = if ready {
            TransactionStatus::Ready
        } else {
            TransactionStatus::Future
        };
        sink.send(to_raw_value(&first)?).await?;
        // The pool gossips every accepted extrinsic to every connected peer.
        if let Some(handle) = self.deps.network.get() {
            let peers: Vec<String> = handle.peers().await.iter().map(|p| p.to_base58()).collect();
            if !peers.is_empty() {
                sink.send(to_raw_value(&TransactionStatus::Broadcast(peers))?)
                    .await?;
            }
        }
        loop {
            let event = tokio::select! {
                _ = sink.closed() => return Ok(()),
                event = events.recv() => event,
            };
            let event = match event {
                Ok(event) => Some(event),
                Err(RecvError::Lagged(missed)) => {
                    tracing::debug!(target: "rpc", missed, "extrinsic watcher lagged");
                    None
                }
                Err(RecvError::Closed) => return Ok(()),
            };
            match self.step(&mut watch, event) {
                Step::Send(statuses) => send_all(&sink, &statuses).await?,
                Step::Done(statuses) => return send_all(&sink, &statuses).await,
            }
        }
    }
}

/// A watched extrinsic's signer and nonce (for telling `future` from `ready`); `None` for an unsigned one.
fn signer_and_nonce(extrinsic: &[u8]) -> Option<(AccountId32, u32)> {
    let xt = UncheckedExtrinsic::decode(&mut &extrinsic[..]).ok()?;
    match xt.signature? {
        (MultiAddress::Id(who), _, extra) => Some((who, extra.nonce)),
        _ => None,
    }
}

/// Where one watched extrinsic is; decides the next statuses to send.
struct Watch {
    hash: H256,
    signer: Option<(AccountId32, u32)>,
    /// `ready` sent (else `future` was).
    ready: bool,
    /// The best-chain block it is in, with that block's number, once `inBlock` was sent.
    in_block: Option<(H256, u32)>,
}

/// What to do after an event.
enum Step {
    Send(Vec<TransactionStatus>),
    Done(Vec<TransactionStatus>),
}

impl AuthorRpc {
    /// Whether `signer`'s `nonce` is next in line (its lower nonces are on chain or waiting in the pool).
    fn is_ready(&self, signer: &Option<(AccountId32, u32)>) -> bool {
        let Some((who, nonce)) = signer else {
            return true;
        };
        let chain = &self.deps.chain;
        let Some(view) = chain.view_at(&chain.best_hash()) else {
            return true;
        };
        let on_chain = queries::account_nonce(&view, who);
        *nonce < self.deps.pool.next_nonce(who, on_chain)
    }

    /// The statuses an event (or a missed stretch of events, `None`) leads to.
    fn step(&self, watch: &mut Watch, event: Option<ChainEvent>) -> Step {
        let mut out = Vec::new();
        match event {
            Some(ChainEvent::Finalized {
                hash, extrinsics, ..
            }) if extrinsics.contains(&watch.hash) => {
                if watch.in_block.map(|(b, _)| b) != Some(hash) {
                    out.push(TransactionStatus::InBlock(hash));
                }
                out.push(TransactionStatus::Finalized(hash));
                return Step::Done(out);
            }
            Some(ChainEvent::Imported {
                hash,
                header,
                extrinsics,
                best: true,
            }) if extrinsics.contains(&watch.hash) => {
                if watch.in_block.map(|(b, _)| b) != Some(hash) {
                    out.push(TransactionStatus::InBlock(hash));
                    watch.in_block = Some((hash, header.number));
                }
                return Step::Send(out);
            }
            _ => {}
        }
        // The block it was in left the best chain (a fork was chosen over it).
        if let Some((block, number)) = watch.in_block {
            if !matches!(self.deps.chain.hash_of(number), Ok(Some(h)) if h == block) {
                out.push(TransactionStatus::Retracted(block));
                watch.in_block = None;
            }
        }
        if self.deps.pool.contains(&watch.hash) {
            if !watch.ready && watch.in_block.is_none() && self.is_ready(&watch.signer) {
                watch.ready = true;
                out.push(TransactionStatus::Ready);
            }
            return Step::Send(out);
        }
        match self.locate(&watch.hash) {
            Some((block, true)) => {
                if watch.in_block.map(|(b, _)| b) != Some(block) {
                    out.push(TransactionStatus::InBlock(block));
                }
                out.push(TransactionStatus::Finalized(block));
                Step::Done(out)
            }
            Some((block, false)) => {
                // Only a block on the best chain counts (one on a losing fork would be retracted at once).
                if watch.in_block.map(|(b, _)| b) != Some(block) {
                    let chain = &self.deps.chain;
                    if let Ok(Some(header)) = chain.header(&block) {
                        if matches!(chain.hash_of(header.number), Ok(Some(h)) if h == block) {
                            watch.in_block = Some((block, header.number));
                            out.push(TransactionStatus::InBlock(block));
                        }
                    }
                }
                Step::Send(out)
            }
            // Left the pool without reaching a block: stale nonce (another extrinsic used it) or found invalid.
            None => {
                out.push(TransactionStatus::Invalid);
                Step::Done(out)
            }
        }
    }
}

async fn send_all(sink: &SubscriptionSink, statuses: &[TransactionStatus]) -> SubscriptionResult {
    for status in statuses {
        sink.send(to_raw_value(status)?).await?;
    }
    Ok(())
}
