//! [`RuntimeEvent`]: every pallet's events; the variant index is the pallet index, so a pallet's encoded event
//! prefixed with its index is a `RuntimeEvent` (that is how pallets emit without knowing this type).
//! Timestamp has no events (as in Substrate).

use metanode_support::codec::{Decode, Encode};
use metanode_support::scale_info::TypeInfo;

use crate::{admin, balances, containers, mining, system, validators, wallets};

/// An event of any pallet.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum RuntimeEvent {
    /// System (0).
    #[codec(index = 0)]
    System(system::Event),
    /// Balances (2).
    #[codec(index = 2)]
    Balances(balances::Event),
    /// Wallets (3).
    #[codec(index = 3)]
    Wallets(wallets::Event),
    /// Validators (4).
    #[codec(index = 4)]
    Validators(validators::Event),
    /// Admin (5).
    #[codec(index = 5)]
    Admin(admin::Event),
    /// Containers (8).
    #[codec(index = 8)]
    Containers(containers::Event),
    /// Mining (9).
    #[codec(index = 9)]
    Mining(mining::Event),
}

/// One entry of `System.Events`.
pub type EventRecord = system::EventRecord<RuntimeEvent>;
