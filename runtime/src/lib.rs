//! Metanode's runtime: the pallets composed into one state transition function.
//!
//! - [`RuntimeCall`] / [`RuntimeEvent`]: variant index = pallet index (`System 0, Timestamp 1, Balances 2,
//!   Wallets 3, Validators 4, Admin 5, Containers 8, Mining 9`; Receipts 6 has no calls or events, Mining no
//!   calls; 7, 10 and 11 are reserved for Agreements, Rent and Settlement and never reused).
//! - [`executive`]: validate transactions for the pool, build blocks (initialize, inherents, apply, finalize) and
//!   execute imported blocks; [`fees`], [`signing`], [`queries`], [`genesis`], [`version`].
//! - [`metadata`] (V14/V15) and [`runtime_api`] (what `state_call` serves).
//! - [`Runtime`] wires the pallets' `Config`s: Balances keeps FLX in System's accounts, Wallets moves FLX through
//!   Balances' `Currency`, Validators reads the block number from System, Admin's `sudo` dispatches
//!   [`RuntimeCall`]s, Containers and Validators read the block number from System, Mining mints FLX through
//!   Balances and reads the validator set from Validators.
//!
//! Pure: no I/O, no async, no database; state is reached through `metanode_support::{StateRead, State}`.

pub mod call;
pub mod errors;
pub mod event;
pub mod executive;
pub mod fees;
pub mod genesis;
pub mod metadata;
pub mod queries;
pub mod runtime_api;
pub mod signing;
pub mod validity;
pub mod version;

pub use call::{decode_call, RuntimeCall, MAX_CALL_DEPTH};
pub use event::{EventRecord, RuntimeEvent};
pub use executive::{ChainContext, ExecuteBlockError};
pub use genesis::{genesis_storage, GenesisConfig, GenesisError};
pub use metadata::{metadata_at_version, metadata_v14, metadata_v15, metadata_versions};
pub use runtime_api::RuntimeApiError;
pub use signing::{sign_call, SigningContext};
pub use validity::{
    InvalidTransaction, TransactionValidityError, UnknownTransaction, ValidTransaction,
};
pub use version::{version, RuntimeVersion, SPEC_VERSION, TRANSACTION_VERSION};

pub use metanode_pallet_admin as admin;
pub use metanode_pallet_balances as balances;
pub use metanode_pallet_containers as containers;
pub use metanode_pallet_mining as mining;
pub use metanode_pallet_receipts as receipts;
pub use metanode_pallet_receipts::{Receipt, ReceiptId};
pub use metanode_pallet_system as system;
pub use metanode_pallet_timestamp as timestamp;
pub use metanode_pallet_validators as validators;
pub use metanode_pallet_validators::ValidatorInfo;
pub use metanode_pallet_wallets as wallets;
pub use metanode_pallet_wallets::Token;
pub use metanode_support as support;

use metanode_support::Weight;

/// Existential deposit of FLX, base units (0.001 FLX at 12 decimals).
pub const EXISTENTIAL_DEPOSIT: u128 = 1_000_000_000;
/// Largest accepted encoded extrinsic (length prefix included), bytes.
pub const MAX_EXTRINSIC_LEN: usize = 512 * 1024;
/// Largest total length of a block's extrinsics, bytes.
pub const MAX_BLOCK_LEN: u32 = 5 * 1024 * 1024;
/// Largest block weight: 2 s of execution; proof size unlimited (a standalone chain ships no proofs of validity,
/// as in Substrate's solochain template).
pub const MAX_BLOCK_WEIGHT: Weight = Weight::from_parts(
    2 * metanode_support::weight::WEIGHT_REF_TIME_PER_SECOND,
    u64::MAX,
);
/// Share of the block (weight and length) normal transactions may use, percent; operational ones may use all.
pub const NORMAL_DISPATCH_RATIO_PERCENT: u64 = 75;

/// The runtime: implements every pallet's `Config` (its `TypeInfo` is the metadata's runtime type).
#[derive(metanode_support::scale_info::TypeInfo)]
pub struct Runtime;

impl balances::Config for Runtime {
    type AccountStore = system::Pallet;
    const EXISTENTIAL_DEPOSIT: u128 = EXISTENTIAL_DEPOSIT;
}

impl wallets::Config for Runtime {
    type Currency = Balances;
}

impl validators::Config for Runtime {
    fn block_number(state: &dyn metanode_support::StateRead) -> metanode_primitives::BlockNumber {
        System::block_number(state)
    }
}

impl containers::Config for Runtime {
    fn block_number(state: &dyn metanode_support::StateRead) -> metanode_primitives::BlockNumber {
        System::block_number(state)
    }
}

impl mining::Config for Runtime {
    type Currency = Balances;
    fn validator_epoch(state: &dyn metanode_support::StateRead) -> u64 {
        Validators::epoch(state)
    }
    fn validators(
        state: &dyn metanode_support::StateRead,
    ) -> Vec<metanode_primitives::AccountId32> {
        Validators::validators(state)
            .into_iter()
            .map(|v| v.session_key)
            .collect()
    }
}

/// System (0).
pub type System = system::Pallet;
/// Timestamp (1).
pub type Timestamp = timestamp::Pallet;
/// Balances (2).
pub type Balances = balances::Pallet<Runtime>;
/// Wallets (3).
pub type Wallets = wallets::Pallet<Runtime>;
/// Validators (4).
pub type Validators = validators::Pallet<Runtime>;
/// Admin (5).
pub type Admin = admin::Pallet;
/// Receipts (6).
pub type Receipts = receipts::Pallet;
/// Containers (8).
pub type Containers = containers::Pallet<Runtime>;
/// Mining (9).
pub type Mining = mining::Pallet<Runtime>;
