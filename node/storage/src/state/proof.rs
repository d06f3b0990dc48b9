//! [`StateProof`]: a SCALE-encodable inclusion / exclusion proof against a state root.
//!
//! It mirrors jmt's `SparseMerkleProof` field for field (same borsh layout), so verification is
//! jmt's own `SparseMerkleProof::verify` with [`Blake3Hasher`].

use borsh::{BorshDeserialize, BorshSerialize};
use jmt::proof::SparseMerkleProof;
use jmt::RootHash;
use parity_scale_codec::{Decode, Encode};

use super::hasher::{key_hash, Blake3Hasher};
use crate::StorageError;

/// Most siblings a proof can have (one per bit of a key hash).
pub const MAX_SIBLINGS: usize = 256;

/// A leaf of the state tree: blake3 of the storage key and blake3 of its value.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, BorshSerialize, BorshDeserialize)]
pub struct ProofLeaf {
    pub key_hash: [u8; 32],
    pub value_hash: [u8; 32],
}

/// A sibling on the path from the leaf to the root.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, BorshSerialize, BorshDeserialize)]
pub enum ProofNode {
    /// An empty subtree.
    Null,
    /// An internal node, by its two children's hashes.
    Internal { left: [u8; 32], right: [u8; 32] },
    /// A leaf.
    Leaf(ProofLeaf),
}

/// Proof that a key has a value (inclusion) or none (exclusion) under a state root.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode, BorshSerialize, BorshDeserialize)]
pub struct StateProof {
    /// The leaf the key's path ends at: the key's own leaf (inclusion), another key's leaf alone in
    /// the subtree (exclusion), or none (exclusion by an empty subtree).
    pub leaf: Option<ProofLeaf>,
    /// Siblings from the bottom level to the root.
    pub siblings: Vec<ProofNode>,
}

impl StateProof {
    pub(crate) fn from_jmt(proof: &SparseMerkleProof<Blake3Hasher>) -> Result<Self, StorageError> {
        let bytes = borsh::to_vec(proof).map_err(|e| proof_error(&e))?;
        borsh::from_slice(&bytes).map_err(|e| proof_error(&e))
    }

    fn to_jmt(&self) -> Result<SparseMerkleProof<Blake3Hasher>, StorageError> {
        let bytes = borsh::to_vec(self).map_err(|e| proof_error(&e))?;
        borsh::from_slice(&bytes).map_err(|e| proof_error(&e))
    }
}

fn proof_error(e: &dyn std::fmt::Display) -> StorageError {
    StorageError::Tree {
        message: format!("proof conversion: {e}"),
    }
}

/// Whether `proof` shows that `key` has `value` (`None`: is absent) under `root`.
pub fn verify_state_proof(
    root: &[u8; 32],
    key: &[u8],
    value: Option<&[u8]>,
    proof: &StateProof,
) -> bool {
    if proof.siblings.len() > MAX_SIBLINGS {
        return false;
    }
    let Ok(jmt_proof) = proof.to_jmt() else {
        return false;
    };
    jmt_proof
        .verify(RootHash(*root), key_hash(key), value)
        .is_ok()
}
