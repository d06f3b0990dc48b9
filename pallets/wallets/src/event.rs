//! Wallets' calls, events and errors (explicit, stable indices).

use metanode_primitives::{AccountId32, MultiAddress};
use metanode_support::{DispatchError, DispatchInfo, PalletError, PalletEvent};
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

use crate::token::Token;
use crate::{weights, PALLET_INDEX};

/// Calls of the Wallets pallet.
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Call {
    /// Transfers `amount` of `token` from the signer to `dest` (all four tokens; FLX through Balances, which may
    /// reap the sender below the existential deposit).
    #[codec(index = 0)]
    transfer {
        /// The token.
        token: Token,
        /// The receiver.
        dest: MultiAddress,
        /// The amount, base units.
        #[codec(compact)]
        amount: u128,
    },
    /// AUR issuer only: mints `amount` AUR to `dest`.
    #[codec(index = 1)]
    mint_aur {
        /// The receiver.
        dest: MultiAddress,
        /// The amount.
        #[codec(compact)]
        amount: u128,
    },
    /// AUR issuer only: burns `amount` AUR from the issuer's own balance.
    #[codec(index = 2)]
    burn_aur {
        /// The amount.
        #[codec(compact)]
        amount: u128,
    },
    /// Root only (through Admin's `sudo`): sets the AUR issuer.
    #[codec(index = 3)]
    set_aur_issuer {
        /// The new issuer.
        new: MultiAddress,
    },
}

impl Call {
    /// Weight, class and fee mode.
    pub fn dispatch_info(&self) -> DispatchInfo {
        DispatchInfo::normal(match self {
            Call::transfer { token, .. } => weights::transfer(*token),
            Call::mint_aur { .. } => weights::mint_aur(),
            Call::burn_aur { .. } => weights::burn_aur(),
            Call::set_aur_issuer { .. } => weights::set_aur_issuer(),
        })
    }
}

/// Events of the Wallets pallet.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Event {
    /// A transfer of any token succeeded (FLX transfers also emit `Balances.Transfer`).
    #[codec(index = 0)]
    Transfer {
        /// The token.
        token: Token,
        /// The sender.
        from: AccountId32,
        /// The receiver.
        to: AccountId32,
        /// The amount.
        amount: u128,
    },
    /// The issuer minted AUR.
    #[codec(index = 1)]
    AurMinted {
        /// The receiver.
        to: AccountId32,
        /// The amount.
        amount: u128,
    },
    /// The issuer burned AUR.
    #[codec(index = 2)]
    AurBurned {
        /// The issuer.
        from: AccountId32,
        /// The amount.
        amount: u128,
    },
    /// The AUR issuer changed.
    #[codec(index = 3)]
    AurIssuerChanged {
        /// The previous issuer, if any.
        old: Option<AccountId32>,
        /// The new issuer.
        new: AccountId32,
    },
}

impl PalletEvent for Event {
    const PALLET_INDEX: u8 = PALLET_INDEX;
}

/// Errors of the Wallets pallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Error {
    /// The token is not one this operation accepts (e.g. FLX given to a wallet-storage operation).
    UnknownToken = 0,
    /// The sender's balance of this token is too low.
    InsufficientBalance = 1,
    /// Only the AUR issuer may do this.
    NotIssuer = 2,
    /// No AUR issuer is set.
    NoIssuer = 3,
}

impl PalletError for Error {
    const PALLET_INDEX: u8 = PALLET_INDEX;
    fn index(&self) -> u8 {
        *self as u8
    }
    fn name(&self) -> &'static str {
        match self {
            Error::UnknownToken => "UnknownToken",
            Error::InsufficientBalance => "InsufficientBalance",
            Error::NotIssuer => "NotIssuer",
            Error::NoIssuer => "NoIssuer",
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
        [
            Error::UnknownToken,
            Error::InsufficientBalance,
            Error::NotIssuer,
            Error::NoIssuer,
        ]
        .into_iter()
        .find(|e| *e as u8 == index)
    }
}
