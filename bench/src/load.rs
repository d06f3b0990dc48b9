//! One load phase end to end: pre-sign, follow finality, submit, drain, account for every transaction, measure
//! the node processes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use jsonrpsee::core::client::ClientT;
use jsonrpsee::core::params::BatchRequestBuilder;
use jsonrpsee::rpc_params;
use jsonrpsee::ws_client::WsClient;
use metanode_primitives::Pair;
use metanode_rpc::{ChainApiClient, ListOrValue, NumberOrHex, StateApiClient};
use metanode_runtime::{SigningContext, Token};
use tokio::sync::watch;

use crate::finality::track;
use crate::prepare::prepare;
use crate::procstat::{sample, ProcSample};
use crate::stats::{latencies, percentile, Accounting, TxState};
use crate::submit::{connect, submit_all, SubmitConfig};

/// The chain under load: where to send, which processes to measure, and the signers with their next nonces.
pub struct Target {
    /// Node RPC URLs (the first one is followed for finality).
    pub urls: Vec<String>,
    /// Node processes to measure: (name, pid).
    pub pids: Vec<(String, u32)>,
    /// The bench accounts' key pairs.
    pub pairs: Vec<Pair>,
    /// Next nonce of each account.
    pub nonces: Vec<u32>,
    /// What signatures commit to.
    pub signing: SigningContext,
    /// `/proc` clock ticks per second.
    pub ticks: u64,
}

/// One phase.
#[derive(Clone, Debug)]
pub struct Phase {
    /// Row label, e.g. `ramp 500`, `max`, `half-peak`.
    pub label: String,
    /// Offered transactions per second; `None` = as fast as the node accepts.
    pub rate: Option<f64>,
    /// Sending time.
    pub duration: Duration,
    /// Transactions pre-signed at `--max` (the phase also ends when they are all sent).
    pub max_txs: usize,
    /// WebSocket connections.
    pub connections: usize,
    /// Transactions per JSON-RPC batch.
    pub batch: usize,
    /// Tokens the transfers alternate over.
    pub tokens: Vec<Token>,
    /// How long to wait without finality progress before declaring the rest lost.
    pub drain: Duration,
}

/// CPU and memory of one node over a phase.
#[derive(Clone, Debug)]
pub struct NodeUsage {
    /// The node's name.
    pub name: String,
    /// CPU time over the phase as a percentage of one core.
    pub cpu_percent: f64,
    /// Peak resident set size so far (VmHWM), MiB.
    pub peak_rss_mib: f64,
}

/// A phase's results.
#[derive(Clone, Debug)]
pub struct PhaseReport {
    /// The phase.
    pub label: String,
    /// Target rate (`None` = max).
    pub target_rate: Option<f64>,
    /// Every transaction accounted for.
    pub accounting: Accounting,
    /// Sent transactions per second over the sending window.
    pub offered_tps: f64,
    /// Finalized transactions per second, from the first send to the last finality notification.
    pub finalized_tps: f64,
    /// Submit→finalized latency percentiles (p50, p95, p99).
    pub latency: Option<(Duration, Duration, Duration)>,
    /// Bench transactions per block over the blocks from the first to the last holding one.
    pub avg_block_txs: f64,
    /// Blocks in that range.
    pub blocks: usize,
    /// Per node CPU and memory.
    pub nodes: Vec<NodeUsage>,
}

/// Runs `phase` against `target` and advances the target's nonces.
pub async fn run_phase(target: &mut Target, phase: &Phase) -> anyhow::Result<PhaseReport> {
    let count = match phase.rate {
        Some(rate) if rate > 0.0 => (rate * phase.duration.as_secs_f64()).ceil() as usize,
        Some(rate) => bail!("rate must be positive, got {rate}"),
        None => phase.max_txs,
    };
    let txs = {
        let (pairs, nonces, tokens, signing, rate) = (
            target.pairs.clone(),
            target.nonces.clone(),
            phase.tokens.clone(),
            target.signing,
            phase.rate,
        );
        tokio::task::spawn_blocking(move || {
            prepare(&pairs, &nonces, count, &tokens, &signing, rate)
        })
        .await?
    };
    let hashes: Arc<HashMap<[u8; 32], usize>> =
        Arc::new(txs.iter().enumerate().map(|(j, t)| (t.hash, j)).collect());
    let txs = Arc::new(txs);

    let follower = connect(&target.urls[0])
        .await
        .with_context(|| format!("connecting to {}", target.urls[0]))?;
    let matched = Arc::new(AtomicUsize::new(0));
    let (stop_tx, stop_rx) = watch::channel(false);
    let tracker = tokio::spawn(track(
        follower,
        Arc::clone(&hashes),
        Arc::clone(&matched),
        stop_rx,
    ));

    let before = sample_all(target)?;
    let config = SubmitConfig {
        urls: target.urls.clone(),
        connections: phase.connections,
        batch: phase.batch,
        duration: phase.duration,
        retry_pool_full: phase.rate.is_none(),
    };
    let start = Instant::now();
    let (mut states, last_sent) = submit_all(Arc::clone(&txs), &config, start).await?;
    let accepted = states
        .iter()
        .filter(|s| matches!(s, TxState::Pending { .. }))
        .count();

    // Drain: wait until every accepted transaction is finalized, or finality makes no progress for `drain`.
    let mut progress = (matched.load(Ordering::SeqCst), Instant::now());
    while matched.load(Ordering::SeqCst) < accepted {
        if tracker.is_finished() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
        let now = matched.load(Ordering::SeqCst);
        if now > progress.0 {
            progress = (now, Instant::now());
        } else if progress.1.elapsed() > phase.drain {
            break;
        }
    }
    let after = sample_all(target)?;
    let _ = stop_tx.send(true);
    let tracked = tracker.await??;

    for (j, seen) in &tracked.seen {
        if let TxState::Pending { submitted } = states[*j] {
            states[*j] = TxState::Finalized {
                submitted,
                finalized: seen.at,
                block: seen.block,
            };
        }
    }
    let accounting = Accounting::of(&states);
    let mut samples = latencies(&states);
    let latency = match (
        percentile(&mut samples, 50.0),
        percentile(&mut samples, 95.0),
        percentile(&mut samples, 99.0),
    ) {
        (Some(a), Some(b), Some(c)) => Some((a, b, c)),
        _ => None,
    };
    let last_final = tracked.seen.values().map(|s| s.at).max().unwrap_or(start);
    let send_window = last_sent.saturating_duration_since(start).as_secs_f64();
    let final_window = last_final.saturating_duration_since(start).as_secs_f64();
    let (avg_block_txs, blocks) = block_sizes(&tracked.blocks);
    let wall = last_final.max(last_sent).saturating_duration_since(start);
    let nodes = usage(target, &before, &after, wall);

    // Every node's view: a transaction still waiting in any pool holds its nonce there.
    let mut nonces = next_nonces(&target.urls[0], &target.pairs).await?;
    for url in &target.urls[1..] {
        for (n, other) in nonces
            .iter_mut()
            .zip(next_nonces(url, &target.pairs).await?)
        {
            *n = (*n).max(other);
        }
    }
    target.nonces = nonces;
    Ok(PhaseReport {
        label: phase.label.clone(),
        target_rate: phase.rate,
        offered_tps: rate(accounting.sent, send_window),
        finalized_tps: rate(accounting.finalized, final_window),
        accounting,
        latency,
        avg_block_txs,
        blocks,
        nodes,
    })
}

fn rate(count: usize, secs: f64) -> f64 {
    if secs > 0.0 {
        count as f64 / secs
    } else {
        0.0
    }
}

/// Average bench transactions per block over the blocks from the first to the last that holds one, and how many
/// blocks that is.
pub fn block_sizes(blocks: &[(u32, usize, usize)]) -> (f64, usize) {
    let first = blocks.iter().position(|b| b.1 > 0);
    let last = blocks.iter().rposition(|b| b.1 > 0);
    match (first, last) {
        (Some(f), Some(l)) => {
            let range = &blocks[f..=l];
            let txs: usize = range.iter().map(|b| b.1).sum();
            (txs as f64 / range.len() as f64, range.len())
        }
        _ => (0.0, 0),
    }
}

fn sample_all(target: &Target) -> anyhow::Result<Vec<ProcSample>> {
    target
        .pids
        .iter()
        .map(|(name, pid)| {
            sample(*pid, target.ticks).with_context(|| format!("sampling {name} (pid {pid})"))
        })
        .collect()
}

fn usage(
    target: &Target,
    before: &[ProcSample],
    after: &[ProcSample],
    wall: Duration,
) -> Vec<NodeUsage> {
    target
        .pids
        .iter()
        .zip(before.iter().zip(after))
        .map(|((name, _), (b, a))| NodeUsage {
            name: name.clone(),
            cpu_percent: if wall.is_zero() {
                0.0
            } else {
                100.0 * a.cpu.saturating_sub(b.cpu).as_secs_f64() / wall.as_secs_f64()
            },
            peak_rss_mib: a.peak_rss as f64 / (1024.0 * 1024.0),
        })
        .collect()
}

/// `system_accountNextIndex` of every pair, in batches of 100.
pub async fn next_nonces(url: &str, pairs: &[Pair]) -> anyhow::Result<Vec<u32>> {
    let client = connect(url)
        .await
        .with_context(|| format!("connecting to {url}"))?;
    let mut nonces = Vec::with_capacity(pairs.len());
    for chunk in pairs.chunks(100) {
        let mut batch = BatchRequestBuilder::new();
        for pair in chunk {
            batch.insert(
                "system_accountNextIndex",
                rpc_params![pair.public().to_string()],
            )?;
        }
        let response = client
            .batch_request::<u32>(batch)
            .await
            .context("system_accountNextIndex batch")?;
        for entry in response {
            nonces.push(entry.map_err(|e| {
                anyhow::anyhow!("system_accountNextIndex: {} {}", e.code(), e.message())
            })?);
        }
    }
    Ok(nonces)
}

/// The signing context of the chain behind `client`: genesis hash and runtime versions, immortal era.
pub async fn signing_context(client: &WsClient) -> anyhow::Result<SigningContext> {
    let genesis = match client
        .block_hash(Some(ListOrValue::Value(NumberOrHex::Number(0))))
        .await
        .context("chain_getBlockHash(0)")?
    {
        ListOrValue::Value(Some(hash)) => hash,
        other => bail!("chain_getBlockHash(0) returned {other:?}"),
    };
    let version = client
        .runtime_version(None)
        .await
        .context("state_getRuntimeVersion")?;
    Ok(SigningContext {
        genesis_hash: genesis,
        era_block_hash: genesis,
        spec_version: version.spec_version,
        tx_version: version.transaction_version,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_size_averages_over_the_loaded_range() {
        let blocks = vec![(1, 0, 1), (2, 10, 11), (3, 0, 1), (4, 20, 21), (5, 0, 1)];
        assert_eq!(block_sizes(&blocks), (10.0, 3));
        assert_eq!(block_sizes(&[(1, 0, 1)]), (0.0, 0));
    }
}
