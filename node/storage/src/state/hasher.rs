//! blake3 as the Jellyfish Merkle tree's hash function: defined once in `metanode-primitives` (its `state_tree`
//! module), so the state database and offline verifiers hash the tree the same way.

pub use metanode_primitives::state_tree::{state_key_hash as key_hash, Blake3Hasher};
