//! Submitting pre-signed transactions over several WebSocket connections in JSON-RPC batches.
//!
//! Contract: connection `c` sends the transactions of the accounts `a` with `a % connections == c`, in order, one
//! batch in flight at a time, so an account's nonce `k + 1` is only sent after the node answered for nonce `k`. A
//! batch never holds two transactions of one account. When the node rejects a transaction, the later transactions
//! of its account are not sent ([`TxState::Skipped`]): they could never become ready. With `retry_pool_full`
//! (the `--max` mode: "as fast as the node accepts") a "pool full" / "priority too low" rejection is retried after
//! a short pause instead, and the accepted attempt's time is the submit time.

use std::collections::{HashSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, Instant};

use jsonrpsee::core::client::ClientT;
use jsonrpsee::core::params::BatchRequestBuilder;
use jsonrpsee::rpc_params;
use jsonrpsee::ws_client::{WsClient, WsClientBuilder};
use metanode_rpc::errors::{POOL_IMMEDIATELY_DROPPED, POOL_TOO_LOW_PRIORITY};
use metanode_rpc::H256;

use crate::prepare::PreparedTx;
use crate::stats::TxState;

/// How to submit one phase.
#[derive(Clone, Debug)]
pub struct SubmitConfig {
    /// Node URLs; connection `c` goes to `urls[c % urls.len()]`.
    pub urls: Vec<String>,
    /// Connections (at least 1).
    pub connections: usize,
    /// Most transactions per JSON-RPC batch (the node allows 100).
    pub batch: usize,
    /// Stop sending after this long.
    pub duration: Duration,
    /// Retry "pool full" rejections instead of counting them.
    pub retry_pool_full: bool,
}

/// Pause before retrying a transaction the full pool turned away.
const RETRY_PAUSE: Duration = Duration::from_millis(20);

/// Opens a WebSocket JSON-RPC client with limits fit for load (large batches, long waits).
pub async fn connect(url: &str) -> Result<WsClient, jsonrpsee::core::ClientError> {
    WsClientBuilder::default()
        .request_timeout(Duration::from_secs(120))
        .max_concurrent_requests(4096)
        .max_request_size(64 * 1024 * 1024)
        .max_response_size(64 * 1024 * 1024)
        .max_buffer_capacity_per_subscription(65_536)
        .build(url)
        .await
}

/// What one connection did: `(tx index, state)` per transaction it owned, and when it sent its first batch.
struct ConnectionResult {
    states: Vec<(usize, TxState)>,
}

/// Sends `txs` from `start` on; returns one state per transaction (index-aligned with `txs`) and the instant the
/// last transaction was sent.
pub async fn submit_all(
    txs: Arc<Vec<PreparedTx>>,
    config: &SubmitConfig,
    start: Instant,
) -> anyhow::Result<(Vec<TxState>, Instant)> {
    let connections = config.connections.max(1);
    let mut clients = Vec::with_capacity(connections);
    for c in 0..connections {
        let url = &config.urls[c % config.urls.len()];
        clients.push(
            connect(url)
                .await
                .map_err(|e| anyhow::anyhow!("connecting to {url}: {e}"))?,
        );
    }
    let mut tasks = Vec::new();
    for (c, client) in clients.into_iter().enumerate() {
        let owned: VecDeque<usize> = (0..txs.len())
            .filter(|&j| txs[j].account % connections == c)
            .collect();
        let txs = Arc::clone(&txs);
        let config = config.clone();
        tasks.push(tokio::spawn(async move {
            run_connection(client, txs, owned, &config, start).await
        }));
    }
    let mut states = vec![TxState::NotSent; txs.len()];
    let mut last_sent = start;
    for task in tasks {
        let (result, last) = task.await??;
        last_sent = last_sent.max(last);
        for (j, state) in result.states {
            states[j] = state;
        }
    }
    Ok((states, last_sent))
}

async fn run_connection(
    client: WsClient,
    txs: Arc<Vec<PreparedTx>>,
    mut queue: VecDeque<usize>,
    config: &SubmitConfig,
    start: Instant,
) -> anyhow::Result<(ConnectionResult, Instant)> {
    let mut states = Vec::with_capacity(queue.len());
    let mut dead: HashSet<usize> = HashSet::new();
    let mut last_sent = start;
    let end = start + config.duration;
    loop {
        let now = Instant::now();
        if now >= end {
            break;
        }
        let Some(&next) = queue.front() else { break };
        let due = start + txs[next].due;
        if due > now {
            tokio::time::sleep_until(due.min(end).into()).await;
            continue;
        }
        // Gather a batch of due transactions of distinct accounts.
        let mut batch = Vec::with_capacity(config.batch);
        let mut accounts = HashSet::new();
        let now = Instant::now();
        while batch.len() < config.batch.max(1) {
            let Some(&j) = queue.front() else { break };
            let tx = &txs[j];
            if start + tx.due > now || accounts.contains(&tx.account) {
                break;
            }
            queue.pop_front();
            if dead.contains(&tx.account) {
                states.push((j, TxState::Skipped));
                continue;
            }
            accounts.insert(tx.account);
            batch.push(j);
        }
        if batch.is_empty() {
            continue;
        }
        let mut request = BatchRequestBuilder::new();
        for &j in &batch {
            request.insert("author_submitExtrinsic", rpc_params![txs[j].hex.as_str()])?;
        }
        let submitted = Instant::now();
        last_sent = submitted;
        let response = client
            .batch_request::<H256>(request)
            .await
            .map_err(|e| anyhow::anyhow!("author_submitExtrinsic batch: {e}"))?;
        let mut retry = Vec::new();
        for (&j, entry) in batch.iter().zip(response) {
            match entry {
                Ok(_) => states.push((j, TxState::Pending { submitted })),
                Err(e)
                    if config.retry_pool_full
                        && (e.code() == POOL_IMMEDIATELY_DROPPED
                            || e.code() == POOL_TOO_LOW_PRIORITY) =>
                {
                    retry.push(j);
                }
                Err(e) => {
                    dead.insert(txs[j].account);
                    states.push((j, TxState::Rejected(reason(&e))));
                }
            }
        }
        if !retry.is_empty() {
            for &j in retry.iter().rev() {
                queue.push_front(j);
            }
            tokio::time::sleep(RETRY_PAUSE).await;
        }
    }
    // Anything left was never sent (the phase ended); a dead account's remainder is skipped.
    for j in queue {
        let state = if dead.contains(&txs[j].account) {
            TxState::Skipped
        } else {
            TxState::NotSent
        };
        states.push((j, state));
    }
    Ok((ConnectionResult { states }, last_sent))
}

/// The reason a rejection is counted under: `<code> <message>`, then the error's data when it is a string (the pool
/// says there which limit turned the transaction away).
pub fn reason(error: &jsonrpsee::types::ErrorObject<'_>) -> String {
    let detail = error
        .data()
        .and_then(|raw| serde_json::from_str::<String>(raw.get()).ok());
    match detail {
        Some(detail) => format!("{} {}: {detail}", error.code(), error.message()),
        None => format!("{} {}", error.code(), error.message()),
    }
}
