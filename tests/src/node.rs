//! A `metanode` child process.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use jsonrpsee::ws_client::{WsClient, WsClientBuilder};
use metanode_rpc::{ChainApiClient, Header};

use crate::process::{bin_path, free_port};

/// How a node is started.
#[derive(Clone, Debug)]
pub struct NodeOptions {
    /// Arguments after `metanode start` (base path and ports are added by the harness).
    pub args: Vec<String>,
}

impl NodeOptions {
    /// The dev chain: `--dev` on a persistent base path.
    pub fn dev() -> Self {
        NodeOptions {
            args: vec!["--dev".into()],
        }
    }
}

/// A running (or killed) node with its own base path and ports.
pub struct Node {
    child: Option<Child>,
    options: NodeOptions,
    base: PathBuf,
    rpc_port: u16,
    p2p_port: u16,
    prometheus_port: u16,
    log: PathBuf,
    _dir: Option<tempfile::TempDir>,
}

impl Node {
    /// Starts a node in a fresh temporary base path.
    pub fn start(options: NodeOptions) -> Node {
        let dir = tempfile::Builder::new()
            .prefix("metanode-test-")
            .tempdir()
            .expect("temp dir");
        let base = dir.path().to_path_buf();
        let mut node = Node {
            child: None,
            options,
            log: base.join("node.log"),
            base,
            rpc_port: free_port(),
            p2p_port: free_port(),
            prometheus_port: free_port(),
            _dir: Some(dir),
        };
        node.spawn();
        node
    }

    /// Starts a node on a given base path (which outlives the node) and ports.
    pub fn start_at(options: NodeOptions, base: PathBuf, rpc_port: u16, p2p_port: u16) -> Node {
        std::fs::create_dir_all(&base).expect("base path");
        let mut node = Node {
            child: None,
            options,
            log: base.join("node.log"),
            base,
            rpc_port,
            p2p_port,
            prometheus_port: free_port(),
            _dir: None,
        };
        node.spawn();
        node
    }

    fn spawn(&mut self) {
        let log = File::options()
            .create(true)
            .append(true)
            .open(&self.log)
            .expect("log file");
        let child = Command::new(bin_path("metanode"))
            .arg("start")
            .args(&self.options.args)
            .arg("--base-path")
            .arg(&self.base)
            .arg("--rpc-port")
            .arg(self.rpc_port.to_string())
            .arg("--port")
            .arg(self.p2p_port.to_string())
            .arg("--prometheus-port")
            .arg(self.prometheus_port.to_string())
            .arg("--log")
            .arg("info,consensus=debug,sync=debug")
            .stdout(Stdio::from(log.try_clone().expect("log fd")))
            .stderr(Stdio::from(log))
            .spawn()
            .expect("spawning metanode");
        self.child = Some(child);
    }

    /// `ws://127.0.0.1:<rpc port>`.
    pub fn url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.rpc_port)
    }

    /// The node's Prometheus metrics text (`GET /metrics`), fetched over a plain TCP connection.
    pub fn metrics(&self) -> String {
        use std::io::{Read, Write};
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.prometheus_port))
            .expect("connecting to the metrics endpoint");
        stream
            .write_all(b"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            .expect("metrics request");
        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .expect("metrics response");
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
        response
    }

    /// The value of metric `name` (a gauge or counter without labels), if exported.
    pub fn metric(&self, name: &str) -> Option<f64> {
        self.metrics().lines().find_map(|line| {
            let (key, value) = line.split_once(' ')?;
            (key == name).then(|| value.trim().parse().ok()).flatten()
        })
    }

    /// The node's base path.
    pub fn base_path(&self) -> &Path {
        &self.base
    }

    /// The node's log so far (for failure messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Connects a WebSocket JSON-RPC client, retrying until the server is up (panics with the log after `timeout`).
    pub async fn client(&self, timeout: Duration) -> WsClient {
        let deadline = Instant::now() + timeout;
        loop {
            match WsClientBuilder::default()
                .request_timeout(Duration::from_secs(30))
                .build(self.url())
                .await
            {
                Ok(client) => return client,
                Err(e) if Instant::now() < deadline => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!(
                    "node RPC never came up: {e}\n--- node log ---\n{}",
                    self.log()
                ),
            }
        }
    }

    /// Waits until the finalized head reaches `number`; returns its header.
    pub async fn wait_finalized(
        &self,
        client: &WsClient,
        number: u32,
        timeout: Duration,
    ) -> Header {
        let deadline = Instant::now() + timeout;
        loop {
            let hash = client
                .finalized_head()
                .await
                .expect("chain_getFinalizedHead");
            let header = client
                .header(Some(hash))
                .await
                .expect("chain_getHeader")
                .expect("finalized header exists");
            if header.number >= number {
                return header;
            }
            assert!(
                Instant::now() < deadline,
                "finalized head stuck at #{} (wanted #{number})\n--- node log ---\n{}",
                header.number,
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// SIGKILL, no clean shutdown.
    pub fn kill9(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// SIGTERM and wait for a clean exit; returns whether it exited with success.
    pub fn stop(&mut self) -> bool {
        let Some(mut child) = self.child.take() else {
            return false;
        };
        // SAFETY-free: signalling a child we own by pid.
        let pid = child.id() as i32;
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(pid.to_string())
            .status();
        child.wait().map(|s| s.success()).unwrap_or(false)
    }

    /// Whether the process is running (not killed or stopped by the harness).
    pub fn is_running(&self) -> bool {
        self.child.is_some()
    }

    /// Starts the process again on the same base path and ports.
    pub fn restart(&mut self) {
        self.kill9();
        self.spawn();
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        self.kill9();
    }
}
