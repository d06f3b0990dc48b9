//! The System pallet (index 0): the chain's bookkeeping, with Substrate's storage layout.
//!
//! - **Accounts** (`System.Account`): nonce, reference counts and the FLX balance data that Balances keeps through
//!   the [`AccountStore`] trait. An account exists while it has a provider (Balances provides one while the account
//!   holds at least the existential deposit); when the last provider goes, the account record, nonce included, is
//!   removed (`KilledAccount`), exactly as in Substrate.
//! - **Block context**: `Number`, `ParentHash`, `Digest` (the block's `PreRuntime` items), and `BlockHash` of the
//!   last [`BLOCK_HASH_COUNT`] blocks (block 0 kept forever) so mortal transactions can name their birth block.
//! - **Events**: `Events` holds `Vec<EventRecord<RuntimeEvent, H256>>` of the current block with the phase they were
//!   emitted in; this pallet is the runtime's [`EventSink`] and appends encoded records without knowing
//!   `RuntimeEvent`. Events live in state, so a rolled-back call's events disappear with its writes.
//!
//! Lifecycle per block (driven by the executive): [`Pallet::initialize`] → [`Pallet::note_finished_initialize`] →
//! per extrinsic [`Pallet::note_applied_extrinsic`] → [`Pallet::note_finished_extrinsics`] → [`Pallet::finalize`].

pub mod call;
pub mod event;
pub mod storage;
pub mod types;
pub mod weights;

#[cfg(test)]
mod tests;

pub use call::Call;
pub use event::Event;
pub use types::{ConsumedWeight, EventRecord, Phase};

// `EventBuffer` is defined below, next to the `System.Events` append it shares with `Pallet`.

use metanode_primitives::{AccountId32, BlockNumber, Digest, DigestItem, H256, HOTSTUFF_ENGINE_ID};
use metanode_support::codec::Encode;
use metanode_support::{
    AccountData, AccountInfo, AccountStore, Context, DispatchClass, DispatchError, DispatchInfo,
    DispatchResult, EventSink, State, StateRead, Weight,
};

use storage::*;

/// The pallet's index: part of the wire format.
pub const PALLET_INDEX: u8 = 0;
/// Block hashes kept in `System.BlockHash` (besides block 0): the longest usable mortality.
pub const BLOCK_HASH_COUNT: BlockNumber = 2400;

/// The System pallet.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pallet;

impl Pallet {
    /// The account record (default if none).
    pub fn account(state: &dyn StateRead, who: &AccountId32) -> AccountInfo {
        ACCOUNT.get_or_default(state, who)
    }

    /// The next nonce `who` must use.
    pub fn account_nonce(state: &dyn StateRead, who: &AccountId32) -> u32 {
        Self::account(state, who).nonce
    }

    /// Increments `who`'s nonce (saturating).
    pub fn inc_account_nonce(state: &mut dyn State, who: &AccountId32) {
        ACCOUNT.mutate(state, who, |a| a.nonce = a.nonce.saturating_add(1));
    }

    /// The current block number.
    pub fn block_number(state: &dyn StateRead) -> BlockNumber {
        NUMBER.get_or_default(state)
    }

    /// The current block's parent hash.
    pub fn parent_hash(state: &dyn StateRead) -> H256 {
        PARENT_HASH.get_or_default(state)
    }

    /// The hash of block `n`, if still kept.
    pub fn block_hash(state: &dyn StateRead, n: BlockNumber) -> Option<H256> {
        BLOCK_HASH.get(state, &n)
    }

    /// The current block's `PreRuntime` digest items.
    pub fn digest(state: &dyn StateRead) -> Digest {
        DIGEST.get(state).unwrap_or(Digest { logs: Vec::new() })
    }

    /// The phase events are currently recorded with.
    pub fn execution_phase(state: &dyn StateRead) -> Phase {
        EXECUTION_PHASE.get_or_default(state)
    }

    /// Index of the next extrinsic to apply in the current block.
    pub fn extrinsic_index(state: &dyn StateRead) -> u32 {
        EXTRINSIC_COUNT.get_or_default(state)
    }

    /// Weight used so far in the current block.
    pub fn block_weight(state: &dyn StateRead) -> ConsumedWeight {
        BLOCK_WEIGHT.get_or_default(state)
    }

    /// Total length of the extrinsics applied so far in the current block.
    pub fn all_extrinsics_len(state: &dyn StateRead) -> u32 {
        ALL_EXTRINSICS_LEN.get_or_default(state)
    }

    /// Number of events recorded in the current block.
    pub fn event_count(state: &dyn StateRead) -> u32 {
        EVENT_COUNT.get_or_default(state)
    }

    /// The raw `System.Events` value (`Vec<EventRecord<RuntimeEvent, H256>>` encoded), if any.
    pub fn events_raw(state: &dyn StateRead) -> Option<Vec<u8>> {
        state.get(&events_key())
    }

    /// Starts block `number`: records it, its parent (also in `BlockHash[number - 1]`) and the items of `digest`
    /// known before execution — the `PreRuntime` items and the parent's quorum certificate (`Consensus(HSQC, ..)`,
    /// which Mining reads); the items appended after execution (receipts root, next validator set) are not state.
    /// Clears the previous block's events and counters. Phase: `Initialization`.
    pub fn initialize(
        state: &mut dyn State,
        number: BlockNumber,
        parent_hash: H256,
        digest: &Digest,
    ) {
        EXECUTION_PHASE.put(state, &Phase::Initialization);
        NUMBER.put(state, &number);
        PARENT_HASH.put(state, &parent_hash);
        BLOCK_HASH.insert(state, &number.saturating_sub(1), &parent_hash);
        let logs = digest
            .logs
            .iter()
            .filter(|l| match l {
                DigestItem::PreRuntime(..) => true,
                DigestItem::Consensus(id, _) => *id == HOTSTUFF_ENGINE_ID,
                _ => false,
            })
            .cloned()
            .collect();
        DIGEST.put(state, &Digest { logs });
        state.delete(&events_key());
        EVENT_COUNT.remove(state);
        EXTRINSIC_COUNT.remove(state);
        ALL_EXTRINSICS_LEN.remove(state);
        BLOCK_WEIGHT.remove(state);
    }

    /// Initialization hooks are done: events now belong to extrinsic 0.
    pub fn note_finished_initialize(state: &mut dyn State) {
        EXECUTION_PHASE.put(state, &Phase::ApplyExtrinsic(0));
    }

    /// Adds an extrinsic's weight and length to the block's totals.
    pub fn register_extrinsic(
        state: &mut dyn State,
        weight: Weight,
        class: DispatchClass,
        len: u32,
    ) {
        BLOCK_WEIGHT.mutate(state, |w| w.add(weight, class));
        ALL_EXTRINSICS_LEN.mutate(state, |l| *l = l.saturating_add(len));
    }

    /// Emits `ExtrinsicSuccess`/`ExtrinsicFailed` for the extrinsic just applied and moves to the next index.
    pub fn note_applied_extrinsic(
        ctx: &mut Context<'_>,
        result: &DispatchResult,
        dispatch_info: DispatchInfo,
    ) {
        let event = match result {
            Ok(()) => Event::ExtrinsicSuccess { dispatch_info },
            Err(dispatch_error) => Event::ExtrinsicFailed {
                dispatch_error: *dispatch_error,
                dispatch_info,
            },
        };
        ctx.deposit_event(event);
        let next = Self::extrinsic_index(ctx.state).saturating_add(1);
        EXTRINSIC_COUNT.put(ctx.state, &next);
        EXECUTION_PHASE.put(ctx.state, &Phase::ApplyExtrinsic(next));
    }

    /// All extrinsics are applied: events now belong to finalization.
    pub fn note_finished_extrinsics(state: &mut dyn State) {
        EXECUTION_PHASE.put(state, &Phase::Finalization);
    }

    /// Ends the block: drops per-block counters and the block hash that fell out of the kept window.
    pub fn finalize(state: &mut dyn State) {
        EXECUTION_PHASE.remove(state);
        EXTRINSIC_COUNT.remove(state);
        ALL_EXTRINSICS_LEN.remove(state);
        let number = Self::block_number(state);
        let to_remove = number.saturating_sub(BLOCK_HASH_COUNT).saturating_sub(1);
        if to_remove > 0 {
            BLOCK_HASH.remove(state, &to_remove);
        }
    }

    /// Appends an encoded runtime event to `System.Events` with the current phase and no topics.
    pub fn deposit_event_raw(state: &mut dyn State, event: &[u8]) {
        let record = Self::event_record(state, event);
        append_records(state, std::slice::from_ref(&record));
    }

    /// `phase ++ event ++ topics (empty)`: one encoded `EventRecord` with the current phase.
    fn event_record(state: &dyn StateRead, event: &[u8]) -> Vec<u8> {
        let mut record = Self::execution_phase(state).encode();
        record.extend_from_slice(event);
        Vec::<H256>::new().encode_to(&mut record);
        record
    }
}

/// Appends encoded records to `System.Events` ([`State::append`]: in place on the executive's overlay, so a
/// block's events cost O(total bytes), not O(n²)) and counts them in `System.EventCount`.
fn append_records(state: &mut dyn State, records: &[Vec<u8>]) {
    if records.is_empty() {
        return;
    }
    let key = events_key();
    for record in records {
        state.append(&key, record);
    }
    let n = u32::try_from(records.len()).unwrap_or(u32::MAX);
    EVENT_COUNT.mutate(state, |c| *c = c.saturating_add(n));
}

/// Buffers encoded event records in memory and appends them to `System.Events` in one write ([`EventBuffer::flush`]):
/// the executive's sink for one extrinsic, so a block of `n` events does not rewrite the list `n` times. Each
/// record gets the phase current when it is deposited; a failed storage transaction drops its records.
#[derive(Debug, Default)]
pub struct EventBuffer {
    records: Vec<Vec<u8>>,
}

impl EventBuffer {
    /// Appends the buffered records to `System.Events`.
    pub fn flush(&mut self, state: &mut dyn State) {
        append_records(state, &self.records);
        self.records.clear();
    }
}

impl EventSink for EventBuffer {
    fn deposit(&mut self, state: &mut dyn State, event: Vec<u8>) {
        self.records.push(Pallet::event_record(state, &event));
    }

    fn checkpoint(&self) -> usize {
        self.records.len()
    }

    fn rollback_to(&mut self, checkpoint: usize) {
        self.records.truncate(checkpoint);
    }
}

impl EventSink for Pallet {
    fn deposit(&mut self, state: &mut dyn State, event: Vec<u8>) {
        Self::deposit_event_raw(state, &event);
    }
}

impl AccountStore for Pallet {
    fn data(state: &dyn StateRead, who: &AccountId32) -> AccountData {
        Self::account(state, who).data
    }

    fn exists(state: &dyn StateRead, who: &AccountId32) -> bool {
        Self::account(state, who).providers > 0
    }

    fn set_data(
        ctx: &mut Context<'_>,
        who: &AccountId32,
        data: Option<AccountData>,
    ) -> DispatchResult {
        let mut account = Self::account(ctx.state, who);
        match data {
            Some(data) => {
                let created = account.providers == 0;
                if created {
                    account.providers = 1;
                }
                account.data = data;
                ACCOUNT.insert(ctx.state, who, &account);
                if created {
                    ctx.deposit_event(Event::NewAccount { account: *who });
                }
            }
            None => {
                if account.providers == 0 {
                    return Ok(());
                }
                if account.providers == 1 && account.consumers > 0 {
                    return Err(DispatchError::ConsumerRemaining);
                }
                account.providers -= 1;
                account.data = AccountData::default();
                if account.providers == 0 && account.sufficients == 0 {
                    ACCOUNT.remove(ctx.state, who);
                    ctx.deposit_event(Event::KilledAccount { account: *who });
                } else {
                    ACCOUNT.insert(ctx.state, who, &account);
                }
            }
        }
        Ok(())
    }
}
