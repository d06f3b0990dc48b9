//! Consensus messages over libp2p: broadcasts to every connected peer, direct messages to a validator's peer.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use metanode_consensus::{Message, ValidatorIndex};
use metanode_network::{Handle, PeerId, Topic};
use parity_scale_codec::Encode;

use crate::driver::ConsensusNetwork;
use crate::metrics::Metrics;

/// The validators' network, as the consensus driver sees it.
pub struct P2pConsensus {
    handle: Handle,
    /// The peer of each validator, by validator index.
    validator_peers: Vec<PeerId>,
    peers: Arc<AtomicUsize>,
    metrics: Arc<Metrics>,
}

impl P2pConsensus {
    /// Over a running network; `validator_peers[i]` is validator i's peer id.
    pub fn new(
        handle: Handle,
        validator_peers: Vec<PeerId>,
        peers: Arc<AtomicUsize>,
        metrics: Arc<Metrics>,
    ) -> Self {
        P2pConsensus {
            handle,
            validator_peers,
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
        match self.validator_peers.get(to as usize) {
            Some(peer) => {
                let bytes = message.encode();
                self.metrics.bytes_out.inc_by(bytes.len() as u64);
                self.handle.send(*peer, Topic::Consensus, bytes)
            }
            None => tracing::warn!(target: "network", to, "no peer for validator; message dropped"),
        }
    }

    fn report(&self, peer: &PeerId, reason: String) {
        self.handle.report(*peer, reason);
    }
}
