//! How the consensus driver reaches the other validators.

use metanode_consensus::{Message, ValidatorIndex};
use metanode_network::PeerId;

/// Delivery of consensus messages to other validators. Delivery is best effort; the protocol tolerates loss.
pub trait ConsensusNetwork: Send + Sync + 'static {
    /// Sends `message` to every other validator.
    fn broadcast(&self, message: &Message);
    /// Sends `message` to one validator.
    fn send_to(&self, to: ValidatorIndex, message: &Message);
    /// `peer` sent something provably wrong (a bad signature, a block that does not verify): disconnect and ban it.
    fn report(&self, peer: &PeerId, reason: String);
    /// A new validator set took over: `network_keys[i]` is validator i's peer id.
    fn validators_changed(&self, network_keys: &[String]);
}

/// The network of a single-validator chain: there is nobody to talk to.
pub struct NoPeers;

impl ConsensusNetwork for NoPeers {
    fn broadcast(&self, _message: &Message) {}
    fn send_to(&self, to: ValidatorIndex, _message: &Message) {
        tracing::warn!(target: "consensus", to, "no network: message to another validator dropped");
    }
    fn report(&self, _peer: &PeerId, _reason: String) {}
    fn validators_changed(&self, _network_keys: &[String]) {}
}
