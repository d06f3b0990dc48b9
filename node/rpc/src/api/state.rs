//! `state_*`: storage reads, runtime version and metadata, runtime calls, state subscriptions.
//!
//! `at`/`hash` parameters default to the best block; a hash the node does not know is error
//! 4003 ([`crate::errors::unknown_block`]). Names and aliases are Substrate's.

use jsonrpsee::proc_macros::rpc;
use primitive_types::H256;

use crate::types::{Bytes, RuntimeVersionJson, StorageChangeSet};

/// Substrate's `state` namespace (the subset Metanode serves).
#[cfg_attr(
    all(feature = "server", feature = "client"),
    rpc(server, client, namespace = "state")
)]
#[cfg_attr(
    all(feature = "server", not(feature = "client")),
    rpc(server, namespace = "state")
)]
#[cfg_attr(
    all(feature = "client", not(feature = "server")),
    rpc(client, namespace = "state")
)]
pub trait StateApi {
    /// `state_call` (alias `state_callAt`): calls runtime API `method` (e.g. `Core_version`,
    /// `Metadata_metadata_at_version`, `AccountNonceApi_account_nonce`) with SCALE `data` at
    /// block `at`; returns the SCALE-encoded result.
    #[method(name = "call", aliases = ["state_callAt"])]
    async fn call(
        &self,
        method: String,
        data: Bytes,
        at: Option<H256>,
    ) -> jsonrpsee::core::RpcResult<Bytes>;

    /// `state_getStorage` (alias `state_getStorageAt`): the value under `key` at block `at`;
    /// `null` if there is none.
    #[method(name = "getStorage", aliases = ["state_getStorageAt"])]
    async fn storage(
        &self,
        key: Bytes,
        at: Option<H256>,
    ) -> jsonrpsee::core::RpcResult<Option<Bytes>>;

    /// `state_getKeysPaged` (alias `state_getKeysPagedAt`): up to `count` keys that start with
    /// `prefix` (default: all), in lexicographic order, strictly after `start_key` if given.
    #[method(name = "getKeysPaged", aliases = ["state_getKeysPagedAt"])]
    async fn storage_keys_paged(
        &self,
        prefix: Option<Bytes>,
        count: u32,
        start_key: Option<Bytes>,
        at: Option<H256>,
    ) -> jsonrpsee::core::RpcResult<Vec<Bytes>>;

    /// `state_queryStorageAt`: the values of `keys` at block `at`, as one change set.
    #[method(name = "queryStorageAt")]
    async fn query_storage_at(
        &self,
        keys: Vec<Bytes>,
        at: Option<H256>,
    ) -> jsonrpsee::core::RpcResult<Vec<StorageChangeSet>>;

    /// `state_getRuntimeVersion` (alias `chain_getRuntimeVersion`): the runtime version at `at`.
    #[method(name = "getRuntimeVersion", aliases = ["chain_getRuntimeVersion"])]
    async fn runtime_version(
        &self,
        at: Option<H256>,
    ) -> jsonrpsee::core::RpcResult<RuntimeVersionJson>;

    /// `state_getMetadata`: the SCALE-encoded metadata (V14, prefixed with `meta`) at `at`.
    #[method(name = "getMetadata")]
    async fn metadata(&self, at: Option<H256>) -> jsonrpsee::core::RpcResult<Bytes>;

    /// `state_subscribeRuntimeVersion` (alias `chain_subscribeRuntimeVersion`): the current
    /// runtime version, then each change; notifications `state_runtimeVersion`; unsubscribe with
    /// `state_unsubscribeRuntimeVersion` (alias `chain_unsubscribeRuntimeVersion`).
    #[subscription(
        name = "subscribeRuntimeVersion" => "runtimeVersion",
        aliases = ["chain_subscribeRuntimeVersion"],
        unsubscribe = "unsubscribeRuntimeVersion",
        unsubscribe_aliases = ["chain_unsubscribeRuntimeVersion"],
        item = RuntimeVersionJson
    )]
    async fn subscribe_runtime_version(&self) -> jsonrpsee::core::SubscriptionResult;

    /// `state_subscribeStorage`: the values of `keys` now, then a change set per block that
    /// changes any of them; notifications `state_storage`; unsubscribe with
    /// `state_unsubscribeStorage`. The node may reject it until a later issue.
    #[subscription(
        name = "subscribeStorage" => "storage",
        unsubscribe = "unsubscribeStorage",
        item = StorageChangeSet
    )]
    async fn subscribe_storage(
        &self,
        keys: Option<Vec<Bytes>>,
    ) -> jsonrpsee::core::SubscriptionResult;
}
