//! The authenticated chain state.
//!
//! State is kept twice over (DESIGN §5):
//! - a flat ordered column (`StateFlat`: raw storage key -> value, latest committed) for fast reads
//!   and prefix iteration;
//! - a Jellyfish Merkle Tree (`StateNodes` + `StateValues`) that yields the state root, proofs and
//!   historical reads. Tree key = blake3(raw key); tree version = block number.
//!
//! Lifecycle of a block's state: [`StateDb::apply`] computes a [`StateUpdate`] purely in memory on
//! top of the committed tree plus any uncommitted ancestors (so certified-but-uncommitted blocks,
//! and competing forks, stack without touching disk); [`StateDb::commit_to_batch`] adds its writes
//! to the caller's [`crate::WriteBatch`], so importing a block is one atomic write together with
//! its header and body. The committed version and root live in `Meta` and move in that same batch.

mod db;
mod hasher;
mod keys;
mod proof;
mod reader;
mod tree_update;
mod update;
mod view;

pub use db::StateDb;
pub use hasher::{key_hash, Blake3Hasher};
pub use proof::{verify_state_proof, ProofLeaf, ProofNode, StateProof};
pub use update::StateUpdate;
pub use view::StateView;

/// A block's state changes: key -> `Some(new value)` | `None` (deleted).
pub type Changes = std::collections::BTreeMap<Vec<u8>, Option<Vec<u8>>>;

/// The root of the empty state (jmt's placeholder hash).
pub const EMPTY_ROOT: [u8; 32] = *b"SPARSE_MERKLE_PLACEHOLDER_HASH__";
