//! The node on the network: starts `metanode-network` with the chain spec's permissioned peer set, routes what
//! peers send, gossips transactions and serves block sync.

mod consensus_net;
mod events;
mod serve;
pub mod tx_gossip;
pub mod wire;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

use anyhow::Context;
use metanode_chain_spec::ChainSpec;
use metanode_network::{Handle, Multiaddr, NetworkConfig, PeerId};
use metanode_primitives::H256;
use metanode_runtime::ChainContext;
use tokio::sync::{mpsc, Notify};

pub use consensus_net::P2pConsensus;
pub use events::MAX_CONSENSUS_MESSAGE;

use crate::chain::Chain;
use crate::driver::Inbound;
use crate::metrics::Metrics;
use crate::pool::TxPool;

/// Where a node keeps its ed25519 network key: `<chain dir>/network/secret_ed25519`.
pub fn node_key_path(chain_dir: &Path) -> PathBuf {
    chain_dir.join("network").join("secret_ed25519")
}

/// Loads the node key, or generates and stores one (mode 0600).
pub fn load_or_generate_node_key(path: &Path) -> anyhow::Result<metanode_network::Keypair> {
    metanode_network::load_or_generate_node_key(path)
        .with_context(|| format!("node key {}", path.display()))
}

/// Networking settings from the command line.
#[derive(Clone, Debug)]
pub struct P2pSettings {
    /// TCP listen port (all interfaces).
    pub port: u16,
    /// Bootnodes beyond the chain spec's.
    pub extra_bootnodes: Vec<String>,
    /// The node key file.
    pub node_key_path: PathBuf,
}

/// The peers a chain spec allows whatever the current validator set: its `allowedPeers` and its genesis validators'
/// network keys (so a node that starts from genesis can reach them).
pub fn spec_peers(spec: &ChainSpec) -> anyhow::Result<HashSet<PeerId>> {
    let mut allowed = HashSet::new();
    for (i, v) in spec.validators.iter().enumerate() {
        if let Some(key) = v.network_key.as_deref() {
            allowed.insert(
                metanode_network::parse_peer_id(key)
                    .with_context(|| format!("chain spec: validators[{i}].networkKey"))?,
            );
        }
    }
    for (i, peer) in spec.allowed_peers.iter().enumerate() {
        allowed.insert(
            metanode_network::parse_peer_id(peer)
                .with_context(|| format!("chain spec: allowedPeers[{i}]"))?,
        );
    }
    Ok(allowed)
}

/// The peer ids named by bootnode addresses (`.../p2p/<peer id>`): the chain spec's `bootNodes` and `--bootnodes`.
/// They are always allowed, like [`spec_peers`]: naming a bootnode is the operator trusting it to connect. This is
/// what lets a node that syncs from genesis reach validators added after genesis (it only learns their network keys
/// once it has synced past the block that added them), for instance once every genesis validator is gone. Whatever
/// a bootnode sends is still verified (sync checks every certificate and re-executes every block).
pub fn bootnode_peers<'a>(
    addrs: impl IntoIterator<Item = &'a String>,
) -> anyhow::Result<HashSet<PeerId>> {
    let mut peers = HashSet::new();
    for addr in addrs {
        let Some((_, id)) = addr.rsplit_once("/p2p/") else {
            anyhow::bail!("bootnode `{addr}` does not end with /p2p/<peer id>");
        };
        peers.insert(
            metanode_network::parse_peer_id(id)
                .with_context(|| format!("bootnode `{addr}`: peer id"))?,
        );
    }
    Ok(peers)
}

/// The peer ids of the current validators, in set order.
pub fn validator_peers(network_keys: &[String]) -> anyhow::Result<Vec<PeerId>> {
    network_keys
        .iter()
        .enumerate()
        .map(|(i, key)| {
            metanode_network::parse_peer_id(key)
                .with_context(|| format!("validator {i} has network key `{key}`, not a peer id"))
        })
        .collect()
}

/// What the network is wired to.
pub struct Wiring {
    /// The chain.
    pub chain: Arc<Chain>,
    /// The pool.
    pub pool: Arc<TxPool>,
    /// Runtime context.
    pub ctx: ChainContext,
    /// The consensus driver's inbox.
    pub inbox: mpsc::Sender<Inbound>,
    /// Connected peers counter.
    pub peers: Arc<AtomicUsize>,
    /// Wakes the sync task.
    pub sync_wake: Arc<Notify>,
    /// Peer and traffic metrics.
    pub metrics: Arc<Metrics>,
}

/// The running network.
pub struct P2p {
    /// The network handle.
    pub handle: Handle,
    /// Consensus delivery for the driver.
    pub consensus: Arc<P2pConsensus>,
}

/// Starts the network and the tasks that route its events.
pub fn start(
    settings: &P2pSettings,
    spec: &ChainSpec,
    genesis: H256,
    validator_keys: &[String],
    wiring: Wiring,
) -> anyhow::Result<P2p> {
    let keypair = load_or_generate_node_key(&settings.node_key_path)?;
    let mut always_allowed = spec_peers(spec)?;
    always_allowed.extend(bootnode_peers(
        spec.boot_nodes.iter().chain(&settings.extra_bootnodes),
    )?);
    let validator_peers = validator_peers(validator_keys)?;
    let mut allowed = always_allowed.clone();
    allowed.extend(validator_peers.iter().copied());
    let mut config = NetworkConfig::new(keypair, genesis.0);
    config.listen = vec![format!("/ip4/0.0.0.0/tcp/{}", settings.port)
        .parse()
        .context("P2P listen address")?];
    for (i, addr) in spec
        .boot_nodes
        .iter()
        .chain(&settings.extra_bootnodes)
        .enumerate()
    {
        let addr: Multiaddr = addr
            .parse()
            .with_context(|| format!("bootnode {i} `{addr}` is not a multiaddr"))?;
        config.bootnodes.push(addr);
    }
    config.allowed = allowed.clone();
    config.max_notification_size = MAX_CONSENSUS_MESSAGE;
    let (handle, events) = metanode_network::start(config)
        .with_context(|| format!("starting the P2P network on port {}", settings.port))?;
    if !allowed.contains(&handle.local_peer_id()) {
        tracing::warn!(
            target: "network",
            peer = %handle.local_peer_id(),
            "this node's peer id is neither a validator's network key nor in the chain spec's allowedPeers: \
             other nodes will refuse it"
        );
    }
    tracing::info!(target: "network", peer = %handle.local_peer_id(), port = settings.port, "P2P network started");
    let validator_peers: tx_gossip::ValidatorPeers =
        Arc::new(parking_lot::RwLock::new(validator_peers));
    let consensus = Arc::new(P2pConsensus::new(
        handle.clone(),
        validator_peers.clone(),
        always_allowed,
        wiring.peers.clone(),
        wiring.metrics.clone(),
    ));
    tokio::spawn(tx_gossip::gossip(
        handle.clone(),
        wiring.pool.clone(),
        validator_peers.clone(),
        wiring.peers.clone(),
        wiring.metrics.clone(),
    ));
    let (admission, admission_queue) = mpsc::channel(tx_gossip::ADMISSION_QUEUE);
    tokio::spawn(tx_gossip::admit(
        tx_gossip::Admission {
            handle: handle.clone(),
            chain: wiring.chain.clone(),
            pool: wiring.pool.clone(),
            ctx: wiring.ctx,
            validators: validator_peers,
        },
        admission_queue,
    ));
    tokio::spawn(events::run(
        events,
        events::Routes {
            handle: handle.clone(),
            wiring,
            admission,
        },
    ));
    Ok(P2p { handle, consensus })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bootnode_peer_ids_are_allowed_and_bad_addresses_refused() {
        let key = metanode_network::Keypair::generate_ed25519();
        let id = key.public().to_peer_id();
        let addrs = [format!("/ip4/127.0.0.1/tcp/30333/p2p/{id}")];
        let peers = bootnode_peers(&addrs).unwrap();
        assert_eq!(peers, HashSet::from([id]));
        let bad = ["/ip4/127.0.0.1/tcp/30333".to_string()];
        assert!(bootnode_peers(&bad).is_err());
        let bad = ["/ip4/127.0.0.1/tcp/30333/p2p/notapeer".to_string()];
        assert!(bootnode_peers(&bad).is_err());
    }
}
