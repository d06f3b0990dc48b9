//! [`App`], its [`AppStatus`], and the rules for app names and replica counts.

use metanode_primitives::{AccountId32, BlockNumber};
use parity_scale_codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

use crate::Error;

/// Shortest app name, bytes.
pub const MIN_NAME_LEN: usize = 3;
/// Longest app name, bytes (a DNS label's limit).
pub const MAX_NAME_LEN: usize = 64;
/// Most replicas an app may ask for.
pub const MAX_REPLICAS: u32 = 1024;
/// Most apps one owner may have at once (the bound of its `Containers.AppsByOwner` list).
pub const MAX_APPS_PER_OWNER: usize = 256;

/// Whether an app should be running. The index is the wire format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub enum AppStatus {
    /// The app should run `replicas` instances.
    Running = 0,
    /// The app should run no instance; its record (and replica count) is kept.
    Stopped = 1,
}

/// One app deployment: the record `Containers.Apps` holds under the app's name.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo, MaxEncodedLen)]
pub struct App {
    /// The account that deployed the app; only it may change or remove the app.
    pub owner: AccountId32,
    /// SHA-256 digest of the OCI image (the hex of `sha256:<hex>`, as 32 bytes).
    pub image_digest: [u8; 32],
    /// blake3 hash of the deployment manifest file.
    pub manifest_hash: [u8; 32],
    /// Instances wanted, 1 to [`MAX_REPLICAS`] (kept while the app is stopped).
    pub replicas: u32,
    /// Running or stopped.
    pub status: AppStatus,
    /// 1 at deploy, one more per `update`.
    pub version: u32,
    /// Block of the `deploy`.
    pub created_at: BlockNumber,
    /// Block of the last call that changed the record (the deploy block until then).
    pub updated_at: BlockNumber,
}

impl App {
    /// Whether the app is [`AppStatus::Running`].
    pub fn is_running(&self) -> bool {
        self.status == AppStatus::Running
    }
}

/// `Ok` if `name` is a valid app name: [`MIN_NAME_LEN`] to [`MAX_NAME_LEN`] bytes of lowercase ASCII letters,
/// digits and `-`, not starting or ending with `-` (a DNS label, lowercase, at least 3 bytes).
pub fn validate_name(name: &[u8]) -> Result<(), Error> {
    let valid = (MIN_NAME_LEN..=MAX_NAME_LEN).contains(&name.len())
        && name
            .iter()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || *b == b'-')
        && name.first() != Some(&b'-')
        && name.last() != Some(&b'-');
    if valid {
        Ok(())
    } else {
        Err(Error::InvalidName)
    }
}

/// `Ok` if `replicas` is 1 to [`MAX_REPLICAS`].
pub fn validate_replicas(replicas: u32) -> Result<(), Error> {
    if (1..=MAX_REPLICAS).contains(&replicas) {
        Ok(())
    } else {
        Err(Error::InvalidReplicas)
    }
}
