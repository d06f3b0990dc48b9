//! Command-line arguments (clap derive). Doc comments here are the `--help` text.
//!
//! One `Args` struct per concern: [`RpcArgs`] (where the node is, global), [`KeyOutputArgs`]
//! (how keys are printed), [`SendArgs`] (who signs and how long to wait), and one struct per command. Values
//! the chain would refuse (app names, replica counts, image digests, network keys) are refused here, by their
//! value parsers, before anything is sent.

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Metanode wallet and ops client over JSON-RPC: keys, balances, transfers, app deployments, receipts, node status
/// and the validator set.
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
    /// Deploy a new app (Containers.deploy) owned by `--from` and wait until it is final.
    Deploy(DeployArgs),
    /// Change, show or list deployed apps (Containers pallet).
    #[command(subcommand)]
    App(AppCommand),
    /// List an account's or an app's receipts (newest first), or show one with `receipts show <id>`.
    Receipts(ReceiptsCommand),
    /// Fetch a receipt's proof from the node and verify it locally against a trusted chain spec, or verify an
    /// evidence bundle offline (`--bundle`, no node).
    Verify(VerifyArgs),
    /// Write an evidence bundle of accounts' and apps' receipts (proofs, headers, certificates) for offline
    /// verification.
    ExportReceipts(ExportReceiptsArgs),
}

/// `export-receipts`.
#[derive(Debug, Clone, Args)]
pub struct ExportReceiptsArgs {
    /// An account whose receipts to export: SS58 address, 0x public key, or a dev name such as //Alice.
    /// Repeatable; combinable with --app.
    #[arg(
        long = "account",
        value_name = "ACCOUNT",
        required_unless_present = "apps"
    )]
    pub accounts: Vec<String>,
    /// An app whose receipts to export (the calls that name it: deploy, update, scale, stop, remove).
    /// Repeatable; combinable with --account.
    #[arg(long = "app", value_name = "NAME", value_parser = parse_app_name)]
    pub apps: Vec<String>,
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

/// `receipts`: `receipts <account|app>` lists, `receipts show <id>` shows one.
#[derive(Debug, Clone, Args)]
#[command(args_conflicts_with_subcommands = true, arg_required_else_help = true)]
pub struct ReceiptsCommand {
    /// `show <id>`.
    #[command(subcommand)]
    pub action: Option<ReceiptsAction>,
    /// Whose receipts: an account (SS58 address, 0x public key, or a dev name such as //Alice), else an app
    /// name (e.g. web-shop).
    #[arg(value_name = "ACCOUNT|APP")]
    pub subject: Option<String>,
    /// List this app's receipts, even if its name would also read as an account.
    #[arg(long, value_name = "NAME", value_parser = parse_app_name, conflicts_with = "subject")]
    pub app: Option<String>,
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

/// Who signs a transaction and how long to wait for it (shared by the transaction-sending app commands).
#[derive(Debug, Clone, Args)]
pub struct SendArgs {
    /// The signer: a secret URI (//Alice, a phrase with junctions) or a key file (a SURI, or the JSON of
    /// `key generate --output-type json`).
    #[arg(long, value_name = "KEY")]
    pub from: String,
    /// Seconds to wait for finality before giving up.
    #[arg(long, default_value_t = 60)]
    pub timeout: u64,
}

/// An app's image and manifest, as `deploy` and `app update` take them.
#[derive(Debug, Clone, Args)]
pub struct ImageArgs {
    /// The OCI image digest: `sha256:` and 64 hex digits, or the 64 hex digits alone.
    #[arg(long, value_name = "DIGEST", value_parser = parse_image_digest)]
    pub image: [u8; 32],
    /// The deployment manifest file; the chain records the blake3 hash of its bytes.
    #[arg(long, value_name = "FILE")]
    pub manifest: std::path::PathBuf,
}

/// `deploy`.
#[derive(Debug, Clone, Args)]
pub struct DeployArgs {
    /// The app's name: 3 to 64 of a-z, 0-9 and `-`, not starting or ending with `-`; unique on the chain.
    #[arg(value_parser = parse_app_name)]
    pub name: String,
    /// Image and manifest.
    #[command(flatten)]
    pub image: ImageArgs,
    /// Instances wanted, 1 to 1024.
    #[arg(long, default_value_t = 1, value_parser = parse_replicas)]
    pub replicas: u32,
    /// Signer and timeout.
    #[command(flatten)]
    pub send: SendArgs,
}

/// `app` subcommands. All but `show` and `list` are signed by the app's owner.
#[derive(Debug, Subcommand)]
pub enum AppCommand {
    /// Point an app at a new image and/or manifest (Containers.update); its version goes up by one.
    Update(AppUpdateArgs),
    /// Set an app's replica count (Containers.scale); a stopped app is started.
    Scale(AppScaleArgs),
    /// Stop a running app (Containers.stop); its record and replica count are kept.
    Stop(AppNameArgs),
    /// Delete an app's record (Containers.remove); the name becomes free.
    Remove(AppNameArgs),
    /// Show one app's record at the last finalized block.
    Show(AppShowArgs),
    /// List an account's apps at the last finalized block, in deploy order.
    List(AppListArgs),
}

/// `app update`.
#[derive(Debug, Clone, Args)]
pub struct AppUpdateArgs {
    /// The app's name.
    #[arg(value_parser = parse_app_name)]
    pub name: String,
    /// The new image and manifest (give both; at least one must differ from the current ones).
    #[command(flatten)]
    pub image: ImageArgs,
    /// Signer (the owner) and timeout.
    #[command(flatten)]
    pub send: SendArgs,
}

/// `app scale`.
#[derive(Debug, Clone, Args)]
pub struct AppScaleArgs {
    /// The app's name.
    #[arg(value_parser = parse_app_name)]
    pub name: String,
    /// Instances wanted, 1 to 1024.
    #[arg(value_parser = parse_replicas)]
    pub replicas: u32,
    /// Signer (the owner) and timeout.
    #[command(flatten)]
    pub send: SendArgs,
}

/// `app stop` and `app remove`.
#[derive(Debug, Clone, Args)]
pub struct AppNameArgs {
    /// The app's name.
    #[arg(value_parser = parse_app_name)]
    pub name: String,
    /// Signer (the owner) and timeout.
    #[command(flatten)]
    pub send: SendArgs,
}

/// `app show`.
#[derive(Debug, Clone, Args)]
pub struct AppShowArgs {
    /// The app's name.
    #[arg(value_parser = parse_app_name)]
    pub name: String,
}

/// `app list`.
#[derive(Debug, Clone, Args)]
pub struct AppListArgs {
    /// The owner: SS58 address, 0x public key, or a dev name such as //Alice.
    pub owner: String,
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

/// An app name as the Containers pallet accepts it ([`containers::validate_name`]).
///
/// [`containers::validate_name`]: metanode_runtime::containers::validate_name
pub fn parse_app_name(text: &str) -> Result<String, String> {
    use metanode_runtime::containers::{validate_name, MAX_NAME_LEN, MIN_NAME_LEN};
    validate_name(text.as_bytes()).map_err(|_| {
        format!(
            "{text:?} is not an app name: {MIN_NAME_LEN} to {MAX_NAME_LEN} of a-z, 0-9 and `-`, not starting or \
             ending with `-`"
        )
    })?;
    Ok(text.to_string())
}

/// A replica count as the Containers pallet accepts it: 1 to [`MAX_REPLICAS`].
///
/// [`MAX_REPLICAS`]: metanode_runtime::containers::MAX_REPLICAS
pub fn parse_replicas(text: &str) -> Result<u32, String> {
    let max = metanode_runtime::containers::MAX_REPLICAS;
    text.parse::<u32>()
        .ok()
        .filter(|n| (1..=max).contains(n))
        .ok_or_else(|| format!("{text:?} replicas: give a whole number from 1 to {max}"))
}

/// An OCI sha256 image digest, `sha256:<64 hex>` or the 64 hex digits alone, as its 32 bytes.
pub fn parse_image_digest(text: &str) -> Result<[u8; 32], String> {
    let hex_part = match text.split_once(':') {
        Some(("sha256", rest)) => rest,
        Some((algorithm, _)) => {
            return Err(format!(
                "the image digest uses {algorithm:?}; only sha256 digests (sha256:<64 hex digits>) are accepted"
            ))
        }
        None => text,
    };
    if hex_part.len() != 64 {
        return Err(format!(
            "the image digest has {} characters after any `sha256:`; a sha256 digest is 64 hex digits",
            hex_part.len()
        ));
    }
    let mut digest = [0u8; 32];
    hex::decode_to_slice(hex_part, &mut digest)
        .map_err(|_| format!("the image digest {hex_part:?} is not hexadecimal"))?;
    Ok(digest)
}

fn parse_words(text: &str) -> Result<usize, String> {
    match text {
        "12" => Ok(12),
        "24" => Ok(24),
        other => Err(format!("{other} words is not supported; use 12 or 24")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("metanode-cli").chain(args.iter().copied()))
    }

    const HEX: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    #[test]
    fn image_digests_with_and_without_prefix() {
        let bytes = hex::decode(HEX).unwrap();
        assert_eq!(parse_image_digest(HEX).unwrap().to_vec(), bytes);
        assert_eq!(
            parse_image_digest(&format!("sha256:{HEX}"))
                .unwrap()
                .to_vec(),
            bytes
        );
        assert_eq!(
            parse_image_digest(&HEX.to_uppercase()).unwrap().to_vec(),
            bytes
        );
    }

    #[test]
    fn bad_image_digests_say_why() {
        let short = parse_image_digest(&format!("sha256:{}", &HEX[..62])).unwrap_err();
        assert!(short.contains("62 characters"), "{short}");
        let long = parse_image_digest(&format!("{HEX}00")).unwrap_err();
        assert!(long.contains("66 characters"), "{long}");
        let not_hex = parse_image_digest(&format!("{}zz", &HEX[..62])).unwrap_err();
        assert!(not_hex.contains("not hexadecimal"), "{not_hex}");
        let other = parse_image_digest(&format!("sha512:{HEX}")).unwrap_err();
        assert!(other.contains("only sha256"), "{other}");
        assert!(parse_image_digest("").is_err());
    }

    #[test]
    fn names_and_replicas_are_checked_before_sending() {
        assert_eq!(parse_app_name("web-shop").unwrap(), "web-shop");
        for bad in ["ab", "Web", "-web", "web-", "web_shop", &"a".repeat(65)] {
            assert!(parse_app_name(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_replicas("1024").unwrap(), 1024);
        for bad in ["0", "1025", "-1", "two"] {
            assert!(parse_replicas(bad).is_err(), "{bad}");
        }
        let image = format!("sha256:{HEX}");
        let deploy = |name: &str, replicas: &str| {
            parse(&[
                "deploy",
                name,
                "--image",
                &image,
                "--manifest",
                "m.yaml",
                "--replicas",
                replicas,
                "--from",
                "//Alice",
            ])
        };
        let cli = deploy("web-shop", "3").unwrap();
        let Command::Deploy(args) = cli.command else {
            panic!("deploy expected");
        };
        assert_eq!((args.name.as_str(), args.replicas), ("web-shop", 3));
        assert_eq!(args.send.timeout, 60);
        assert!(deploy("Web", "3").is_err());
        assert!(deploy("web-shop", "0").is_err());
    }

    #[test]
    fn app_subcommands_parse() {
        let cli = parse(&["app", "scale", "web-shop", "5", "--from", "//Alice"]).unwrap();
        assert!(matches!(cli.command, Command::App(AppCommand::Scale(ref a)) if a.replicas == 5));
        let cli = parse(&["app", "list", "//Alice"]).unwrap();
        assert!(matches!(cli.command, Command::App(AppCommand::List(_))));
        assert!(
            parse(&["app", "stop", "web-shop"]).is_err(),
            "--from is required"
        );
        assert!(parse(&["app", "update", "web-shop", "--from", "//Alice"]).is_err());
    }

    #[test]
    fn receipts_and_export_take_apps() {
        let cli = parse(&["receipts", "--app", "web-shop"]).unwrap();
        assert!(
            matches!(cli.command, Command::Receipts(ref r) if r.app.as_deref() == Some("web-shop"))
        );
        assert!(parse(&["receipts", "--app", "x"]).is_err());
        assert!(parse(&["receipts", "//Alice", "--app", "web-shop"]).is_err());
        let cli = parse(&[
            "export-receipts",
            "--app",
            "web-shop",
            "--app",
            "api-1",
            "--account",
            "//Bob",
            "--out",
            "b.json",
        ])
        .unwrap();
        let Command::ExportReceipts(args) = cli.command else {
            panic!("export-receipts expected");
        };
        assert_eq!(args.apps, ["web-shop", "api-1"]);
        assert_eq!(args.accounts, ["//Bob"]);
        assert!(parse(&["export-receipts", "--app", "web-shop", "--out", "b.json"]).is_ok());
    }
}
