//! jmt [`TreeReader`]s: [`DbReader`] over the committed columns, [`OverlayReader`] over the
//! committed columns plus uncommitted [`StateUpdate`]s.

use jmt::storage::{LeafNode, Node, NodeKey, TreeReader, TreeUpdateBatch};
use jmt::{KeyHash, OwnedValue, Version};

use super::keys;
use super::StateUpdate;
use crate::{Column, KvStore, StorageError};

/// Reads committed tree nodes and values from a [`KvStore`].
#[derive(Clone, Copy)]
pub struct DbReader<'a> {
    pub kv: &'a dyn KvStore,
}

impl DbReader<'_> {
    pub fn node(&self, key: &NodeKey) -> Result<Option<Node>, StorageError> {
        self.kv
            .get(Column::StateNodes, &keys::node_key(key))?
            .map(|b| keys::decode_node(&b))
            .transpose()
    }

    /// The newest write of `key_hash` at or below `max_version` (`Some(None)` = deleted).
    pub fn value(
        &self,
        max_version: u64,
        key_hash: KeyHash,
    ) -> Result<Option<Option<Vec<u8>>>, StorageError> {
        let start = keys::value_key(&key_hash, max_version);
        let found = self.kv.scan(Column::StateValues, &key_hash.0, &start, 1)?;
        match found.into_iter().next() {
            Some((k, v)) => {
                debug_assert!(keys::value_key_version(&k)? <= max_version);
                Ok(Some(keys::decode_value(&v)?))
            }
            None => Ok(None),
        }
    }
}

impl TreeReader for DbReader<'_> {
    fn get_node_option(&self, node_key: &NodeKey) -> anyhow::Result<Option<Node>> {
        Ok(self.node(node_key)?)
    }

    fn get_value_option(
        &self,
        max_version: Version,
        key_hash: KeyHash,
    ) -> anyhow::Result<Option<OwnedValue>> {
        Ok(self.value(max_version, key_hash)?.flatten())
    }

    fn get_rightmost_leaf(&self) -> anyhow::Result<Option<(NodeKey, LeafNode)>> {
        no_restore()
    }
}

/// Committed state plus uncommitted updates (oldest first); newer layers shadow older ones.
pub struct OverlayReader<'a> {
    pub base: DbReader<'a>,
    pub layers: &'a [&'a StateUpdate],
}

impl TreeReader for OverlayReader<'_> {
    fn get_node_option(&self, node_key: &NodeKey) -> anyhow::Result<Option<Node>> {
        for layer in self.layers.iter().rev() {
            if let Some(node) = layer.tree.node_batch.nodes().get(node_key) {
                return Ok(Some(node.clone()));
            }
        }
        self.base.get_node_option(node_key)
    }

    fn get_value_option(
        &self,
        max_version: Version,
        key_hash: KeyHash,
    ) -> anyhow::Result<Option<OwnedValue>> {
        for layer in self.layers.iter().rev() {
            if let Some(value) = value_in(&layer.tree, layer.version, max_version, key_hash) {
                return Ok(value);
            }
        }
        self.base.get_value_option(max_version, key_hash)
    }

    fn get_rightmost_leaf(&self) -> anyhow::Result<Option<(NodeKey, LeafNode)>> {
        no_restore()
    }
}

/// What `batch`, the tree update of `version`, wrote for `key_hash` (`Some(None)`: deleted), when `version` is at or
/// below `max_version`; `None` when it did not write it or is too new.
pub(super) fn value_in(
    batch: &TreeUpdateBatch,
    version: Version,
    max_version: Version,
    key_hash: KeyHash,
) -> Option<Option<OwnedValue>> {
    if version > max_version {
        return None;
    }
    batch.node_batch.values().get(&(version, key_hash)).cloned()
}

/// Every reader's answer to jmt's tree-restore query, which this node never runs.
pub(super) fn no_restore() -> anyhow::Result<Option<(NodeKey, LeafNode)>> {
    anyhow::bail!("get_rightmost_leaf (tree restore) is not supported")
}

/// Converts a jmt error back, keeping a [`StorageError`] it carries.
pub fn tree_error(err: anyhow::Error) -> StorageError {
    match err.downcast_ref::<StorageError>() {
        Some(e) => e.clone(),
        None => StorageError::Tree {
            message: format!("{err:#}"),
        },
    }
}
