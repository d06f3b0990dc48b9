//! The Timestamp pallet (index 1): the block's time in milliseconds since the Unix epoch.
//!
//! `set(now)` is an inherent: unsigned (`Origin::None`), mandatory, free, the first extrinsic of every block, and
//! accepted once per block. Time is monotonic: `now` may not be below the previous block's time.
//! Storage (prefix `Timestamp`, Substrate's names): `Now: u64`, `DidUpdate: bool` (removed at finalization).
//! No events (as in Substrate).

#[cfg(test)]
mod tests;

use metanode_support::{
    ensure_none, Context, DispatchError, DispatchInfo, DispatchResult, Origin, PalletError, State,
    StateRead, StorageValue, Weight,
};
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

/// The pallet's index: part of the wire format.
pub const PALLET_INDEX: u8 = 1;

/// `Timestamp.Now`: the current block's time, ms.
pub const NOW: StorageValue<u64> = StorageValue::new("Timestamp", "Now");
/// `Timestamp.DidUpdate`: whether `set` ran in the current block.
pub const DID_UPDATE: StorageValue<bool> = StorageValue::new("Timestamp", "DidUpdate");

/// Weight of `set` (Substrate's order of magnitude).
pub const SET_WEIGHT: Weight = Weight::from_parts(10_000_000, 1_493);

/// Calls of the Timestamp pallet.
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Call {
    /// Sets the block time (inherent).
    #[codec(index = 0)]
    set {
        /// Milliseconds since the Unix epoch.
        #[codec(compact)]
        now: u64,
    },
}

/// Errors of the Timestamp pallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Error {
    /// `set` already ran in this block.
    AlreadyUpdated = 0,
    /// `now` is below the previous block's time.
    TimeWentBackwards = 1,
}

impl PalletError for Error {
    const PALLET_INDEX: u8 = PALLET_INDEX;
    fn index(&self) -> u8 {
        *self as u8
    }
    fn name(&self) -> &'static str {
        match self {
            Error::AlreadyUpdated => "AlreadyUpdated",
            Error::TimeWentBackwards => "TimeWentBackwards",
        }
    }
}

impl From<Error> for DispatchError {
    fn from(e: Error) -> Self {
        e.into_dispatch_error()
    }
}

impl Error {
    /// The error with variant index `index`, if any.
    pub fn from_index(index: u8) -> Option<Self> {
        [Error::AlreadyUpdated, Error::TimeWentBackwards]
            .into_iter()
            .find(|e| *e as u8 == index)
    }
}

impl Call {
    /// Mandatory, free.
    pub fn dispatch_info(&self) -> DispatchInfo {
        DispatchInfo::mandatory(SET_WEIGHT)
    }

    /// Runs the call.
    pub fn dispatch(self, ctx: &mut Context<'_>, origin: Origin) -> DispatchResult {
        let Call::set { now } = self;
        ensure_none(&origin)?;
        if DID_UPDATE.get_or_default(ctx.state) {
            return Err(Error::AlreadyUpdated.into());
        }
        if now < NOW.get_or_default(ctx.state) {
            return Err(Error::TimeWentBackwards.into());
        }
        NOW.put(ctx.state, &now);
        DID_UPDATE.put(ctx.state, &true);
        Ok(())
    }
}

/// The pallet's functions.
pub struct Pallet;

impl Pallet {
    /// The current block's time, ms (0 before the first block).
    pub fn now(state: &dyn StateRead) -> u64 {
        NOW.get_or_default(state)
    }

    /// Whether `set` ran in the current block.
    pub fn did_update(state: &dyn StateRead) -> bool {
        DID_UPDATE.get_or_default(state)
    }

    /// End of block: forgets `DidUpdate`; returns whether the time was set in this block.
    pub fn on_finalize(state: &mut dyn State) -> bool {
        DID_UPDATE.take(state).unwrap_or(false)
    }
}
