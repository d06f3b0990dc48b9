//! Runtime metadata V14 and V15, built with `scale-info` + `frame-metadata` from the runtime's own types, so
//! `@polkadot/api` and `subxt` can decode storage, calls, events and errors (DESIGN.md §1).
//!
//! What it describes is what the runtime does: storage entries come from the pallets' storage descriptors
//! (prefix, item, hasher, key and value types), calls/events/errors are the pallets' enums (whose codec indices
//! are the wire indices), `RuntimeCall`/`RuntimeEvent` are the runtime's enums (variant index = pallet index).
//! Types clients match by path (`sp_core::crypto::AccountId32`, `sp_runtime::multiaddress::MultiAddress`,
//! `frame_system::EventRecord`, `sp_runtime::DispatchError`, `sp_weights::weight_v2::Weight`, ...) describe
//! themselves with Substrate's paths in `metanode-primitives` and `metanode-support`.
//!
//! The encoded metadata of each version is built once per process and cached.

mod apis;
mod extrinsic;
mod outer;
mod pallets;
mod storage;
mod v14;
mod v15;

use std::sync::OnceLock;

use metanode_support::codec::Encode;

pub use frame_metadata::RuntimeMetadataPrefixed;
pub use outer::RuntimeError;
pub use v14::metadata_v14;
pub use v15::metadata_v15;

/// The metadata versions served, oldest first.
pub const METADATA_VERSIONS: [u32; 2] = [14, 15];

/// The versions [`metadata_at_version`] answers (`Metadata_metadata_versions`).
pub fn metadata_versions() -> Vec<u32> {
    METADATA_VERSIONS.to_vec()
}

/// The encoded, prefixed V14 metadata (what `state_getMetadata` returns), cached.
pub fn metadata_v14_bytes() -> &'static [u8] {
    static V14: OnceLock<Vec<u8>> = OnceLock::new();
    V14.get_or_init(|| metadata_v14().encode())
}

/// The encoded, prefixed V15 metadata, cached.
pub fn metadata_v15_bytes() -> &'static [u8] {
    static V15: OnceLock<Vec<u8>> = OnceLock::new();
    V15.get_or_init(|| metadata_v15().encode())
}

/// The encoded, prefixed metadata of `version`, `None` if it is not served.
pub fn metadata_at_version(version: u32) -> Option<Vec<u8>> {
    match version {
        14 => Some(metadata_v14_bytes().to_vec()),
        15 => Some(metadata_v15_bytes().to_vec()),
        _ => None,
    }
}
