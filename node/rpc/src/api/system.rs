//! `system_*`: node and chain identity, health, and the next nonce of an account.

use jsonrpsee::proc_macros::rpc;

use crate::types::{ChainType, Health, NodeRole, Properties};

/// Substrate's `system` namespace (the subset Metanode serves).
#[cfg_attr(
    all(feature = "server", feature = "client"),
    rpc(server, client, namespace = "system")
)]
#[cfg_attr(
    all(feature = "server", not(feature = "client")),
    rpc(server, namespace = "system")
)]
#[cfg_attr(
    all(feature = "client", not(feature = "server")),
    rpc(client, namespace = "system")
)]
pub trait SystemApi {
    /// `system_name`: the node implementation's name (`"metanode"`).
    #[method(name = "name")]
    async fn system_name(&self) -> jsonrpsee::core::RpcResult<String>;

    /// `system_version`: the node implementation's version, a semver string.
    #[method(name = "version")]
    async fn system_version(&self) -> jsonrpsee::core::RpcResult<String>;

    /// `system_chain`: the chain's name from the chain spec (e.g. `"Development"`).
    #[method(name = "chain")]
    async fn system_chain(&self) -> jsonrpsee::core::RpcResult<String>;

    /// `system_chainType`: `"Development"`, `"Local"`, `"Live"` or `{"Custom": ..}`.
    #[method(name = "chainType")]
    async fn system_chain_type(&self) -> jsonrpsee::core::RpcResult<ChainType>;

    /// `system_properties`: chain spec properties: `ss58Format`, `tokenSymbol` and
    /// `tokenDecimals` (arrays, FLX first).
    #[method(name = "properties")]
    async fn system_properties(&self) -> jsonrpsee::core::RpcResult<Properties>;

    /// `system_health`: peers, whether syncing, whether the node should have peers.
    #[method(name = "health")]
    async fn system_health(&self) -> jsonrpsee::core::RpcResult<Health>;

    /// `system_nodeRoles`: `["Authority"]` for a validator, `["Full"]` otherwise.
    #[method(name = "nodeRoles")]
    async fn system_node_roles(&self) -> jsonrpsee::core::RpcResult<Vec<NodeRole>>;

    /// `system_accountNextIndex` (alias `account_nextIndex`): the next nonce for `account`
    /// (SS58 of any prefix, or `0x`-hex of 32 bytes), counting its ready transactions in the
    /// pool. A malformed account is an invalid-params error (-32602).
    #[method(name = "accountNextIndex", aliases = ["account_nextIndex"])]
    async fn system_account_next_index(&self, account: String) -> jsonrpsee::core::RpcResult<u32>;
}
