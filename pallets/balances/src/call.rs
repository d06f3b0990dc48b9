//! Balances' calls (indices and argument encodings are Substrate's `pallet_balances::Call`).

use metanode_primitives::MultiAddress;
use metanode_support::DispatchInfo;
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

use crate::weights;

/// Calls of the Balances pallet.
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Call {
    /// Transfers `value` FLX to `dest`; the sender is reaped if left below the existential deposit.
    #[codec(index = 0)]
    transfer_allow_death {
        /// The receiver.
        dest: MultiAddress,
        /// The amount.
        #[codec(compact)]
        value: u128,
    },
    /// Transfers `value` FLX to `dest`; fails with `Expendability` if the sender would be reaped.
    #[codec(index = 3)]
    transfer_keep_alive {
        /// The receiver.
        dest: MultiAddress,
        /// The amount.
        #[codec(compact)]
        value: u128,
    },
    /// Root only: sets `who`'s free balance (below the existential deposit means zero: the account is reaped),
    /// adjusting total issuance.
    #[codec(index = 8)]
    force_set_balance {
        /// The account.
        who: MultiAddress,
        /// The new free balance.
        #[codec(compact)]
        new_free: u128,
    },
}

impl Call {
    /// Weight, class and fee mode.
    pub fn dispatch_info(&self) -> DispatchInfo {
        DispatchInfo::normal(match self {
            Call::transfer_allow_death { .. } => weights::transfer_allow_death(),
            Call::transfer_keep_alive { .. } => weights::transfer_keep_alive(),
            Call::force_set_balance { .. } => weights::force_set_balance(),
        })
    }
}
