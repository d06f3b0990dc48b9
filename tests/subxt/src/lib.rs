//! A throwaway Metanode dev node for the stock-subxt compatibility test: started on free ports in a fresh base path,
//! killed (and its base path removed) when dropped. The node is reached only through JSON-RPC, like any subxt user.

use std::fmt::Display;
use std::fs::File;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use subxt::config::RpcConfigFor;
use subxt::rpcs::{LegacyRpcMethods, RpcClient};
use subxt::SubstrateConfig;

/// Legacy (`chain_*`, `state_*`) RPC methods typed for the stock [`SubstrateConfig`].
pub type Rpc = LegacyRpcMethods<RpcConfigFor<SubstrateConfig>>;

/// The `metanode` binary: `$METANODE_BIN` if set, else `${CARGO_TARGET_DIR_MAIN:-$HOME/.cache/metanode/target}/debug/metanode`.
/// Panics with build instructions if the file does not exist.
pub fn metanode_bin() -> PathBuf {
    let path = match std::env::var_os("METANODE_BIN") {
        Some(bin) => PathBuf::from(bin),
        None => {
            let target = match std::env::var_os("CARGO_TARGET_DIR_MAIN") {
                Some(dir) => PathBuf::from(dir),
                None => {
                    let home = std::env::var_os("HOME").expect("HOME is set (or set METANODE_BIN)");
                    PathBuf::from(home).join(".cache/metanode/target")
                }
            };
            target.join("debug/metanode")
        }
    };
    assert!(
        path.is_file(),
        "metanode binary not found at {}: build the node first (`make build`, or from the repository root \
         `CARGO_TARGET_DIR=$HOME/.cache/metanode/target cargo build --workspace --bins --tests`), or point \
         METANODE_BIN at it",
        path.display()
    );
    path
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("binding an ephemeral port")
}

/// A running `metanode start --dev` child process; killed on drop.
pub struct DevNode {
    child: Child,
    base: PathBuf,
    log: PathBuf,
    rpc_port: u16,
}

impl DevNode {
    /// Starts `metanode start --dev` in a fresh base path under the system temp dir, on free RPC, p2p and
    /// Prometheus ports, with stdout and stderr going to `<base>/node.log`.
    pub fn start() -> DevNode {
        let bin = metanode_bin();
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let base =
            std::env::temp_dir().join(format!("metanode-subxt-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&base).expect("creating the node's base path");
        let log = base.join("node.log");
        let out = File::create(&log).expect("creating the node log");
        let rpc_port = free_port();
        let child = Command::new(&bin)
            .arg("start")
            .arg("--dev")
            .arg("--base-path")
            .arg(&base)
            .arg("--rpc-port")
            .arg(rpc_port.to_string())
            .arg("--port")
            .arg(free_port().to_string())
            .arg("--prometheus-port")
            .arg(free_port().to_string())
            // Plain log lines in failure messages.
            .env("NO_COLOR", "1")
            .stdout(Stdio::from(out.try_clone().expect("log fd")))
            .stderr(Stdio::from(out))
            .spawn()
            .unwrap_or_else(|e| panic!("spawning {}: {e}", bin.display()));
        DevNode {
            child,
            base,
            log,
            rpc_port,
        }
    }

    /// `ws://127.0.0.1:<rpc port>`.
    pub fn url(&self) -> String {
        format!("ws://127.0.0.1:{}", self.rpc_port)
    }

    /// The node's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Panics with `what`, the error and the node log.
    #[track_caller]
    pub fn fail(&self, what: &str, error: impl Display) -> ! {
        panic!("{what}: {error}\n--- node log ---\n{}", self.log())
    }

    /// Unwraps `result`, or fails with `what`, the error and the node log.
    #[track_caller]
    pub fn ok<T, E: Display>(&self, result: Result<T, E>, what: &str) -> T {
        match result {
            Ok(value) => value,
            Err(e) => self.fail(what, e),
        }
    }

    /// Connects an RPC client (retrying until the server answers) and waits until the finalized head is at least
    /// `number`. Fails with the node log if either does not happen within `limit` (a liveness bound, not a timing
    /// assertion).
    pub async fn wait_finalized(&self, number: u64, limit: Duration) -> RpcClient {
        let deadline = Instant::now() + limit;
        let client = loop {
            match RpcClient::from_insecure_url(self.url()).await {
                Ok(client) => break client,
                Err(e) if Instant::now() >= deadline => self.fail("node RPC never came up", e),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        };
        let rpc = Rpc::new(client.clone());
        loop {
            let hash = self.ok(
                rpc.chain_get_finalized_head().await,
                "chain_getFinalizedHead",
            );
            let header = self
                .ok(rpc.chain_get_header(Some(hash)).await, "chain_getHeader")
                .unwrap_or_else(|| self.fail("chain_getHeader", "finalized head has no header"));
            if header.number >= number {
                return client;
            }
            if Instant::now() >= deadline {
                self.fail(
                    &format!(
                        "finalized head stuck at #{} (wanted #{number})",
                        header.number
                    ),
                    "gave up",
                );
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }
}

impl Drop for DevNode {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.base);
    }
}
