//! The JSON-RPC server: HTTP and WebSocket on one port, Substrate's methods (metanode-rpc traits).
//!
//! Limits (DESIGN.md §5): request/response body size, connections, batch length and subscriptions per connection
//! come from the command line. Every method here is safe to expose; there are no unsafe (node-management) methods
//! yet, so `--rpc-external` only changes the listen address.

mod author;
mod batch_admission;
mod chain;
mod convert;
mod hotstuff;
mod payment;
mod peers;
mod receipts;
mod state;
mod system;

use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::Arc;

use anyhow::Context;
use jsonrpsee::server::middleware::rpc::RpcServiceBuilder;
use jsonrpsee::server::{BatchRequestConfig, Server, ServerConfig, ServerHandle};
use jsonrpsee::RpcModule;
use metanode_chain_spec::ChainSpec;
use metanode_rpc::PaymentApiServer;
use metanode_rpc::{
    rpc_methods_of, AuthorApiServer, ChainApiServer, HotstuffApiServer, ReceiptsApiServer,
    StateApiServer, SystemApiServer,
};
use metanode_runtime::ChainContext;

use crate::chain::Chain;
use crate::config::RpcConfig;
use crate::pool::TxPool;

pub use peers::NetworkSlot;

/// Most requests in one JSON-RPC batch.
const MAX_BATCH_LEN: u32 = 100;

/// What the RPC handlers read from.
#[derive(Clone)]
pub struct RpcDeps {
    /// The chain.
    pub chain: Arc<Chain>,
    /// The pool.
    pub pool: Arc<TxPool>,
    /// Runtime context for validation.
    pub ctx: ChainContext,
    /// The chain spec.
    pub spec: Arc<ChainSpec>,
    /// Whether this node validates.
    pub is_validator: bool,
    /// Connected peers.
    pub peers: Arc<AtomicUsize>,
    /// Whether sync is fetching blocks.
    pub syncing: Arc<AtomicBool>,
    /// Whether the node runs the P2P network.
    pub networked: bool,
    /// The P2P network's handle, set once it starts (never on a node without networking).
    pub network: NetworkSlot,
    /// The finalized block number when the node started (`system_syncState`'s `startingBlock`).
    pub starting_block: u32,
}

/// Builds every namespace into one module, plus `rpc_methods`.
pub fn build_module(deps: RpcDeps) -> anyhow::Result<RpcModule<()>> {
    let mut module = RpcModule::new(());
    module.merge(system::SystemRpc::new(deps.clone()).into_rpc())?;
    module.merge(chain::ChainRpc::new(deps.clone()).into_rpc())?;
    module.merge(state::StateRpc::new(deps.clone()).into_rpc())?;
    module.merge(receipts::ReceiptsRpc::new(deps.clone()).into_rpc())?;
    module.merge(hotstuff::HotstuffRpc::new(deps.clone()).into_rpc())?;
    module.merge(payment::PaymentRpc::new(deps.clone()).into_rpc())?;
    module.merge(author::AuthorRpc::new(deps).into_rpc())?;
    let methods = rpc_methods_of(&module);
    module.register_method(
        "rpc_methods",
        move |_, _, _| -> jsonrpsee::core::RpcResult<_> { Ok(methods.clone()) },
    )?;
    Ok(module)
}

/// Starts the server; it runs until the handle is stopped.
pub async fn start(
    deps: RpcDeps,
    config: &RpcConfig,
) -> anyhow::Result<(ServerHandle, std::net::SocketAddr)> {
    let admission = batch_admission::AdmissionDeps {
        chain: deps.chain.clone(),
        pool: deps.pool.clone(),
        ctx: deps.ctx,
    };
    let module = build_module(deps)?;
    let server_config = ServerConfig::builder()
        .max_request_body_size(config.max_request_bytes)
        .max_response_body_size(config.max_request_bytes)
        .max_connections(config.max_connections)
        .max_subscriptions_per_connection(config.max_subscriptions)
        .set_batch_request_config(BatchRequestConfig::Limit(MAX_BATCH_LEN))
        .build();
    let middleware = RpcServiceBuilder::new()
        .layer_fn(move |service| batch_admission::BatchAdmission::new(service, admission.clone()));
    let server = Server::builder()
        .set_config(server_config)
        .set_rpc_middleware(middleware)
        .build(config.addr)
        .await
        .with_context(|| format!("binding the JSON-RPC server to {}", config.addr))?;
    let addr = server.local_addr()?;
    Ok((server.start(module), addr))
}
