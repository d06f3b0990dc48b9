//! Containers' calls, events and errors (explicit, stable indices).

use metanode_primitives::AccountId32;
use metanode_support::{DispatchError, DispatchInfo, PalletError, PalletEvent};
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

use crate::{weights, PALLET_INDEX};

/// Calls of the Containers pallet; all are signed, and all but `deploy` are for the app's owner only. Every call
/// names exactly one app ([`Call::app_name`]).
#[allow(non_camel_case_types)]
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Call {
    /// Deploys a new app owned by the signer: status running, version 1.
    #[codec(index = 0)]
    deploy {
        /// The app's name: 3 to 64 bytes of `a-z`, `0-9` and `-`, no leading or trailing `-`; not yet taken.
        name: Vec<u8>,
        /// SHA-256 digest of the OCI image (`sha256:<hex>`).
        image_digest: [u8; 32],
        /// blake3 hash of the deployment manifest.
        manifest_hash: [u8; 32],
        /// Instances wanted, 1 to 1024.
        replicas: u32,
    },
    /// Owner only: points the app at a new image and/or manifest; the version goes up by one, the status stays.
    #[codec(index = 1)]
    update {
        /// The app's name.
        name: Vec<u8>,
        /// The new image digest.
        image_digest: [u8; 32],
        /// The new manifest hash.
        manifest_hash: [u8; 32],
    },
    /// Owner only: sets the replica count; a stopped app is started.
    #[codec(index = 2)]
    scale {
        /// The app's name.
        name: Vec<u8>,
        /// Instances wanted, 1 to 1024.
        replicas: u32,
    },
    /// Owner only: stops a running app (its record and replica count are kept).
    #[codec(index = 3)]
    stop {
        /// The app's name.
        name: Vec<u8>,
    },
    /// Owner only: deletes the app's record; the name becomes free.
    #[codec(index = 4)]
    remove {
        /// The app's name.
        name: Vec<u8>,
    },
}

impl Call {
    /// Weight, class and fee mode.
    pub fn dispatch_info(&self) -> DispatchInfo {
        DispatchInfo::normal(match self {
            Call::deploy { .. } => weights::deploy(),
            Call::update { .. } => weights::update(),
            Call::scale { .. } => weights::scale(),
            Call::stop { .. } => weights::stop(),
            Call::remove { .. } => weights::remove(),
        })
    }

    /// The name of the app the call is about (a receipt's related app), as given (not validated).
    pub fn app_name(&self) -> &[u8] {
        match self {
            Call::deploy { name, .. }
            | Call::update { name, .. }
            | Call::scale { name, .. }
            | Call::stop { name }
            | Call::remove { name } => name,
        }
    }
}

/// Events of the Containers pallet.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Event {
    /// An app was deployed.
    #[codec(index = 0)]
    Deployed {
        /// The app's name.
        name: Vec<u8>,
        /// Its owner.
        owner: AccountId32,
        /// Its version (1).
        version: u32,
        /// Its replica count.
        replicas: u32,
    },
    /// An app's image and/or manifest changed.
    #[codec(index = 1)]
    Updated {
        /// The app's name.
        name: Vec<u8>,
        /// Its new version.
        version: u32,
    },
    /// An app's replica count was set (and the app is running).
    #[codec(index = 2)]
    Scaled {
        /// The app's name.
        name: Vec<u8>,
        /// Its new replica count.
        replicas: u32,
    },
    /// An app was stopped.
    #[codec(index = 3)]
    Stopped {
        /// The app's name.
        name: Vec<u8>,
    },
    /// An app's record was deleted.
    #[codec(index = 4)]
    Removed {
        /// The app's name.
        name: Vec<u8>,
    },
}

impl PalletEvent for Event {
    const PALLET_INDEX: u8 = PALLET_INDEX;
}

/// Errors of the Containers pallet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Error {
    /// The name is not 3 to 64 bytes of `a-z`, `0-9` and `-`, or starts or ends with `-`.
    InvalidName = 0,
    /// An app with this name already exists.
    AppExists = 1,
    /// No app has this name.
    AppNotFound = 2,
    /// Only the app's owner may do this.
    NotOwner = 3,
    /// The replica count is not 1 to 1024.
    InvalidReplicas = 4,
    /// The signer already owns the maximum number of apps (256).
    TooManyApps = 5,
    /// The call would change nothing (same image and manifest; same replica count of a running app).
    NoChange = 6,
    /// The app is already stopped.
    AlreadyStopped = 7,
}

impl Error {
    /// Every error, by index.
    pub const ALL: [Error; 8] = [
        Error::InvalidName,
        Error::AppExists,
        Error::AppNotFound,
        Error::NotOwner,
        Error::InvalidReplicas,
        Error::TooManyApps,
        Error::NoChange,
        Error::AlreadyStopped,
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
            Error::InvalidName => "InvalidName",
            Error::AppExists => "AppExists",
            Error::AppNotFound => "AppNotFound",
            Error::NotOwner => "NotOwner",
            Error::InvalidReplicas => "InvalidReplicas",
            Error::TooManyApps => "TooManyApps",
            Error::NoChange => "NoChange",
            Error::AlreadyStopped => "AlreadyStopped",
        }
    }
}

impl From<Error> for DispatchError {
    fn from(e: Error) -> Self {
        e.into_dispatch_error()
    }
}
