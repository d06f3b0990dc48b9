//! The Balances pallet (index 2): FLX, the native token.
//!
//! Terms: an account's FLX lives in `System.Account.data` (`free`, `reserved`, `frozen`), written through the
//! [`AccountStore`] trait (System implements it), so this pallet does not depend on System. The **existential
//! deposit** (ED, [`Config::EXISTENTIAL_DEPOSIT`]) is the least FLX an account may hold: a transfer may not create
//! an account with less (`ExistentialDeposit`), and an account left with less than ED is reaped — its remainder is
//! lost as dust (`DustLost`, removed from total issuance) and its System record (nonce included) is removed.
//! `keep_alive` operations refuse to reap (`Expendability`).
//!
//! Invariant: `Balances.TotalIssuance` = sum over accounts of `free + reserved`. Every write below keeps it.
//!
//! Calls follow the rule: check origin, check everything, then write, then emit the event.
//! [`Pallet`] implements [`Currency`] for Wallets and for the executive's fee payment.

pub mod call;
pub mod event;
pub mod storage;
pub mod weights;

#[cfg(test)]
mod tests;

pub use call::Call;
pub use event::{Error, Event};

use std::marker::PhantomData;

use metanode_primitives::AccountId32;
use metanode_support::{
    ensure_root, ensure_signed, lookup, AccountData, AccountStore, ArithmeticError, Context,
    Currency, DispatchResult, ExistenceRequirement, Origin, StateRead,
};

use storage::TOTAL_ISSUANCE;

/// The pallet's index: part of the wire format.
pub const PALLET_INDEX: u8 = 2;

/// What the runtime provides to this pallet.
pub trait Config: 'static {
    /// Where account data lives (System).
    type AccountStore: AccountStore;
    /// The existential deposit, in FLX base units.
    const EXISTENTIAL_DEPOSIT: u128;
}

/// The Balances pallet.
pub struct Pallet<T>(PhantomData<T>);

impl<T: Config> Pallet<T> {
    /// Runs a call.
    pub fn dispatch(ctx: &mut Context<'_>, origin: Origin, call: Call) -> DispatchResult {
        match call {
            Call::transfer_allow_death { dest, value } => {
                let from = ensure_signed(&origin)?;
                let to = lookup(&dest)?;
                Self::do_transfer(ctx, &from, &to, value, ExistenceRequirement::AllowDeath)
            }
            Call::transfer_keep_alive { dest, value } => {
                let from = ensure_signed(&origin)?;
                let to = lookup(&dest)?;
                Self::do_transfer(ctx, &from, &to, value, ExistenceRequirement::KeepAlive)
            }
            Call::force_set_balance { who, new_free } => {
                ensure_root(&origin)?;
                let who = lookup(&who)?;
                Self::do_force_set_balance(ctx, &who, new_free)
            }
        }
    }

    /// `Balances.TotalIssuance`.
    pub fn total_issuance(state: &dyn StateRead) -> u128 {
        TOTAL_ISSUANCE.get_or_default(state)
    }

    /// `who`'s balance data.
    pub fn account_data(state: &dyn StateRead, who: &AccountId32) -> AccountData {
        T::AccountStore::data(state, who)
    }

    /// The free balance `who` would have after withdrawing `amount`, if allowed.
    fn check_withdraw(
        state: &dyn StateRead,
        who: &AccountId32,
        amount: u128,
        existence: ExistenceRequirement,
    ) -> Result<u128, Error> {
        let data = T::AccountStore::data(state, who);
        let new_free = data
            .free
            .checked_sub(amount)
            .ok_or(Error::InsufficientBalance)?;
        if new_free < data.frozen {
            return Err(Error::LiquidityRestrictions);
        }
        if existence == ExistenceRequirement::KeepAlive
            && new_free < T::EXISTENTIAL_DEPOSIT
            && amount > 0
        {
            return Err(Error::Expendability);
        }
        Ok(new_free)
    }

    /// The free balance `who` would have after receiving `amount`, if allowed.
    fn check_deposit(
        state: &dyn StateRead,
        who: &AccountId32,
        amount: u128,
    ) -> Result<u128, metanode_support::DispatchError> {
        let data = T::AccountStore::data(state, who);
        let new_free = data
            .free
            .checked_add(amount)
            .ok_or(ArithmeticError::Overflow)?;
        if !T::AccountStore::exists(state, who) && new_free < T::EXISTENTIAL_DEPOSIT {
            return Err(Error::ExistentialDeposit.into());
        }
        Ok(new_free)
    }

    /// Writes `who`'s new free balance. Below ED (and nothing reserved) the account is reaped and the remainder
    /// leaves total issuance as dust; a newly created account emits `Endowed`. Returns the dust.
    fn write_free(
        ctx: &mut Context<'_>,
        who: &AccountId32,
        new_free: u128,
    ) -> Result<u128, metanode_support::DispatchError> {
        let data = T::AccountStore::data(ctx.state, who);
        if new_free < T::EXISTENTIAL_DEPOSIT && data.reserved == 0 {
            T::AccountStore::set_data(ctx, who, None)?;
            if new_free > 0 {
                TOTAL_ISSUANCE.mutate(ctx.state, |ti| *ti = ti.saturating_sub(new_free));
                ctx.deposit_event(Event::DustLost {
                    account: *who,
                    amount: new_free,
                });
            }
            return Ok(new_free);
        }
        let created = !T::AccountStore::exists(ctx.state, who);
        T::AccountStore::set_data(
            ctx,
            who,
            Some(AccountData {
                free: new_free,
                ..data
            }),
        )?;
        if created {
            ctx.deposit_event(Event::Endowed {
                account: *who,
                free_balance: new_free,
            });
        }
        Ok(0)
    }

    fn do_transfer(
        ctx: &mut Context<'_>,
        from: &AccountId32,
        to: &AccountId32,
        amount: u128,
        existence: ExistenceRequirement,
    ) -> DispatchResult {
        let new_from = Self::check_withdraw(ctx.state, from, amount, existence)?;
        if from == to {
            return Ok(());
        }
        let new_to = Self::check_deposit(ctx.state, to, amount)?;
        Self::write_free(ctx, from, new_from)?;
        Self::write_free(ctx, to, new_to)?;
        ctx.deposit_event(Event::Transfer {
            from: *from,
            to: *to,
            amount,
        });
        Ok(())
    }

    fn do_force_set_balance(
        ctx: &mut Context<'_>,
        who: &AccountId32,
        new_free: u128,
    ) -> DispatchResult {
        let new_free = if new_free < T::EXISTENTIAL_DEPOSIT {
            0
        } else {
            new_free
        };
        let old_free = T::AccountStore::data(ctx.state, who).free;
        let issuance = Self::total_issuance(ctx.state);
        let new_issuance = if new_free >= old_free {
            issuance
                .checked_add(new_free - old_free)
                .ok_or(ArithmeticError::Overflow)?
        } else {
            issuance
                .checked_sub(old_free - new_free)
                .ok_or(ArithmeticError::Underflow)?
        };
        Self::write_free(ctx, who, new_free)?;
        TOTAL_ISSUANCE.put(ctx.state, &new_issuance);
        ctx.deposit_event(Event::BalanceSet {
            who: *who,
            free: new_free,
        });
        Ok(())
    }
}

impl<T: Config> Currency for Pallet<T> {
    fn minimum_balance() -> u128 {
        T::EXISTENTIAL_DEPOSIT
    }

    fn free_balance(state: &dyn StateRead, who: &AccountId32) -> u128 {
        T::AccountStore::data(state, who).free
    }

    fn total_issuance(state: &dyn StateRead) -> u128 {
        Self::total_issuance(state)
    }

    fn transfer(
        ctx: &mut Context<'_>,
        from: &AccountId32,
        to: &AccountId32,
        amount: u128,
        existence: ExistenceRequirement,
    ) -> DispatchResult {
        Self::do_transfer(ctx, from, to, amount, existence)
    }

    fn ensure_can_withdraw(
        state: &dyn StateRead,
        who: &AccountId32,
        amount: u128,
        existence: ExistenceRequirement,
    ) -> DispatchResult {
        Self::check_withdraw(state, who, amount, existence)
            .map(|_| ())
            .map_err(Into::into)
    }

    fn withdraw(
        ctx: &mut Context<'_>,
        who: &AccountId32,
        amount: u128,
        existence: ExistenceRequirement,
    ) -> DispatchResult {
        let new_free = Self::check_withdraw(ctx.state, who, amount, existence)?;
        let new_issuance = Self::total_issuance(ctx.state)
            .checked_sub(amount)
            .ok_or(ArithmeticError::Underflow)?;
        TOTAL_ISSUANCE.put(ctx.state, &new_issuance);
        Self::write_free(ctx, who, new_free)?;
        ctx.deposit_event(Event::Withdraw { who: *who, amount });
        Ok(())
    }

    fn deposit(ctx: &mut Context<'_>, who: &AccountId32, amount: u128) -> DispatchResult {
        if amount == 0 {
            return Ok(());
        }
        let new_free = Self::check_deposit(ctx.state, who, amount)?;
        let new_issuance = Self::total_issuance(ctx.state)
            .checked_add(amount)
            .ok_or(ArithmeticError::Overflow)?;
        Self::write_free(ctx, who, new_free)?;
        TOTAL_ISSUANCE.put(ctx.state, &new_issuance);
        ctx.deposit_event(Event::Deposit { who: *who, amount });
        Ok(())
    }
}
