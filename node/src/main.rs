//! `metanode`: the Metanode validator and full node.

mod chain;
mod cli;
mod commands;
mod config;
mod driver;
mod keystore;
mod metrics;
mod p2p;
mod pool;
mod rpc;
mod service;
mod sync;
#[cfg(test)]
mod test_fixtures;

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = cli::Cli::parse();
    match commands::run(cli) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
