//! The blake3 binary Merkle tree behind every Metanode root (extrinsics, receipts), built with `rs_merkle`.
//!
//! - A leaf is `leaf_hash(data) = blake3(0x00 ++ data)`; an inner node is `blake3(0x01 ++ left ++ right)`. The
//!   distinct prefixes mean a leaf can never pose as an inner node (no second-preimage via tree shape).
//! - Levels are built pairwise from the leaves in order; an odd node at the end of a level is promoted
//!   unchanged to the next level. A one-leaf tree's root is that leaf.
//! - The empty tree's root is `blake3_256(b"")`.
//! - A proof lists the siblings from the leaf level upwards, skipping levels where the node was promoted; it
//!   verifies only with the exact sibling count the tree shape (`leaf_index`, `leaf_count`) calls for.

use crate::hashing::blake3_256;
use parity_scale_codec::{Decode, Encode};
use rs_merkle::{Hasher, MerkleTree};
use scale_info::TypeInfo;

const LEAF_PREFIX: u8 = 0x00;
const NODE_PREFIX: u8 = 0x01;

/// The `rs_merkle` hasher: blake3 with the leaf/node domain prefixes.
#[derive(Debug, Clone, Copy)]
pub struct Blake3Hasher;

impl Hasher for Blake3Hasher {
    type Hash = [u8; 32];

    fn hash(data: &[u8]) -> [u8; 32] {
        leaf_hash(data)
    }

    fn concat_and_hash(left: &[u8; 32], right: Option<&[u8; 32]>) -> [u8; 32] {
        match right {
            Some(right) => node_hash(left, right),
            None => *left,
        }
    }

    fn hash_size() -> usize {
        32
    }
}

/// The hash of a leaf's data: `blake3(0x00 ++ data)`.
pub fn leaf_hash(data: &[u8]) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    hasher.update(&[LEAF_PREFIX]);
    hasher.update(data);
    *hasher.finalize().as_bytes()
}

/// The hash of an inner node: `blake3(0x01 ++ left ++ right)`.
pub fn node_hash(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    let mut hasher = blake3::Hasher::new();
    hasher.update(&[NODE_PREFIX]);
    hasher.update(left);
    hasher.update(right);
    *hasher.finalize().as_bytes()
}

/// The root over already-hashed leaves (see [`leaf_hash`]); `blake3_256(b"")` for no leaves.
pub fn merkle_root(leaves: &[[u8; 32]]) -> [u8; 32] {
    if leaves.is_empty() {
        return blake3_256(b"");
    }
    MerkleTree::<Blake3Hasher>::from_leaves(leaves)
        .root()
        .unwrap_or_else(|| blake3_256(b""))
}

/// An inclusion proof for one leaf.
#[derive(
    Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "camelCase")]
pub struct MerkleProof {
    /// Position of the leaf, from 0.
    pub leaf_index: u32,
    /// Number of leaves in the tree.
    pub leaf_count: u32,
    /// Sibling hashes from the leaf level upwards (`0x` hex in JSON).
    #[serde(with = "hex_hashes")]
    pub siblings: Vec<[u8; 32]>,
}

/// The proof for `leaves[index]`; `None` when `index` is out of range or the tree has more than `u32::MAX` leaves.
pub fn merkle_proof(leaves: &[[u8; 32]], index: usize) -> Option<MerkleProof> {
    if index >= leaves.len() {
        return None;
    }
    let leaf_index = u32::try_from(index).ok()?;
    let leaf_count = u32::try_from(leaves.len()).ok()?;
    let tree = MerkleTree::<Blake3Hasher>::from_leaves(leaves);
    let siblings = tree.proof(&[index]).proof_hashes().to_vec();
    Some(MerkleProof {
        leaf_index,
        leaf_count,
        siblings,
    })
}

/// True when `proof` shows that `leaf` (an already-hashed leaf) is in the tree with root `root`.
pub fn verify_merkle_proof(root: &[u8; 32], leaf: &[u8; 32], proof: &MerkleProof) -> bool {
    if proof.leaf_index >= proof.leaf_count {
        return false;
    }
    let mut index = u64::from(proof.leaf_index);
    let mut width = u64::from(proof.leaf_count);
    let mut hash = *leaf;
    let mut siblings = proof.siblings.iter();
    while width > 1 {
        let is_right = index % 2 == 1;
        let promoted = !is_right && index + 1 == width;
        if !promoted {
            let Some(sibling) = siblings.next() else {
                return false;
            };
            hash = if is_right {
                node_hash(sibling, &hash)
            } else {
                node_hash(&hash, sibling)
            };
        }
        index /= 2;
        width = width.div_ceil(2);
    }
    siblings.next().is_none() && hash == *root
}

mod hex_hashes {
    use serde::{de::Error as _, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(hashes: &[[u8; 32]], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(hashes.iter().map(|h| format!("0x{}", hex::encode(h))))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<[u8; 32]>, D::Error> {
        let texts = Vec::<String>::deserialize(deserializer)?;
        texts
            .iter()
            .map(|text| {
                let bytes = hex::decode(text.strip_prefix("0x").unwrap_or(text))
                    .map_err(D::Error::custom)?;
                <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| {
                    D::Error::custom(format!("hash is {} bytes, expected 32", bytes.len()))
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(n: usize) -> Vec<[u8; 32]> {
        (0..n)
            .map(|i| leaf_hash(&(i as u64).to_le_bytes()))
            .collect()
    }

    #[test]
    fn small_trees_have_the_documented_shape() {
        let l = leaves(3);
        assert_eq!(merkle_root(&l[..1]), l[0]);
        assert_eq!(merkle_root(&l[..2]), node_hash(&l[0], &l[1]));
        assert_eq!(merkle_root(&l), node_hash(&node_hash(&l[0], &l[1]), &l[2]));
        assert_eq!(merkle_root(&[]), blake3_256(b""));
    }

    #[test]
    fn proof_json_round_trips() {
        let l = leaves(5);
        let proof = merkle_proof(&l, 4).expect("proof");
        let json = serde_json::to_string(&proof).expect("serialize");
        assert!(json.contains("\"leafIndex\":4"));
        assert_eq!(
            serde_json::from_str::<MerkleProof>(&json).expect("deserialize"),
            proof
        );
        assert!(merkle_proof(&l, 5).is_none());
    }
}
