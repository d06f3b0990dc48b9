//! [`GenesisConfig`] (embedded in chain specs as JSON, camelCase) and [`genesis_storage`].
//!
//! Genesis writes through the pallets' own functions (so the invariants hold from block 0) into an in-memory
//! state, discarding events. Checks: no account twice in one list, FLX endowments at least the existential
//! deposit, no issuance overflow. Block 0's hash is not in state (it depends on the state root); the executive
//! takes it from [`ChainContext::genesis_hash`](crate::executive::ChainContext).

use std::collections::{BTreeMap, BTreeSet};

use metanode_primitives::AccountId32;
use metanode_support::testing::MemState;
use metanode_support::{Context, Currency, DispatchError, EventSink, State};
use serde::{Deserialize, Serialize};

use crate::{
    admin, errors::describe_dispatch_error, Balances, Token, Wallets, EXISTENTIAL_DEPOSIT,
};

/// The runtime part of a chain spec.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GenesisConfig {
    /// FLX endowments (each at least the existential deposit).
    pub balances: Vec<(AccountId32, u128)>,
    /// GEN endowments.
    #[serde(default)]
    pub gen: Vec<(AccountId32, u128)>,
    /// NEX endowments.
    #[serde(default)]
    pub nex: Vec<(AccountId32, u128)>,
    /// AUR endowments.
    #[serde(default)]
    pub aur: Vec<(AccountId32, u128)>,
    /// The account that may mint and burn AUR.
    #[serde(default)]
    pub aur_issuer: Option<AccountId32>,
    /// The admin (root) key.
    pub admin: AccountId32,
}

/// Why a genesis config is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GenesisError {
    /// An account appears twice in one token's list.
    #[error("genesis {token} endowments list account {account} more than once")]
    DuplicateAccount {
        /// The token's list.
        token: Token,
        /// The account.
        account: AccountId32,
    },
    /// An FLX endowment below the existential deposit.
    #[error(
        "genesis FLX endowment of {account} is {amount}, below the existential deposit {minimum}"
    )]
    BelowExistentialDeposit {
        /// The account.
        account: AccountId32,
        /// The endowment.
        amount: u128,
        /// The existential deposit.
        minimum: u128,
    },
    /// Endowing failed (e.g. total issuance overflow).
    #[error("genesis {token} endowment of {account} failed: {reason}")]
    Endowment {
        /// The token.
        token: Token,
        /// The account.
        account: AccountId32,
        /// What went wrong.
        reason: String,
    },
}

/// Discards events: genesis has none.
struct NoEvents;

impl EventSink for NoEvents {
    fn deposit(&mut self, _state: &mut dyn State, _event: Vec<u8>) {}
}

/// The genesis state: every key and value.
pub fn genesis_storage(config: &GenesisConfig) -> Result<BTreeMap<Vec<u8>, Vec<u8>>, GenesisError> {
    let lists = [
        (Token::FLX, &config.balances),
        (Token::GEN, &config.gen),
        (Token::NEX, &config.nex),
        (Token::AUR, &config.aur),
    ];
    for (token, list) in lists {
        let mut seen = BTreeSet::new();
        for (account, _) in list.iter() {
            if !seen.insert(*account) {
                return Err(GenesisError::DuplicateAccount {
                    token,
                    account: *account,
                });
            }
        }
    }
    let mut state = MemState::new();
    for (account, amount) in &config.balances {
        if *amount < EXISTENTIAL_DEPOSIT {
            return Err(GenesisError::BelowExistentialDeposit {
                account: *account,
                amount: *amount,
                minimum: EXISTENTIAL_DEPOSIT,
            });
        }
        let mut sink = NoEvents;
        let mut ctx = Context::new(&mut state, &mut sink);
        Balances::deposit(&mut ctx, account, *amount)
            .map_err(|e| endowment(Token::FLX, account, e))?;
    }
    for (token, list) in &lists[1..] {
        for (account, amount) in list.iter() {
            Wallets::mint(&mut state, *token, account, *amount)
                .map_err(|e| endowment(*token, account, e))?;
        }
    }
    if let Some(issuer) = &config.aur_issuer {
        Wallets::set_issuer(&mut state, issuer);
    }
    admin::Pallet::set_key_unchecked(&mut state, &config.admin);
    Ok(state)
}

fn endowment(token: Token, account: &AccountId32, e: DispatchError) -> GenesisError {
    GenesisError::Endowment {
        token,
        account: *account,
        reason: describe_dispatch_error(&e),
    }
}
