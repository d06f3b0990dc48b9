//! [`StorageDoubleMap`]: entries under `twox_128(pallet) ++ twox_128(item) ++ H1(SCALE(k1)) ++ H2(SCALE(k2))`.

use std::marker::PhantomData;

use parity_scale_codec::{Decode, DecodeAll, Encode};

use super::{decode_value, get_decoded, storage_prefix, ReversibleStorageHasher, StorageHasher};
use crate::state::{iter_prefix_keys, State, StateRead};

/// Variance-neutral marker of the type parameters.
type Markers<H1, K1, H2, K2, V> = fn() -> (H1, K1, H2, K2, V);

/// A map from `(K1, K2)` to `V`; iteration by `K1` prefix is cheap.
pub struct StorageDoubleMap<H1, K1, H2, K2, V> {
    pallet: &'static str,
    item: &'static str,
    /// `storage_prefix(pallet, item)`, computed once (at compile time for `const` items).
    prefix: [u8; 32],
    _types: PhantomData<Markers<H1, K1, H2, K2, V>>,
}

impl<H1: StorageHasher, K1: Encode, H2: StorageHasher, K2: Encode, V>
    StorageDoubleMap<H1, K1, H2, K2, V>
{
    /// The double map `item` of `pallet` (the names are part of the key: never rename).
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

    /// The prefix shared by every entry.
    pub fn prefix(&self) -> Vec<u8> {
        self.prefix.to_vec()
    }

    /// The prefix shared by every entry whose first key is `k1`.
    pub fn prefix_of(&self, k1: &K1) -> Vec<u8> {
        let mut out = self.prefix();
        out.extend_from_slice(&H1::hash(&k1.encode()));
        out
    }

    /// The storage key of `(k1, k2)`.
    pub fn final_key(&self, k1: &K1, k2: &K2) -> Vec<u8> {
        let mut out = self.prefix_of(k1);
        out.extend_from_slice(&H2::hash(&k2.encode()));
        out
    }
}

impl<H1, K1, H2, K2, V> StorageDoubleMap<H1, K1, H2, K2, V>
where
    H1: StorageHasher,
    K1: Encode,
    H2: StorageHasher,
    K2: Encode,
    V: Encode + Decode,
{
    /// The value under `(k1, k2)`, if any.
    pub fn get(&self, state: &dyn StateRead, k1: &K1, k2: &K2) -> Option<V> {
        get_decoded(state, &self.final_key(k1, k2))
    }

    /// The value under `(k1, k2)`, or `V::default()`.
    pub fn get_or_default(&self, state: &dyn StateRead, k1: &K1, k2: &K2) -> V
    where
        V: Default,
    {
        self.get(state, k1, k2).unwrap_or_default()
    }

    /// Whether `(k1, k2)` has a value.
    pub fn contains_key(&self, state: &dyn StateRead, k1: &K1, k2: &K2) -> bool {
        state.get(&self.final_key(k1, k2)).is_some()
    }

    /// Stores `value` under `(k1, k2)`.
    pub fn insert(&self, state: &mut dyn State, k1: &K1, k2: &K2, value: &V) {
        state.put(&self.final_key(k1, k2), value.encode());
    }

    /// Removes `(k1, k2)`.
    pub fn remove(&self, state: &mut dyn State, k1: &K1, k2: &K2) {
        state.delete(&self.final_key(k1, k2));
    }

    /// Applies `f` to the value (default if absent) and stores the result.
    pub fn mutate<R>(
        &self,
        state: &mut dyn State,
        k1: &K1,
        k2: &K2,
        f: impl FnOnce(&mut V) -> R,
    ) -> R
    where
        V: Default,
    {
        let mut value = self.get_or_default(state, k1, k2);
        let out = f(&mut value);
        self.insert(state, k1, k2, &value);
        out
    }

    /// Like [`Self::mutate`], but stores nothing when `f` fails.
    pub fn try_mutate<R, E>(
        &self,
        state: &mut dyn State,
        k1: &K1,
        k2: &K2,
        f: impl FnOnce(&mut V) -> Result<R, E>,
    ) -> Result<R, E>
    where
        V: Default,
    {
        let mut value = self.get_or_default(state, k1, k2);
        let out = f(&mut value)?;
        self.insert(state, k1, k2, &value);
        Ok(out)
    }
}

impl<H1, K1, H2, K2, V> StorageDoubleMap<H1, K1, H2, K2, V>
where
    H1: StorageHasher,
    K1: Encode,
    H2: ReversibleStorageHasher,
    K2: Encode + Decode,
    V: Encode + Decode,
{
    /// Every `(k2, value)` under `k1`, in storage-key order (undecodable entries are skipped and logged).
    pub fn iter_prefix<'a>(
        &self,
        state: &'a dyn StateRead,
        k1: &K1,
    ) -> impl Iterator<Item = (K2, V)> + 'a {
        let prefix = self.prefix_of(k1);
        let prefix_len = prefix.len();
        iter_prefix_keys(state, &prefix).filter_map(move |full| {
            let k2 = K2::decode_all(&mut H2::reverse(&full[prefix_len..])).ok()?;
            let value = decode_value(&full, &state.get(&full)?)?;
            Some((k2, value))
        })
    }
}
