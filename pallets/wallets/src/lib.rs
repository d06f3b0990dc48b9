//! The Wallets pallet (index 3): the GEN, NEX and AUR balances, and one `transfer(token, dest, amount)` for all
//! four tokens.
//!
//! Terms: GEN, NEX and AUR live in `Wallets.Balances` (token, account) with a per-token `Wallets.TotalIssuance`;
//! they have no existential deposit and a zero balance is not stored. FLX, the native token, lives in
//! `System.Account` and is moved through the [`Currency`] trait (Balances), so this pallet never depends on
//! Balances. AUR is minted and burned only by the AUR issuer (from genesis; changed by root).
//!
//! Invariant: for each of GEN, NEX, AUR, `TotalIssuance[token]` = sum of `Balances[token, *]` (FLX's is Balances').
//! Calls: check origin, check everything (checked arithmetic), then write, then emit the event.

pub mod event;
pub mod storage;
pub mod token;
pub mod weights;

#[cfg(test)]
mod tests;

pub use event::{Call, Error, Event};
pub use token::{Token, UnknownTokenSymbol};

use std::marker::PhantomData;

use metanode_primitives::AccountId32;
use metanode_support::{
    ensure_root, ensure_signed, lookup, ArithmeticError, Context, Currency, DispatchResult,
    ExistenceRequirement, Origin, State, StateRead,
};

use storage::{AUR_ISSUER, BALANCES, TOTAL_ISSUANCE};

/// The pallet's index: part of the wire format.
pub const PALLET_INDEX: u8 = 3;

/// What the runtime provides to this pallet.
pub trait Config: 'static {
    /// The native token (FLX).
    type Currency: Currency;
}

/// The Wallets pallet.
pub struct Pallet<T>(PhantomData<T>);

impl<T: Config> Pallet<T> {
    /// Runs a call.
    pub fn dispatch(ctx: &mut Context<'_>, origin: Origin, call: Call) -> DispatchResult {
        match call {
            Call::transfer {
                token,
                dest,
                amount,
            } => {
                let from = ensure_signed(&origin)?;
                let to = lookup(&dest)?;
                Self::do_transfer(ctx, token, &from, &to, amount)
            }
            Call::mint_aur { dest, amount } => {
                let who = ensure_signed(&origin)?;
                Self::ensure_issuer(ctx.state, &who)?;
                let to = lookup(&dest)?;
                Self::mint(ctx.state, Token::AUR, &to, amount)?;
                ctx.deposit_event(Event::AurMinted { to, amount });
                Ok(())
            }
            Call::burn_aur { amount } => {
                let who = ensure_signed(&origin)?;
                Self::ensure_issuer(ctx.state, &who)?;
                let new_balance = Self::balance(ctx.state, Token::AUR, &who)
                    .checked_sub(amount)
                    .ok_or(Error::InsufficientBalance)?;
                let new_issuance = Self::total_issuance(ctx.state, Token::AUR)
                    .checked_sub(amount)
                    .ok_or(ArithmeticError::Underflow)?;
                Self::set_balance(ctx.state, Token::AUR, &who, new_balance);
                TOTAL_ISSUANCE.insert(ctx.state, &Token::AUR, &new_issuance);
                ctx.deposit_event(Event::AurBurned { from: who, amount });
                Ok(())
            }
            Call::set_aur_issuer { new } => {
                ensure_root(&origin)?;
                let new = lookup(&new)?;
                let old = AUR_ISSUER.get(ctx.state);
                AUR_ISSUER.put(ctx.state, &new);
                ctx.deposit_event(Event::AurIssuerChanged { old, new });
                Ok(())
            }
        }
    }

    /// `who`'s balance of `token` (FLX: its free balance).
    pub fn balance(state: &dyn StateRead, token: Token, who: &AccountId32) -> u128 {
        match token {
            Token::FLX => T::Currency::free_balance(state, who),
            _ => BALANCES.get_or_default(state, &token, who),
        }
    }

    /// Total issuance of `token`.
    pub fn total_issuance(state: &dyn StateRead, token: Token) -> u128 {
        match token {
            Token::FLX => T::Currency::total_issuance(state),
            _ => TOTAL_ISSUANCE.get_or_default(state, &token),
        }
    }

    /// The AUR issuer, if set.
    pub fn aur_issuer(state: &dyn StateRead) -> Option<AccountId32> {
        AUR_ISSUER.get(state)
    }

    /// Sets the AUR issuer without an origin check (genesis).
    pub fn set_issuer(state: &mut dyn State, issuer: &AccountId32) {
        AUR_ISSUER.put(state, issuer);
    }

    /// Adds `amount` of a wallet token (GEN, NEX, AUR) to `who` and to its issuance, checked; writes nothing on
    /// error. Used by `mint_aur` and by genesis.
    pub fn mint(
        state: &mut dyn State,
        token: Token,
        who: &AccountId32,
        amount: u128,
    ) -> DispatchResult {
        if token == Token::FLX {
            return Err(Error::UnknownToken.into());
        }
        let new_balance = Self::balance(state, token, who)
            .checked_add(amount)
            .ok_or(ArithmeticError::Overflow)?;
        let new_issuance = Self::total_issuance(state, token)
            .checked_add(amount)
            .ok_or(ArithmeticError::Overflow)?;
        Self::set_balance(state, token, who, new_balance);
        TOTAL_ISSUANCE.insert(state, &token, &new_issuance);
        Ok(())
    }

    fn ensure_issuer(state: &dyn StateRead, who: &AccountId32) -> DispatchResult {
        match AUR_ISSUER.get(state) {
            None => Err(Error::NoIssuer.into()),
            Some(issuer) if issuer == *who => Ok(()),
            Some(_) => Err(Error::NotIssuer.into()),
        }
    }

    fn set_balance(state: &mut dyn State, token: Token, who: &AccountId32, amount: u128) {
        if amount == 0 {
            BALANCES.remove(state, &token, who);
        } else {
            BALANCES.insert(state, &token, who, &amount);
        }
    }

    fn do_transfer(
        ctx: &mut Context<'_>,
        token: Token,
        from: &AccountId32,
        to: &AccountId32,
        amount: u128,
    ) -> DispatchResult {
        if token == Token::FLX {
            T::Currency::transfer(ctx, from, to, amount, ExistenceRequirement::AllowDeath)?;
        } else {
            let new_from = Self::balance(ctx.state, token, from)
                .checked_sub(amount)
                .ok_or(Error::InsufficientBalance)?;
            if from == to {
                return Ok(());
            }
            let new_to = Self::balance(ctx.state, token, to)
                .checked_add(amount)
                .ok_or(ArithmeticError::Overflow)?;
            Self::set_balance(ctx.state, token, from, new_from);
            Self::set_balance(ctx.state, token, to, new_to);
        }
        if from != to {
            ctx.deposit_event(Event::Transfer {
                token,
                from: *from,
                to: *to,
                amount,
            });
        }
        Ok(())
    }
}
