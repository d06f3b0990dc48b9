//! `metanode-bench`: `spec`, `load`, `ceiling`, `run`. See docs/performance.md.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::{Args, Parser, Subcommand};
use metanode_bench::accounts::bench_pairs;
use metanode_bench::ceiling::measure;
use metanode_bench::load::{next_nonces, run_phase, signing_context, Phase, Target};
use metanode_bench::prepare::parse_tokens;
use metanode_bench::procstat::clock_ticks;
use metanode_bench::report::{ceiling_table, headline, phase_table};
use metanode_bench::run::{machine, run_setup, RunOptions, Setup};
use metanode_bench::spec::{bench_dev_spec, with_bench_accounts, write_spec};
use metanode_bench::submit::connect;
use metanode_chain_spec::ChainSpec;

/// Metanode benchmarks: chain specs with funded bench accounts, load over JSON-RPC, the verify ceiling, full runs.
#[derive(Debug, Parser)]
#[command(name = "metanode-bench", version)]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Debug, Subcommand)]
enum Cmd {
    /// Write a chain spec with N bench accounts (`//bench//<i>`) funded in FLX and GEN.
    Spec(SpecArgs),
    /// Send pre-signed transfers to running nodes and report what was finalized.
    Load(LoadArgs),
    /// sr25519 verifications per second on one core, single and batched.
    Ceiling {
        /// Seconds per mode.
        #[arg(long, default_value_t = 2.0)]
        seconds: f64,
    },
    /// Spawn nodes (dev and/or a 4-validator testnet), ramp the load, print tables and the headline.
    Run(RunArgs),
}

#[derive(Debug, Args)]
struct SpecArgs {
    /// Bench accounts to fund.
    #[arg(long)]
    accounts: usize,
    /// Where to write the spec.
    #[arg(long)]
    out: PathBuf,
    /// Spec to extend (e.g. `metanode testnet`'s chain-spec.json; keep its path so its keys still apply).
    /// Default: the embedded dev spec (1 validator, //Alice), renamed `bench_dev`.
    #[arg(long)]
    base: Option<PathBuf>,
}

#[derive(Debug, Args, Clone)]
struct LoadShape {
    /// WebSocket connections (accounts are split over them; connection c goes to --rpc c mod the list).
    #[arg(long, default_value_t = 8)]
    connections: usize,
    /// Transactions per JSON-RPC batch (the node allows at most 100).
    #[arg(long, default_value_t = 50)]
    batch: usize,
    /// Tokens the transfers alternate over.
    #[arg(long, default_value = "flx,gen")]
    tokens: String,
    /// Bench accounts (as funded by `spec --accounts`).
    #[arg(long, default_value_t = 4000)]
    accounts: usize,
    /// Transactions pre-signed for a --max phase (enough for its whole length at the rates this machine reaches,
    /// so it measures the sustained rate rather than a burst and its drain).
    #[arg(long, default_value_t = 240_000)]
    max_txs: usize,
    /// Seconds without finality progress after which the unfinalized rest counts as lost.
    #[arg(long, default_value_t = 30.0)]
    drain: f64,
}

#[derive(Debug, Args)]
struct LoadArgs {
    /// Node RPC URL(s); repeat to spread connections over nodes. The first is followed for finality.
    #[arg(long = "rpc", required = true)]
    rpc: Vec<String>,
    /// Offered transactions per second.
    #[arg(long, conflicts_with = "max", required_unless_present = "max")]
    rate: Option<f64>,
    /// As fast as the nodes accept ("pool full" is retried).
    #[arg(long)]
    max: bool,
    /// Seconds of sending.
    #[arg(long, default_value_t = 10.0)]
    duration: f64,
    /// Node process ids to measure (CPU, peak RSS); repeatable.
    #[arg(long = "pid")]
    pids: Vec<u32>,
    #[command(flatten)]
    shape: LoadShape,
}

#[derive(Debug, Args)]
struct RunArgs {
    /// Setups to run, in order (repeatable). Default: dev then testnet4.
    #[arg(long = "setup", value_enum)]
    setups: Vec<Setup>,
    /// The metanode binary. Default: `metanode` next to this binary.
    #[arg(long)]
    node_bin: Option<PathBuf>,
    /// Offered rates of the ramp (tx/s), ascending; the ramp stops at the first saturated rate.
    #[arg(long, value_delimiter = ',', default_value = "100,300,1000,3000")]
    rates: Vec<f64>,
    /// Seconds per ramp phase and for the half-peak phase.
    #[arg(long, default_value_t = 10.0)]
    phase_secs: f64,
    /// Seconds of the max phase.
    #[arg(long, default_value_t = 20.0)]
    max_secs: f64,
    /// Seconds of the verify ceiling per mode.
    #[arg(long, default_value_t = 2.0)]
    ceiling_secs: f64,
    /// Also write the tables and headline to this markdown file.
    #[arg(long)]
    out_md: Option<PathBuf>,
    /// Keep each setup's directory (specs, keys, node logs) instead of deleting it.
    #[arg(long)]
    keep_dirs: bool,
    #[command(flatten)]
    shape: LoadShape,
}

fn secs(s: f64) -> anyhow::Result<Duration> {
    Duration::try_from_secs_f64(s).with_context(|| format!("{s} is not a valid number of seconds"))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Cmd::Spec(args) => spec(args),
        Cmd::Load(args) => load(args).await,
        Cmd::Ceiling { seconds } => {
            let c = measure(secs(seconds)?)?;
            print!("{}", ceiling_table(&c));
            Ok(())
        }
        Cmd::Run(args) => run(args).await,
    }
}

fn spec(args: SpecArgs) -> anyhow::Result<()> {
    let spec = match &args.base {
        None => bench_dev_spec(args.accounts)?,
        Some(base) => with_bench_accounts(ChainSpec::from_file(base)?, args.accounts)?,
    };
    write_spec(&spec, &args.out)?;
    println!(
        "wrote {} ({} bench accounts, chain id {})",
        args.out.display(),
        args.accounts,
        spec.id
    );
    Ok(())
}

async fn load(args: LoadArgs) -> anyhow::Result<()> {
    if args.shape.accounts == 0 {
        bail!("--accounts must be at least 1");
    }
    let client = connect(&args.rpc[0])
        .await
        .with_context(|| format!("connecting to {}", args.rpc[0]))?;
    let pairs = bench_pairs(args.shape.accounts);
    let mut target = Target {
        urls: args.rpc.clone(),
        pids: args
            .pids
            .iter()
            .enumerate()
            .map(|(i, p)| (format!("pid{i}:{p}"), *p))
            .collect(),
        nonces: next_nonces(&args.rpc[0], &pairs).await?,
        pairs,
        signing: signing_context(&client).await?,
        ticks: clock_ticks(),
    };
    let phase = Phase {
        label: args
            .rate
            .map_or("max".to_string(), |r| format!("rate {r:.0}")),
        rate: if args.max { None } else { args.rate },
        duration: secs(args.duration)?,
        max_txs: args.shape.max_txs,
        connections: args.shape.connections,
        batch: args.shape.batch.clamp(1, 100),
        tokens: parse_tokens(&args.shape.tokens).map_err(anyhow::Error::msg)?,
        drain: secs(args.shape.drain)?,
    };
    let report = run_phase(&mut target, &phase).await?;
    print!(
        "{}",
        phase_table("load", std::slice::from_ref(&report), 0.0)
    );
    if report.accounting.lost > 0 {
        bail!(
            "{} accepted transactions were never finalized",
            report.accounting.lost
        );
    }
    Ok(())
}

async fn run(args: RunArgs) -> anyhow::Result<()> {
    let setups = if args.setups.is_empty() {
        vec![Setup::Dev, Setup::Testnet4]
    } else {
        args.setups.clone()
    };
    let node_bin = match args.node_bin {
        Some(p) => p,
        None => std::env::current_exe()?
            .parent()
            .context("the bench binary has no directory")?
            .join("metanode"),
    };
    let opts = RunOptions {
        node_bin,
        accounts: args.shape.accounts.max(1),
        rates: args.rates.clone(),
        phase: secs(args.phase_secs)?,
        max_phase: secs(args.max_secs)?,
        max_txs: args.shape.max_txs,
        connections: args.shape.connections,
        batch: args.shape.batch.clamp(1, 100),
        tokens: parse_tokens(&args.shape.tokens).map_err(anyhow::Error::msg)?,
        drain: secs(args.shape.drain)?,
    };
    let date = std::process::Command::new("date")
        .arg("-u")
        .arg("+%Y-%m-%d %H:%M UTC")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let mut md = format!(
        "## Run of {date}\n\nMachine: {}. Node binary: `{}`. {} bench accounts, {} connections, batches of {}, tokens {}.\n\n",
        machine(),
        opts.node_bin.display(),
        opts.accounts,
        opts.connections,
        opts.batch,
        args.shape.tokens
    );
    eprintln!("measuring the sr25519 verify ceiling (one core)…");
    let ceiling = measure(secs(args.ceiling_secs)?)?;
    md.push_str(&ceiling_table(&ceiling));
    md.push('\n');
    print!("{md}");
    let mut results = Vec::new();
    for setup in setups {
        let dir = tempfile::Builder::new()
            .prefix(&format!("metanode-bench-{}-", setup.name()))
            .tempdir()?;
        eprintln!("starting {} in {}", setup.name(), dir.path().display());
        let result = run_setup(setup, dir.path(), &opts).await;
        if args.keep_dirs {
            eprintln!("kept {}", dir.keep().display());
        }
        let result = result?;
        let table = result.table(&ceiling);
        println!("{table}");
        md.push_str(&table);
        md.push('\n');
        results.push(result);
    }
    let find = |s: Setup| results.iter().find(|r| r.setup == s);
    let dev = find(Setup::Dev).map_or(0.0, |r| r.peak());
    let testnet = find(Setup::Testnet4).map_or(0.0, |r| r.peak());
    let p50 = find(Setup::Testnet4)
        .or_else(|| find(Setup::Dev))
        .and_then(|r| r.half_peak_p50())
        .unwrap_or_default();
    let line = headline(dev, testnet, ceiling.best_batched(), p50);
    md.push_str(&format!("\n`{line}`\n"));
    if let Some(path) = &args.out_md {
        std::fs::write(path, &md).with_context(|| format!("writing {}", path.display()))?;
    }
    println!("{line}");
    Ok(())
}
