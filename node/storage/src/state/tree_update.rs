//! One version's Jellyfish Merkle tree update from a block's [`Changes`].
//!
//! jmt has two ways to apply a value set. Its batch path (`batch_put_value_sets`) walks the tree once for the
//! whole sorted set and hashes each touched internal node once; it takes inserts only. Its per-key path
//! (`put_value_set`) also deletes, but it walks from the root once per key and re-hashes every internal node on
//! the way each time: in a profile of a loaded dev node it cost about 4× the batch path, and its blake3 was ~7 % of
//! the node's CPU. Nearly every block deletes something (System's per-block counters, pruned block hashes, reaped
//! accounts), so a block has to get the batch path even with deletions in it.
//!
//! [`put_changes`] therefore applies a mixed set in two passes at the same version: the deletions (few) by the
//! per-key path on top of the parent, then the inserts by the batch path on top of that result, and merges the two
//! batches. The merged batch equals the one the per-key path gives for the whole set (same root, nodes, values and
//! stale markers; `tests` checks this on random sets), because:
//! - the tree is canonical: its shape and root depend only on the final key set, not on the order of operations;
//! - the insert pass replaces nodes only by nodes at the same key (an internal node or a leaf at path `p` becomes a
//!   node at `(version, p)`; inserts never remove a path), so a node of the delete pass that the insert pass
//!   replaced is overwritten in the merge, and the insert pass's stale marker for it is dropped; every other stale
//!   marker names a node of the parent tree, as the per-key path's do.

use jmt::storage::{LeafNode, Node, NodeKey, TreeReader, TreeUpdateBatch};
use jmt::{JellyfishMerkleTree, KeyHash, OwnedValue, Version};

use super::hasher::{key_hash, Blake3Hasher};
use super::reader::{no_restore, tree_error, value_in, OverlayReader};
use super::Changes;
use crate::StorageError;

/// Runs `changes` through the tree at `version` on top of `reader` (the parent's tree); returns the new root and
/// the tree's writes. Insert-only sets take jmt's batch path; sets with deletions take the two passes described in
/// the module docs (deletion-only sets, and the empty set, which jmt's batch path refuses, take the per-key path
/// alone). Every path yields the same root for the same resulting state.
pub(super) fn put_changes(
    reader: &OverlayReader<'_>,
    changes: &Changes,
    version: u64,
) -> Result<([u8; 32], TreeUpdateBatch), StorageError> {
    let mut inserts = Vec::with_capacity(changes.len());
    let mut deletes = Vec::new();
    for (key, value) in changes {
        match value {
            Some(value) => inserts.push((key_hash(key), value.clone())),
            None => deletes.push((key_hash(key), None)),
        }
    }
    if inserts.is_empty() || (version == 0 && !deletes.is_empty()) {
        let all = deletes
            .into_iter()
            .chain(inserts.into_iter().map(|(k, v)| (k, Some(v))));
        return per_key(reader, all, version);
    }
    if deletes.is_empty() {
        return batch_insert(reader, inserts, version);
    }
    let (_, removed) = per_key(reader, deletes, version)?;
    let on_top = SameVersion {
        parent: reader,
        first_pass: &removed,
        version,
    };
    let (root, inserted) = batch_insert(&on_top, inserts, version)?;
    Ok((root, merge_passes(removed, inserted, version)?))
}

/// jmt's per-key path over `set`.
fn per_key<R: TreeReader>(
    reader: &R,
    set: impl IntoIterator<Item = (KeyHash, Option<OwnedValue>)>,
    version: u64,
) -> Result<([u8; 32], TreeUpdateBatch), StorageError> {
    let tree = JellyfishMerkleTree::<_, Blake3Hasher>::new(reader);
    let (root, batch) = tree.put_value_set(set, version).map_err(tree_error)?;
    Ok((root.0, batch))
}

/// jmt's batch path over a non-empty insert-only `set`.
fn batch_insert<R: TreeReader>(
    reader: &R,
    set: Vec<(KeyHash, OwnedValue)>,
    version: u64,
) -> Result<([u8; 32], TreeUpdateBatch), StorageError> {
    let tree = JellyfishMerkleTree::<_, Blake3Hasher>::new(reader);
    let (roots, batch) = tree
        .batch_put_value_sets(vec![set], None, version)
        .map_err(tree_error)?;
    let root = roots.first().ok_or_else(|| StorageError::Tree {
        message: "jmt returned no root".into(),
    })?;
    Ok((root.0, batch))
}

/// The tree after the first pass, presented to a second pass at the same `version`. jmt starts a version's
/// update from the root at `version - 1`; this reader answers that key with the first pass's root (at
/// `version`), and any other key from the first pass's nodes before the parent.
struct SameVersion<'a> {
    parent: &'a OverlayReader<'a>,
    first_pass: &'a TreeUpdateBatch,
    version: Version,
}

impl TreeReader for SameVersion<'_> {
    fn get_node_option(&self, node_key: &NodeKey) -> anyhow::Result<Option<Node>> {
        let nodes = self.first_pass.node_batch.nodes();
        if node_key.nibble_path().is_empty() && node_key.version() + 1 == self.version {
            let root = nodes.get(&NodeKey::new(self.version, node_key.nibble_path().clone()));
            return match root {
                Some(root) => Ok(Some(root.clone())),
                None => anyhow::bail!("the first pass at version {} left no root", self.version),
            };
        }
        match nodes.get(node_key) {
            Some(node) => Ok(Some(node.clone())),
            None => self.parent.get_node_option(node_key),
        }
    }

    fn get_value_option(
        &self,
        max_version: Version,
        key_hash: KeyHash,
    ) -> anyhow::Result<Option<OwnedValue>> {
        match value_in(self.first_pass, self.version, max_version, key_hash) {
            Some(value) => Ok(value),
            None => self.parent.get_value_option(max_version, key_hash),
        }
    }

    fn get_rightmost_leaf(&self) -> anyhow::Result<Option<(NodeKey, LeafNode)>> {
        no_restore()
    }
}

/// One batch from the delete pass `removed` and the insert pass `inserted` on top of it (see the module docs).
fn merge_passes(
    removed: TreeUpdateBatch,
    inserted: TreeUpdateBatch,
    version: Version,
) -> Result<TreeUpdateBatch, StorageError> {
    let TreeUpdateBatch {
        mut node_batch,
        stale_node_index_batch: inserted_stale,
        node_stats: inserted_stats,
    } = inserted;
    let mut stale = removed.stale_node_index_batch;
    for marker in inserted_stale {
        if marker.node_key.version() < version {
            stale.insert(marker);
        } else if node_batch.get_node(&marker.node_key).is_none() {
            return Err(StorageError::Tree {
                message: format!(
                    "the insert pass at version {version} retired {:?} without replacing it",
                    marker.node_key
                ),
            });
        }
    }
    let kept: Vec<(NodeKey, Node)> = removed
        .node_batch
        .nodes()
        .iter()
        .filter(|(key, _)| node_batch.get_node(key).is_none())
        .map(|(key, node)| (key.clone(), node.clone()))
        .collect();
    let values = removed
        .node_batch
        .values()
        .iter()
        .map(|(key, value)| (*key, value.clone()));
    node_batch.extend(kept, values);
    let mut node_stats = removed.node_stats;
    node_stats.extend(inserted_stats);
    Ok(TreeUpdateBatch {
        node_batch,
        stale_node_index_batch: stale,
        node_stats,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::state::reader::DbReader;
    use crate::state::StateDb;
    use crate::{KvStore, MemStore, WriteBatch};

    /// Deterministic xorshift.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n
        }
    }

    fn key(i: u64) -> Vec<u8> {
        format!("key/{i}").into_bytes()
    }

    /// The whole set through jmt's per-key path: the reference.
    fn reference(
        reader: &OverlayReader<'_>,
        changes: &Changes,
        version: u64,
    ) -> ([u8; 32], TreeUpdateBatch) {
        let set = changes.iter().map(|(k, v)| (key_hash(k), v.clone()));
        per_key(reader, set, version).expect("per-key path")
    }

    #[test]
    fn mixed_sets_give_the_per_key_paths_batch() {
        let kv: Arc<dyn KvStore> = Arc::new(MemStore::new());
        let db = StateDb::new(kv.clone());
        let genesis = (0..600).map(|i| (key(i), vec![i as u8; 8])).collect();
        let g = db.genesis_update(&genesis).expect("genesis");
        let mut batch = WriteBatch::new();
        db.commit_to_batch(&g, &mut batch).expect("commit");
        kv.write(batch, true).expect("write");

        let mut rng = Rng(0x7ee5);
        let mut pending = Vec::new();
        for version in 1..=40u64 {
            // Deletions of present and absent keys, updates and new keys; some sets are delete-only.
            let mut changes = Changes::new();
            let deletes_only = version % 9 == 0;
            for _ in 0..(1 + rng.below(120)) {
                let k = key(rng.below(900));
                let value = if deletes_only || rng.below(5) == 0 {
                    None
                } else {
                    Some(vec![rng.below(256) as u8; 1 + rng.below(40) as usize])
                };
                changes.insert(k, value);
            }
            let layers: Vec<&crate::state::StateUpdate> = pending.iter().collect();
            let reader = OverlayReader {
                base: DbReader { kv: &*kv },
                layers: &layers,
            };
            let (root, batch) = put_changes(&reader, &changes, version).expect("put_changes");
            let (expect_root, expect) = reference(&reader, &changes, version);
            assert_eq!(root, expect_root, "root at version {version}");
            assert_eq!(
                batch.node_batch, expect.node_batch,
                "nodes and values at version {version}"
            );
            assert_eq!(
                batch.stale_node_index_batch, expect.stale_node_index_batch,
                "stale markers at version {version}"
            );
            // Keep updates uncommitted in a stack (overlay reads), committing every fifth.
            let update = db.apply(&layers, version, changes).expect("apply");
            assert_eq!(update.root, root);
            drop(layers);
            pending.push(update);
            if version % 5 == 0 {
                let mut batch = WriteBatch::new();
                for update in &pending {
                    db.commit_to_batch(update, &mut batch).expect("commit");
                }
                kv.write(batch, true).expect("write");
                pending.clear();
            }
        }
    }
}
