//! The one error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong in storage.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// The database directory is locked, normally by another running node.
    #[error(
        "database at {path} is locked (is another node running on this base path?): {message}"
    )]
    Locked { path: PathBuf, message: String },
    /// The database could not be opened.
    #[error("cannot open database at {path}: {message}")]
    Open { path: PathBuf, message: String },
    /// The backend failed a read or a write.
    #[error("storage backend error during {op}: {message}")]
    Backend { op: &'static str, message: String },
    /// An earlier write failed; the store refuses all further use.
    #[error("storage is poisoned by an earlier failed write; restart the node")]
    Poisoned,
    /// A write failed on purpose (fault injection in tests).
    #[error("injected write failure")]
    InjectedFault,
    /// Stored bytes do not decode.
    #[error("corrupt {what} in storage: {message}")]
    Corrupt { what: &'static str, message: String },
    /// The Merkle tree failed.
    #[error("state tree error: {message}")]
    Tree { message: String },
    /// A state version is not the one expected (updates must stack on the committed version).
    #[error("state version mismatch: expected {expected}, got {got}")]
    VersionMismatch { expected: u64, got: u64 },
    /// An update does not build on the state it is applied or committed on.
    #[error("state update {version} does not extend its parent's root")]
    ParentMismatch { version: u64 },
    /// A state version that is not committed (or was never written) was asked for.
    #[error("state version {version} is not committed (committed: {committed:?})")]
    UnknownVersion {
        version: u64,
        committed: Option<u64>,
    },
}
