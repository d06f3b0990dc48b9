//! Merkle trees: proofs verify for every leaf of trees of 1..=9 leaves and fail when anything is altered; roots
//! agree with a direct recursive definition.

use metanode_primitives::merkle::node_hash;
use metanode_primitives::{blake3_256, leaf_hash, merkle_proof, merkle_root, verify_merkle_proof};

fn leaves(n: usize) -> Vec<[u8; 32]> {
    (0..n)
        .map(|i| leaf_hash(format!("leaf {i}").as_bytes()))
        .collect()
}

/// The documented shape: pair neighbours level by level, promote an odd last node.
fn reference_root(level: &[[u8; 32]]) -> [u8; 32] {
    match level.len() {
        0 => blake3_256(b""),
        1 => level[0],
        _ => {
            let next: Vec<[u8; 32]> = level
                .chunks(2)
                .map(|pair| {
                    if pair.len() == 2 {
                        node_hash(&pair[0], &pair[1])
                    } else {
                        pair[0]
                    }
                })
                .collect();
            reference_root(&next)
        }
    }
}

#[test]
fn roots_follow_the_documented_shape() {
    for n in 0..=17 {
        let l = leaves(n);
        assert_eq!(merkle_root(&l), reference_root(&l), "{n} leaves");
    }
}

#[test]
fn every_proof_verifies_and_every_alteration_fails() {
    for n in 1..=9 {
        let l = leaves(n);
        let root = merkle_root(&l);
        for index in 0..n {
            let proof = merkle_proof(&l, index).expect("index in range");
            assert!(
                verify_merkle_proof(&root, &l[index], &proof),
                "n={n} index={index}"
            );

            let mut flipped_leaf = l[index];
            flipped_leaf[0] ^= 1;
            assert!(
                !verify_merkle_proof(&root, &flipped_leaf, &proof),
                "n={n} index={index} leaf"
            );

            for s in 0..proof.siblings.len() {
                let mut bad = proof.clone();
                bad.siblings[s][31] ^= 0x80;
                assert!(
                    !verify_merkle_proof(&root, &l[index], &bad),
                    "n={n} index={index} sibling {s}"
                );
            }
            let mut extra = proof.clone();
            extra.siblings.push([0u8; 32]);
            assert!(
                !verify_merkle_proof(&root, &l[index], &extra),
                "n={n} index={index} extra sibling"
            );
            if !proof.siblings.is_empty() {
                let mut short = proof.clone();
                short.siblings.pop();
                assert!(
                    !verify_merkle_proof(&root, &l[index], &short),
                    "n={n} index={index} short"
                );
            }
            let mut out_of_range = proof.clone();
            out_of_range.leaf_index = out_of_range.leaf_count;
            assert!(!verify_merkle_proof(&root, &l[index], &out_of_range));
            if n > 1 {
                let mut moved = proof.clone();
                moved.leaf_index = ((index + 1) % n) as u32;
                assert!(
                    !verify_merkle_proof(&root, &l[index], &moved),
                    "n={n} index={index} moved"
                );
            }
        }
        assert!(merkle_proof(&l, n).is_none());
    }
}

#[test]
fn leaves_cannot_pose_as_nodes() {
    let l = leaves(2);
    let mut joined = l[0].to_vec();
    joined.extend_from_slice(&l[1]);
    assert_ne!(leaf_hash(&joined), merkle_root(&l));
}
