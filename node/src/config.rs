//! Turning command-line arguments into a validated node configuration, once, before anything starts.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use metanode_chain_spec::{dev_spec, ChainSpec, ChainType};
use metanode_primitives::Pair;

use crate::cli::{ChainArgs, StartArgs, StorageArgs};
use crate::keystore;
use crate::p2p::{self, P2pSettings};

/// Prometheus port when none is given.
pub const DEFAULT_PROMETHEUS_PORT: u16 = 9615;

/// RPC server settings.
#[derive(Clone, Debug)]
pub struct RpcConfig {
    /// Listen address.
    pub addr: SocketAddr,
    /// Whether the server listens beyond loopback (unsafe methods are then refused).
    pub external: bool,
    /// Connection limit.
    pub max_connections: u32,
    /// Request/response body limit in bytes.
    pub max_request_bytes: u32,
    /// Subscriptions per connection.
    pub max_subscriptions: u32,
}

/// Everything `metanode start` runs with.
pub struct NodeConfig {
    /// The chain.
    pub spec: ChainSpec,
    /// Where the database lives.
    pub db_path: PathBuf,
    /// The validator session key, when validating.
    pub validator_key: Option<Pair>,
    /// Node name.
    pub name: String,
    /// RPC settings.
    pub rpc: RpcConfig,
    /// Prometheus endpoint, and whether its port was asked for explicitly; `None` with `--no-prometheus`.
    pub prometheus: Option<(SocketAddr, bool)>,
    /// P2P settings; `None` when the chain has nobody to talk to (one validator, no allowed peers, no bootnodes).
    pub p2p: Option<P2pSettings>,
    /// Keeps a `--tmp` base directory alive; deleted on drop.
    pub _tmp_dir: Option<tempfile::TempDir>,
}

/// The chain spec `--chain`/`--dev` select.
pub fn load_chain_spec(args: &ChainArgs) -> anyhow::Result<ChainSpec> {
    match args.chain.as_deref() {
        None | Some("dev") => Ok(dev_spec()),
        Some(path) => ChainSpec::from_file(Path::new(path))
            .with_context(|| format!("loading chain spec {path}")),
    }
}

/// The base directory, creating a temporary one for `--tmp` (and `--dev` without `--base-path`).
pub fn base_path(
    storage: &StorageArgs,
    dev: bool,
) -> anyhow::Result<(PathBuf, Option<tempfile::TempDir>)> {
    if storage.tmp || (dev && storage.base_path.is_none()) {
        let dir = tempfile::Builder::new()
            .prefix("metanode-")
            .tempdir()
            .context("creating a temporary base path")?;
        return Ok((dir.path().to_path_buf(), Some(dir)));
    }
    match &storage.base_path {
        Some(path) => Ok((path.clone(), None)),
        None => {
            let data = dirs::data_dir().context("no user data directory; pass --base-path")?;
            Ok((data.join("metanode"), None))
        }
    }
}

/// `<base>/chains/<id>`.
pub fn chain_dir(base: &Path, spec: &ChainSpec) -> PathBuf {
    base.join("chains").join(&spec.id)
}

impl NodeConfig {
    /// Validates `args` and resolves defaults.
    pub fn from_args(args: &StartArgs) -> anyhow::Result<Self> {
        let spec = load_chain_spec(&args.chain)?;
        let (base, tmp) = base_path(&args.storage, args.chain.dev)?;
        let chain_dir = chain_dir(&base, &spec);
        let validates =
            args.validator || args.chain.dev || spec.chain_type == ChainType::Development;
        let validator_key = if validates {
            Some(session_key(&spec, &chain_dir)?)
        } else {
            None
        };
        let ip = if args.rpc.rpc_external {
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        } else {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        };
        let networked = spec.validators.len() > 1
            || !spec.allowed_peers.is_empty()
            || !spec.boot_nodes.is_empty()
            || !args.network.bootnodes.is_empty();
        let p2p = networked.then(|| P2pSettings {
            port: args.network.port,
            extra_bootnodes: args.network.bootnodes.clone(),
            node_key_path: p2p::node_key_path(&chain_dir),
        });
        let prometheus_ip = if args.prometheus_external {
            IpAddr::V4(Ipv4Addr::UNSPECIFIED)
        } else {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        };
        let prometheus = (!args.no_prometheus).then(|| {
            (
                SocketAddr::new(
                    prometheus_ip,
                    args.prometheus_port.unwrap_or(DEFAULT_PROMETHEUS_PORT),
                ),
                args.prometheus_port.is_some(),
            )
        });
        Ok(NodeConfig {
            prometheus,
            p2p,
            db_path: chain_dir.join("db"),
            validator_key,
            name: args.name.clone().unwrap_or_else(default_name),
            rpc: RpcConfig {
                addr: SocketAddr::new(ip, args.rpc.rpc_port),
                external: args.rpc.rpc_external,
                max_connections: args.rpc.rpc_max_connections,
                max_request_bytes: args.rpc.rpc_max_request_size.saturating_mul(1024 * 1024),
                max_subscriptions: args.rpc.rpc_max_subscriptions_per_connection,
            },
            spec,
            _tmp_dir: tmp,
        })
    }
}

/// The session key: the keystore's, or //Alice on a development chain. It must be in the validator set.
fn session_key(spec: &ChainSpec, chain_dir: &Path) -> anyhow::Result<Pair> {
    let pair = match keystore::load_session_key(chain_dir)? {
        Some(pair) => pair,
        None if spec.chain_type == ChainType::Development => {
            Pair::from_string("//Alice", None).context("deriving //Alice")?
        }
        None => bail!(
            "--validator needs a session key: run `metanode key insert --suri <secret> --chain {} --base-path <path>` \
             (expected at {})",
            spec.id,
            keystore::session_key_path(chain_dir).display()
        ),
    };
    // A key outside the genesis set is fine: the node votes once the Admin adds it to the on-chain set.
    Ok(pair)
}

fn default_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "metanode".into());
    format!("{host}-{}", std::process::id())
}
