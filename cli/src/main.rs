//! `metanode-cli` binary: parses arguments, runs one command, exits non-zero with a clear
//! message on any failure (RPC errors, invalid or dropped transactions, failed dispatch).

use std::process::ExitCode;

use clap::Parser;
use metanode_cli::args::{Cli, Command};
use metanode_cli::commands;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Key(key) = &cli.command {
        return commands::key::run(key);
    }
    // Offline: no runtime, no connection.
    if let Command::Verify(args) = &cli.command {
        if let Some(bundle) = &args.bundle {
            return commands::bundle::verify(bundle, &args.chain);
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        match &cli.command {
            Command::Key(_) => Ok(()),
            Command::Status => commands::status::run(&cli.rpc).await,
            Command::Balance(args) => commands::balance::run(&cli.rpc, args).await,
            Command::Transfer(args) => commands::transfer::run(&cli.rpc, args).await,
            Command::Validators(cmd) => commands::validators::run(&cli.rpc, cmd).await,
            Command::Deploy(args) => commands::app::deploy(&cli.rpc, args).await,
            Command::App(cmd) => commands::app::run(&cli.rpc, cmd).await,
            Command::Receipts(cmd) => commands::receipts::run(&cli.rpc, cmd).await,
            Command::Verify(args) => commands::receipts::verify(&cli.rpc, args).await,
            Command::ExportReceipts(args) => commands::bundle::export(&cli.rpc, args).await,
        }
    })
}
