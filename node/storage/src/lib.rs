//! Metanode storage: the node's only rocksdb user.
//!
//! Two layers:
//! - [`KvStore`]: an ordered key-value store split into [`Column`]s with atomic [`WriteBatch`]es.
//!   [`RocksStore`] keeps it on disk (one rocksdb column family per column), [`MemStore`] in memory.
//!   Both obey the same contract and pass the same conformance suite. A store whose write failed is
//!   poisoned: every later call returns [`StorageError::Poisoned`], so a node never keeps running on
//!   a state it cannot vouch for.
//! - [`state`]: the authenticated chain state on top of a `KvStore` — a flat column for reads and
//!   prefix iteration plus a Jellyfish Merkle Tree for the state root and proofs. Uncommitted blocks
//!   are in-memory [`state::StateUpdate`]s stacked on the committed state; committing one adds its
//!   writes to the caller's batch, so a block import is one atomic write.

mod batch;
mod column;
mod error;
mod kv;
mod mem;
mod read_cache;
mod rocks;
pub mod state;

pub use batch::{BatchOp, WriteBatch};
pub use column::Column;
pub use error::StorageError;
pub use kv::{KvPairs, KvStore};
pub use mem::MemStore;
pub use rocks::RocksStore;
