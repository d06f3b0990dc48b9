//! What the RPC reads of the P2P network: the network handle (set once the network starts, after the RPC server)
//! and the heads of connected peers, asked for on demand with the sync protocol's `Status` request.

use std::sync::{Arc, OnceLock};

use futures::future::join_all;
use metanode_network::{Handle, PeerId};
use metanode_primitives::H256;
use parity_scale_codec::Encode;

use crate::p2p::wire::{self, SyncRequest, SyncResponse};

/// The network handle, filled in by the service once the P2P network runs; empty on a node without networking.
pub type NetworkSlot = Arc<OnceLock<Handle>>;

/// A connected peer's finalized head, as it answered a `Status` request.
#[derive(Clone, Copy, Debug)]
pub struct PeerHead {
    /// The peer.
    pub peer: PeerId,
    /// Its finalized block number.
    pub number: u32,
    /// Its finalized block hash.
    pub hash: H256,
}

/// Asks every connected peer for its finalized head, concurrently (each request bounded by the network's request
/// timeout); peers that fail to answer, or answer something else, are left out (and logged at debug).
pub async fn peer_heads(handle: &Handle) -> Vec<PeerHead> {
    let peers = handle.peers().await;
    let asks = peers.into_iter().map(|peer| async move {
        let answer = handle.request(peer, SyncRequest::Status.encode()).await;
        match answer.map(|bytes| wire::decode::<SyncResponse>(&bytes)) {
            Ok(Ok(SyncResponse::Status { finalized, hash })) => Some(PeerHead {
                peer,
                number: finalized,
                hash,
            }),
            Ok(Ok(SyncResponse::Blocks(_))) => {
                tracing::debug!(target: "rpc", %peer, "peer answered a status request with blocks");
                None
            }
            Ok(Err(reason)) => {
                tracing::debug!(target: "rpc", %peer, %reason, "malformed status response");
                None
            }
            Err(error) => {
                tracing::debug!(target: "rpc", %peer, %error, "status request failed");
                None
            }
        }
    });
    join_all(asks).await.into_iter().flatten().collect()
}
