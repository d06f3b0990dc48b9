//! Command-line arguments (clap derive). Doc comments here are the `--help` text.
//!
//! One `Args` struct per concern: [`RpcArgs`] (where the node is, global), [`KeyOutputArgs`]
//! (how keys are printed), and one struct per command.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Metanode wallet and ops client: keys, balances, transfers, node status and the validator set over JSON-RPC.
#[derive(Debug, Parser)]
#[command(name = "metanode-cli", version, propagate_version = true)]
pub struct Cli {
    /// Where the node is.
    #[command(flatten)]
    pub rpc: RpcArgs,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// Connection to the node.
#[derive(Debug, Clone, Args)]
pub struct RpcArgs {
    /// WebSocket URL of the node's JSON-RPC server.
    #[arg(
        long,
        global = true,
        env = "METANODE_URL",
        default_value = "ws://127.0.0.1:9944"
    )]
    pub url: String,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Generate or inspect sr25519 keys (offline, like `subkey`).
    #[command(subcommand)]
    Key(KeyCommand),
    /// Show an account's balance of every token (FLX, GEN, NEX, AUR).
    Balance(BalanceArgs),
    /// Send tokens and wait until the transfer is final.
    Transfer(TransferArgs),
    /// Show the chain, the node, the best and finalized blocks, and peers.
    Status,
    /// List the validator set, or change it through Admin.sudo.
    #[command(subcommand)]
    Validators(ValidatorsCommand),
    /// List an account's receipts (newest first), or show one with `receipts show <id>`.
    Receipts(ReceiptsCommand),
    /// Fetch a receipt's proof from the node and verify it locally against a trusted chain spec, or verify an
    /// evidence bundle offline (`--bundle`, no node).
    Verify(VerifyArgs),
    /// Write an evidence bundle of accounts' receipts (proofs, headers, certificates) for offline verification.
    ExportReceipts(ExportReceiptsArgs),
}

/// `export-receipts`.
#[derive(Debug, Clone, Args)]
pub struct ExportReceiptsArgs {
    /// An account whose receipts to export: SS58 address, 0x public key, or a dev name such as //Alice.
    /// Repeatable.
    #[arg(long = "account", required_unless_present = "app")]
    pub accounts: Vec<String>,
    /// An app's receipts (not available yet: the runtime records no app receipts).
    #[arg(long)]
    pub app: Option<String>,
    /// Only receipts in blocks at or after this number.
    #[arg(long)]
    pub from: Option<u32>,
    /// Only receipts in blocks at or before this number.
    #[arg(long)]
    pub to: Option<u32>,
    /// Where to write the bundle (JSON).
    #[arg(long)]
    pub out: std::path::PathBuf,
}

/// `receipts`: `receipts <account>` lists, `receipts show <id>` shows one.
#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true, arg_required_else_help = true)]
pub struct ReceiptsCommand {
    /// `show <id>`.
    #[command(subcommand)]
    pub action: Option<ReceiptsAction>,
    /// The account: SS58 address, 0x public key, or a dev name such as //Alice.
    pub account: Option<String>,
    /// Page to show, from 0.
    #[arg(long, default_value_t = 0)]
    pub page: u32,
    /// Receipts per page (1..=100).
    #[arg(long, default_value_t = 20)]
    pub page_size: u32,
}

/// `receipts` subcommands.
#[derive(Debug, Clone, Subcommand)]
pub enum ReceiptsAction {
    /// Show one receipt by id (`rx_…`).
    Show(ReceiptShowArgs),
}

/// `receipts show`.
#[derive(Debug, Clone, Args)]
pub struct ReceiptShowArgs {
    /// The receipt id, `rx_…`.
    pub id: String,
}

/// `verify`: `verify <id> --chain <spec>` (asks the node for the proof) or `verify --bundle <file> --chain <spec>`
/// (offline).
#[derive(Debug, Clone, Args)]
pub struct VerifyArgs {
    /// The receipt id, `rx_…`.
    #[arg(required_unless_present = "bundle", conflicts_with = "bundle")]
    pub id: Option<String>,
    /// An evidence bundle (from `export-receipts`) to verify offline, without any node.
    #[arg(long)]
    pub bundle: Option<std::path::PathBuf>,
    /// The trusted chain spec: a JSON file, or `dev` for the embedded development spec. Its genesis validator set
    /// is what the commit certificate is checked against.
    #[arg(long)]
    pub chain: String,
}

/// `validators` subcommands.
#[derive(Debug, Subcommand)]
pub enum ValidatorsCommand {
    /// Show the validator set (leader order) and its epoch at the last finalized block.
    List,
    /// Append a validator (Admin.sudo(Validators.add_validator)) and wait until the change is final.
    Add(ValidatorsAddArgs),
    /// Remove a validator (Admin.sudo(Validators.remove_validator)) and wait until the change is final.
    Remove(ValidatorsRemoveArgs),
}

/// `validators add`.
#[derive(Debug, Clone, Args)]
pub struct ValidatorsAddArgs {
    /// The admin key: a secret URI (//Alice, a phrase with junctions) or a key file.
    #[arg(long)]
    pub from: String,
    /// The validator's session key: SS58 address, 0x public key, or a dev name such as //Bob.
    #[arg(long)]
    pub session: String,
    /// The validator's libp2p peer id (12D3KooW...), at most 128 bytes.
    #[arg(long, value_parser = parse_network_key)]
    pub network_key: String,
    /// Seconds to wait for finality before giving up.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
}

/// `validators remove`.
#[derive(Debug, Clone, Args)]
pub struct ValidatorsRemoveArgs {
    /// The admin key: a secret URI (//Alice, a phrase with junctions) or a key file.
    #[arg(long)]
    pub from: String,
    /// The validator's session key: SS58 address, 0x public key, or a dev name such as //Bob.
    #[arg(long)]
    pub session: String,
    /// Seconds to wait for finality before giving up.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
}

/// `key` subcommands.
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Generate a new key with a BIP39 phrase.
    Generate(KeyGenerateArgs),
    /// Show the public key, address and seed of a secret URI.
    Inspect(KeyInspectArgs),
}

/// How keys are printed.
#[derive(Debug, Clone, Args)]
pub struct KeyOutputArgs {
    /// Output format; `json` is also the key-file format `transfer --from` reads.
    #[arg(long, value_enum, default_value_t = OutputType::Text)]
    pub output_type: OutputType,
    /// SS58 address prefix (42 = generic Substrate).
    #[arg(long, default_value_t = metanode_primitives::DEFAULT_SS58_PREFIX)]
    pub ss58_prefix: u16,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputType {
    /// `subkey`-style text.
    Text,
    /// `subkey`-style JSON.
    Json,
}

/// `key generate`.
#[derive(Debug, Clone, Args)]
pub struct KeyGenerateArgs {
    /// Number of words in the phrase: 12 or 24.
    #[arg(long, default_value_t = 12, value_parser = parse_words)]
    pub words: usize,
    /// Output options.
    #[command(flatten)]
    pub output: KeyOutputArgs,
}

/// `key inspect`.
#[derive(Debug, Clone, Args)]
pub struct KeyInspectArgs {
    /// Secret URI: `//Alice`, a phrase with `//hard`/`/soft` junctions and `///password`, or a 0x seed.
    pub suri: String,
    /// Output options.
    #[command(flatten)]
    pub output: KeyOutputArgs,
}

/// `balance`.
#[derive(Debug, Clone, Args)]
pub struct BalanceArgs {
    /// The account: SS58 address, 0x public key, or a dev name such as //Alice.
    pub account: String,
    /// Read at the last finalized block instead of the best block.
    #[arg(long)]
    pub finalized: bool,
}

/// The four tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum TokenArg {
    /// GEN: governance token.
    Gen,
    /// NEX: community token.
    Nex,
    /// FLX: fees and operations; every fee is paid in FLX.
    Flx,
    /// AUR: issuer-backed token, minted and burned by its issuer.
    Aur,
}

/// `transfer`.
#[derive(Debug, Clone, Args)]
pub struct TransferArgs {
    /// Sender: a secret URI (//Alice, a phrase with junctions) or a key file (a SURI, or the
    /// JSON of `key generate --output-type json`).
    #[arg(long)]
    pub from: String,
    /// Token to send.
    #[arg(long, value_enum, ignore_case = true)]
    pub token: TokenArg,
    /// Recipient: SS58 address, 0x public key, or a dev name such as //Bob.
    #[arg(long)]
    pub to: String,
    /// Amount in whole tokens, with up to the token's decimals fraction digits (e.g. 1.5).
    #[arg(allow_hyphen_values = true)]
    pub amount: String,
    /// Seconds to wait for finality before giving up.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
}

/// A network key as the Validators pallet accepts it: 1 to 128 bytes, no whitespace.
pub fn parse_network_key(text: &str) -> Result<String, String> {
    let max = metanode_runtime::validators::MAX_NETWORK_KEY_LEN;
    if text.is_empty() {
        return Err("the network key (libp2p peer id) is empty".into());
    }
    if text.len() > max {
        return Err(format!(
            "the network key is {} bytes; at most {max} are allowed",
            text.len()
        ));
    }
    if text.contains(char::is_whitespace) {
        return Err("the network key (libp2p peer id) contains whitespace".into());
    }
    Ok(text.to_string())
}

fn parse_words(text: &str) -> Result<usize, String> {
    match text {
        "12" => Ok(12),
        "24" => Ok(24),
        other => Err(format!("{other} words is not supported; use 12 or 24")),
    }
}
