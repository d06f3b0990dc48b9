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
        self.pending
            .get(id)
            .map(|e| &e.block)
            .or_else(|| self.committed.get(id))
    }

    /// Insert as `Unverified`; false if already present.
    pub(crate) fn insert(&mut self, block: ProposedBlock) -> bool {
        if self.pending.contains_key(&block.id) {
            return false;
        }
        self.children
            .entry(block.parent)
            .or_default()
            .insert(block.id);
        self.pending.insert(
            block.id,
            Entry {
                block,
                status: Status::Unverified,
            },
        );
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
        self.children
            .get(id)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default()
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
        let pending = &self.pending;
        self.children.retain(|_, kids| {
            kids.retain(|k| pending.contains_key(k));
            !kids.is_empty()
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::QuorumCert;

    fn block(id: u8, parent: u8, height: u64) -> ProposedBlock {
        let mut justify = QuorumCert::genesis([parent; 32]);
        justify.vote.height = height - 1;
        ProposedBlock {
            id: [id; 32],
            parent: [parent; 32],
            round: height,
            height,
            justify,
            payload: Vec::new(),
        }
    }

    #[test]
    fn prune_drops_committed_heights_and_forks_below_the_commit() {
        let mut store = BlockStore::default();
        // 1 <- 2 <- 3 (main) ; 1 <- 12 <- 13 (fork at height 2) ; 0 <- 21 (fork at height 1)
        for (id, parent, h) in [
            (1, 0, 1),
            (2, 1, 2),
            (3, 2, 3),
            (12, 1, 2),
            (13, 12, 3),
            (21, 0, 1),
        ] {
            assert!(store.insert(block(id, parent, h)));
        }
        assert!(!store.insert(block(1, 0, 1)), "no duplicates");
        store.mark_committed(&[1; 32], 4);
        store.prune(&BlockRef {
            id: [1; 32],
            round: 1,
            height: 1,
        });
        let mut left = store.pending_ids();
        left.sort();
        assert_eq!(left, vec![[2; 32], [3; 32], [12; 32], [13; 32]]);
        store.mark_committed(&[2; 32], 4);
        store.prune(&BlockRef {
            id: [2; 32],
            round: 2,
            height: 2,
        });
        assert_eq!(
            store.pending_ids(),
            vec![[3; 32]],
            "the fork at height 2 is gone with its child"
        );
        assert!(
            store.get_any(&[1; 32]).is_some(),
            "committed blocks stay in the cache"
        );
        assert_eq!(store.children(&[2; 32]), vec![[3; 32]]);
    }

    #[test]
    fn committed_cache_is_bounded() {
        let mut store = BlockStore::default();
        for i in 1..=10u8 {
            store.insert(block(i, i - 1, u64::from(i)));
            store.mark_committed(&[i; 32], 3);
        }
        assert!(store.get_any(&[7; 32]).is_none());
        assert!(store.get_any(&[8; 32]).is_some() && store.get_any(&[10; 32]).is_some());
    }
}
