//! Prometheus metrics (`prometheus-client`, the Prometheus project's own Rust client) and the endpoint that serves
//! them at `http://<addr>/metrics` in the text exposition format.

use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use anyhow::Context;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{exponential_buckets, Histogram};
use prometheus_client::registry::Registry;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Largest HTTP request head the endpoint reads.
const MAX_REQUEST_HEAD: usize = 8 * 1024;

/// Every metric the node exports (names carry the `metanode_` prefix).
pub struct Metrics {
    /// Highest block this node has executed (finalized or not).
    pub best_height: Gauge,
    /// Highest finalized block.
    pub finalized_height: Gauge,
    /// The consensus round this node is in.
    pub round: Gauge,
    /// Round of the highest quorum certificate this node knows.
    pub highest_qc_round: Gauge,
    /// Quorum certificates this node has seen form (its highest QC moved up).
    pub qcs_formed: Counter,
    /// Timeout certificates seen in proposals (rounds that ended by timeout).
    pub tcs_formed: Counter,
    /// Rounds this node timed out in (timeouts it broadcast).
    pub timeouts: Counter,
    /// Connected peers.
    pub peers: Gauge,
    /// Transactions in the pool.
    pub pool_size: Gauge,
    /// Time to execute and check a proposed or synced block, seconds.
    pub block_import_seconds: Histogram,
    /// Bytes received from peers (notifications and sync answers).
    pub bytes_in: Counter<u64, AtomicU64>,
    /// Bytes sent to peers (notifications, counted once per peer, and sync answers).
    pub bytes_out: Counter<u64, AtomicU64>,
    /// Gossiped transactions dropped unread because admission was behind (their senders still hold them).
    pub gossip_dropped: Counter,
}

impl Metrics {
    /// Fresh metrics and the registry that exports them.
    pub fn new() -> (Arc<Metrics>, Registry) {
        let metrics = Metrics {
            best_height: Gauge::default(),
            finalized_height: Gauge::default(),
            round: Gauge::default(),
            highest_qc_round: Gauge::default(),
            qcs_formed: Counter::default(),
            tcs_formed: Counter::default(),
            timeouts: Counter::default(),
            peers: Gauge::default(),
            pool_size: Gauge::default(),
            block_import_seconds: Histogram::new(exponential_buckets(0.0005, 2.0, 16)),
            bytes_in: Counter::default(),
            bytes_out: Counter::default(),
            gossip_dropped: Counter::default(),
        };
        let mut registry = Registry::with_prefix("metanode");
        let m = &metrics;
        registry.register(
            "best_height",
            "Highest block executed",
            m.best_height.clone(),
        );
        registry.register(
            "finalized_height",
            "Highest finalized block",
            m.finalized_height.clone(),
        );
        registry.register("round", "Current consensus round", m.round.clone());
        registry.register(
            "highest_qc_round",
            "Round of the highest known quorum certificate",
            m.highest_qc_round.clone(),
        );
        registry.register(
            "qcs_formed",
            "Quorum certificates seen forming",
            m.qcs_formed.clone(),
        );
        registry.register(
            "tcs_formed",
            "Timeout certificates seen",
            m.tcs_formed.clone(),
        );
        registry.register(
            "timeouts",
            "Rounds this node timed out in",
            m.timeouts.clone(),
        );
        registry.register("peers", "Connected peers", m.peers.clone());
        registry.register("pool_size", "Transactions in the pool", m.pool_size.clone());
        registry.register(
            "block_import_seconds",
            "Time to execute and check a block",
            m.block_import_seconds.clone(),
        );
        registry.register(
            "p2p_bytes_in",
            "Bytes received from peers",
            m.bytes_in.clone(),
        );
        registry.register("p2p_bytes_out", "Bytes sent to peers", m.bytes_out.clone());
        registry.register(
            "txpool_gossip_dropped",
            "Gossiped transactions dropped unread because admission was behind",
            m.gossip_dropped.clone(),
        );
        (Arc::new(metrics), registry)
    }
}

/// Binds `addr` and serves `GET /metrics` until the process ends. Fails if the port cannot be bound.
pub async fn serve(addr: SocketAddr, registry: Registry) -> anyhow::Result<SocketAddr> {
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("binding the Prometheus endpoint on {addr}"))?;
    let bound = listener.local_addr()?;
    let registry = Arc::new(registry);
    tokio::spawn(async move {
        loop {
            match listener.accept().await {
                Ok((stream, _)) => {
                    let registry = registry.clone();
                    tokio::spawn(async move {
                        if let Err(error) = answer(stream, &registry).await {
                            tracing::debug!(target: "metrics", %error, "metrics request failed");
                        }
                    });
                }
                Err(error) => {
                    tracing::warn!(target: "metrics", %error, "accept failed");
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                }
            }
        }
    });
    Ok(bound)
}

async fn answer(mut stream: TcpStream, registry: &Registry) -> std::io::Result<()> {
    let mut head = Vec::with_capacity(512);
    let mut buf = [0u8; 1024];
    let read = tokio::time::timeout(std::time::Duration::from_secs(5), async {
        while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < MAX_REQUEST_HEAD {
            let n = stream.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        Ok::<_, std::io::Error>(())
    })
    .await;
    if !matches!(read, Ok(Ok(()))) {
        return Ok(());
    }
    let first_line = head.split(|b| *b == b'\n').next().unwrap_or_default();
    let first_line = String::from_utf8_lossy(first_line);
    let mut parts = first_line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let response = if method == "GET" && (path == "/metrics" || path.starts_with("/metrics?")) {
        let mut body = String::new();
        if encode(&mut body, registry).is_err() {
            body = "# encoding failed\n".into();
        }
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/openmetrics-text; version=1.0.0; charset=utf-8\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    } else {
        let body = "not found: metrics are at /metrics\n";
        format!(
            "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    };
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}
