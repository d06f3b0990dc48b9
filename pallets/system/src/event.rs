//! System's events (indices are Substrate's `frame_system::Event` indices).

use metanode_primitives::{AccountId32, H256};
use metanode_support::{DispatchError, DispatchInfo, PalletEvent};
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

use crate::PALLET_INDEX;

/// Events of the System pallet.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Event {
    /// An extrinsic completed successfully.
    #[codec(index = 0)]
    ExtrinsicSuccess {
        /// Its weight, class and fee mode.
        dispatch_info: DispatchInfo,
    },
    /// An extrinsic failed; its fee was paid and its nonce used, nothing else changed.
    #[codec(index = 1)]
    ExtrinsicFailed {
        /// Why it failed.
        dispatch_error: DispatchError,
        /// Its weight, class and fee mode.
        dispatch_info: DispatchInfo,
    },
    /// A new account was created.
    #[codec(index = 3)]
    NewAccount {
        /// The account.
        account: AccountId32,
    },
    /// An account was reaped.
    #[codec(index = 4)]
    KilledAccount {
        /// The account.
        account: AccountId32,
    },
    /// A remark was made with `remark_with_event`.
    #[codec(index = 5)]
    Remarked {
        /// Who made it.
        sender: AccountId32,
        /// `blake2_256` of the remark.
        hash: H256,
    },
}

impl PalletEvent for Event {
    const PALLET_INDEX: u8 = PALLET_INDEX;
}
