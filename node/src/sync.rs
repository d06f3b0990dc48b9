//! Catching up with committed blocks: a node that is behind (new, restarted, partitioned) asks its peers for their
//! finalized heads and fetches the committed blocks it lacks, with their commit certificates, from the most advanced
//! peer. The consensus driver verifies each certificate and re-executes each block before committing it; a peer
//! whose data fails is reported (disconnected and banned) and another is tried.
//!
//! Sync runs when a peer is ahead by more than [`LAG_BEFORE_SYNC`] blocks, or by any amount while this node's
//! finalized head has not moved for [`STALL`] — so a validator that keeps up through consensus is left
//! alone. (Committing a synced block rebuilds the consensus core, which drops the round in progress: under load, a
//! one-tick stall rule made healthy validators sync a block they were about to commit and lose the round.)

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::future::join_all;
use metanode_network::{Handle, PeerId};
use parity_scale_codec::Encode;
use tokio::sync::{mpsc, oneshot, watch, Notify};

use crate::chain::Chain;
use crate::driver::SyncBatch;
use crate::p2p::wire::{self, SyncRequest, SyncResponse, MAX_SYNC_BLOCKS};

/// How often peers' heads are checked.
const TICK: Duration = Duration::from_secs(2);

/// Blocks behind the best peer that start a sync at once.
const LAG_BEFORE_SYNC: u32 = 3;

/// Time without a new finalized block after which any lag starts a sync (longer than a default round timeout, so
/// consensus gets to finish a slow round first).
const STALL: Duration = Duration::from_secs(6);

/// What the sync task works with.
pub struct SyncParts {
    /// The network.
    pub handle: Handle,
    /// The chain.
    pub chain: Arc<Chain>,
    /// Batches for the driver to verify and commit.
    pub to_driver: mpsc::Sender<SyncBatch>,
    /// Wakes the task early (a peer connected).
    pub wake: Arc<Notify>,
    /// True while blocks are being fetched (reported by `system_health`).
    pub syncing: Arc<AtomicBool>,
}

/// Runs until `shutdown`.
pub async fn run(parts: SyncParts, mut shutdown: watch::Receiver<bool>) {
    let mut last_seen = parts.chain.finalized().number;
    let mut last_progress = tokio::time::Instant::now();
    loop {
        tokio::select! {
            _ = shutdown.changed() => break,
            _ = tokio::time::sleep(TICK) => {}
            _ = parts.wake.notified() => {}
        }
        let ours = parts.chain.finalized().number;
        if ours != last_seen {
            last_progress = tokio::time::Instant::now();
        }
        let stalled = last_progress.elapsed() >= STALL;
        last_seen = ours;
        let Some((peer, theirs)) = best_peer(&parts.handle).await else {
            continue;
        };
        if theirs <= ours || (theirs - ours <= LAG_BEFORE_SYNC && !stalled) {
            continue;
        }
        tracing::info!(target: "sync", %peer, ours, theirs, "behind a peer; fetching committed blocks");
        parts.syncing.store(true, Ordering::Relaxed);
        catch_up(&parts, peer, theirs).await;
        parts.syncing.store(false, Ordering::Relaxed);
        last_seen = parts.chain.finalized().number;
        last_progress = tokio::time::Instant::now();
    }
}

/// The connected peer with the highest finalized head.
async fn best_peer(handle: &Handle) -> Option<(PeerId, u32)> {
    let peers = handle.peers().await;
    let asks = peers.into_iter().map(|peer| async move {
        let answer = handle.request(peer, SyncRequest::Status.encode()).await;
        match answer.map(|bytes| wire::decode::<SyncResponse>(&bytes)) {
            Ok(Ok(SyncResponse::Status { finalized, .. })) => Some((peer, finalized)),
            Ok(Ok(SyncResponse::Blocks(_))) => {
                handle.report(peer, "answered a status request with blocks".into());
                None
            }
            Ok(Err(reason)) => {
                handle.report(peer, format!("malformed status response: {reason}"));
                None
            }
            Err(error) => {
                tracing::debug!(target: "sync", %peer, %error, "status request failed");
                None
            }
        }
    });
    join_all(asks)
        .await
        .into_iter()
        .flatten()
        .max_by_key(|(_, finalized)| *finalized)
}

/// Fetches and hands over blocks from `peer` until this node reaches `target` or the peer fails.
async fn catch_up(parts: &SyncParts, peer: PeerId, target: u32) {
    loop {
        let ours = parts.chain.finalized().number;
        if ours >= target {
            tracing::info!(target: "sync", finalized = ours, "caught up");
            return;
        }
        let request = SyncRequest::Blocks {
            from: ours + 1,
            max: MAX_SYNC_BLOCKS.min(target - ours),
        };
        let blocks = match parts.handle.request(peer, request.encode()).await {
            Err(error) => {
                tracing::warn!(target: "sync", %peer, %error, "block request failed");
                return;
            }
            Ok(bytes) => match wire::decode::<SyncResponse>(&bytes) {
                Ok(SyncResponse::Blocks(blocks)) if !blocks.is_empty() => blocks,
                Ok(SyncResponse::Blocks(_)) => {
                    parts.handle.report(
                        peer,
                        format!(
                            "claimed finalized #{target} but sent no block #{}",
                            ours + 1
                        ),
                    );
                    return;
                }
                Ok(SyncResponse::Status { .. }) => {
                    parts
                        .handle
                        .report(peer, "answered a block request with a status".into());
                    return;
                }
                Err(reason) => {
                    parts
                        .handle
                        .report(peer, format!("malformed block response: {reason}"));
                    return;
                }
            },
        };
        if blocks.len() > MAX_SYNC_BLOCKS as usize {
            parts.handle.report(
                peer,
                format!("sent {} blocks, more than asked", blocks.len()),
            );
            return;
        }
        let (done, result) = oneshot::channel();
        let batch = SyncBatch { peer, blocks, done };
        if parts.to_driver.send(batch).await.is_err() {
            return;
        }
        match result.await {
            Ok(Ok(finalized)) if finalized > ours => {
                tracing::debug!(target: "sync", %peer, finalized, "imported a batch")
            }
            Ok(Ok(_)) => {
                tracing::debug!(target: "sync", %peer, "batch brought no block that can be proven final yet");
                return;
            }
            Ok(Err(reason)) => {
                tracing::warn!(target: "sync", %peer, %reason, "peer's blocks rejected");
                return;
            }
            Err(_) => return,
        }
    }
}
