//! The runtime's view of chain state: an ordered map of byte keys to byte values.
//!
//! Contract:
//! - Both traits are **infallible**. The node's backings serve reads from memory (overlays of uncommitted blocks
//!   over the committed flat state column); an I/O error of the database underneath is not something a pallet can
//!   handle, so the backing maps it to its own fatal path (stop the node, never a half-applied block) instead of
//!   threading a `Result` through every storage access.
//! - `next_key(k)` returns the smallest key strictly greater than `k`, so a full ordered scan is
//!   `next_key(&[])` then `next_key(previous)`; [`iter_prefix_keys`] builds prefix iteration on it.
//! - Writes through [`State`] are visible to later reads through the same value at once.

use std::collections::BTreeMap;
use std::ops::Bound;

/// Read access to state.
pub trait StateRead {
    /// The value stored under `key`, if any.
    fn get(&self, key: &[u8]) -> Option<Vec<u8>>;
    /// The smallest key strictly greater than `key`, if any.
    fn next_key(&self, key: &[u8]) -> Option<Vec<u8>>;
}

/// Read and write access to state.
pub trait State: StateRead {
    /// Stores `value` under `key`, replacing any previous value.
    fn put(&mut self, key: &[u8], value: Vec<u8>);
    /// Removes `key`; removing an absent key is a no-op.
    fn delete(&mut self, key: &[u8]);
}

/// A plain ordered map is a state: used by genesis building and tests.
impl StateRead for BTreeMap<Vec<u8>, Vec<u8>> {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        BTreeMap::get(self, key).cloned()
    }

    fn next_key(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.range::<[u8], _>((Bound::Excluded(key), Bound::Unbounded))
            .next()
            .map(|(k, _)| k.clone())
    }
}

impl State for BTreeMap<Vec<u8>, Vec<u8>> {
    fn put(&mut self, key: &[u8], value: Vec<u8>) {
        self.insert(key.to_vec(), value);
    }

    fn delete(&mut self, key: &[u8]) {
        self.remove(key);
    }
}

/// Read-only view of a mutable state, so a `&dyn State` can be layered under an overlay as a `&dyn StateRead`.
pub struct ReadOnly<'a>(pub &'a dyn State);

impl StateRead for ReadOnly<'_> {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.0.get(key)
    }

    fn next_key(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.0.next_key(key)
    }
}

/// Iterates, in key order, over every key that starts with `prefix` (including `prefix` itself if it is a key).
pub fn iter_prefix_keys<'a>(state: &'a dyn StateRead, prefix: &[u8]) -> PrefixKeys<'a> {
    PrefixKeys {
        state,
        prefix: prefix.to_vec(),
        last: None,
        done: false,
    }
}

/// Iterator returned by [`iter_prefix_keys`].
pub struct PrefixKeys<'a> {
    state: &'a dyn StateRead,
    prefix: Vec<u8>,
    last: Option<Vec<u8>>,
    done: bool,
}

impl Iterator for PrefixKeys<'_> {
    type Item = Vec<u8>;

    fn next(&mut self) -> Option<Vec<u8>> {
        if self.done {
            return None;
        }
        let next = match &self.last {
            Some(last) => self.state.next_key(last),
            None if self.state.get(&self.prefix).is_some() => Some(self.prefix.clone()),
            None => self.state.next_key(&self.prefix),
        };
        match next {
            Some(key) if key.starts_with(&self.prefix) => {
                self.last = Some(key.clone());
                Some(key)
            }
            _ => {
                self.done = true;
                None
            }
        }
    }
}

/// Removes every key that starts with `prefix`; returns how many were removed.
pub fn clear_prefix(state: &mut dyn State, prefix: &[u8]) -> usize {
    let keys: Vec<Vec<u8>> = iter_prefix_keys(&ReadOnly(&*state), prefix).collect();
    for key in &keys {
        state.delete(key);
    }
    keys.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_iteration_is_ordered_and_bounded() {
        let mut s = BTreeMap::new();
        for k in [&b"a"[..], b"ab", b"abc", b"abd", b"ac", b"b"] {
            s.put(k, k.to_vec());
        }
        let keys: Vec<Vec<u8>> = iter_prefix_keys(&s, b"ab").collect();
        assert_eq!(keys, vec![b"ab".to_vec(), b"abc".to_vec(), b"abd".to_vec()]);
        assert_eq!(iter_prefix_keys(&s, b"").count(), 6);
        assert_eq!(iter_prefix_keys(&s, b"z").count(), 0);
        assert_eq!(clear_prefix(&mut s, b"ab"), 3);
        assert_eq!(s.len(), 3);
    }
}
