//! Metanode benchmarks: bench chain specs, a JSON-RPC load generator that accounts for every transaction, the
//! machine's sr25519 verify ceiling, and the dev / 4-validator runs behind `make bench`.
//!
//! Links no rocksdb and no libp2p: it talks to release `metanode` processes over JSON-RPC only.

pub mod accounts;
pub mod ceiling;
pub mod finality;
pub mod load;
pub mod nodes;
pub mod prepare;
pub mod procstat;
pub mod report;
pub mod run;
pub mod spec;
pub mod stats;
pub mod submit;
