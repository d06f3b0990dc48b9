//! One function per subcommand.

mod build_spec;
mod key;
mod purge_chain;
mod start;
mod status;
mod testnet;

use crate::cli::{Cli, Command};

/// Runs the parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Start(args) => start::run(args),
        Command::BuildSpec(args) => build_spec::run(args),
        Command::Key(command) => key::run(command),
        Command::PurgeChain(args) => purge_chain::run(args),
        Command::Status(args) => status::run(args),
        Command::Testnet(args) => testnet::run(args),
    }
}

/// A multi-threaded tokio runtime for commands that need one.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("metanode")
        .build()?)
}
