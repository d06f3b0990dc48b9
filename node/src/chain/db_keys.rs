//! Keys of the node's own records in the store's columns.

use metanode_primitives::{BlockNumber, H256};

/// `Meta`: the genesis block hash.
pub const GENESIS_HASH: &[u8] = b"genesis_hash";
/// `Meta`: SCALE `(number, hash, round)` of the last finalized block.
pub const FINALIZED: &[u8] = b"finalized";
/// `Safety`: the consensus safety data.
pub const SAFETY: &[u8] = b"safety";

/// `BlockIndex` key of a block number (big-endian, so the column iterates in height order).
pub fn number_key(number: BlockNumber) -> [u8; 4] {
    number.to_be_bytes()
}

/// `Indexes` key of a transaction hash -> `(block number, extrinsic index)`.
pub fn tx_key(hash: &H256) -> Vec<u8> {
    let mut key = b"tx/".to_vec();
    key.extend_from_slice(hash.as_bytes());
    key
}
