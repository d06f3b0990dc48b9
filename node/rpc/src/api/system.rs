//! `system_*`: node and chain identity, health, peers, sync progress, and the next nonce of an account.
//!
//! A node without P2P networking (a single-validator chain) has no peer id: `system_localPeerId` is then an
//! internal error (-32603) saying so; `system_peers` and `system_localListenAddresses` are empty.

use jsonrpsee::proc_macros::rpc;

use crate::types::{ChainType, Health, NodeRole, PeerInfo, Properties, SyncState};

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

    /// `system_localPeerId`: this node's libp2p peer id, base58 (`12D3KooW..`). Error on a node without P2P
    /// networking.
    #[method(name = "localPeerId")]
    async fn system_local_peer_id(&self) -> jsonrpsee::core::RpcResult<String>;

    /// `system_localListenAddresses`: the multiaddrs the P2P network listens on, each ending in
    /// `/p2p/<local peer id>`; empty without P2P networking.
    #[method(name = "localListenAddresses")]
    async fn system_local_listen_addresses(&self) -> jsonrpsee::core::RpcResult<Vec<String>>;

    /// `system_peers`: the connected peers that answered a status request, with their roles (`"AUTHORITY"` for a
    /// current validator, else `"FULL"`) and their head. Metanode peers report their finalized head, so
    /// `bestHash`/`bestNumber` are the peer's last finalized block.
    #[method(name = "peers")]
    async fn system_peers(&self) -> jsonrpsee::core::RpcResult<Vec<PeerInfo>>;

    /// `system_syncState`: the block the node started from, its best block, and the highest block it knows of.
    #[method(name = "syncState")]
    async fn system_sync_state(&self) -> jsonrpsee::core::RpcResult<SyncState>;

    /// `system_accountNextIndex` (alias `account_nextIndex`): the next nonce for `account`
    /// (SS58 of any prefix, or `0x`-hex of 32 bytes), counting its ready transactions in the
    /// pool. A malformed account is an invalid-params error (-32602).
    #[method(name = "accountNextIndex", aliases = ["account_nextIndex"])]
    async fn system_account_next_index(&self, account: String) -> jsonrpsee::core::RpcResult<u32>;
}
