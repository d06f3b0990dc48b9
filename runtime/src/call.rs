//! [`RuntimeCall`]: every pallet's calls; the variant index is the pallet index (wire format).
//!
//! Untrusted call bytes are decoded with [`decode_call`]: no trailing bytes, and a nesting-depth limit so a chain
//! of `Admin.sudo(Admin.sudo(...))` cannot exhaust the stack.

use metanode_support::codec::{Decode, DecodeLimit, Encode};
use metanode_support::scale_info::TypeInfo;
use metanode_support::{Context, DispatchInfo, DispatchResult, Dispatchable, Origin};

use crate::receipts::Related;
use crate::{
    admin, balances, containers, system, timestamp, validators, wallets, Admin, Balances,
    Containers, Validators, Wallets,
};

/// Decoding depth limit for calls (Substrate's `MAX_EXTRINSIC_DEPTH` is 256; a handful of nested sudo calls use
/// a few levels each).
pub const MAX_CALL_DEPTH: u32 = 64;

/// A call to any pallet.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum RuntimeCall {
    /// System (0).
    #[codec(index = 0)]
    System(system::Call),
    /// Timestamp (1).
    #[codec(index = 1)]
    Timestamp(timestamp::Call),
    /// Balances (2).
    #[codec(index = 2)]
    Balances(balances::Call),
    /// Wallets (3).
    #[codec(index = 3)]
    Wallets(wallets::Call),
    /// Validators (4).
    #[codec(index = 4)]
    Validators(validators::Call),
    /// Admin (5).
    #[codec(index = 5)]
    Admin(admin::Call<RuntimeCall>),
    /// Containers (8).
    #[codec(index = 8)]
    Containers(containers::Call),
}

/// Decodes call bytes from an extrinsic: all bytes consumed, nesting bounded by [`MAX_CALL_DEPTH`].
pub fn decode_call(bytes: &[u8]) -> Result<RuntimeCall, metanode_support::codec::Error> {
    RuntimeCall::decode_all_with_depth_limit(MAX_CALL_DEPTH, &mut &bytes[..])
}

impl RuntimeCall {
    /// Whether this is the timestamp inherent.
    pub fn is_inherent(&self) -> bool {
        matches!(self, RuntimeCall::Timestamp(timestamp::Call::set { .. }))
    }
}

impl RuntimeCall {
    /// What the call concerns, for its receipt: the app for a Containers call (also through `Admin.sudo`),
    /// otherwise nothing.
    pub fn related(&self) -> Option<Related> {
        match self {
            RuntimeCall::Containers(c) => Some(Related::App(c.app_name().to_vec())),
            RuntimeCall::Admin(admin::Call::sudo { call }) => call.related(),
            _ => None,
        }
    }

    /// `(pallet, call)` names, as receipts record them: e.g. `("Wallets", "transfer")`. For `Admin.sudo` this is
    /// `("Admin", "sudo")`, not the inner call.
    pub fn names(&self) -> (&'static str, &'static str) {
        match self {
            RuntimeCall::System(c) => (
                "System",
                match c {
                    system::Call::remark { .. } => "remark",
                    system::Call::remark_with_event { .. } => "remark_with_event",
                },
            ),
            RuntimeCall::Timestamp(c) => (
                "Timestamp",
                match c {
                    timestamp::Call::set { .. } => "set",
                },
            ),
            RuntimeCall::Balances(c) => (
                "Balances",
                match c {
                    balances::Call::transfer_allow_death { .. } => "transfer_allow_death",
                    balances::Call::transfer_keep_alive { .. } => "transfer_keep_alive",
                    balances::Call::force_set_balance { .. } => "force_set_balance",
                },
            ),
            RuntimeCall::Wallets(c) => (
                "Wallets",
                match c {
                    wallets::Call::transfer { .. } => "transfer",
                    wallets::Call::mint_aur { .. } => "mint_aur",
                    wallets::Call::burn_aur { .. } => "burn_aur",
                    wallets::Call::set_aur_issuer { .. } => "set_aur_issuer",
                },
            ),
            RuntimeCall::Validators(c) => (
                "Validators",
                match c {
                    validators::Call::add_validator { .. } => "add_validator",
                    validators::Call::remove_validator { .. } => "remove_validator",
                },
            ),
            RuntimeCall::Admin(c) => (
                "Admin",
                match c {
                    admin::Call::sudo { .. } => "sudo",
                    admin::Call::set_key { .. } => "set_key",
                },
            ),
            RuntimeCall::Containers(c) => (
                "Containers",
                match c {
                    containers::Call::deploy { .. } => "deploy",
                    containers::Call::update { .. } => "update",
                    containers::Call::scale { .. } => "scale",
                    containers::Call::stop { .. } => "stop",
                    containers::Call::remove { .. } => "remove",
                },
            ),
        }
    }
}

impl Dispatchable for RuntimeCall {
    fn dispatch_info(&self) -> DispatchInfo {
        match self {
            RuntimeCall::System(c) => c.dispatch_info(),
            RuntimeCall::Timestamp(c) => c.dispatch_info(),
            RuntimeCall::Balances(c) => c.dispatch_info(),
            RuntimeCall::Wallets(c) => c.dispatch_info(),
            RuntimeCall::Validators(c) => c.dispatch_info(),
            RuntimeCall::Admin(c) => c.dispatch_info(),
            RuntimeCall::Containers(c) => c.dispatch_info(),
        }
    }

    fn dispatch(self, ctx: &mut Context<'_>, origin: Origin) -> DispatchResult {
        match self {
            RuntimeCall::System(c) => c.dispatch(ctx, origin),
            RuntimeCall::Timestamp(c) => c.dispatch(ctx, origin),
            RuntimeCall::Balances(c) => Balances::dispatch(ctx, origin, c),
            RuntimeCall::Wallets(c) => Wallets::dispatch(ctx, origin, c),
            RuntimeCall::Validators(c) => Validators::dispatch(ctx, origin, c),
            RuntimeCall::Admin(c) => Admin::dispatch(ctx, origin, c),
            RuntimeCall::Containers(c) => Containers::dispatch(ctx, origin, c),
        }
    }
}
