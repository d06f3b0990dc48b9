//! [`GenesisConfig`] (embedded in chain specs as JSON, camelCase) and [`genesis_storage`].
//!
//! Genesis writes through the pallets' own functions (so the invariants hold from block 0) into an in-memory
//! state, discarding events. Checks: no account twice in one list, FLX endowments at least the existential
//! deposit, no issuance overflow; validators: at most 100, no session key twice, network keys UTF-8 of at most
//! 128 bytes and (when not empty) not shared. The validator set starts at epoch 0. Block 0's hash is not in state (it depends on the state root); the executive
//! takes it from [`ChainContext::genesis_hash`](crate::executive::ChainContext).

use std::collections::{BTreeMap, BTreeSet};

use metanode_primitives::AccountId32;
use metanode_support::testing::MemState;
use metanode_support::{Context, Currency, DispatchError, EventSink, State};
use serde::{Deserialize, Serialize};

use crate::mining::Emission;
use crate::{
    admin, errors::describe_dispatch_error, mining, validators, Balances, Mining, Token,
    ValidatorInfo, Validators, Wallets, EXISTENTIAL_DEPOSIT,
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
    /// The genesis validator set, in leader order (`Validators.Validators`, epoch 0). Chain specs leave it empty
    /// and fill it from their top-level `validators`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub validators: Vec<ValidatorInfo>,
    /// The mining emission schedule (`Mining.Emission`); [`Emission::default`] when absent.
    #[serde(default)]
    pub mining: Emission,
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
    /// A session key appears twice in the validator set.
    #[error("genesis validators list session key {session_key} more than once")]
    DuplicateValidator {
        /// The session key.
        session_key: AccountId32,
    },
    /// More validators than the pallet allows.
    #[error("genesis has {count} validators; at most {max} are allowed", max = validators::MAX_VALIDATORS)]
    TooManyValidators {
        /// How many were given.
        count: usize,
    },
    /// A validator's network key is too long or not UTF-8.
    #[error("genesis validator {session_key} has an invalid network key: {reason}")]
    InvalidNetworkKey {
        /// The validator.
        session_key: AccountId32,
        /// What is wrong with it.
        reason: String,
    },
    /// The mining emission schedule is invalid.
    #[error("genesis mining schedule: {0}")]
    Mining(#[from] mining::EmissionError),
    /// Two validators share a network key.
    #[error("genesis validators {first} and {second} share network key {network_key:?}")]
    DuplicateNetworkKey {
        /// The earlier validator.
        first: AccountId32,
        /// The later validator.
        second: AccountId32,
        /// The key (lossy UTF-8).
        network_key: String,
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
    check_validators(&config.validators)?;
    config.mining.validate()?;
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
    Validators::set_validators_unchecked(&mut state, &config.validators);
    Validators::set_epoch_unchecked(&mut state, 0);
    Mining::set_emission(&mut state, &config.mining);
    Ok(state)
}

/// The genesis validator checks (an empty network key is allowed: a single dev validator needs no network).
fn check_validators(list: &[ValidatorInfo]) -> Result<(), GenesisError> {
    if list.len() > validators::MAX_VALIDATORS {
        return Err(GenesisError::TooManyValidators { count: list.len() });
    }
    let mut keys = BTreeSet::new();
    let mut network_keys = BTreeMap::new();
    for v in list {
        if !keys.insert(v.session_key) {
            return Err(GenesisError::DuplicateValidator {
                session_key: v.session_key,
            });
        }
        if v.network_key.is_empty() {
            continue;
        }
        if let Err(e) = validators::check_network_key(&v.network_key) {
            return Err(GenesisError::InvalidNetworkKey {
                session_key: v.session_key,
                reason: describe_dispatch_error(&e.into()),
            });
        }
        if let Some(first) = network_keys.insert(v.network_key.clone(), v.session_key) {
            return Err(GenesisError::DuplicateNetworkKey {
                first,
                second: v.session_key,
                network_key: String::from_utf8_lossy(&v.network_key).into_owned(),
            });
        }
    }
    Ok(())
}

fn endowment(token: Token, account: &AccountId32, e: DispatchError) -> GenesisError {
    GenesisError::Endowment {
        token,
        account: *account,
        reason: describe_dispatch_error(&e),
    }
}
