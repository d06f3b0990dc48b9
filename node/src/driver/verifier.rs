//! Checking a proposed block before voting: it must be well formed, match its proposal, execute, and reproduce
//! its state root (DESIGN.md §4: votes are cast only after the block is executed and its roots match).

use metanode_consensus::ProposedBlock;
use metanode_primitives::{AccountId32, Block, H256};
use metanode_runtime::{executive, ChainContext};
use metanode_support::OverlayState;
use parity_scale_codec::{DecodeAll, Encode};

use super::DriverError;
use crate::chain::{Chain, PendingBlock, StateView};
use crate::pool;

/// Largest encoded block the node accepts.
pub const MAX_BLOCK_BYTES: usize = 8 * 1024 * 1024;

/// Why a proposed block was rejected.
#[derive(Debug, thiserror::Error)]
pub enum BlockRejected {
    /// Payload too large.
    #[error("block is {size} bytes; the limit is {max}")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// Payload is not a SCALE block.
    #[error("block does not decode: {0}")]
    Decode(String),
    /// A header field disagrees with the signed proposal.
    #[error("header {field} is {found}, the proposal says {expected}")]
    Mismatch {
        /// The field.
        field: &'static str,
        /// In the header.
        found: String,
        /// In the proposal.
        expected: String,
    },
    /// Its parent is not known here.
    #[error("unknown parent {0:?}")]
    UnknownParent(H256),
    /// The runtime rejected it.
    #[error("execution failed: {0}")]
    Execution(String),
    /// Executing it gives another state root.
    #[error("state root mismatch: header {header:?}, computed {computed:?}")]
    StateRoot {
        /// In the header.
        header: H256,
        /// Computed.
        computed: H256,
    },
}

/// Decodes, checks and executes `proposed`, whose leader is `leader`. Returns the executed block.
pub fn execute_proposed(
    chain: &Chain,
    ctx: &ChainContext,
    proposed: &ProposedBlock,
    leader: AccountId32,
) -> Result<Result<PendingBlock, BlockRejected>, DriverError> {
    if proposed.payload.len() > MAX_BLOCK_BYTES {
        return Ok(Err(BlockRejected::TooLarge {
            size: proposed.payload.len(),
            max: MAX_BLOCK_BYTES,
        }));
    }
    let block = match Block::decode_all(&mut &proposed.payload[..]) {
        Ok(block) => block,
        Err(e) => return Ok(Err(BlockRejected::Decode(e.to_string()))),
    };
    if let Err(rejected) = check_matches_proposal(&block, proposed, leader) {
        return Ok(Err(rejected));
    }
    let parent = block.header.parent_hash;
    let Some(layers) = chain.uncommitted_chain(&parent) else {
        return Ok(Err(BlockRejected::UnknownParent(parent)));
    };
    let ancestors: Vec<_> = layers.iter().rev().cloned().collect();
    let view = StateView::new(chain.state_db(), layers);
    let mut overlay = OverlayState::new(&view);
    // Signatures this node's pool already verified are trusted; the rest are batch-verified before execution.
    if let Err(e) =
        executive::execute_block_with(&mut overlay, ctx, &block, pool::signatures::shared())
    {
        return Ok(Err(BlockRejected::Execution(e.to_string())));
    }
    let ancestor_updates: Vec<_> = ancestors.iter().map(|b| &b.update).collect();
    let update = chain.state_db().apply(
        &ancestor_updates,
        u64::from(block.header.number),
        overlay.into_changes(),
    )?;
    let computed = H256::from(update.root);
    if computed != block.header.state_root {
        return Ok(Err(BlockRejected::StateRoot {
            header: block.header.state_root,
            computed,
        }));
    }
    Ok(Ok(PendingBlock::new(block, proposed.round, update)))
}

fn check_matches_proposal(
    block: &Block,
    proposed: &ProposedBlock,
    leader: AccountId32,
) -> Result<(), BlockRejected> {
    let mismatch = |field, found: String, expected: String| {
        Err(BlockRejected::Mismatch {
            field,
            found,
            expected,
        })
    };
    let header = &block.header;
    if header.hash().0 != proposed.id {
        return mismatch(
            "hash",
            format!("{:?}", header.hash()),
            hex::encode(proposed.id),
        );
    }
    if header.parent_hash.0 != proposed.parent {
        return mismatch(
            "parent",
            format!("{:?}", header.parent_hash),
            hex::encode(proposed.parent),
        );
    }
    if u64::from(header.number) != proposed.height {
        return mismatch(
            "number",
            header.number.to_string(),
            proposed.height.to_string(),
        );
    }
    let Some(pre) = header.digest.pre_digest() else {
        return mismatch("pre-digest", "missing".into(), "present".into());
    };
    if pre.round != proposed.round {
        return mismatch("round", pre.round.to_string(), proposed.round.to_string());
    }
    if pre.proposer != leader {
        return mismatch("proposer", pre.proposer.to_string(), leader.to_string());
    }
    let justify = proposed.justify.encode();
    if header.digest.parent_qc() != Some(justify.as_slice()) {
        return mismatch("parent QC", "different".into(), "the proposal's".into());
    }
    Ok(())
}
