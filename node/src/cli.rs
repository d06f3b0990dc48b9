//! Command-line interface, in Substrate's conventions plus the seed's simple verbs.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Metanode: a permissioned HotStuff-BFT chain node.
#[derive(Debug, Parser)]
#[command(name = "metanode", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a node. With no flags: a single-validator development chain whose data survives restarts.
    Start(StartArgs),
    /// Print a chain spec as JSON (the embedded dev spec unless --chain is given).
    BuildSpec(BuildSpecArgs),
    /// Generate, inspect and install keys.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Delete a chain's database (keys are kept).
    PurgeChain(PurgeChainArgs),
    /// Show a running node's chain, heads and peers over JSON-RPC.
    Status(StatusArgs),
    /// Write a chain spec, keys and base paths for an N-validator testnet on this machine.
    Testnet(TestnetArgs),
}

/// `metanode testnet`.
#[derive(Debug, Clone, Args)]
pub struct TestnetArgs {
    /// Number of validators (1 to 100).
    #[arg(long, default_value_t = 4)]
    pub validators: usize,
    /// Number of extra non-validator (full) nodes allowed to connect.
    #[arg(long, default_value_t = 1)]
    pub full_nodes: usize,
    /// Output directory; must not exist or be empty.
    #[arg(long, default_value = "./testnet")]
    pub out: PathBuf,
    /// P2P port of node0; node i listens on this + i (full nodes follow the validators).
    #[arg(long, default_value_t = 30333)]
    pub p2p_port: u16,
    /// JSON-RPC port of node0; node i serves on this + i.
    #[arg(long, default_value_t = 9944)]
    pub rpc_port: u16,
    /// Prometheus port of node0; node i serves metrics on this + i.
    #[arg(long, default_value_t = 9615)]
    pub prometheus_port: u16,
}

/// Which chain.
#[derive(Debug, Clone, Args)]
pub struct ChainArgs {
    /// Chain spec: `dev` (embedded) or a path to a chain spec JSON file. Default: dev.
    #[arg(long, value_name = "SPEC")]
    pub chain: Option<String>,
    /// Development mode: the dev chain, validating as //Alice, in a temporary directory unless --base-path is given.
    #[arg(long)]
    pub dev: bool,
}

/// Where data lives.
#[derive(Debug, Clone, Args)]
pub struct StorageArgs {
    /// Base directory for databases and keys. Default: `<user data dir>/metanode`.
    #[arg(long, short = 'd', value_name = "PATH")]
    pub base_path: Option<PathBuf>,
    /// Use a temporary base directory that is deleted when the node stops.
    #[arg(long, conflicts_with = "base_path")]
    pub tmp: bool,
}

/// JSON-RPC server.
#[derive(Debug, Clone, Args)]
pub struct RpcArgs {
    /// JSON-RPC port (HTTP and WebSocket on the same port).
    #[arg(long, default_value_t = 9944)]
    pub rpc_port: u16,
    /// Listen on all interfaces instead of 127.0.0.1 (only safe methods are served externally).
    #[arg(long)]
    pub rpc_external: bool,
    /// Most concurrent RPC connections.
    #[arg(long, default_value_t = 100)]
    pub rpc_max_connections: u32,
    /// Largest RPC request and response body, in MiB.
    #[arg(long, default_value_t = 15)]
    pub rpc_max_request_size: u32,
    /// Most subscriptions per connection.
    #[arg(long, default_value_t = 1024)]
    pub rpc_max_subscriptions_per_connection: u32,
}

/// Peer-to-peer networking.
#[derive(Debug, Clone, Args)]
pub struct NetworkArgs {
    /// P2P listen port.
    #[arg(long, default_value_t = 30333)]
    pub port: u16,
    /// Extra bootnodes (multiaddrs), added to the chain spec's.
    #[arg(long, value_name = "MULTIADDR")]
    pub bootnodes: Vec<String>,
}

/// `metanode start`.
#[derive(Debug, Clone, Args)]
pub struct StartArgs {
    #[command(flatten)]
    /// Chain selection.
    pub chain: ChainArgs,
    #[command(flatten)]
    /// Storage location.
    pub storage: StorageArgs,
    #[command(flatten)]
    /// RPC server.
    pub rpc: RpcArgs,
    #[command(flatten)]
    /// Networking.
    pub network: NetworkArgs,
    /// Take part in consensus with this node's session key (implied on the dev chain).
    #[arg(long)]
    pub validator: bool,
    /// Node name shown by `system_name` and in logs.
    #[arg(long)]
    pub name: Option<String>,
    /// Prometheus metrics port (http://127.0.0.1:<port>/metrics). Default 9615; when the default port is taken the
    /// node starts without metrics and says so, an explicit port that is taken is an error.
    #[arg(long)]
    pub prometheus_port: Option<u16>,
    /// Serve metrics on all interfaces instead of 127.0.0.1.
    #[arg(long)]
    pub prometheus_external: bool,
    /// Do not serve metrics.
    #[arg(long, conflicts_with_all = ["prometheus_port", "prometheus_external"])]
    pub no_prometheus: bool,
    /// Log filter, e.g. `info,consensus=debug`.
    #[arg(long, short = 'l', env = "RUST_LOG", default_value = "info")]
    pub log: String,
}

/// `metanode build-spec`.
#[derive(Debug, Clone, Args)]
pub struct BuildSpecArgs {
    #[command(flatten)]
    /// Chain selection.
    pub chain: ChainArgs,
    /// Replace the typed genesis by raw storage.
    #[arg(long)]
    pub raw: bool,
}

/// `metanode purge-chain`.
#[derive(Debug, Clone, Args)]
pub struct PurgeChainArgs {
    #[command(flatten)]
    /// Chain selection.
    pub chain: ChainArgs,
    #[command(flatten)]
    /// Storage location.
    pub storage: StorageArgs,
    /// Do not ask for confirmation.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

/// `metanode status`.
#[derive(Debug, Clone, Args)]
pub struct StatusArgs {
    /// The node's JSON-RPC endpoint.
    #[arg(long, default_value = "ws://127.0.0.1:9944")]
    pub url: String,
}

/// `metanode key ...`.
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Generate a new sr25519 key with a BIP39 phrase.
    Generate {
        /// Number of words: 12 or 24.
        #[arg(long, default_value_t = 12)]
        words: usize,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Show the public key and address of a secret URI (`//Alice`, a phrase with junctions, or 0x-seed).
    Inspect {
        /// The secret URI.
        suri: String,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Install a session key into a node's keystore so `metanode start --validator` uses it.
    Insert {
        /// The secret URI of the session key.
        #[arg(long)]
        suri: String,
        #[command(flatten)]
        /// Chain selection.
        chain: ChainArgs,
        #[command(flatten)]
        /// Storage location.
        storage: StorageArgs,
    },
}
