//! The block-sync protocol's messages (SCALE), carried by `metanode-network` requests.
//!
//! A node that is behind asks peers for their finalized head (`Status`) and then for committed blocks by number
//! (`Blocks`), each with its commit certificate; it verifies every certificate against the validator set and
//! re-executes every block before committing it (see `crate::sync`).
//!
//! Epoch changes: the certificate of the block `B` that changed the validator set may commit a descendant `T` of
//! `B` that never became part of the committed chain (the new epoch builds on `B`). The response then carries the
//! headers `B+1..=T` with `B` ([`SyncedBlock::linking`]), so the syncing node can check that the certificate
//! commits `B` and can fill its own index of set changes.

use metanode_primitives::H256;
use parity_scale_codec::{Decode, DecodeLimit, Encode};

/// Most blocks one `Blocks` response carries.
pub const MAX_SYNC_BLOCKS: u32 = 64;

/// Most bytes of blocks and certificates one `Blocks` response carries (the first block is always sent).
pub const MAX_SYNC_RESPONSE_BYTES: usize = 12 * 1024 * 1024;

/// Most linking headers one block carries (an epoch-ending block's uncommitted certified descendants).
pub const MAX_LINKING_HEADERS: usize = 64;

/// Nesting depth allowed when decoding sync messages.
const MAX_DEPTH: u32 = 8;

/// A sync request.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum SyncRequest {
    /// What is your finalized head?
    Status,
    /// Committed blocks `from`, `from + 1`, … (at most `max`, capped by [`MAX_SYNC_BLOCKS`]).
    Blocks {
        /// First block number (at least 1).
        from: u32,
        /// How many at most.
        max: u32,
    },
}

/// A committed block with the certificate that finalized it.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub struct SyncedBlock {
    /// The SCALE-encoded block.
    pub block: Vec<u8>,
    /// The SCALE-encoded `CommitCertificate`.
    pub certificate: Vec<u8>,
    /// SCALE-encoded headers of the block's descendants up to the block its certificate commits, when the block
    /// changed the validator set and that descendant is not on the committed chain (at most
    /// [`MAX_LINKING_HEADERS`]); empty otherwise.
    pub linking: Vec<Vec<u8>>,
}

/// A sync response.
#[derive(Clone, Debug, PartialEq, Eq, Encode, Decode)]
pub enum SyncResponse {
    /// The peer's finalized head.
    Status {
        /// Its number.
        finalized: u32,
        /// Its hash.
        hash: H256,
    },
    /// Consecutive committed blocks from the requested number; empty if the peer has none.
    Blocks(Vec<SyncedBlock>),
}

/// Decodes untrusted bytes with a depth limit and no trailing bytes.
pub fn decode<T: Decode>(bytes: &[u8]) -> Result<T, String> {
    let mut input = bytes;
    let value = T::decode_with_depth_limit(MAX_DEPTH, &mut input).map_err(|e| e.to_string())?;
    if !input.is_empty() {
        return Err(format!("{} trailing bytes", input.len()));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_messages_round_trip_and_refuse_trailing_bytes() {
        let req = SyncRequest::Blocks { from: 5, max: 64 };
        assert_eq!(decode::<SyncRequest>(&req.encode()).unwrap(), req);
        let mut bytes = SyncResponse::Blocks(vec![SyncedBlock {
            block: vec![1, 2],
            certificate: vec![3],
            linking: vec![vec![4, 5]],
        }])
        .encode();
        assert!(decode::<SyncResponse>(&bytes).is_ok());
        bytes.push(0);
        assert!(decode::<SyncResponse>(&bytes).is_err());
        assert!(decode::<SyncRequest>(&[9]).is_err());
    }
}
