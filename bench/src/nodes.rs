//! Spawning release `metanode` processes on 127.0.0.1 with temporary base paths, as the multi-process tests do.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use jsonrpsee::ws_client::WsClient;

use crate::finality::finalized_number;
use crate::submit::connect;

/// A running node; killed when dropped.
pub struct NodeProc {
    /// `node0`, …
    pub name: String,
    /// `ws://127.0.0.1:<rpc port>`.
    pub url: String,
    /// Its log file.
    pub log: PathBuf,
    child: Child,
}

impl NodeProc {
    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The last `lines` lines of the log, for error messages.
    pub fn log_tail(&self, lines: usize) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let all: Vec<&str> = text.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }
}

impl Drop for NodeProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// How to start one node.
pub struct NodeLaunch<'a> {
    pub bin: &'a Path,
    pub name: String,
    pub spec: &'a Path,
    pub base: PathBuf,
    pub rpc_port: u16,
    pub p2p_port: u16,
    pub prometheus_port: u16,
    pub validator: bool,
}

/// `metanode start --chain <spec> --base-path <base> --rpc-port … --port … --prometheus-port … [--validator]`,
/// output to `<base>/node.log`.
pub fn spawn(launch: NodeLaunch<'_>) -> anyhow::Result<NodeProc> {
    std::fs::create_dir_all(&launch.base)
        .with_context(|| format!("creating {}", launch.base.display()))?;
    let log = launch.base.join("node.log");
    let out = File::create(&log).with_context(|| format!("creating {}", log.display()))?;
    let mut cmd = Command::new(launch.bin);
    cmd.arg("start")
        .arg("--chain")
        .arg(launch.spec)
        .arg("--base-path")
        .arg(&launch.base)
        .args(["--rpc-port", &launch.rpc_port.to_string()])
        .args(["--port", &launch.p2p_port.to_string()])
        .args(["--prometheus-port", &launch.prometheus_port.to_string()])
        .args(["--name", &launch.name]);
    if launch.validator {
        cmd.arg("--validator");
    }
    let child = cmd
        .stdout(Stdio::from(out.try_clone()?))
        .stderr(Stdio::from(out))
        .spawn()
        .with_context(|| format!("spawning {}", launch.bin.display()))?;
    Ok(NodeProc {
        name: launch.name,
        url: format!("ws://127.0.0.1:{}", launch.rpc_port),
        log,
        child,
    })
}

/// Connects to `node` (retrying while it starts) and waits until its finalized head is at least `number`.
pub async fn wait_finalized(
    node: &NodeProc,
    number: u32,
    timeout: Duration,
) -> anyhow::Result<WsClient> {
    let deadline = Instant::now() + timeout;
    let client = loop {
        match connect(&node.url).await {
            Ok(c) => break c,
            Err(e) if Instant::now() < deadline => {
                tracing::debug!(node = %node.name, error = %e, "RPC not up yet");
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
            Err(e) => bail!(
                "{} RPC never came up: {e}\n--- log tail ---\n{}",
                node.name,
                node.log_tail(30)
            ),
        }
    };
    loop {
        let n = finalized_number(&client).await?;
        if n >= number {
            return Ok(client);
        }
        if Instant::now() > deadline {
            bail!(
                "{} finalized head stuck at #{n} (wanted #{number})\n--- log tail ---\n{}",
                node.name,
                node.log_tail(30)
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The first of `n` consecutive ports on 127.0.0.1 that are all free now, avoiding `avoid`.
pub fn free_port_run(n: u16, avoid: &[(u16, u16)]) -> anyhow::Result<u16> {
    let seed = u32::from(n) + std::process::id() * 7919;
    for attempt in 0..2000u32 {
        let start = 20_000 + ((seed + attempt * 104_729) % 40_000) as u16;
        let end = start + n;
        if avoid.iter().any(|&(a, len)| start < a + len && a < end) {
            continue;
        }
        if (start..end).all(|p| {
            TcpListener::bind(("127.0.0.1", p)).is_ok() && TcpListener::bind(("0.0.0.0", p)).is_ok()
        }) {
            return Ok(start);
        }
    }
    bail!("no run of {n} free ports found")
}
