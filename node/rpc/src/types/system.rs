//! JSON types of the `system_*` methods and of `rpc_methods`, in Substrate's shapes.
//!
//! - `Health`: `{"peers": n, "isSyncing": bool, "shouldHavePeers": bool}`.
//! - `ChainType`: `"Development"`, `"Local"`, `"Live"` or `{"Custom": "<name>"}` (sc_chain_spec).
//! - `NodeRole`: `"Full"`, `"LightClient"`, `"Authority"`.
//! - `Properties`: a free JSON object from the chain spec (`ss58Format`, `tokenSymbol`, `tokenDecimals`).
//! - `PeerInfo`: `{"peerId": "12D3Koo..", "roles": "AUTHORITY", "bestHash": "0x..", "bestNumber": 42}` (number as a
//!   JSON number; roles as Substrate prints them: `"AUTHORITY"` or `"FULL"`).
//! - `SyncState`: `{"startingBlock": n, "currentBlock": n, "highestBlock": n}` (JSON numbers).
//! - `RpcMethods`: `{"version": 1, "methods": ["author_submitExtrinsic", ..]}` (sorted names).

use primitive_types::H256;
use serde::{Deserialize, Serialize};

/// Chain spec properties, e.g. `{"ss58Format": 42, "tokenDecimals": [12, ..], "tokenSymbol": ["FLX", ..]}`.
pub type Properties = serde_json::Map<String, serde_json::Value>;

/// Node health, the result of `system_health`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Health {
    /// Number of connected peers.
    pub peers: usize,
    /// Whether the node is catching up with the chain.
    pub is_syncing: bool,
    /// Whether the node should have peers (false for a single-node dev chain).
    pub should_have_peers: bool,
}

/// A connected peer, an item of `system_peers`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PeerInfo {
    /// Its libp2p peer id, base58.
    pub peer_id: String,
    /// Its roles as Substrate prints them: `"AUTHORITY"` or `"FULL"`.
    pub roles: String,
    /// Hash of its best block as it last reported it.
    pub best_hash: H256,
    /// Number of that block.
    pub best_number: u32,
}

/// Sync progress, the result of `system_syncState`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncState {
    /// The block the node started from (its finalized head at start-up).
    pub starting_block: u32,
    /// The node's best block.
    pub current_block: u32,
    /// The highest block known: the node's best or a peer's, whichever is higher.
    pub highest_block: u32,
}

/// The chain's type, the result of `system_chainType`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChainType {
    /// A development chain that runs mainly on one node.
    Development,
    /// A local chain that runs locally on multiple nodes for testing purposes.
    Local,
    /// A live chain.
    Live,
    /// Some custom chain type.
    Custom(String),
}

/// A role of the node, an item of `system_nodeRoles`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeRole {
    /// A full node.
    Full,
    /// A light client.
    LightClient,
    /// A validator (it proposes and votes on blocks).
    Authority,
}

/// The result of `rpc_methods`. The node registers that method itself (see
/// [`crate::rpc_methods_of`] under the `server` feature).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RpcMethods {
    /// Always 1 (Substrate's value).
    pub version: u32,
    /// Every method name the node answers, aliases and unsubscribe methods included, sorted.
    pub methods: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_golden() {
        let health = Health {
            peers: 3,
            is_syncing: false,
            should_have_peers: true,
        };
        let json = serde_json::to_string(&health).unwrap();
        assert_eq!(
            json,
            r#"{"peers":3,"isSyncing":false,"shouldHavePeers":true}"#
        );
        assert_eq!(serde_json::from_str::<Health>(&json).unwrap(), health);
    }

    #[test]
    fn peer_info_and_sync_state_golden() {
        let peer = PeerInfo {
            peer_id: "12D3KooWabc".into(),
            roles: "AUTHORITY".into(),
            best_hash: H256::repeat_byte(0xaa),
            best_number: 42,
        };
        let json = serde_json::to_value(&peer).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "peerId": "12D3KooWabc",
                "roles": "AUTHORITY",
                "bestHash": format!("0x{}", "aa".repeat(32)),
                "bestNumber": 42,
            })
        );
        assert_eq!(serde_json::from_value::<PeerInfo>(json).unwrap(), peer);
        let state = SyncState {
            starting_block: 1,
            current_block: 5,
            highest_block: 9,
        };
        assert_eq!(
            serde_json::to_string(&state).unwrap(),
            r#"{"startingBlock":1,"currentBlock":5,"highestBlock":9}"#
        );
    }

    #[test]
    fn chain_type_golden() {
        assert_eq!(
            serde_json::to_string(&ChainType::Development).unwrap(),
            r#""Development""#
        );
        assert_eq!(
            serde_json::to_string(&ChainType::Live).unwrap(),
            r#""Live""#
        );
        let custom = ChainType::Custom("Staging".into());
        let json = serde_json::to_string(&custom).unwrap();
        assert_eq!(json, r#"{"Custom":"Staging"}"#);
        assert_eq!(serde_json::from_str::<ChainType>(&json).unwrap(), custom);
    }

    #[test]
    fn node_role_and_rpc_methods_golden() {
        assert_eq!(
            serde_json::to_string(&vec![NodeRole::Authority]).unwrap(),
            r#"["Authority"]"#
        );
        let methods = RpcMethods {
            version: 1,
            methods: vec!["chain_getHeader".into()],
        };
        let json = serde_json::to_string(&methods).unwrap();
        assert_eq!(json, r#"{"version":1,"methods":["chain_getHeader"]}"#);
        assert_eq!(serde_json::from_str::<RpcMethods>(&json).unwrap(), methods);
    }
}
