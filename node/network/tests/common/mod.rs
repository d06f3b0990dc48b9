//! Helpers for the network tests: real swarms on 127.0.0.1 with OS-assigned ports.

#![allow(dead_code)]

use std::collections::HashSet;
use std::time::Duration;

use metanode_network::{start, Handle, Keypair, Multiaddr, NetworkConfig, NetworkEvent, PeerId};
use tokio::sync::mpsc::Receiver;

pub const GENESIS: [u8; 32] = [7u8; 32];

pub struct Node {
    pub handle: Handle,
    pub events: Receiver<NetworkEvent>,
    pub peer: PeerId,
    /// Listen address with `/p2p/<peer>` appended (usable as a bootnode).
    pub addr: Multiaddr,
}

pub fn init_tracing() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_test_writer()
        .try_init();
}

pub fn key() -> Keypair {
    Keypair::generate_ed25519()
}

pub fn peer(k: &Keypair) -> PeerId {
    k.public().to_peer_id()
}

pub fn allowed(keys: &[&Keypair]) -> HashSet<PeerId> {
    keys.iter().map(|k| peer(k)).collect()
}

pub async fn start_node(
    key: &Keypair,
    allowed: HashSet<PeerId>,
    bootnodes: Vec<Multiaddr>,
    tweak: impl FnOnce(&mut NetworkConfig),
) -> Node {
    init_tracing();
    let mut config = NetworkConfig::new(key.clone(), GENESIS);
    config.listen = vec!["/ip4/127.0.0.1/tcp/0".parse().expect("listen addr")];
    config.bootnodes = bootnodes;
    config.allowed = allowed;
    tweak(&mut config);
    let (handle, events) = start(config).expect("start");
    let addrs = tokio::time::timeout(Duration::from_secs(5), handle.listen_addrs())
        .await
        .expect("listen addrs in time");
    let addr = format!(
        "{}/p2p/{}",
        addrs.first().expect("one listen addr"),
        handle.local_peer_id()
    )
    .parse()
    .expect("bootnode addr");
    Node {
        peer: handle.local_peer_id(),
        handle,
        events,
        addr,
    }
}

/// Waits (bounded) for an event matching `pred`, skipping others.
pub async fn wait_for(
    events: &mut Receiver<NetworkEvent>,
    within: Duration,
    mut pred: impl FnMut(&NetworkEvent) -> bool,
) -> Option<NetworkEvent> {
    tokio::time::timeout(within, async {
        while let Some(ev) = events.recv().await {
            if pred(&ev) {
                return Some(ev);
            }
        }
        None
    })
    .await
    .ok()
    .flatten()
}

/// Waits until `handle.peers()` contains all of `expected`.
pub async fn wait_peers(handle: &Handle, expected: &[PeerId], within: Duration) -> bool {
    tokio::time::timeout(within, async {
        loop {
            let peers = handle.peers().await;
            if expected.iter().all(|p| peers.contains(p)) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .is_ok()
}

/// Drains events for `during`, returning them all.
pub async fn collect(events: &mut Receiver<NetworkEvent>, during: Duration) -> Vec<NetworkEvent> {
    let mut out = Vec::new();
    let _ = tokio::time::timeout(during, async {
        while let Some(ev) = events.recv().await {
            out.push(ev);
        }
    })
    .await;
    out
}
