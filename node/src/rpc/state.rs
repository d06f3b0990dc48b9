//! `state_*`: storage reads, runtime version, metadata, runtime calls and state subscriptions.
//!
//! `state_call` runs `metanode_runtime::runtime_api::call` against the state after the requested block: the
//! in-memory view for the finalized head and newer blocks, point reads from the state history for older ones
//! (prefix iteration is not served there; a method that would need it gets a clear error).

use std::cell::RefCell;
use std::collections::HashMap;

use jsonrpsee::core::{async_trait, RpcResult, SubscriptionResult};
use jsonrpsee::PendingSubscriptionSink;
use metanode_primitives::H256;
use metanode_rpc::{errors, Bytes, RuntimeVersionJson, StateApiServer, StorageChangeSet};
use metanode_runtime::runtime_api::{self, RuntimeApiError};
use metanode_runtime::support::StateRead;
use serde_json::value::to_raw_value;
use tokio::sync::broadcast::error::RecvError;

use super::convert::runtime_version_json;
use super::RpcDeps;
use crate::chain::{Chain, ChainError, ChainEvent};

/// Most keys one `state_getKeysPaged` call returns.
const MAX_KEYS_PAGE: u32 = 1000;
/// Most keys in one `state_queryStorageAt` or `state_subscribeStorage`.
const MAX_QUERY_KEYS: usize = 1000;

/// The `state` namespace.
pub struct StateRpc {
    deps: RpcDeps,
}

impl StateRpc {
    /// Over the node's parts.
    pub fn new(deps: RpcDeps) -> Self {
        StateRpc { deps }
    }

    fn resolve(&self, at: Option<H256>) -> RpcResult<H256> {
        resolve(&self.deps.chain, at)
    }

    fn read(&self, key: &[u8], at: H256) -> RpcResult<Option<Vec<u8>>> {
        self.deps
            .chain
            .storage_at(key, Some(at))
            .map_err(state_error)
    }
}

/// `at`, or the best block, if the node knows it (else error 4003).
pub(super) fn resolve(chain: &Chain, at: Option<H256>) -> RpcResult<H256> {
    let hash = at.unwrap_or_else(|| chain.best_hash());
    match chain.header(&hash).map_err(errors::state_client)? {
        Some(_) => Ok(hash),
        None => Err(errors::unknown_block(hash)),
    }
}

/// Runs runtime API `method` with SCALE `input` against the state after block `at` (known to the node).
pub(super) fn call_runtime_api(
    deps: &RpcDeps,
    method: &str,
    input: &[u8],
    at: H256,
) -> Result<Vec<u8>, CallError> {
    let chain = &deps.chain;
    if let Some(view) = chain.view_at(&at) {
        return runtime_api::call(method, input, &view, &deps.ctx).map_err(CallError::Runtime);
    }
    let history = HistoryState {
        chain,
        at,
        error: RefCell::new(None),
    };
    let result = runtime_api::call(method, input, &history, &deps.ctx);
    if let Some(reason) = history.error.into_inner() {
        return Err(CallError::State(reason));
    }
    result.map_err(CallError::Runtime)
}

/// Why [`call_runtime_api`] has no answer.
#[derive(Debug, thiserror::Error)]
pub(super) enum CallError {
    /// The runtime refused the call.
    #[error(transparent)]
    Runtime(RuntimeApiError),
    /// The state at the block could not be read as the call needed.
    #[error("{0}")]
    State(String),
}

impl From<CallError> for jsonrpsee::types::ErrorObjectOwned {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Runtime(RuntimeApiError::BadInput { .. }) => errors::invalid_params(e),
            other => errors::state_client(other),
        }
    }
}

/// The state after an old committed block, read key by key from the state history. `StateRead` is
/// infallible, so the first failure is kept here and reported after the call (the call's answer is then
/// discarded).
struct HistoryState<'a> {
    chain: &'a Chain,
    at: H256,
    error: RefCell<Option<String>>,
}

impl HistoryState<'_> {
    fn fail(&self, reason: String) {
        self.error.borrow_mut().get_or_insert(reason);
    }
}

impl StateRead for HistoryState<'_> {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        match self.chain.storage_at(key, Some(self.at)) {
            Ok(value) => value,
            Err(e) => {
                self.fail(format!("reading state at {:?}: {e}", self.at));
                None
            }
        }
    }

    fn next_key(&self, _key: &[u8]) -> Option<Vec<u8>> {
        self.fail(format!(
            "this runtime API call iterates storage, which is served for the finalized head and newer blocks \
             only, not at the older block {:?}",
            self.at
        ));
        None
    }
}

fn state_error(e: ChainError) -> jsonrpsee::types::ErrorObjectOwned {
    match e {
        ChainError::StateUnavailable { hash, .. } => errors::unknown_block(hash),
        other => errors::state_client(other),
    }
}

#[async_trait]
impl StateApiServer for StateRpc {
    async fn call(&self, method: String, data: Bytes, at: Option<H256>) -> RpcResult<Bytes> {
        let at = self.resolve(at)?;
        let out = call_runtime_api(&self.deps, &method, data.as_slice(), at).map_err(|e| {
            tracing::debug!(target: "rpc::state", %method, ?at, error = %e, "state_call failed");
            jsonrpsee::types::ErrorObjectOwned::from(e)
        })?;
        Ok(Bytes(out))
    }

    async fn storage(&self, key: Bytes, at: Option<H256>) -> RpcResult<Option<Bytes>> {
        let at = self.resolve(at)?;
        Ok(self.read(key.as_slice(), at)?.map(Bytes))
    }

    async fn storage_keys_paged(
        &self,
        prefix: Option<Bytes>,
        count: u32,
        start_key: Option<Bytes>,
        at: Option<H256>,
    ) -> RpcResult<Vec<Bytes>> {
        if count > MAX_KEYS_PAGE {
            return Err(errors::invalid_count(count, MAX_KEYS_PAGE));
        }
        let at = self.resolve(at)?;
        let prefix = prefix.map(Bytes::into_inner).unwrap_or_default();
        let start = start_key.map(Bytes::into_inner);
        let keys = self
            .deps
            .chain
            .keys_at(&prefix, start.as_deref(), count as usize, Some(at))
            .map_err(state_error)?;
        Ok(keys.into_iter().map(Bytes).collect())
    }

    async fn query_storage_at(
        &self,
        keys: Vec<Bytes>,
        at: Option<H256>,
    ) -> RpcResult<Vec<StorageChangeSet>> {
        if keys.len() > MAX_QUERY_KEYS {
            return Err(errors::invalid_params(format!(
                "at most {MAX_QUERY_KEYS} keys per query, got {}",
                keys.len()
            )));
        }
        let at = self.resolve(at)?;
        let mut changes = Vec::with_capacity(keys.len());
        for key in keys {
            let value = self.read(key.as_slice(), at)?.map(Bytes);
            changes.push((key, value));
        }
        Ok(vec![StorageChangeSet { block: at, changes }])
    }

    async fn runtime_version(&self, at: Option<H256>) -> RpcResult<RuntimeVersionJson> {
        self.resolve(at)?;
        Ok(runtime_version_json())
    }

    /// The V14 metadata (`"meta"`-prefixed bytes). The runtime is native and the same at every block, so `at`
    /// is only checked to be known.
    async fn metadata(&self, at: Option<H256>) -> RpcResult<Bytes> {
        self.resolve(at)?;
        Ok(Bytes(
            metanode_runtime::metadata::metadata_v14_bytes().to_vec(),
        ))
    }

    async fn subscribe_runtime_version(
        &self,
        pending: PendingSubscriptionSink,
    ) -> SubscriptionResult {
        let sink = pending.accept().await?;
        sink.send(to_raw_value(&runtime_version_json())?).await?;
        // The runtime is native and cannot change while the node runs: nothing more will come.
        sink.closed().await;
        Ok(())
    }

    async fn subscribe_storage(
        &self,
        pending: PendingSubscriptionSink,
        keys: Option<Vec<Bytes>>,
    ) -> SubscriptionResult {
        let keys = match keys {
            Some(keys) if !keys.is_empty() && keys.len() <= MAX_QUERY_KEYS => keys,
            _ => {
                pending
                    .reject(errors::invalid_params(format!(
                        "state_subscribeStorage needs between 1 and {MAX_QUERY_KEYS} keys"
                    )))
                    .await;
                return Ok(());
            }
        };
        let chain = self.deps.chain.clone();
        let mut events = chain.subscribe();
        let sink = pending.accept().await?;
        let best = chain.best_hash();
        let mut last: HashMap<Vec<u8>, Option<Vec<u8>>> = HashMap::new();
        let mut changes = Vec::new();
        for key in &keys {
            let value = chain
                .storage_at(key.as_slice(), Some(best))
                .map_err(|e| e.to_string())?;
            last.insert(key.0.clone(), value.clone());
            changes.push((key.clone(), value.map(Bytes)));
        }
        sink.send(to_raw_value(&StorageChangeSet {
            block: best,
            changes,
        })?)
        .await?;
        loop {
            let event = tokio::select! {
                _ = sink.closed() => return Ok(()),
                event = events.recv() => event,
            };
            let hash = match event {
                Ok(ChainEvent::Imported {
                    hash, best: true, ..
                }) => hash,
                Ok(_) | Err(RecvError::Lagged(_)) => continue,
                Err(RecvError::Closed) => return Ok(()),
            };
            let mut changes = Vec::new();
            for key in &keys {
                let value = match chain.storage_at(key.as_slice(), Some(hash)) {
                    Ok(value) => value,
                    // The block was finalized and pruned from memory meanwhile: its changes come with a later block.
                    Err(_) => continue,
                };
                if last.get(&key.0) != Some(&value) {
                    last.insert(key.0.clone(), value.clone());
                    changes.push((key.clone(), value.map(Bytes)));
                }
            }
            if !changes.is_empty() {
                sink.send(to_raw_value(&StorageChangeSet {
                    block: hash,
                    changes,
                })?)
                .await?;
            }
        }
    }
}
