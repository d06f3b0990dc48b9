//! Balances' events and errors (indices are Substrate's `pallet_balances` indices).

use metanode_primitives::AccountId32;
use metanode_support::{DispatchError, PalletError, PalletEvent};
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

use crate::PALLET_INDEX;

/// Events of the Balances pallet.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Event {
    /// An account was created with some free balance.
    #[codec(index = 0)]
    Endowed {
        /// The account.
        account: AccountId32,
        /// Its free balance.
        free_balance: u128,
    },
    /// An account was reaped; its balance below the existential deposit was lost (removed from issuance).
    #[codec(index = 1)]
    DustLost {
        /// The reaped account.
        account: AccountId32,
        /// The amount lost.
        amount: u128,
    },
    /// A transfer succeeded.
    #[codec(index = 2)]
    Transfer {
        /// The sender.
        from: AccountId32,
        /// The receiver.
        to: AccountId32,
        /// The amount.
        amount: u128,
    },
    /// Root set an account's free balance.
    #[codec(index = 3)]
    BalanceSet {
        /// The account.
        who: AccountId32,
        /// Its new free balance.
        free: u128,
    },
    /// FLX was minted into an account (e.g. a fee paid to the block author).
    #[codec(index = 7)]
    Deposit {
        /// The account.
        who: AccountId32,
        /// The amount.
        amount: u128,
    },
    /// FLX was burned from an account (e.g. a transaction fee).
    #[codec(index = 8)]
    Withdraw {
        /// The account.
        who: AccountId32,
        /// The amount.
        amount: u128,
    },
}

impl PalletEvent for Event {
    const PALLET_INDEX: u8 = PALLET_INDEX;
}

/// Errors of the Balances pallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Error {
    /// The balance would fall below the frozen amount.
    LiquidityRestrictions = 1,
    /// The balance is too low to send or pay this amount.
    InsufficientBalance = 2,
    /// The amount would create an account below the existential deposit.
    ExistentialDeposit = 3,
    /// The transfer or payment would kill the sender's account (`keep_alive`).
    Expendability = 4,
}

impl PalletError for Error {
    const PALLET_INDEX: u8 = PALLET_INDEX;
    fn index(&self) -> u8 {
        *self as u8
    }
    fn name(&self) -> &'static str {
        match self {
            Error::LiquidityRestrictions => "LiquidityRestrictions",
            Error::InsufficientBalance => "InsufficientBalance",
            Error::ExistentialDeposit => "ExistentialDeposit",
            Error::Expendability => "Expendability",
        }
    }
}

impl From<Error> for DispatchError {
    fn from(e: Error) -> Self {
        e.into_dispatch_error()
    }
}

impl Error {
    /// The error with variant index `index`, if any (clients decode `ModuleError`s with it).
    pub fn from_index(index: u8) -> Option<Self> {
        [
            Error::LiquidityRestrictions,
            Error::InsufficientBalance,
            Error::ExistentialDeposit,
            Error::Expendability,
        ]
        .into_iter()
        .find(|e| *e as u8 == index)
    }
}
