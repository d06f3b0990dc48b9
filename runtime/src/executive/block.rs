//! Block-level steps: initialize, inherents, finalize, and full execution of an imported block.

use metanode_primitives::{
    extrinsics_root, Block, Header, OpaqueExtrinsic, UncheckedExtrinsic, H256,
};
use metanode_support::codec::Encode;
use metanode_support::State;

use super::{apply_extrinsic, ChainContext, ExecuteBlockError};
use crate::call::{decode_call, RuntimeCall};
use crate::{timestamp, Receipts, System, Timestamp};

/// Starts the block `header` describes (number, parent hash, `PreRuntime` digest items; the roots are not read):
/// records them, clears the previous block's events and receipts.
pub fn initialize_block(state: &mut dyn State, header: &Header) {
    System::initialize(state, header.number, header.parent_hash, &header.digest);
    Receipts::on_initialize(state);
    System::note_finished_initialize(state);
}

/// Ends the block: finalization hooks (Timestamp forgets its per-block flag) and System's bookkeeping (drops
/// per-block counters, prunes `System.BlockHash` beyond its window). Returns the block's receipts root (blake3
/// Merkle root over `Receipts.BlockReceipts`), which the builder puts into the header digest
/// (`Digest::push_receipts_root`) and [`execute_block`] checks.
pub fn finalize_block(state: &mut dyn State) -> H256 {
    System::note_finished_extrinsics(state);
    if !Timestamp::on_finalize(state) {
        tracing::warn!(target: "runtime::executive", "block finalized without the timestamp inherent");
    }
    System::finalize(state);
    Receipts::root(state)
}

/// The inherents of a new block: `[Timestamp.set(now_ms)]`, unsigned v4.
pub fn inherents(now_ms: u64) -> Vec<OpaqueExtrinsic> {
    let call = RuntimeCall::Timestamp(timestamp::Call::set { now: now_ms });
    vec![OpaqueExtrinsic::from(&UncheckedExtrinsic::new_unsigned(
        call.encode(),
    ))]
}

/// The time a block's timestamp inherent sets, if its first extrinsic is one (the node checks it against its clock).
pub fn block_timestamp(block: &Block) -> Option<u64> {
    let uxt = block.extrinsics.first()?.decode_extrinsic().ok()?;
    if uxt.is_signed() {
        return None;
    }
    match decode_call(&uxt.call).ok()? {
        RuntimeCall::Timestamp(timestamp::Call::set { now }) => Some(now),
        _ => None,
    }
}

/// Executes an imported block on its parent's state: number follows, the first extrinsic is the timestamp
/// inherent, every extrinsic is includable, and the extrinsics and receipts roots match (the header's
/// `Consensus(RCPT, ..)` digest item must be present). On `Err` the state holds partial writes: run it on an overlay
/// and drop the overlay. The state root is the node's check.
pub fn execute_block(
    state: &mut dyn State,
    ctx: &ChainContext,
    block: &Block,
) -> Result<(), ExecuteBlockError> {
    let header = &block.header;
    let parent = System::block_number(state);
    if parent.checked_add(1) != Some(header.number) {
        return Err(ExecuteBlockError::NumberMismatch {
            parent,
            got: header.number,
        });
    }
    if block_timestamp(block).is_none() {
        return Err(ExecuteBlockError::MissingTimestamp);
    }
    initialize_block(state, header);
    for (index, xt) in block.extrinsics.iter().enumerate() {
        // `Ok(Err(_))` is an included, failed call: valid in a block.
        let _outcome = apply_extrinsic(state, ctx, &xt.encode())
            .map_err(|error| ExecuteBlockError::InvalidExtrinsic { index, error })?;
    }
    let receipts = finalize_block(state);
    let computed = extrinsics_root(&block.extrinsics);
    if computed != header.extrinsics_root {
        return Err(ExecuteBlockError::ExtrinsicsRootMismatch {
            header: header.extrinsics_root,
            computed,
        });
    }
    let claimed = header
        .digest
        .receipts_root()
        .ok_or(ExecuteBlockError::MissingReceiptsRoot)?;
    if claimed != receipts {
        return Err(ExecuteBlockError::ReceiptsRootMismatch {
            header: claimed,
            computed: receipts,
        });
    }
    Ok(())
}
