//! The node's side of the network: decodes what peers send and routes it (consensus messages to the driver,
//! transactions to the pool, sync requests to the chain), and gossips the pool's new transactions.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use metanode_consensus::decode_message;
use metanode_network::{Handle, NetworkEvent, PeerId, Topic};
use parity_scale_codec::Encode;
use tokio::sync::mpsc;

use super::{serve, wire, Wiring};
use crate::driver::{Inbound, MAX_BLOCK_BYTES};
use crate::metrics::Metrics;
use crate::pool::{PoolError, TxPool};

/// Largest consensus message accepted (a proposal carries a whole block).
pub const MAX_CONSENSUS_MESSAGE: usize = MAX_BLOCK_BYTES + 256 * 1024;

/// What the event loop routes to: the node's parts, and the network itself for answers and reports.
pub struct Routes {
    /// The network.
    pub handle: Handle,
    /// The node's parts.
    pub wiring: Wiring,
}

/// Runs until the network stops.
pub async fn run(mut events: mpsc::Receiver<NetworkEvent>, routes: Routes) {
    while let Some(event) = events.recv().await {
        match event {
            NetworkEvent::Notification { peer, topic, data } => {
                routes.wiring.metrics.bytes_in.inc_by(data.len() as u64);
                match topic {
                    Topic::Consensus => on_consensus(&routes, peer, &data),
                    Topic::Transactions => on_transaction(&routes, peer, data),
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

fn on_transaction(routes: &Routes, peer: PeerId, xt: Vec<u8>) {
    let chain = &routes.wiring.chain;
    let best = chain.best_hash();
    let Some(view) = chain.view_at(&best) else {
        return;
    };
    match routes
        .wiring
        .pool
        .submit(&view, &routes.wiring.ctx, best, xt)
    {
        // Accepted transactions are gossiped on by `gossip_transactions`.
        Ok(_) | Err(PoolError::AlreadyImported(_)) => {}
        Err(PoolError::TooLarge { size, max }) => routes.handle.report(
            peer,
            format!("gossiped a transaction of {size} bytes (limit {max})"),
        ),
        Err(error) => {
            tracing::debug!(target: "txpool", %peer, %error, "gossiped transaction not accepted")
        }
    }
}

/// Sends every transaction the pool accepts (from RPC or from peers) to every peer.
pub async fn gossip_transactions(
    handle: Handle,
    pool: Arc<TxPool>,
    peers: Arc<AtomicUsize>,
    metrics: Arc<Metrics>,
) {
    let mut accepted = pool.subscribe_accepted();
    loop {
        match accepted.recv().await {
            Ok(xt) => {
                let fanout = peers.load(Ordering::Relaxed) as u64;
                metrics.bytes_out.inc_by(xt.len() as u64 * fanout);
                handle.broadcast(Topic::Transactions, xt.as_ref().clone())
            }
            Err(tokio::sync::broadcast::error::RecvError::Lagged(missed)) => {
                // The skipped transactions are still in the pool (it is bounded, so this is too): send everything
                // waiting there rather than leave some only in this node's pool, where only this node's own
                // proposals could include them. Peers drop the ones they already hold before validating.
                let pending = pool.pending_extrinsics();
                tracing::info!(target: "txpool", missed, resent = pending.len(), "transaction gossip fell behind; re-sending the pool");
                let fanout = peers.load(Ordering::Relaxed) as u64;
                for xt in pending {
                    metrics.bytes_out.inc_by(xt.len() as u64 * fanout);
                    handle.broadcast(Topic::Transactions, xt.as_ref().clone());
                }
            }
            Err(tokio::sync::broadcast::error::RecvError::Closed) => break,
        }
    }
}
