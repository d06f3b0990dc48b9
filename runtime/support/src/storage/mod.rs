//! Typed storage with Substrate's key layout.
//!
//! Every item lives under `twox_128(pallet) ++ twox_128(item)`; a map entry appends `hasher(SCALE(key))` (a double
//! map appends both hashed keys). Values are SCALE-encoded. The `final_key` functions compute keys without a state,
//! so the CLI can build `state_getStorage` keys.
//!
//! Storage items are `const` descriptors (`StorageMap::new("System", "Account")`); their methods take the state
//! explicitly. A value that fails to decode is reported with `tracing::error!` and read as absent: storage is only
//! written by the runtime, so this means corruption, never user input.

mod double_map;
mod hashers;
mod map;
mod value;

pub use double_map::StorageDoubleMap;
pub use hashers::{
    Blake2_128Concat, HasherKind, Identity, ReversibleStorageHasher, StorageHasher, Twox64Concat,
};
pub use map::StorageMap;
pub use value::StorageValue;

use metanode_primitives::{concat_const, twox_128, twox_128_const};
use parity_scale_codec::{Decode, DecodeAll};

use crate::state::StateRead;

/// `twox_128(pallet) ++ twox_128(item)`; a `const fn`, so the storage items' prefixes are computed at compile time.
pub const fn storage_prefix(pallet: &str, item: &str) -> [u8; 32] {
    concat_const(
        twox_128_const(pallet.as_bytes()),
        twox_128_const(item.as_bytes()),
    )
}

/// `twox_128(pallet)`: the prefix of every item of a pallet.
pub fn pallet_prefix(pallet: &str) -> [u8; 16] {
    twox_128(pallet.as_bytes())
}

/// Reads and decodes `key`; a value that does not decode is logged and treated as absent.
pub fn get_decoded<V: Decode>(state: &dyn StateRead, key: &[u8]) -> Option<V> {
    let raw = state.get(key)?;
    decode_value(key, &raw)
}

pub(crate) fn decode_value<V: Decode>(key: &[u8], raw: &[u8]) -> Option<V> {
    match V::decode_all(&mut &raw[..]) {
        Ok(v) => Some(v),
        Err(error) => {
            tracing::error!(target: "runtime::storage", key = %hex_str(key), %error, "stored value does not decode");
            None
        }
    }
}

fn hex_str(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests;
