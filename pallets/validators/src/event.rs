//! Validators' calls, events and errors (explicit, stable indices).

use metanode_primitives::AccountId32;
use metanode_support::{DispatchError, DispatchInfo, PalletError, PalletEvent};
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

use crate::{weights, PALLET_INDEX};

/// Calls of the Validators pallet; both are Root only (through `Admin.sudo`).
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Call {
    /// Appends a validator to the set (it leads last in the round-robin order).
    #[codec(index = 0)]
    add_validator {
        /// Its sr25519 session key.
        session_key: AccountId32,
        /// Its libp2p peer id, UTF-8, 1 to 128 bytes.
        network_key: Vec<u8>,
    },
    /// Removes a validator from the set; the others keep their order.
    #[codec(index = 1)]
    remove_validator {
        /// Its session key.
        session_key: AccountId32,
    },
}

impl Call {
    /// Weight, class and fee mode.
    pub fn dispatch_info(&self) -> DispatchInfo {
        DispatchInfo::normal(match self {
            Call::add_validator { .. } => weights::add_validator(),
            Call::remove_validator { .. } => weights::remove_validator(),
        })
    }
}

/// Events of the Validators pallet.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Event {
    /// A validator joined the set.
    #[codec(index = 0)]
    ValidatorAdded {
        /// Its session key.
        session_key: AccountId32,
        /// Its network key (peer id bytes).
        network_key: Vec<u8>,
    },
    /// A validator left the set.
    #[codec(index = 1)]
    ValidatorRemoved {
        /// Its session key.
        session_key: AccountId32,
    },
    /// The first change of the set in this block: the set stored after this block is epoch `epoch`, which starts
    /// when the block commits.
    #[codec(index = 2)]
    NewEpochScheduled {
        /// The new epoch number.
        epoch: u64,
        /// Size of the set right after the change that scheduled it (later changes in the same block emit only
        /// `ValidatorAdded`/`ValidatorRemoved`).
        validators: u32,
    },
}

impl PalletEvent for Event {
    const PALLET_INDEX: u8 = PALLET_INDEX;
}

/// Errors of the Validators pallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Error {
    /// The session key is already in the set.
    AlreadyValidator = 0,
    /// The session key is not in the set.
    NotValidator = 1,
    /// The set already holds the maximum number of validators (100).
    TooManyValidators = 2,
    /// Removing the validator would leave the set empty.
    TooFewValidators = 3,
    /// The network key is longer than 128 bytes.
    NetworkKeyTooLong = 4,
    /// Another validator already uses this network key.
    NetworkKeyInUse = 5,
    /// The network key is empty or not UTF-8.
    InvalidNetworkKey = 6,
}

impl Error {
    /// Every error, by index.
    pub const ALL: [Error; 7] = [
        Error::AlreadyValidator,
        Error::NotValidator,
        Error::TooManyValidators,
        Error::TooFewValidators,
        Error::NetworkKeyTooLong,
        Error::NetworkKeyInUse,
        Error::InvalidNetworkKey,
    ];

    /// The error with variant index `index`, if any.
    pub fn from_index(index: u8) -> Option<Self> {
        Self::ALL.get(usize::from(index)).copied()
    }
}

impl PalletError for Error {
    const PALLET_INDEX: u8 = PALLET_INDEX;
    fn index(&self) -> u8 {
        *self as u8
    }
    fn name(&self) -> &'static str {
        match self {
            Error::AlreadyValidator => "AlreadyValidator",
            Error::NotValidator => "NotValidator",
            Error::TooManyValidators => "TooManyValidators",
            Error::TooFewValidators => "TooFewValidators",
            Error::NetworkKeyTooLong => "NetworkKeyTooLong",
            Error::NetworkKeyInUse => "NetworkKeyInUse",
            Error::InvalidNetworkKey => "InvalidNetworkKey",
        }
    }
}

impl From<Error> for DispatchError {
    fn from(e: Error) -> Self {
        e.into_dispatch_error()
    }
}
