//! What happened to an included extrinsic, read from its block.
//!
//! Contract: the extrinsic's index is its position in `chain_getBlock`'s list, matched by tx hash
//! (`blake2_256` of its full encoding). Its events are the `System.Events` records in phase
//! `ApplyExtrinsic(index)`. The fee is the first `Balances.Withdraw` of the signer in that phase
//! (the executive withdraws the fee before dispatch). The result is `System.ExtrinsicSuccess`, or
//! `System.ExtrinsicFailed` with the error named as `Pallet.Error`; neither is an error.

use metanode_primitives::{blake2_256, AccountId32, H256};
use metanode_rpc::Bytes;
use metanode_runtime::errors::describe_dispatch_error;
use metanode_runtime::system::Phase;
use metanode_runtime::{admin, balances, system, validators, EventRecord, RuntimeEvent};

/// How an included extrinsic ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// Position in the block.
    pub index: u32,
    /// FLX fee paid, if a fee was charged.
    pub fee: Option<u128>,
    /// `Ok` for success, `Err("Wallets.InsufficientBalance")` for a failed dispatch.
    pub result: Result<(), String>,
}

/// Why no outcome could be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OutcomeError {
    /// The block does not contain the transaction.
    #[error("block {block:?} does not contain transaction {tx:?}")]
    NotInBlock {
        /// The block.
        block: H256,
        /// The tx hash.
        tx: H256,
    },
    /// The block's events have neither ExtrinsicSuccess nor ExtrinsicFailed for it.
    #[error("the events of block {block:?} say nothing about extrinsic {index}")]
    NoResultEvent {
        /// The block.
        block: H256,
        /// The extrinsic index.
        index: u32,
    },
}

/// The position of the extrinsic with hash `tx` among `extrinsics` (full encodings).
pub fn find_index(extrinsics: &[Bytes], tx: H256) -> Option<u32> {
    extrinsics
        .iter()
        .position(|xt| H256(blake2_256(xt)) == tx)
        .and_then(|i| u32::try_from(i).ok())
}

/// Reads the outcome of extrinsic `index` of `block` from the block's `events`.
pub fn outcome(
    events: &[EventRecord],
    block: H256,
    index: u32,
    signer: &AccountId32,
) -> Result<Outcome, OutcomeError> {
    let mine = events
        .iter()
        .filter(|record| record.phase == Phase::ApplyExtrinsic(index));
    let mut fee = None;
    let mut result = None;
    for record in mine {
        match &record.event {
            RuntimeEvent::Balances(balances::Event::Withdraw { who, amount })
                if who == signer && fee.is_none() =>
            {
                fee = Some(*amount);
            }
            RuntimeEvent::System(system::Event::ExtrinsicSuccess { .. }) => result = Some(Ok(())),
            RuntimeEvent::System(system::Event::ExtrinsicFailed { dispatch_error, .. }) => {
                result = Some(Err(describe_dispatch_error(dispatch_error)));
            }
            _ => {}
        }
    }
    let result = result.ok_or(OutcomeError::NoResultEvent { block, index })?;
    Ok(Outcome { index, fee, result })
}

/// The inner result of an `Admin.sudo` extrinsic at `index`: its `Admin.Sudid { sudo_result }` event, with a
/// failed inner call named as `Pallet.Error` (e.g. `Validators.AlreadyValidator`). `None` if there is no such event.
pub fn sudo_result(events: &[EventRecord], index: u32) -> Option<Result<(), String>> {
    events
        .iter()
        .filter(|record| record.phase == Phase::ApplyExtrinsic(index))
        .find_map(|record| match &record.event {
            RuntimeEvent::Admin(admin::Event::Sudid { sudo_result }) => Some(
                sudo_result
                    .as_ref()
                    .map(|_| ())
                    .map_err(describe_dispatch_error),
            ),
            _ => None,
        })
}

/// The epoch extrinsic `index` scheduled (`Validators.NewEpochScheduled`), with the set's size, if any.
pub fn epoch_scheduled(events: &[EventRecord], index: u32) -> Option<(u64, u32)> {
    events
        .iter()
        .filter(|record| record.phase == Phase::ApplyExtrinsic(index))
        .find_map(|record| match &record.event {
            RuntimeEvent::Validators(validators::Event::NewEpochScheduled {
                epoch,
                validators,
            }) => Some((*epoch, *validators)),
            _ => None,
        })
}
