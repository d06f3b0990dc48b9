//! The outer error enum of V15's `outer_enums`: `DispatchError::Module { index, error }` read as
//! `RuntimeError::<Pallet>(<pallet Error>)`, variant index = pallet index. Only for metadata; never encoded.

use metanode_support::scale_info::TypeInfo;

use crate::{admin, balances, containers, timestamp, validators, wallets};

/// Every pallet's `Error` enum (System, Receipts and Mining have none).
#[derive(Debug, Clone, PartialEq, Eq, TypeInfo)]
pub enum RuntimeError {
    /// Timestamp (1).
    #[codec(index = 1)]
    Timestamp(timestamp::Error),
    /// Balances (2).
    #[codec(index = 2)]
    Balances(balances::Error),
    /// Wallets (3).
    #[codec(index = 3)]
    Wallets(wallets::Error),
    /// Validators (4).
    #[codec(index = 4)]
    Validators(validators::Error),
    /// Admin (5).
    #[codec(index = 5)]
    Admin(admin::Error),
    /// Containers (8).
    #[codec(index = 8)]
    Containers(containers::Error),
}
