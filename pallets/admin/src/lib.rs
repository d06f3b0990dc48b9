//! The Admin pallet (index 5): Substrate's `pallet_sudo` under our name.
//!
//! Terms: `Admin.Key` holds the root key (from the chain spec). `sudo(call)` lets the key dispatch any runtime call
//! with the **Root** origin; the inner call runs in its own storage transaction, so if it fails its writes are
//! undone while `sudo` itself succeeds and reports the inner result in `Sudid { sudo_result }`. `set_key(new)`
//! (key or root) hands the key over. The call type is generic over the runtime's call (`Call<RuntimeCall>`), so
//! this pallet does not know `RuntimeCall`; the runtime bounds nesting depth when decoding.
//!
//! Calls, events and errors use `pallet_sudo`'s indices.

#[cfg(test)]
mod tests;

use metanode_primitives::{AccountId32, MultiAddress};
use metanode_support::{
    lookup, Context, DispatchError, DispatchInfo, DispatchResult, Dispatchable, Origin,
    PalletError, PalletEvent, State, StateRead, StorageValue, Weight,
};
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

/// The pallet's index: part of the wire format.
pub const PALLET_INDEX: u8 = 5;

/// `Admin.Key`: the root key.
pub const KEY: StorageValue<AccountId32> = StorageValue::new("Admin", "Key");

/// Weight `sudo` adds to its inner call.
pub const SUDO_WEIGHT: Weight = Weight::from_parts(12_000_000, 1_500);
/// Weight of `set_key`.
pub const SET_KEY_WEIGHT: Weight = Weight::from_parts(15_000_000, 1_500);

/// Calls of the Admin pallet; `C` is the runtime's call type.
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Call<C> {
    /// Key only: dispatches `call` with the Root origin.
    #[codec(index = 0)]
    sudo {
        /// The inner call.
        call: Box<C>,
    },
    /// Key or root: makes `new` the key.
    #[codec(index = 2)]
    set_key {
        /// The new key.
        new: MultiAddress,
    },
}

/// Events of the Admin pallet.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Event {
    /// A `sudo` call ran; its inner result.
    #[codec(index = 0)]
    Sudid {
        /// The inner call's result.
        sudo_result: DispatchResult,
    },
    /// The key changed.
    #[codec(index = 1)]
    KeyChanged {
        /// The previous key, if any.
        old: Option<AccountId32>,
        /// The new key.
        new: AccountId32,
    },
}

impl PalletEvent for Event {
    const PALLET_INDEX: u8 = PALLET_INDEX;
}

/// Errors of the Admin pallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Error {
    /// The sender is not the admin key.
    RequireSudo = 0,
}

impl PalletError for Error {
    const PALLET_INDEX: u8 = PALLET_INDEX;
    fn index(&self) -> u8 {
        *self as u8
    }
    fn name(&self) -> &'static str {
        "RequireSudo"
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
        (index == 0).then_some(Error::RequireSudo)
    }
}

impl<C: Dispatchable> Call<C> {
    /// `sudo`: the inner call's weight plus its own, in the inner call's class; `set_key`: normal.
    pub fn dispatch_info(&self) -> DispatchInfo {
        match self {
            Call::sudo { call } => {
                let inner = call.dispatch_info();
                DispatchInfo {
                    weight: inner.weight.saturating_add(SUDO_WEIGHT),
                    ..inner
                }
            }
            Call::set_key { .. } => DispatchInfo::normal(SET_KEY_WEIGHT),
        }
    }
}

/// The pallet's functions.
pub struct Pallet;

impl Pallet {
    /// The admin key, if set.
    pub fn key(state: &dyn StateRead) -> Option<AccountId32> {
        KEY.get(state)
    }

    /// Sets the key without an origin check (genesis).
    pub fn set_key_unchecked(state: &mut dyn State, key: &AccountId32) {
        KEY.put(state, key);
    }

    /// Runs a call.
    pub fn dispatch<C: Dispatchable>(
        ctx: &mut Context<'_>,
        origin: Origin,
        call: Call<C>,
    ) -> DispatchResult {
        match call {
            Call::sudo { call } => {
                Self::ensure_key(ctx.state, &origin, false)?;
                let sudo_result =
                    ctx.with_transaction(|inner| (*call).dispatch(inner, Origin::Root));
                tracing::debug!(target: "runtime::admin", ?sudo_result, "sudo");
                ctx.deposit_event(Event::Sudid { sudo_result });
                Ok(())
            }
            Call::set_key { new } => {
                Self::ensure_key(ctx.state, &origin, true)?;
                let new = lookup(&new)?;
                let old = KEY.get(ctx.state);
                KEY.put(ctx.state, &new);
                ctx.deposit_event(Event::KeyChanged { old, new });
                Ok(())
            }
        }
    }

    /// `Ok` if `origin` is signed by the key (or is root when `root_ok`).
    fn ensure_key(state: &dyn StateRead, origin: &Origin, root_ok: bool) -> DispatchResult {
        match origin {
            Origin::Root if root_ok => Ok(()),
            Origin::Signed(who) if KEY.get(state) == Some(*who) => Ok(()),
            Origin::Signed(_) => Err(Error::RequireSudo.into()),
            _ => Err(DispatchError::BadOrigin),
        }
    }
}
