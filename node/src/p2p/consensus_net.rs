//! Consensus messages over libp2p: broadcasts to every connected peer, direct messages to a validator's peer.

use metanode_consensus::{Message, ValidatorIndex};
use metanode_network::{Handle, PeerId, Topic};
use parity_scale_codec::Encode;

use crate::driver::ConsensusNetwork;

/// The validators' network, as the consensus driver sees it.
pub struct P2pConsensus {
    handle: Handle,
    /// The peer of each validator, by validator index.
    validator_peers: Vec<PeerId>,
}

impl P2pConsensus {
    /// Over a running network; `validator_peers[i]` is validator i's peer id.
    pub fn new(handle: Handle, validator_peers: Vec<PeerId>) -> Self {
        P2pConsensus {
            handle,
            validator_peers,
        }
    }
}

impl ConsensusNetwork for P2pConsensus {
    fn broadcast(&self, message: &Message) {
        self.handle.broadcast(Topic::Consensus, message.encode());
    }

    fn send_to(&self, to: ValidatorIndex, message: &Message) {
        match self.validator_peers.get(to as usize) {
            Some(peer) => self.handle.send(*peer, Topic::Consensus, message.encode()),
            None => tracing::warn!(target: "network", to, "no peer for validator; message dropped"),
        }
    }

    fn report(&self, peer: &PeerId, reason: String) {
        self.handle.report(*peer, reason);
    }
}
