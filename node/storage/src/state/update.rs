//! [`StateUpdate`]: one block's state transition, held in memory until committed.

use jmt::storage::TreeUpdateBatch;

use super::Changes;

/// The result of applying one block's changes on top of its parent; held in memory until committed.
#[derive(Clone, Debug)]
pub struct StateUpdate {
    /// Tree version = block number.
    pub version: u64,
    /// State root after the changes.
    pub root: [u8; 32],
    /// State root of the parent (the state the changes were applied to).
    pub parent_root: [u8; 32],
    pub(crate) tree: TreeUpdateBatch,
    pub(crate) changes: Changes,
}

impl StateUpdate {
    /// The flat changes of this update.
    pub fn changes(&self) -> &Changes {
        &self.changes
    }

    /// What this update did to `key`: `None` if untouched, `Some(None)` if deleted.
    pub fn get(&self, key: &[u8]) -> Option<Option<&[u8]>> {
        self.changes.get(key).map(|v| v.as_deref())
    }
}
