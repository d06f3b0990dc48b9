//! The state tree's hashing, shared by the node's state database and offline verifiers.
//!
//! The state root in every header is the root of a Jellyfish Merkle tree (the `jmt` crate) whose hash function is
//! blake3 ([`Blake3Hasher`]) and whose key for a raw storage key is `blake3(key)` ([`state_key_hash`]).
//! `metanode-storage` keeps that tree in RocksDB; [`state_root_of`] computes the root of a whole state held in
//! memory (a genesis), with no database, so that a chain spec alone determines its genesis hash
//! ([`genesis_header`]).

use std::collections::BTreeMap;

use jmt::storage::{LeafNode, Node, NodeKey, TreeReader};
use jmt::{JellyfishMerkleTree, KeyHash, OwnedValue, SimpleHasher, Version};

use crate::{extrinsics_root, Digest, Header, H256};

/// blake3 behind jmt's [`SimpleHasher`]: every node, leaf, key and value hash of the state tree uses it.
#[derive(Clone, Debug, Default)]
pub struct Blake3Hasher(blake3::Hasher);

impl SimpleHasher for Blake3Hasher {
    fn new() -> Self {
        Self(blake3::Hasher::new())
    }

    fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    fn finalize(self) -> [u8; 32] {
        *self.0.finalize().as_bytes()
    }
}

/// The tree key of a raw storage key: blake3 of the key.
pub fn state_key_hash(key: &[u8]) -> KeyHash {
    KeyHash(*blake3::hash(key).as_bytes())
}

/// Why a root could not be computed (jmt's own error, as text).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("state tree: {message}")]
pub struct StateTreeError {
    /// What jmt reported.
    pub message: String,
}

/// A tree with nothing in it yet: version 0 is written from scratch.
struct EmptyTree;

impl TreeReader for EmptyTree {
    fn get_node_option(&self, _node_key: &NodeKey) -> anyhow::Result<Option<Node>> {
        Ok(None)
    }

    fn get_value_option(
        &self,
        _max_version: Version,
        _key_hash: KeyHash,
    ) -> anyhow::Result<Option<OwnedValue>> {
        Ok(None)
    }

    fn get_rightmost_leaf(&self) -> anyhow::Result<Option<(NodeKey, LeafNode)>> {
        Ok(None)
    }
}

/// The state root of a whole state written as version 0 of an empty tree, exactly as the node's state database
/// computes it for a genesis.
pub fn state_root_of(storage: &BTreeMap<Vec<u8>, Vec<u8>>) -> Result<H256, StateTreeError> {
    let tree = JellyfishMerkleTree::<_, Blake3Hasher>::new(&EmptyTree);
    let error = |e: anyhow::Error| StateTreeError {
        message: format!("{e:#}"),
    };
    let root = if storage.is_empty() {
        tree.put_value_set(std::iter::empty(), 0).map_err(error)?.0
    } else {
        let set: Vec<_> = storage
            .iter()
            .map(|(k, v)| (state_key_hash(k), v.clone()))
            .collect();
        let (roots, _) = tree
            .batch_put_value_sets(vec![set], None, 0)
            .map_err(error)?;
        *roots.first().ok_or_else(|| StateTreeError {
            message: "jmt returned no root".into(),
        })?
    };
    Ok(H256(root.0))
}

/// The genesis header for a genesis state root: number 0, zero parent, no extrinsics, empty digest.
pub fn genesis_header(state_root: H256) -> Header {
    Header {
        parent_hash: H256::zero(),
        number: 0,
        state_root,
        extrinsics_root: extrinsics_root(&[]),
        digest: Digest { logs: Vec::new() },
    }
}
