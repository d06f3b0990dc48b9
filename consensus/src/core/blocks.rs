//! The block store of the core: uncommitted blocks with their verification status, a parent → children
//! index, and a bounded cache of recently committed blocks (to answer block requests).
//!
//! Contract: every stored uncommitted block has `height > committed.height`; `prune` drops blocks at or
//! below the committed height and every block branching off below the committed block.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::messages::ProposedBlock;
use crate::types::{BlockRef, Hash};

/// Where a block is in the verify pipeline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Status {
    /// Waiting for its parent's verdict.
    Unverified,
    /// `VerifyBlock` sent, no verdict yet.
    Verifying,
    /// Executed, roots match.
    Valid,
    /// Executed, rejected.
    Invalid,
}

#[derive(Debug)]
pub(crate) struct Entry {
    pub(crate) block: ProposedBlock,
    pub(crate) status: Status,
}

#[derive(Debug, Default)]
pub(crate) struct BlockStore {
    pending: BTreeMap<Hash, Entry>,
    children: BTreeMap<Hash, BTreeSet<Hash>>,
    committed: BTreeMap<Hash, ProposedBlock>,
    committed_order: VecDeque<Hash>,
}

impl BlockStore {
    pub(crate) fn len(&self) -> usize {
        self.pending.len()
    }

    pub(crate) fn contains(&self, id: &Hash) -> bool {
        self.pending.contains_key(id)
    }

    pub(crate) fn entry(&self, id: &Hash) -> Option<&Entry> {
        self.pending.get(id)
    }

    pub(crate) fn status(&self, id: &Hash) -> Option<Status> {
        self.pending.get(id).map(|e| e.status)
    }

    pub(crate) fn set_status(&mut self, id: &Hash, status: Status) {
        if let Some(e) = self.pending.get_mut(id) {
            e.status = status;
        }
    }

    /// A pending or recently committed block.
    pub(crate) fn get_any(&self, id: &Hash) -> Option<&ProposedBlock> {
        self.pending.get(id).map(|e| &e.block).or_else(|| self.committed.get(id))
    }

    /// Insert as `Unverified`; false if already present.
    pub(crate) fn insert(&mut self, block: ProposedBlock) -> bool {
        if self.pending.contains_key(&block.id) {
            return false;
        }
        self.children.entry(block.parent).or_default().insert(block.id);
        self.pending.insert(block.id, Entry { block, status: Status::Unverified });
        true
    }

    pub(crate) fn remove(&mut self, id: &Hash) -> Option<ProposedBlock> {
        let entry = self.pending.remove(id)?;
        if let Some(set) = self.children.get_mut(&entry.block.parent) {
            set.remove(id);
            if set.is_empty() {
                self.children.remove(&entry.block.parent);
            }
        }
        Some(entry.block)
    }

    pub(crate) fn children(&self, id: &Hash) -> Vec<Hash> {
        self.children.get(id).map(|s| s.iter().copied().collect()).unwrap_or_default()
    }

    /// Move a pending block to the committed cache (bounded by `cache`).
    pub(crate) fn mark_committed(&mut self, id: &Hash, cache: usize) -> Option<ProposedBlock> {
        let block = self.remove(id)?;
        if cache > 0 {
            self.committed.insert(block.id, block.clone());
            self.committed_order.push_back(block.id);
            while self.committed_order.len() > cache {
                if let Some(old) = self.committed_order.pop_front() {
                    self.committed.remove(&old);
                }
            }
        }
        Some(block)
    }

    /// Drop pending blocks that can no longer commit once `committed` is final.
    pub(crate) fn prune(&mut self, committed: &BlockRef) {
        let mut doomed: Vec<Hash> = self
            .pending
            .values()
            .filter(|e| {
                e.block.height <= committed.height
                    || (e.block.height == committed.height + 1 && e.block.parent != committed.id)
            })
            .map(|e| e.block.id)
            .collect();
        while let Some(id) = doomed.pop() {
            doomed.extend(self.children(&id));
            self.remove(&id);
        }
        // Children lists keyed by parents that are gone and at or below the committed height.
        let pending = &self.pending;
        self.children.retain(|parent, kids| {
            kids.retain(|k| pending.contains_key(k));
            !kids.is_empty() && (parent == &committed.id || pending.contains_key(parent) || {
                kids.iter().any(|k| pending.get(k).is_some_and(|e| e.block.height > committed.height + 1))
            })
        });
    }

    /// Forget every uncommitted block (epoch change).
    pub(crate) fn clear_pending(&mut self) {
        self.pending.clear();
        self.children.clear();
    }

    pub(crate) fn pending_ids(&self) -> Vec<Hash> {
        self.pending.keys().copied().collect()
    }
}
