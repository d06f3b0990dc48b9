//! The node's view of the chain: committed blocks in the store, certified-but-uncommitted blocks in memory.
//!
//! Contract:
//! - A block enters the store only when consensus commits it, in one atomic, synced write that holds its header,
//!   body, commit certificate, number index, transaction index, receipt index, validator-set change index, state changes and the new finalized pointer
//!   ([`Chain::commit`]). Finality is announced only after that write returned.
//! - Until then a block lives in the in-memory [`PendingBlock`] set with its executed state changes, so blocks can be
//!   built and verified on top of uncommitted parents (DESIGN.md §5).
//! - Every reader sees either the state before or after a commit, never a mix: the pending set and the finalized
//!   pointer are swapped under one lock after the write.

mod db_keys;
mod events;
mod finality_path;
mod genesis;
mod receipts_index;
mod set_history;
mod store;
mod view;

pub use events::ChainEvent;
pub use finality_path::{linking_headers, FinalityPathError};
pub use genesis::init_or_check_genesis;
pub use receipts_index::{IndexError, IndexedReceipt};
pub use set_history::SetChangeRecord;
pub use store::{Chain, ChainError, PendingBlock};
pub use view::StateView;

/// `Safety` column key of the consensus safety data.
pub const SAFETY_KEY: &[u8] = db_keys::SAFETY;

#[cfg(test)]
mod tests;
