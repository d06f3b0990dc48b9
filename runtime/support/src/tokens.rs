//! Token traits: pallets that move FLX (Wallets, the executive's fee payment) use [`Currency`], implemented by
//! Balances, and never depend on Balances directly.

use metanode_primitives::AccountId32;

use crate::context::Context;
use crate::error::DispatchResult;
use crate::state::StateRead;

/// Whether an operation may leave an account below the existential deposit (and so reap it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExistenceRequirement {
    /// The account must keep at least the existential deposit.
    KeepAlive,
    /// The account may be reaped; a remainder below the existential deposit is lost as dust.
    AllowDeath,
}

/// The native token (FLX).
pub trait Currency {
    /// Smallest balance an account may hold (existential deposit).
    fn minimum_balance() -> u128;
    /// Spendable balance of `who`.
    fn free_balance(state: &dyn StateRead, who: &AccountId32) -> u128;
    /// Sum of all balances.
    fn total_issuance(state: &dyn StateRead) -> u128;
    /// Moves `amount` from `from` to `to`; emits the transfer event. Fails without writing if `from` cannot pay,
    /// `to` would be created below the existential deposit, or `existence` forbids reaping `from`.
    fn transfer(
        ctx: &mut Context<'_>,
        from: &AccountId32,
        to: &AccountId32,
        amount: u128,
        existence: ExistenceRequirement,
    ) -> DispatchResult;
    /// Checks that [`Currency::withdraw`] would succeed, without writing.
    fn ensure_can_withdraw(
        state: &dyn StateRead,
        who: &AccountId32,
        amount: u128,
        existence: ExistenceRequirement,
    ) -> DispatchResult;
    /// Removes `amount` from `who` and from total issuance (fees); emits the withdraw event.
    fn withdraw(
        ctx: &mut Context<'_>,
        who: &AccountId32,
        amount: u128,
        existence: ExistenceRequirement,
    ) -> DispatchResult;
    /// Adds `amount` to `who` and to total issuance; emits the deposit event. Fails without writing if `who` does
    /// not exist and `amount` is below the existential deposit.
    fn deposit(ctx: &mut Context<'_>, who: &AccountId32, amount: u128) -> DispatchResult;
}
