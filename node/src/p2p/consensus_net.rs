//! Consensus messages over libp2p: broadcasts to every connected peer, direct messages to a validator's peer.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use metanode_consensus::{Message, ValidatorIndex};
use metanode_network::{Handle, PeerId, Topic};
use parity_scale_codec::Encode;

use super::tx_gossip::ValidatorPeers;
use crate::driver::ConsensusNetwork;
use crate::metrics::Metrics;

/// The validators' network, as the consensus driver sees it.
pub struct P2pConsensus {
    handle: Handle,
    /// The peer of each validator, by validator index (shared with transaction gossip).
    validator_peers: ValidatorPeers,
    /// Peers allowed whatever the validator set (the chain spec's `allowedPeers`).
    always_allowed: HashSet<PeerId>,
    peers: Arc<AtomicUsize>,
    metrics: Arc<Metrics>,
}

impl P2pConsensus {
    /// Over a running network; `validator_peers[i]` is validator i's peer id, and this updates them when the
    /// validator set changes.
    pub fn new(
        handle: Handle,
        validator_peers: ValidatorPeers,
        always_allowed: HashSet<PeerId>,
        peers: Arc<AtomicUsize>,
        metrics: Arc<Metrics>,
    ) -> Self {
        P2pConsensus {
            handle,
            validator_peers,
            always_allowed,
            peers,
            metrics,
        }
    }
}

impl ConsensusNetwork for P2pConsensus {
    fn broadcast(&self, message: &Message) {
        let bytes = message.encode();
        let fanout = self.peers.load(Ordering::Relaxed) as u64;
        self.metrics.bytes_out.inc_by(bytes.len() as u64 * fanout);
        self.handle.broadcast(Topic::Consensus, bytes);
    }

    fn send_to(&self, to: ValidatorIndex, message: &Message) {
        let peer = self.validator_peers.read().get(to as usize).copied();
        match peer {
            Some(peer) => {
                let bytes = message.encode();
                self.metrics.bytes_out.inc_by(bytes.len() as u64);
                self.handle.send(peer, Topic::Consensus, bytes)
            }
            None => tracing::warn!(target: "network", to, "no peer for validator; message dropped"),
        }
    }

    fn report(&self, peer: &PeerId, reason: String) {
        self.handle.report(*peer, reason);
    }

    fn validators_changed(&self, network_keys: &[String]) {
        let mut peers = Vec::with_capacity(network_keys.len());
        for (i, key) in network_keys.iter().enumerate() {
            match metanode_network::parse_peer_id(key) {
                Ok(peer) => peers.push(peer),
                Err(error) => {
                    // The pallet only accepts non-empty UTF-8; a key that is not a peer id leaves this validator
                    // unreachable, which the protocol tolerates like a crashed validator.
                    tracing::error!(target: "network", validator = i, %error, "validator's network key is not a peer id");
                    peers.push(PeerId::random());
                }
            }
        }
        let mut allowed = self.always_allowed.clone();
        allowed.extend(peers.iter().copied());
        *self.validator_peers.write() = peers;
        self.handle.set_allowed(allowed);
    }
}
