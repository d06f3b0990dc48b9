//! Network configuration and the chain-scoped protocol names.

use std::collections::HashSet;
use std::time::Duration;

use libp2p::{identity::Keypair, Multiaddr, PeerId, StreamProtocol};

/// What a notification carries; the node decodes the bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Topic {
    /// Consensus messages (proposals, votes, ...).
    Consensus,
    /// Transaction gossip.
    Transactions,
}

/// Wire byte of [`Topic::Consensus`].
pub(crate) const TOPIC_CONSENSUS: u8 = 0;
/// Wire byte of [`Topic::Transactions`].
pub(crate) const TOPIC_TRANSACTIONS: u8 = 1;
/// Wire byte of the internal peer exchange (never delivered to the node).
pub(crate) const TOPIC_PEER_EXCHANGE: u8 = 0x80;

impl Topic {
    /// The first byte of a notification frame carrying this topic.
    pub(crate) fn to_byte(self) -> u8 {
        match self {
            Topic::Consensus => TOPIC_CONSENSUS,
            Topic::Transactions => TOPIC_TRANSACTIONS,
        }
    }
}

/// Configuration of [`crate::start`].
pub struct NetworkConfig {
    /// The ed25519 node key; its public key gives the local [`PeerId`].
    pub keypair: Keypair,
    /// Addresses to listen on, e.g. `/ip4/127.0.0.1/tcp/30333` (`tcp/0` picks a free port).
    pub listen: Vec<Multiaddr>,
    /// Bootnodes; each must end with `/p2p/<peer id>`. Dialed at start and redialed with
    /// exponential backoff while not connected. Only bootnodes in `allowed` are dialed.
    pub bootnodes: Vec<Multiaddr>,
    /// Permissioned network: only these peers may stay connected (see [`crate::Handle::set_allowed`]).
    pub allowed: HashSet<PeerId>,
    /// Genesis hash; protocol names are `/metanode/<hex of its first 8 bytes>/notify/1` and `/sync/1`,
    /// so nodes of different chains never talk.
    pub genesis_hash: [u8; 32],
    /// Largest notification payload (without the topic byte) we send or accept. Default 4 MiB.
    pub max_notification_size: usize,
    /// Largest sync request we send or accept. Default 64 KiB.
    pub max_request_size: usize,
    /// Largest sync response we send or accept. Default 16 MiB.
    pub max_response_size: usize,
    /// Bound on a whole request/response exchange (also the time the node has to answer). Default 10 s.
    pub request_timeout: Duration,
    /// How long a misbehaving peer stays banned. Default 60 s.
    pub ban_duration: Duration,
}

impl NetworkConfig {
    /// A configuration with the documented defaults and empty `listen`, `bootnodes` and `allowed`.
    pub fn new(keypair: Keypair, genesis_hash: [u8; 32]) -> Self {
        Self {
            keypair,
            listen: Vec::new(),
            bootnodes: Vec::new(),
            allowed: HashSet::new(),
            genesis_hash,
            max_notification_size: 4 * 1024 * 1024,
            max_request_size: 64 * 1024,
            max_response_size: 16 * 1024 * 1024,
            request_timeout: Duration::from_secs(10),
            ban_duration: Duration::from_secs(60),
        }
    }

    /// `/metanode/<first 8 bytes of genesis in hex>`.
    pub fn protocol_prefix(&self) -> String {
        format!("/metanode/{}", hex::encode(&self.genesis_hash[..8]))
    }

    /// The notification protocol name, `/metanode/<genesis8>/notify/1`.
    pub fn notify_protocol(&self) -> String {
        format!("{}/notify/1", self.protocol_prefix())
    }

    /// The sync request/response protocol name, `/metanode/<genesis8>/sync/1`.
    pub fn sync_protocol(&self) -> String {
        format!("{}/sync/1", self.protocol_prefix())
    }
}

/// Converts a protocol name built by [`NetworkConfig`] (always starts with `/`).
pub(crate) fn stream_protocol(name: String) -> Result<StreamProtocol, crate::NetworkError> {
    StreamProtocol::try_from_owned(name).map_err(|e| crate::NetworkError::Swarm(e.to_string()))
}
