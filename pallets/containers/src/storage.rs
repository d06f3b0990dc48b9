//! Containers' storage items (pallet prefix `Containers`; the names are part of the keys: never rename).

use metanode_primitives::AccountId32;
use metanode_support::{Blake2_128Concat, StorageMap, StorageValue};

use crate::App;

/// The pallet's storage prefix.
pub const PALLET: &str = "Containers";

/// `Containers.Apps`: `Blake2_128Concat(name: Vec<u8>) -> App`; absent = no such app.
pub const APPS: StorageMap<Blake2_128Concat, Vec<u8>, App> = StorageMap::new(PALLET, "Apps");
/// `Containers.AppsByOwner`: `Blake2_128Concat(AccountId32) -> Vec<name>`, the owner's apps in deploy order, at
/// most [`MAX_APPS_PER_OWNER`](crate::MAX_APPS_PER_OWNER); an empty list is not stored.
pub const APPS_BY_OWNER: StorageMap<Blake2_128Concat, AccountId32, Vec<Vec<u8>>> =
    StorageMap::new(PALLET, "AppsByOwner");
/// `Containers.AppCount`: the number of `Containers.Apps` entries.
pub const APP_COUNT: StorageValue<u32> = StorageValue::new(PALLET, "AppCount");
