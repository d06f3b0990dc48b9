//! [`StorageMap`]: entries under `twox_128(pallet) ++ twox_128(item) ++ H(SCALE(key))`.

use std::marker::PhantomData;

use parity_scale_codec::{Decode, DecodeAll, Encode};

use super::{decode_value, get_decoded, storage_prefix, ReversibleStorageHasher, StorageHasher};
use crate::state::{iter_prefix_keys, State, StateRead};

/// Variance-neutral marker of the type parameters.
type Markers<H, K, V> = fn() -> (H, K, V);

/// A map from `K` to `V`, keys hashed with `H`.
pub struct StorageMap<H, K, V> {
    pallet: &'static str,
    item: &'static str,
    /// `storage_prefix(pallet, item)`, computed once (at compile time for `const` items).
    prefix: [u8; 32],
    _types: PhantomData<Markers<H, K, V>>,
}

impl<H: StorageHasher, K: Encode, V> StorageMap<H, K, V> {
    /// The map `item` of `pallet` (the names are part of the key: never rename).
    pub const fn new(pallet: &'static str, item: &'static str) -> Self {
        Self {
            pallet,
            item,
            prefix: storage_prefix(pallet, item),
            _types: PhantomData,
        }
    }

    /// The pallet name.
    pub fn pallet(&self) -> &'static str {
        self.pallet
    }

    /// The item name.
    pub fn item(&self) -> &'static str {
        self.item
    }

    /// The prefix shared by every entry: `twox_128(pallet) ++ twox_128(item)`.
    pub fn prefix(&self) -> Vec<u8> {
        self.prefix.to_vec()
    }

    /// The storage key of `key`.
    pub fn final_key(&self, key: &K) -> Vec<u8> {
        let mut out = self.prefix();
        out.extend_from_slice(&H::hash(&key.encode()));
        out
    }
}

impl<H: StorageHasher, K: Encode, V: Encode + Decode> StorageMap<H, K, V> {
    /// The value under `key`, if any.
    pub fn get(&self, state: &dyn StateRead, key: &K) -> Option<V> {
        get_decoded(state, &self.final_key(key))
    }

    /// The value under `key`, or `V::default()`.
    pub fn get_or_default(&self, state: &dyn StateRead, key: &K) -> V
    where
        V: Default,
    {
        self.get(state, key).unwrap_or_default()
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, state: &dyn StateRead, key: &K) -> bool {
        state.get(&self.final_key(key)).is_some()
    }

    /// Stores `value` under `key`.
    pub fn insert(&self, state: &mut dyn State, key: &K, value: &V) {
        state.put(&self.final_key(key), value.encode());
    }

    /// Removes `key`.
    pub fn remove(&self, state: &mut dyn State, key: &K) {
        state.delete(&self.final_key(key));
    }

    /// Applies `f` to the value (default if absent) and stores the result.
    pub fn mutate<R>(&self, state: &mut dyn State, key: &K, f: impl FnOnce(&mut V) -> R) -> R
    where
        V: Default,
    {
        let mut value = self.get_or_default(state, key);
        let out = f(&mut value);
        self.insert(state, key, &value);
        out
    }

    /// Like [`Self::mutate`], but stores nothing when `f` fails.
    pub fn try_mutate<R, E>(
        &self,
        state: &mut dyn State,
        key: &K,
        f: impl FnOnce(&mut V) -> Result<R, E>,
    ) -> Result<R, E>
    where
        V: Default,
    {
        let mut value = self.get_or_default(state, key);
        let out = f(&mut value)?;
        self.insert(state, key, &value);
        Ok(out)
    }

    /// Applies `f` to the optional value; `None` afterwards removes the entry.
    pub fn mutate_exists<R>(
        &self,
        state: &mut dyn State,
        key: &K,
        f: impl FnOnce(&mut Option<V>) -> R,
    ) -> R {
        let mut value = self.get(state, key);
        let out = f(&mut value);
        match value {
            Some(v) => self.insert(state, key, &v),
            None => self.remove(state, key),
        }
        out
    }

    /// Like [`Self::mutate_exists`], but stores nothing when `f` fails.
    pub fn try_mutate_exists<R, E>(
        &self,
        state: &mut dyn State,
        key: &K,
        f: impl FnOnce(&mut Option<V>) -> Result<R, E>,
    ) -> Result<R, E> {
        let mut value = self.get(state, key);
        let out = f(&mut value)?;
        match value {
            Some(v) => self.insert(state, key, &v),
            None => self.remove(state, key),
        }
        Ok(out)
    }
}

impl<H: ReversibleStorageHasher, K: Encode + Decode, V: Encode + Decode> StorageMap<H, K, V> {
    /// Every entry, in storage-key order (entries whose key or value do not decode are skipped and logged).
    pub fn iter<'a>(&self, state: &'a dyn StateRead) -> impl Iterator<Item = (K, V)> + 'a {
        let prefix_len = self.prefix().len();
        iter_prefix_keys(state, &self.prefix()).filter_map(move |full| {
            let key = K::decode_all(&mut H::reverse(&full[prefix_len..])).ok()?;
            let value = decode_value(&full, &state.get(&full)?)?;
            Some((key, value))
        })
    }
}
