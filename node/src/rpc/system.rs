//! `system_*`.

use std::sync::atomic::Ordering;

use jsonrpsee::core::{async_trait, RpcResult};
use metanode_chain_spec::ChainType as SpecChainType;
use metanode_primitives::AccountId32;
use metanode_rpc::{
    errors, ChainType, Health, NodeRole, PeerInfo, Properties, SyncState, SystemApiServer,
};
use metanode_runtime::queries;

use super::peers::peer_heads;
use super::RpcDeps;
use crate::driver;

/// Implementation name reported by `system_name`.
pub const IMPL_NAME: &str = "Metanode";

/// The `system` namespace.
pub struct SystemRpc {
    deps: RpcDeps,
}

impl SystemRpc {
    /// Over the node's parts.
    pub fn new(deps: RpcDeps) -> Self {
        SystemRpc { deps }
    }
}

#[async_trait]
impl SystemApiServer for SystemRpc {
    async fn system_name(&self) -> RpcResult<String> {
        Ok(IMPL_NAME.to_string())
    }

    async fn system_version(&self) -> RpcResult<String> {
        Ok(env!("CARGO_PKG_VERSION").to_string())
    }

    async fn system_chain(&self) -> RpcResult<String> {
        Ok(self.deps.spec.name.clone())
    }

    async fn system_chain_type(&self) -> RpcResult<ChainType> {
        Ok(match self.deps.spec.chain_type {
            SpecChainType::Development => ChainType::Development,
            SpecChainType::Local => ChainType::Local,
            SpecChainType::Live => ChainType::Live,
        })
    }

    async fn system_properties(&self) -> RpcResult<Properties> {
        match serde_json::to_value(&self.deps.spec.properties) {
            Ok(serde_json::Value::Object(map)) => Ok(map),
            _ => Err(errors::internal(
                "chain properties do not serialise to an object",
            )),
        }
    }

    async fn system_health(&self) -> RpcResult<Health> {
        Ok(Health {
            peers: self.deps.peers.load(Ordering::Relaxed),
            is_syncing: self.deps.syncing.load(Ordering::Relaxed),
            should_have_peers: self.deps.networked,
        })
    }

    async fn system_node_roles(&self) -> RpcResult<Vec<NodeRole>> {
        Ok(vec![if self.deps.is_validator {
            NodeRole::Authority
        } else {
            NodeRole::Full
        }])
    }

    async fn system_local_peer_id(&self) -> RpcResult<String> {
        let handle = self.deps.network.get().ok_or_else(|| {
            errors::internal("this node runs without P2P networking, so it has no peer id")
        })?;
        Ok(handle.local_peer_id().to_base58())
    }

    async fn system_local_listen_addresses(&self) -> RpcResult<Vec<String>> {
        let Some(handle) = self.deps.network.get() else {
            return Ok(Vec::new());
        };
        let id = handle.local_peer_id();
        Ok(handle
            .listen_addrs()
            .await
            .into_iter()
            .map(|addr| format!("{addr}/p2p/{id}"))
            .collect())
    }

    async fn system_peers(&self) -> RpcResult<Vec<PeerInfo>> {
        let Some(handle) = self.deps.network.get() else {
            return Ok(Vec::new());
        };
        let chain = &self.deps.chain;
        let validators: Vec<_> = driver::set_after(chain, &chain.finalized().hash)
            .map_err(errors::internal)?
            .network_keys
            .iter()
            .filter_map(|key| metanode_network::parse_peer_id(key).ok())
            .collect();
        let mut peers: Vec<PeerInfo> = peer_heads(handle)
            .await
            .into_iter()
            .map(|head| {
                let roles = if validators.contains(&head.peer) {
                    "AUTHORITY"
                } else {
                    "FULL"
                };
                PeerInfo {
                    peer_id: head.peer.to_base58(),
                    roles: roles.to_string(),
                    best_hash: head.hash,
                    best_number: head.number,
                }
            })
            .collect();
        peers.sort_by(|a, b| a.peer_id.cmp(&b.peer_id));
        Ok(peers)
    }

    async fn system_sync_state(&self) -> RpcResult<SyncState> {
        let chain = &self.deps.chain;
        let best = chain.best_hash();
        let current_block = chain
            .header(&best)
            .map_err(errors::internal)?
            .map_or(chain.finalized().number, |h| h.number);
        let highest_peer = match self.deps.network.get() {
            Some(handle) => peer_heads(handle).await.iter().map(|h| h.number).max(),
            None => None,
        };
        Ok(SyncState {
            starting_block: self.deps.starting_block,
            current_block,
            highest_block: highest_peer.map_or(current_block, |n| n.max(current_block)),
        })
    }

    async fn system_account_next_index(&self, account: String) -> RpcResult<u32> {
        let who = AccountId32::parse(&account)
            .map_err(|e| errors::invalid_params(format!("account `{account}`: {e}")))?;
        let chain = &self.deps.chain;
        let best = chain.best_hash();
        let view = chain
            .view_at(&best)
            .ok_or_else(|| errors::nonce_query_failed("best block state unavailable"))?;
        let on_chain = queries::account_nonce(&view, &who);
        Ok(self.deps.pool.next_nonce(&who, on_chain))
    }
}
