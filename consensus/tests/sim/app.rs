//! The simulated application: builds payloads and judges blocks, as the node's executor would.
//!
//! A payload is `SCALE(parent, round, builder, nonce)`; the block id is `blake3(payload)`. A block is
//! valid when its id is the hash of its payload and the payload names the block's parent — the same
//! binding the real node checks (header hash == id, header parent == parent).

use metanode_consensus::{Hash, ProposedBlock, Round};
use parity_scale_codec::{Decode, Encode};

#[derive(Encode, Decode)]
struct Payload {
    parent: Hash,
    round: Round,
    builder: u64,
    nonce: u64,
}

/// Build a payload on `parent`; returns (id, bytes).
pub fn build(parent: Hash, round: Round, builder: u64, nonce: u64) -> (Hash, Vec<u8>) {
    let bytes = Payload {
        parent,
        round,
        builder,
        nonce,
    }
    .encode();
    (*blake3::hash(&bytes).as_bytes(), bytes)
}

/// Would the node's executor accept `block`?
pub fn valid(block: &ProposedBlock) -> bool {
    if *blake3::hash(&block.payload).as_bytes() != block.id {
        return false;
    }
    match Payload::decode(&mut &block.payload[..]) {
        Ok(p) => p.parent == block.parent,
        Err(_) => false,
    }
}
