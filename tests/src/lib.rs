//! Harness for multi-process tests: start real `metanode` processes on free 127.0.0.1 ports with their own base
//! paths, talk to them over JSON-RPC, run `metanode-cli`, kill -9 and restart them.
//!
//! Binaries are looked up in `$METANODE_BIN_DIR`, else next to the test executable's `deps/` directory (where
//! `cargo build -p metanode -p metanode-cli` puts them in the same target dir). `make test` builds them first.

pub mod chain;
mod node;
mod process;
pub mod receipts;
pub mod signing;
mod testnet;

pub use node::{Node, NodeOptions};
pub use process::{bin_path, cli, free_port, validators_add, CliOutput};
pub use testnet::Testnet;
