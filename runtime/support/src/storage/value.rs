//! [`StorageValue`]: a single value under `twox_128(pallet) ++ twox_128(item)`.

use std::marker::PhantomData;

use parity_scale_codec::{Decode, Encode};

use super::{get_decoded, storage_prefix};
use crate::state::{State, StateRead};

/// A single storage value of type `V`.
pub struct StorageValue<V> {
    pallet: &'static str,
    item: &'static str,
    /// `storage_prefix(pallet, item)`, computed once (at compile time for `const` items).
    prefix: [u8; 32],
    _value: PhantomData<fn() -> V>,
}

impl<V> StorageValue<V> {
    /// The value `item` of `pallet` (the names are part of the key: never rename).
    pub const fn new(pallet: &'static str, item: &'static str) -> Self {
        Self {
            pallet,
            item,
            prefix: storage_prefix(pallet, item),
            _value: PhantomData,
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

    /// The storage key: `twox_128(pallet) ++ twox_128(item)`.
    pub fn final_key(&self) -> Vec<u8> {
        self.prefix.to_vec()
    }
}

impl<V: Encode + Decode> StorageValue<V> {
    /// The stored value, if any.
    pub fn get(&self, state: &dyn StateRead) -> Option<V> {
        get_decoded(state, &self.final_key())
    }

    /// The stored value, or `V::default()`.
    pub fn get_or_default(&self, state: &dyn StateRead) -> V
    where
        V: Default,
    {
        self.get(state).unwrap_or_default()
    }

    /// Whether a value is stored.
    pub fn exists(&self, state: &dyn StateRead) -> bool {
        state.get(&self.final_key()).is_some()
    }

    /// Stores `value`.
    pub fn put(&self, state: &mut dyn State, value: &V) {
        state.put(&self.final_key(), value.encode());
    }

    /// Removes the value.
    pub fn remove(&self, state: &mut dyn State) {
        state.delete(&self.final_key());
    }

    /// Removes and returns the value.
    pub fn take(&self, state: &mut dyn State) -> Option<V> {
        let value = self.get(state);
        if value.is_some() {
            self.remove(state);
        }
        value
    }

    /// Applies `f` to the value (default if absent) and stores the result.
    pub fn mutate<R>(&self, state: &mut dyn State, f: impl FnOnce(&mut V) -> R) -> R
    where
        V: Default,
    {
        let mut value = self.get_or_default(state);
        let out = f(&mut value);
        self.put(state, &value);
        out
    }

    /// Like [`Self::mutate`], but stores nothing when `f` fails.
    pub fn try_mutate<R, E>(
        &self,
        state: &mut dyn State,
        f: impl FnOnce(&mut V) -> Result<R, E>,
    ) -> Result<R, E>
    where
        V: Default,
    {
        let mut value = self.get_or_default(state);
        let out = f(&mut value)?;
        self.put(state, &value);
        Ok(out)
    }
}
