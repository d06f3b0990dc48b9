//! `metanode-cli`: a wallet and ops client that talks to a Metanode node over JSON-RPC only
//! (it links no rocksdb and no libp2p).
//!
//! Library half of the binary so that tests reach the pure parts: amounts ([`amount`]), keys
//! ([`keys`], [`keysource`]) and argument parsing and checking ([`args`]: app names, replica counts,
//! image digests). [`commands`] run against a node.

pub mod amount;
pub mod args;
pub mod chain;
pub mod commands;
pub mod keys;
pub mod keysource;
