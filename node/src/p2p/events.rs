//! The node's side of the network: decodes what peers send and routes it (consensus messages to the driver,
//! transaction batches to admission, sync requests to the chain). The loop never validates or executes anything
//! itself, so a consensus message is never queued behind transaction work.

use std::sync::atomic::Ordering;

use metanode_consensus::decode_message;
use metanode_network::{Handle, NetworkEvent, PeerId, Topic};
use parity_scale_codec::Encode;
use tokio::sync::mpsc;

use super::{serve, tx_gossip, wire, Wiring};
use crate::driver::{Inbound, MAX_BLOCK_BYTES};

/// Largest consensus message accepted (a proposal carries a whole block).
pub const MAX_CONSENSUS_MESSAGE: usize = MAX_BLOCK_BYTES + 256 * 1024;

/// What the event loop routes to: the node's parts, and the network itself for answers and reports.
pub struct Routes {
    /// The network.
    pub handle: Handle,
    /// The node's parts.
    pub wiring: Wiring,
    /// Gossiped transaction batches, admitted by `tx_gossip::admit` (never on this loop).
    pub admission: mpsc::Sender<tx_gossip::Gossiped>,
}

/// Runs until the network stops.
pub async fn run(mut events: mpsc::Receiver<NetworkEvent>, routes: Routes) {
    while let Some(event) = events.recv().await {
        match event {
            NetworkEvent::Notification { peer, topic, data } => {
                routes.wiring.metrics.bytes_in.inc_by(data.len() as u64);
                match topic {
                    Topic::Consensus => on_consensus(&routes, peer, &data),
                    Topic::Transactions => tx_gossip::on_notification(
                        &routes.handle,
                        &routes.admission,
                        &routes.wiring.metrics,
                        peer,
                        &data,
                    ),
                }
            }
            NetworkEvent::Request {
                peer,
                data,
                respond,
            } => {
                routes.wiring.metrics.bytes_in.inc_by(data.len() as u64);
                let chain = routes.wiring.chain.clone();
                let handle = routes.handle.clone();
                let metrics = routes.wiring.metrics.clone();
                tokio::task::spawn_blocking(move || match wire::decode(&data) {
                    Ok(request) => match serve::answer(&chain, request) {
                        Ok(response) => {
                            let bytes = response.encode();
                            metrics.bytes_out.inc_by(bytes.len() as u64);
                            let _ = respond.send(bytes);
                        }
                        Err(error) => {
                            tracing::error!(target: "sync", %peer, %error, "cannot answer a sync request")
                        }
                    },
                    Err(reason) => handle.report(peer, format!("malformed sync request: {reason}")),
                });
            }
            NetworkEvent::PeerConnected(peer) => {
                let n = routes.wiring.peers.fetch_add(1, Ordering::Relaxed) + 1;
                routes.wiring.metrics.peers.set(n as i64);
                tracing::info!(target: "network", %peer, peers = n, "peer connected");
                routes.wiring.sync_wake.notify_one();
            }
            NetworkEvent::PeerDisconnected(peer) => {
                let n = routes
                    .wiring
                    .peers
                    .fetch_sub(1, Ordering::Relaxed)
                    .saturating_sub(1);
                routes.wiring.metrics.peers.set(n as i64);
                tracing::info!(target: "network", %peer, peers = n, "peer disconnected");
            }
        }
    }
    tracing::info!(target: "network", "network event loop stopped");
}

fn on_consensus(routes: &Routes, peer: PeerId, data: &[u8]) {
    match decode_message(data, MAX_CONSENSUS_MESSAGE) {
        Ok(message) => {
            let inbound = Inbound {
                message,
                from: Some(peer),
            };
            if routes.wiring.inbox.try_send(inbound).is_err() {
                tracing::warn!(target: "consensus", %peer, "consensus inbox full; message dropped");
            }
        }
        Err(error) => routes
            .handle
            .report(peer, format!("undecodable consensus message: {error}")),
    }
}
