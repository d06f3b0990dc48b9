//! Block-level steps: initialize, inherents, finalize, and full execution of an imported block.

use metanode_primitives::{
    extrinsics_root, Block, Digest, Header, NextValidatorSet, OpaqueExtrinsic, UncheckedExtrinsic,
    H256,
};
use metanode_support::codec::Encode;
use metanode_support::{ReadOnly, State, StateRead};

use super::signatures::{verify_block_signatures, NoCache, VerifiedSignatures};
use super::{apply_extrinsic_with, ChainContext, ExecuteBlockError};
use crate::call::{decode_call, RuntimeCall};
use crate::{timestamp, Receipts, System, Timestamp, Validators};

/// What a finished block commits to in its header digest, computed from its post-state by [`finalize_block`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockSeal {
    /// The blake3 Merkle root over `Receipts.BlockReceipts` (`Consensus(RCPT, ..)`).
    pub receipts_root: H256,
    /// The validator set this block scheduled, when its execution changed the set (`Consensus(HSVS, ..)`).
    pub next_validators: Option<NextValidatorSet>,
}

impl BlockSeal {
    /// Appends the seal's items to a new block's digest, in this order: receipts root, then the next validator set
    /// when there is one.
    pub fn push_to(&self, digest: &mut Digest) {
        digest.push_receipts_root(self.receipts_root);
        if let Some(next) = &self.next_validators {
            digest.push_next_validator_set(next);
        }
    }
}

/// The set scheduled by the block being executed: `Some` when `Validators.LastChange` is this block's number (the
/// Validators pallet's epoch rule bumps the epoch once per changing block), with the new epoch and session keys.
pub fn scheduled_validator_set(state: &dyn StateRead) -> Option<NextValidatorSet> {
    let now = System::block_number(state);
    if now == 0 || Validators::last_change(state) != Some(now) {
        return None;
    }
    Some(NextValidatorSet {
        epoch: Validators::epoch(state),
        validators: Validators::validators(state)
            .into_iter()
            .map(|v| v.session_key)
            .collect(),
    })
}

/// Starts the block `header` describes (number, parent hash, `PreRuntime` digest items; the roots are not read):
/// records them, clears the previous block's events and receipts.
pub fn initialize_block(state: &mut dyn State, header: &Header) {
    System::initialize(state, header.number, header.parent_hash, &header.digest);
    Receipts::on_initialize(state);
    System::note_finished_initialize(state);
}

/// Ends the block: finalization hooks (Timestamp forgets its per-block flag; Mining rewards the parent block, whose
/// certificate this block's header carries, with one receipt per payout after the extrinsics' receipts) and
/// System's bookkeeping (drops per-block counters, prunes `System.BlockHash` beyond its window). Returns the block's [`BlockSeal`]: its receipts
/// root (blake3 Merkle root over `Receipts.BlockReceipts`) and, when the block changed the validator set, the new
/// set; the builder appends it to the header digest ([`BlockSeal::push_to`]) and [`execute_block`] checks it.
pub fn finalize_block(state: &mut dyn State, ctx: &ChainContext) -> BlockSeal {
    System::note_finished_extrinsics(state);
    if !Timestamp::on_finalize(state) {
        tracing::warn!(target: "runtime::executive", "block finalized without the timestamp inherent");
    }
    super::rewards::reward_parent(state, ctx);
    System::finalize(state);
    BlockSeal {
        receipts_root: Receipts::root(state),
        next_validators: scheduled_validator_set(state),
    }
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
/// inherent, every extrinsic is includable, the extrinsics and receipts roots match (the header's
/// `Consensus(RCPT, ..)` digest item must be present), and the header's `Consensus(HSVS, ..)` item is present exactly
/// when the block changed the validator set, naming the set it scheduled. On `Err` the state holds partial writes: run it on an overlay
/// and drop the overlay. The state root is the node's check.
pub fn execute_block(
    state: &mut dyn State,
    ctx: &ChainContext,
    block: &Block,
) -> Result<(), ExecuteBlockError> {
    execute_block_with(state, ctx, block, &NoCache)
}

/// [`execute_block`] that first batch-verifies the signatures `signatures` does not know (one schnorrkel batch for
/// the block) and then skips the per-extrinsic signature check for known or batch-verified ones. A block with a bad
/// signature fails the batch, is checked one by one, and is rejected as `InvalidExtrinsic` (`BadProof`).
pub fn execute_block_with(
    state: &mut dyn State,
    ctx: &ChainContext,
    block: &Block,
    signatures: &dyn VerifiedSignatures,
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
    let encoded: Vec<Vec<u8>> = block.extrinsics.iter().map(Encode::encode).collect();
    let known = verify_block_signatures(&ReadOnly(&*state), ctx, &encoded, signatures);
    for (index, xt) in encoded.iter().enumerate() {
        // `Ok(Err(_))` is an included, failed call: valid in a block.
        let _outcome = apply_extrinsic_with(state, ctx, xt, &known)
            .map_err(|error| ExecuteBlockError::InvalidExtrinsic { index, error })?;
    }
    let seal = finalize_block(state, ctx);
    let receipts = seal.receipts_root;
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
    let claimed = header
        .digest
        .next_validator_set()
        .map_err(|e| ExecuteBlockError::MalformedValidatorSet(e.to_string()))?;
    match (claimed, seal.next_validators) {
        (None, None) => {}
        (Some(claimed), None) => {
            return Err(ExecuteBlockError::UnexpectedValidatorSet {
                epoch: claimed.epoch,
            })
        }
        (None, Some(computed)) => {
            return Err(ExecuteBlockError::MissingValidatorSet {
                epoch: computed.epoch,
            })
        }
        (Some(claimed), Some(computed)) if claimed != computed => {
            return Err(ExecuteBlockError::ValidatorSetMismatch {
                header_epoch: claimed.epoch,
                computed_epoch: computed.epoch,
            })
        }
        (Some(_), Some(_)) => {}
    }
    Ok(())
}
