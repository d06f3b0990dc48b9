//! On-disk key and value encodings of the state columns. Part of the disk format.
//!
//! - `StateFlat`: raw storage key -> raw value (latest committed).
//! - `StateNodes`: `b'n' ++ version BE ++ nibble count u8 ++ packed nibbles` -> borsh(jmt `Node`);
//!   `b's' ++ stale_since BE` -> the node keys (`version BE ++ nibble count u8 ++ packed nibbles`, concatenated)
//!   of the nodes that version `stale_since` replaced, unused by versions >= stale_since: one entry per version,
//!   for a future pruner (databases written before 2026-11-30 13:00 UTC hold one empty-valued
//!   `b's' ++ stale_since BE ++ node key` entry per node instead; nothing reads either yet).
//! - `StateValues`: `key_hash ++ !version BE` -> SCALE `Option<Vec<u8>>` (`None` = deleted), so a
//!   forward seek from `key_hash ++ !v` finds the newest write at or below version `v`.
//! - `Meta`: [`COMMITTED_VERSION`] -> committed state version u64 BE ++ its 32-byte root.

use jmt::storage::{Node, NodeKey};
use jmt::KeyHash;
use parity_scale_codec::{DecodeAll, Encode};

use crate::StorageError;

/// `Meta` key of the committed state version.
pub const COMMITTED_VERSION: &[u8] = b"state/committed_version";

const NODE_TAG: u8 = b'n';
const STALE_TAG: u8 = b's';

/// `StateNodes` key of a tree node.
pub fn node_key(key: &NodeKey) -> Vec<u8> {
    let mut out = vec![NODE_TAG];
    push_node_key(&mut out, key);
    out
}

/// `StateNodes` key of the list of nodes that version `stale_since` replaced.
pub fn stale_list_key(stale_since: u64) -> Vec<u8> {
    let mut out = vec![STALE_TAG];
    out.extend_from_slice(&stale_since.to_be_bytes());
    out
}

/// Appends `key`'s encoding (`version BE ++ nibble count u8 ++ packed nibbles`, self-delimiting) to `out`.
pub fn push_node_key(out: &mut Vec<u8>, key: &NodeKey) {
    out.extend_from_slice(&key.version().to_be_bytes());
    let path = key.nibble_path();
    let n = path.num_nibbles();
    // A path has at most 64 nibbles (32-byte key hashes).
    out.push(n as u8);
    let mut packed = vec![0u8; n.div_ceil(2)];
    for i in 0..n {
        let nibble = u8::from(path.get_nibble(i));
        packed[i / 2] |= if i & 1 == 0 { nibble << 4 } else { nibble };
    }
    out.extend_from_slice(&packed);
}

/// `StateValues` key of the write of `key_hash` at `version`.
pub fn value_key(key_hash: &KeyHash, version: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(40);
    out.extend_from_slice(&key_hash.0);
    out.extend_from_slice(&(!version).to_be_bytes());
    out
}

/// The version encoded in a `StateValues` key.
pub fn value_key_version(key: &[u8]) -> Result<u64, StorageError> {
    let bytes: [u8; 8] = key
        .get(32..40)
        .and_then(|b| b.try_into().ok())
        .ok_or_else(|| corrupt("state value key", "wrong length"))?;
    Ok(!u64::from_be_bytes(bytes))
}

/// Encodes a node.
pub fn encode_node(node: &Node) -> Result<Vec<u8>, StorageError> {
    borsh::to_vec(node).map_err(|e| corrupt("state node", e))
}

/// Decodes a node.
pub fn decode_node(bytes: &[u8]) -> Result<Node, StorageError> {
    borsh::from_slice(bytes).map_err(|e| corrupt("state node", e))
}

/// The committed `(version, root)` as stored in `Meta`.
pub fn decode_committed(bytes: &[u8]) -> Result<(u64, [u8; 32]), StorageError> {
    if bytes.len() != 40 {
        return Err(StorageError::Corrupt {
            what: "committed state version",
            message: "wrong length".into(),
        });
    }
    let version = decode_version(&bytes[..8])?;
    let mut root = [0u8; 32];
    root.copy_from_slice(&bytes[8..]);
    Ok((version, root))
}

pub fn encode_committed(version: u64, root: &[u8; 32]) -> Vec<u8> {
    let mut out = encode_version(version).to_vec();
    out.extend_from_slice(root);
    out
}

/// Encodes a versioned value.
pub fn encode_value(value: &Option<Vec<u8>>) -> Vec<u8> {
    value.encode()
}

/// Decodes a versioned value.
pub fn decode_value(mut bytes: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
    <Option<Vec<u8>>>::decode_all(&mut bytes).map_err(|e| corrupt("state value", e))
}

/// Encodes a version (Meta).
pub fn encode_version(version: u64) -> [u8; 8] {
    version.to_be_bytes()
}

/// Decodes a version (Meta).
pub fn decode_version(bytes: &[u8]) -> Result<u64, StorageError> {
    let arr: [u8; 8] = bytes
        .try_into()
        .map_err(|_| corrupt("state version", "wrong length"))?;
    Ok(u64::from_be_bytes(arr))
}

fn corrupt(what: &'static str, e: impl std::fmt::Display) -> StorageError {
    StorageError::Corrupt {
        what,
        message: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newer_value_versions_sort_first() {
        let kh = KeyHash([7; 32]);
        let (v1, v2, v9) = (value_key(&kh, 1), value_key(&kh, 2), value_key(&kh, 9));
        assert!(v9 < v2 && v2 < v1);
        assert_eq!(value_key_version(&v9).unwrap(), 9);
        assert!(value_key_version(&v9[..39]).is_err());
    }

    #[test]
    fn versions_and_values_round_trip() {
        assert_eq!(
            decode_version(&encode_version(u64::MAX - 3)).unwrap(),
            u64::MAX - 3
        );
        assert!(decode_version(&[1, 2]).is_err());
        for v in [None, Some(Vec::new()), Some(vec![1, 2, 3])] {
            assert_eq!(decode_value(&encode_value(&v)).unwrap(), v);
        }
        let mut trailing = encode_value(&Some(vec![1]));
        trailing.push(0);
        assert!(decode_value(&trailing).is_err());
    }
}
