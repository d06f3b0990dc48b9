//! Origins, the [`Dispatchable`] trait and pallet error conversion.
//!
//! A pallet call follows one order: check the origin, check everything else, then write, then emit its event,
//! then return `Ok(())`. The executive runs every dispatch inside a storage transaction
//! ([`Context::with_transaction`](crate::context::Context::with_transaction)), so an `Err` leaves storage as it was
//! even if a pallet wrote before failing.

use metanode_primitives::{AccountId32, MultiAddress};

use crate::context::Context;
use crate::error::{DispatchError, DispatchResult};
use crate::weight::DispatchInfo;

/// Who is making a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A signed extrinsic's sender.
    Signed(AccountId32),
    /// The root (admin) origin, reached only through the Admin pallet's `sudo`.
    Root,
    /// No origin: inherents.
    None,
}

/// The signer, or `BadOrigin`.
pub fn ensure_signed(origin: &Origin) -> Result<AccountId32, DispatchError> {
    match origin {
        Origin::Signed(who) => Ok(*who),
        _ => Err(DispatchError::BadOrigin),
    }
}

/// `Ok` for the root origin, else `BadOrigin`.
pub fn ensure_root(origin: &Origin) -> DispatchResult {
    match origin {
        Origin::Root => Ok(()),
        _ => Err(DispatchError::BadOrigin),
    }
}

/// `Ok` for the none origin (inherents), else `BadOrigin`.
pub fn ensure_none(origin: &Origin) -> DispatchResult {
    match origin {
        Origin::None => Ok(()),
        _ => Err(DispatchError::BadOrigin),
    }
}

/// Resolves a call's `MultiAddress` argument: only `MultiAddress::Id` names an account here (there is no
/// indices pallet), anything else is `CannotLookup` — Substrate's `AccountIdLookup` behaviour.
pub fn lookup(address: &MultiAddress) -> Result<AccountId32, DispatchError> {
    match address {
        MultiAddress::Id(who) => Ok(*who),
        _ => Err(DispatchError::CannotLookup),
    }
}

/// A call that can be dispatched: its weight is known before, its effects happen in `dispatch`.
pub trait Dispatchable {
    /// Weight, class and fee mode, known without touching state.
    fn dispatch_info(&self) -> DispatchInfo;
    /// Runs the call.
    fn dispatch(self, ctx: &mut Context<'_>, origin: Origin) -> DispatchResult;
}

/// A pallet's error enum: unit variants with stable indices.
pub trait PalletError: Copy {
    /// The pallet's index (wire format).
    const PALLET_INDEX: u8;
    /// The variant's index.
    fn index(&self) -> u8;
    /// The variant's name, for logs and clients.
    fn name(&self) -> &'static str;
    /// As a [`DispatchError::Module`].
    fn into_dispatch_error(self) -> DispatchError {
        DispatchError::module(Self::PALLET_INDEX, self.index(), self.name())
    }
}
