//! `chain_*`: headers, blocks, hashes, finality and head subscriptions.

use jsonrpsee::core::{async_trait, RpcResult, SubscriptionResult};
use jsonrpsee::PendingSubscriptionSink;
use metanode_primitives::H256;
use metanode_rpc::{errors, ChainApiServer, Header, ListOrValue, NumberOrHex, SignedBlock};
use serde_json::value::to_raw_value;
use tokio::sync::broadcast::error::RecvError;

use super::convert::{header_json, signed_block_json};
use super::hotstuff::decode_certificate;
use super::RpcDeps;
use crate::chain::ChainEvent;

/// Which heads a subscription follows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Heads {
    All,
    Best,
    Finalized,
}

/// The `chain` namespace.
pub struct ChainRpc {
    deps: RpcDeps,
}

impl ChainRpc {
    /// Over the node's parts.
    pub fn new(deps: RpcDeps) -> Self {
        ChainRpc { deps }
    }

    async fn follow(&self, pending: PendingSubscriptionSink, heads: Heads) -> SubscriptionResult {
        let chain = self.deps.chain.clone();
        let mut events = chain.subscribe();
        let sink = pending.accept().await?;
        let current = match heads {
            Heads::Finalized => chain.finalized().hash,
            Heads::All | Heads::Best => chain.best_hash(),
        };
        if let Some(header) = chain.header(&current).map_err(errors::chain_client)? {
            sink.send(to_raw_value(&header_json(&header))?).await?;
        }
        loop {
            let event = tokio::select! {
                _ = sink.closed() => return Ok(()),
                event = events.recv() => event,
            };
            let header = match event {
                Ok(ChainEvent::Imported { header, best, .. })
                    if heads == Heads::All || (heads == Heads::Best && best) =>
                {
                    header
                }
                Ok(ChainEvent::Finalized { header, .. }) if heads == Heads::Finalized => header,
                Ok(_) => continue,
                Err(RecvError::Lagged(missed)) => {
                    tracing::debug!(target: "rpc", missed, "head subscriber lagged");
                    continue;
                }
                Err(RecvError::Closed) => return Ok(()),
            };
            sink.send(to_raw_value(&header_json(&header))?).await?;
        }
    }
}

#[async_trait]
impl ChainApiServer for ChainRpc {
    async fn header(&self, hash: Option<H256>) -> RpcResult<Option<Header>> {
        let chain = &self.deps.chain;
        let hash = hash.unwrap_or_else(|| chain.best_hash());
        Ok(chain
            .header(&hash)
            .map_err(errors::chain_client)?
            .map(|h| header_json(&h)))
    }

    async fn block(&self, hash: Option<H256>) -> RpcResult<Option<SignedBlock>> {
        let chain = &self.deps.chain;
        let hash = hash.unwrap_or_else(|| chain.best_hash());
        let Some(block) = chain.block(&hash).map_err(errors::chain_client)? else {
            return Ok(None);
        };
        // Only a block its certificate names carries it: a block committed together with its descendants is
        // proven by `hotstuff_proveFinality` (certificate plus linking headers).
        let justification = match chain.justification(&hash).map_err(errors::chain_client)? {
            Some(cert) => {
                let names_block = decode_certificate(&cert)?
                    .committed()
                    .is_some_and(|committed| committed.id == hash.0);
                names_block.then_some(cert)
            }
            None => None,
        };
        Ok(Some(signed_block_json(&block, justification)))
    }

    async fn block_hash(
        &self,
        number: Option<ListOrValue<NumberOrHex>>,
    ) -> RpcResult<ListOrValue<Option<H256>>> {
        let chain = &self.deps.chain;
        let Some(number) = number else {
            return Ok(ListOrValue::Value(Some(chain.best_hash())));
        };
        number.try_map(|n| {
            let n = n
                .to_block_number()
                .map_err(|e| errors::block_number_too_large(&e))?;
            chain.hash_of(n).map_err(errors::chain_client)
        })
    }

    async fn finalized_head(&self) -> RpcResult<H256> {
        Ok(self.deps.chain.finalized().hash)
    }

    async fn subscribe_all_heads(&self, pending: PendingSubscriptionSink) -> SubscriptionResult {
        self.follow(pending, Heads::All).await
    }

    async fn subscribe_new_heads(&self, pending: PendingSubscriptionSink) -> SubscriptionResult {
        self.follow(pending, Heads::Best).await
    }

    async fn subscribe_finalized_heads(
        &self,
        pending: PendingSubscriptionSink,
    ) -> SubscriptionResult {
        self.follow(pending, Heads::Finalized).await
    }
}
