//! Errors of chain spec parsing and validation.

use std::path::PathBuf;

/// Why a chain spec could not be read, written or used.
#[derive(Debug, thiserror::Error)]
pub enum ChainSpecError {
    /// The file could not be read.
    #[error("cannot read chain spec {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The JSON is malformed or does not have the chain spec's shape.
    #[error("chain spec is not valid JSON of the expected shape: {reason}")]
    Json {
        /// What serde reported, with line and column.
        reason: String,
    },
    /// A field holds a value the node cannot run with.
    #[error("chain spec field `{field}` is invalid: {reason}")]
    Invalid {
        /// The JSON field.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A raw storage key or value is not 0x-prefixed hex.
    #[error("raw genesis entry `{entry}` is not 0x-prefixed hex")]
    RawHex {
        /// The offending key or value (truncated).
        entry: String,
    },
    /// The runtime rejected the genesis configuration.
    #[error("the runtime rejected the genesis configuration: {reason}")]
    Genesis {
        /// The runtime's reason.
        reason: String,
    },
}
