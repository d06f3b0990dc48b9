//! [`StateDb`]: the committed state, and pure computation of new [`StateUpdate`]s on top of it.

use std::collections::BTreeMap;
use std::sync::Arc;

use jmt::JellyfishMerkleTree;

use super::hasher::{key_hash, Blake3Hasher};
use super::keys;
use super::reader::{tree_error, DbReader, OverlayReader};
use super::tree_update::put_changes;
use super::{Changes, StateProof, StateUpdate, StateView, EMPTY_ROOT};
use crate::{Column, KvStore, StorageError, WriteBatch};

/// The authenticated state over a [`KvStore`]. Cheap to share behind an `Arc`; holds no cache, so
/// it always reflects what the store holds.
#[derive(Clone)]
pub struct StateDb {
    kv: Arc<dyn KvStore>,
}

impl std::fmt::Debug for StateDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StateDb").finish_non_exhaustive()
    }
}

impl StateDb {
    /// A state over `kv`.
    pub fn new(kv: Arc<dyn KvStore>) -> Self {
        Self { kv }
    }

    /// The underlying store.
    pub fn store(&self) -> &Arc<dyn KvStore> {
        &self.kv
    }

    fn reader(&self) -> DbReader<'_> {
        DbReader { kv: &*self.kv }
    }

    /// The committed `(version, root)`, `None` before genesis is committed.
    pub fn committed(&self) -> Result<Option<(u64, [u8; 32])>, StorageError> {
        self.kv
            .get(Column::Meta, keys::COMMITTED_VERSION)?
            .map(|b| keys::decode_committed(&b))
            .transpose()
    }

    /// The committed version, `None` before genesis is committed.
    pub fn committed_version(&self) -> Result<Option<u64>, StorageError> {
        Ok(self.committed()?.map(|(v, _)| v))
    }

    fn check_committed(&self, version: u64) -> Result<(), StorageError> {
        let committed = self.committed_version()?;
        match committed {
            Some(c) if version <= c => Ok(()),
            _ => Err(StorageError::UnknownVersion { version, committed }),
        }
    }

    /// Root of committed version `v` (None if unknown).
    pub fn root_at(&self, version: u64) -> Result<Option<[u8; 32]>, StorageError> {
        match self.committed()? {
            Some((c, root)) if c == version => Ok(Some(root)),
            Some((c, _)) if version < c => {
                let reader = self.reader();
                let tree = JellyfishMerkleTree::<_, Blake3Hasher>::new(&reader);
                Ok(tree
                    .get_root_hash_option(version)
                    .map_err(tree_error)?
                    .map(|r| r.0))
            }
            _ => Ok(None),
        }
    }

    /// Latest committed value (flat column).
    pub fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        self.flat_get(key)
    }

    pub(crate) fn flat_get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        self.kv.get(Column::StateFlat, key)
    }

    /// Value as of committed version `v` (historical read via StateValues).
    /// Fails with [`StorageError::UnknownVersion`] if `v` is not committed.
    pub fn get_at(&self, key: &[u8], version: u64) -> Result<Option<Vec<u8>>, StorageError> {
        self.check_committed(version)?;
        Ok(self.reader().value(version, key_hash(key))?.flatten())
    }

    /// Latest committed keys with `prefix`, strictly after `start_after` if given, at most `limit`,
    /// in key order.
    pub fn keys(
        &self,
        prefix: &[u8],
        start_after: Option<&[u8]>,
        limit: usize,
    ) -> Result<Vec<Vec<u8>>, StorageError> {
        self.flat_keys(prefix, start_after, limit)
    }

    pub(crate) fn flat_keys(
        &self,
        prefix: &[u8],
        start_after: Option<&[u8]>,
        limit: usize,
    ) -> Result<Vec<Vec<u8>>, StorageError> {
        self.column_keys(Column::StateFlat, prefix, start_after, limit)
    }

    /// Keys with `prefix` that held a value at committed `version`, strictly after `start_after` if given, at most
    /// `limit`, in key order. Candidates are the live keys and the keys deleted since (recorded from the first
    /// version this column family existed on), each kept when [`Self::get_at`] finds a value at `version`.
    /// Fails with [`StorageError::UnknownVersion`] if `version` is not committed.
    pub fn keys_at(
        &self,
        prefix: &[u8],
        start_after: Option<&[u8]>,
        limit: usize,
        version: u64,
    ) -> Result<Vec<Vec<u8>>, StorageError> {
        const CHUNK: usize = 256;
        self.check_committed(version)?;
        let mut out = Vec::new();
        let mut after = start_after.map(<[u8]>::to_vec);
        while out.len() < limit {
            let live = self.column_keys(Column::StateFlat, prefix, after.as_deref(), CHUNK)?;
            let deleted =
                self.column_keys(Column::StateDeletedKeys, prefix, after.as_deref(), CHUNK)?;
            // Both chunks are complete up to the smaller of their last keys (a full chunk may stop early).
            let horizon = [&live, &deleted]
                .into_iter()
                .filter(|chunk| chunk.len() == CHUNK)
                .filter_map(|chunk| chunk.last().cloned())
                .min();
            let mut candidates: Vec<Vec<u8>> = live.into_iter().chain(deleted).collect();
            candidates.sort();
            candidates.dedup();
            if let Some(horizon) = &horizon {
                candidates.retain(|k| k <= horizon);
            }
            for key in candidates {
                if out.len() == limit {
                    return Ok(out);
                }
                if self.get_at(&key, version)?.is_some() {
                    out.push(key.clone());
                }
                after = Some(key);
            }
            if horizon.is_none() {
                break;
            }
        }
        Ok(out)
    }

    fn column_keys(
        &self,
        column: Column,
        prefix: &[u8],
        start_after: Option<&[u8]>,
        limit: usize,
    ) -> Result<Vec<Vec<u8>>, StorageError> {
        let start = match start_after {
            Some(s) => {
                let mut next = s.to_vec();
                next.push(0);
                next
            }
            None => prefix.to_vec(),
        };
        Ok(self
            .kv
            .scan(column, prefix, &start, limit)?
            .into_iter()
            .map(|(k, _)| k)
            .collect())
    }

    /// Reads through uncommitted `ancestors` (oldest first) on top of the committed state.
    pub fn view<'a>(&'a self, ancestors: &'a [&'a StateUpdate]) -> StateView<'a> {
        StateView {
            db: self,
            ancestors,
        }
    }

    /// Applies `changes` at `version` on top of the committed tree plus the uncommitted `ancestors`
    /// (oldest first, versions consecutive, the first = committed version + 1). Pure w.r.t. the db:
    /// writes nothing. Empty `changes` give the parent's root.
    pub fn apply(
        &self,
        ancestors: &[&StateUpdate],
        version: u64,
        changes: Changes,
    ) -> Result<StateUpdate, StorageError> {
        let committed = self.committed()?;
        let (mut expected, mut parent_root) = match committed {
            Some((v, root)) => (next_version(v)?, root),
            None => (0, EMPTY_ROOT),
        };
        for ancestor in ancestors {
            check_link(expected, &parent_root, ancestor)?;
            expected = next_version(ancestor.version)?;
            parent_root = ancestor.root;
        }
        if version != expected {
            return Err(StorageError::VersionMismatch {
                expected,
                got: version,
            });
        }
        let reader = OverlayReader {
            base: self.reader(),
            layers: ancestors,
        };
        let (root, batch) = put_changes(&reader, &changes, version)?;
        tracing::debug!(target: "storage::state", version, changes = changes.len(), root = ?root, "state applied");
        Ok(StateUpdate {
            version,
            root,
            parent_root,
            tree: batch,
            changes,
        })
    }

    /// Genesis: version 0 from a full key-value map. Fails if a state is already committed.
    pub fn genesis_update(
        &self,
        storage: &BTreeMap<Vec<u8>, Vec<u8>>,
    ) -> Result<StateUpdate, StorageError> {
        let changes = storage
            .iter()
            .map(|(k, v)| (k.clone(), Some(v.clone())))
            .collect();
        self.apply(&[], 0, changes)
    }

    /// Adds everything needed to make `update` durable (flat values, tree nodes, historical values,
    /// stale-node markers, the new committed version and root) to `batch`, so a block import is ONE
    /// atomic write together with headers and bodies. Several consecutive updates may go into the
    /// same batch, oldest first. Fails if `update` does not extend the committed state (as changed
    /// by `batch`).
    pub fn commit_to_batch(
        &self,
        update: &StateUpdate,
        batch: &mut WriteBatch,
    ) -> Result<(), StorageError> {
        let committed = match batch.pending(Column::Meta, keys::COMMITTED_VERSION) {
            Some(Some(bytes)) => Some(keys::decode_committed(bytes)?),
            Some(None) => None,
            None => self.committed()?,
        };
        let (expected, parent_root) = match committed {
            Some((v, root)) => (next_version(v)?, root),
            None => (0, EMPTY_ROOT),
        };
        check_link(expected, &parent_root, update)?;

        for (key, value) in &update.changes {
            match value {
                Some(v) => batch.put(Column::StateFlat, key.clone(), v.clone()),
                None => {
                    batch.delete(Column::StateFlat, key.clone());
                    batch.put(Column::StateDeletedKeys, key.clone(), Vec::new());
                }
            }
        }
        let node_batch = &update.tree.node_batch;
        for (node_key, node) in node_batch.nodes() {
            batch.put(
                Column::StateNodes,
                keys::node_key(node_key),
                keys::encode_node(node)?,
            );
        }
        for ((version, kh), value) in node_batch.values() {
            batch.put(
                Column::StateValues,
                keys::value_key(kh, *version),
                keys::encode_value(value),
            );
        }
        // One entry per version for the nodes it replaced (markers are ordered by version first): a put per
        // replaced node was about a quarter of a block's writes.
        let markers = &update.tree.stale_node_index_batch;
        let mut markers = markers.iter().peekable();
        while let Some(first) = markers.next() {
            let since = first.stale_since_version;
            let mut list = Vec::new();
            keys::push_node_key(&mut list, &first.node_key);
            while let Some(next) = markers.next_if(|m| m.stale_since_version == since) {
                keys::push_node_key(&mut list, &next.node_key);
            }
            batch.put(Column::StateNodes, keys::stale_list_key(since), list);
        }
        batch.put(
            Column::Meta,
            keys::COMMITTED_VERSION,
            keys::encode_committed(update.version, &update.root),
        );
        Ok(())
    }

    /// Inclusion / exclusion proof of `key` at committed `version`, with the value it proves.
    pub fn prove(
        &self,
        key: &[u8],
        version: u64,
    ) -> Result<(Option<Vec<u8>>, StateProof), StorageError> {
        self.check_committed(version)?;
        let reader = self.reader();
        let tree = JellyfishMerkleTree::<_, Blake3Hasher>::new(&reader);
        let (value, proof) = tree
            .get_with_proof(key_hash(key), version)
            .map_err(tree_error)?;
        Ok((value, StateProof::from_jmt(&proof)?))
    }
}

fn next_version(v: u64) -> Result<u64, StorageError> {
    v.checked_add(1).ok_or(StorageError::VersionMismatch {
        expected: v,
        got: u64::MAX,
    })
}

/// `update` must sit at `expected` on top of `parent_root`.
fn check_link(
    expected: u64,
    parent_root: &[u8; 32],
    update: &StateUpdate,
) -> Result<(), StorageError> {
    if update.version != expected {
        return Err(StorageError::VersionMismatch {
            expected,
            got: update.version,
        });
    }
    if &update.parent_root != parent_root {
        return Err(StorageError::ParentMismatch {
            version: update.version,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::MemStore;

    /// Splits a stale list into `(version, nibble count, packed nibbles)` of each node key.
    fn parse_stale_list(mut bytes: &[u8]) -> Vec<(u64, u8, Vec<u8>)> {
        let mut out = Vec::new();
        while !bytes.is_empty() {
            let version = u64::from_be_bytes(bytes[..8].try_into().expect("8 bytes"));
            let nibbles = bytes[8];
            let packed = usize::from(nibbles).div_ceil(2);
            out.push((version, nibbles, bytes[9..9 + packed].to_vec()));
            bytes = &bytes[9 + packed..];
        }
        out
    }

    #[test]
    fn a_version_writes_one_list_naming_the_stored_nodes_it_replaced() {
        let kv: Arc<dyn KvStore> = Arc::new(MemStore::new());
        let db = StateDb::new(kv.clone());
        let genesis: BTreeMap<Vec<u8>, Vec<u8>> = (0..300u32)
            .map(|i| (i.to_be_bytes().to_vec(), vec![1]))
            .collect();
        let mut batch = WriteBatch::new();
        db.commit_to_batch(&db.genesis_update(&genesis).unwrap(), &mut batch)
            .unwrap();
        kv.write(batch, true).unwrap();

        let changes: Changes = (0..40u32)
            .map(|i| (i.to_be_bytes().to_vec(), (i % 3 != 0).then(|| vec![2])))
            .collect();
        let update = db.apply(&[], 1, changes).unwrap();
        let mut batch = WriteBatch::new();
        db.commit_to_batch(&update, &mut batch).unwrap();
        let list = match batch.pending(Column::StateNodes, &keys::stale_list_key(1)) {
            Some(Some(list)) => parse_stale_list(list),
            other => panic!("no stale list for version 1: {other:?}"),
        };
        assert_eq!(list.len(), update.tree.stale_node_index_batch.len());
        assert!(
            list.len() > 40,
            "40 changed leaves and their parents were replaced"
        );
        for (version, nibbles, packed) in &list {
            assert_eq!(
                *version, 0,
                "only genesis nodes can be replaced by version 1"
            );
            let mut key = vec![b'n'];
            key.extend_from_slice(&version.to_be_bytes());
            key.push(*nibbles);
            key.extend_from_slice(packed);
            assert!(
                kv.get(Column::StateNodes, &key).unwrap().is_some(),
                "stored node"
            );
        }
        kv.write(batch, true).unwrap();
        assert!(kv
            .get(Column::StateNodes, &keys::stale_list_key(0))
            .unwrap()
            .is_none());
    }
}
