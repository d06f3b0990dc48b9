//! The Validators pallet (index 4): the permissioned validator set.
//!
//! Terms: `Validators.Validators` is the current set in **leader order** (round-robin by position), each member a
//! [`ValidatorInfo`] (session key + libp2p peer id). `Validators.Epoch` numbers the set (genesis = 0);
//! `Validators.LastChange` is the block number of the last change. Root (i.e. `Admin.sudo`) adds and removes
//! validators; nobody else can.
//!
//! **Epoch rule** (the consensus engine relies on it): the epoch goes up by exactly one per block that changes the
//! set, however many changes that block holds. The first change in a block (`LastChange != now`) bumps `Epoch`,
//! sets `LastChange = now` and emits `NewEpochScheduled`; later changes in the same block only edit the set. The
//! set stored after a block is the next epoch's set: the node notices the change and starts the new epoch when
//! that block commits.
//!
//! Invariants: 1 to [`MAX_VALIDATORS`] members after any call, no session key twice, no non-empty network key
//! twice, network keys UTF-8 and at most [`MAX_NETWORK_KEY_LEN`] bytes. Calls check the origin, check everything,
//! then write, then emit. The pallet reads the block number through [`Config`], so it depends on support and
//! primitives only.

pub mod event;
pub mod storage;
pub mod types;
pub mod weights;

#[cfg(test)]
mod tests;

pub use event::{Call, Error, Event};
pub use types::ValidatorInfo;

use std::marker::PhantomData;

use metanode_primitives::{AccountId32, BlockNumber};
use metanode_support::{ensure_root, Context, DispatchResult, Origin, State, StateRead};

use storage::{EPOCH, LAST_CHANGE, VALIDATORS};

/// The pallet's index: part of the wire format.
pub const PALLET_INDEX: u8 = 4;
/// Most validators the set may hold.
pub const MAX_VALIDATORS: usize = 100;
/// Longest network key (peer id text), bytes.
pub const MAX_NETWORK_KEY_LEN: usize = 128;

/// What the runtime provides to this pallet.
pub trait Config: 'static {
    /// The number of the block being executed (System's `Number`).
    fn block_number(state: &dyn StateRead) -> BlockNumber;
}

/// The Validators pallet.
pub struct Pallet<T>(PhantomData<T>);

impl<T: Config> Pallet<T> {
    /// Runs a call.
    pub fn dispatch(ctx: &mut Context<'_>, origin: Origin, call: Call) -> DispatchResult {
        ensure_root(&origin)?;
        match call {
            Call::add_validator {
                session_key,
                network_key,
            } => Self::do_add(ctx, session_key, network_key),
            Call::remove_validator { session_key } => Self::do_remove(ctx, session_key),
        }
    }

    fn do_add(
        ctx: &mut Context<'_>,
        session_key: AccountId32,
        network_key: Vec<u8>,
    ) -> DispatchResult {
        check_network_key(&network_key)?;
        let mut set = VALIDATORS.get_or_default(ctx.state);
        if set.iter().any(|v| v.session_key == session_key) {
            return Err(Error::AlreadyValidator.into());
        }
        if set.iter().any(|v| v.network_key == network_key) {
            return Err(Error::NetworkKeyInUse.into());
        }
        if set.len() >= MAX_VALIDATORS {
            return Err(Error::TooManyValidators.into());
        }
        set.push(ValidatorInfo {
            session_key,
            network_key: network_key.clone(),
        });
        VALIDATORS.put(ctx.state, &set);
        tracing::info!(target: "runtime::validators", %session_key, size = set.len(), "validator added");
        ctx.deposit_event(Event::ValidatorAdded {
            session_key,
            network_key,
        });
        Self::note_change(ctx, set.len());
        Ok(())
    }

    fn do_remove(ctx: &mut Context<'_>, session_key: AccountId32) -> DispatchResult {
        let mut set = VALIDATORS.get_or_default(ctx.state);
        let position = set
            .iter()
            .position(|v| v.session_key == session_key)
            .ok_or(Error::NotValidator)?;
        if set.len() <= 1 {
            return Err(Error::TooFewValidators.into());
        }
        set.remove(position);
        VALIDATORS.put(ctx.state, &set);
        tracing::info!(target: "runtime::validators", %session_key, size = set.len(), "validator removed");
        ctx.deposit_event(Event::ValidatorRemoved { session_key });
        Self::note_change(ctx, set.len());
        Ok(())
    }

    /// The epoch rule: the first change in a block bumps the epoch and records the block.
    fn note_change(ctx: &mut Context<'_>, size: usize) {
        let now = T::block_number(ctx.state);
        if LAST_CHANGE.get(ctx.state) == Some(now) {
            return;
        }
        let epoch = EPOCH.get_or_default(ctx.state).saturating_add(1);
        EPOCH.put(ctx.state, &epoch);
        LAST_CHANGE.put(ctx.state, &now);
        tracing::info!(target: "runtime::validators", epoch, block = now, "new epoch scheduled");
        ctx.deposit_event(Event::NewEpochScheduled {
            epoch,
            // At most MAX_VALIDATORS.
            validators: u32::try_from(size).unwrap_or(u32::MAX),
        });
    }
}

impl<T> Pallet<T> {
    /// The current set, in leader order.
    pub fn validators(state: &dyn StateRead) -> Vec<ValidatorInfo> {
        VALIDATORS.get_or_default(state)
    }

    /// The epoch the current set belongs to (genesis = 0).
    pub fn epoch(state: &dyn StateRead) -> u64 {
        EPOCH.get_or_default(state)
    }

    /// The block number of the last change, if the set ever changed after genesis.
    pub fn last_change(state: &dyn StateRead) -> Option<BlockNumber> {
        LAST_CHANGE.get(state)
    }

    /// Writes the set without checks and without touching the epoch (genesis).
    pub fn set_validators_unchecked(state: &mut dyn State, validators: &[ValidatorInfo]) {
        VALIDATORS.put(state, &validators.to_vec());
    }

    /// Writes the epoch without checks (genesis).
    pub fn set_epoch_unchecked(state: &mut dyn State, epoch: u64) {
        EPOCH.put(state, &epoch);
    }
}

/// `Ok` if `key` is a valid network key for a call: 1 to [`MAX_NETWORK_KEY_LEN`] bytes of UTF-8.
pub fn check_network_key(key: &[u8]) -> Result<(), Error> {
    if key.is_empty() {
        return Err(Error::InvalidNetworkKey);
    }
    if key.len() > MAX_NETWORK_KEY_LEN {
        return Err(Error::NetworkKeyTooLong);
    }
    if std::str::from_utf8(key).is_err() {
        return Err(Error::InvalidNetworkKey);
    }
    Ok(())
}
