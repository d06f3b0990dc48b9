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
//! - [`State::append`] leaves exactly the bytes a read, [`append_encoded_item`] and a put would: implementations
//!   may only make it cheaper (in place, amortised O(item)), never change what is stored.

use std::collections::BTreeMap;
use std::ops::Bound;

use parity_scale_codec::{Compact, CompactLen, Decode, Encode};

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

    /// Appends one SCALE-encoded item to the SCALE `Vec<T>` (compact length prefix, then the items) stored under
    /// `key`, starting a one-item list when the key is absent or its value has no readable length prefix. The
    /// default reads the whole value and writes it back; overlays override it to grow the value in place.
    fn append(&mut self, key: &[u8], item: &[u8]) {
        let value = match self.get(key) {
            Some(mut list) => {
                append_encoded_item(&mut list, item);
                list
            }
            None => new_encoded_vec(item),
        };
        self.put(key, value);
    }
}

/// A SCALE `Vec<T>` of one already-encoded item.
pub fn new_encoded_vec(item: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(1 + item.len());
    Compact(1u32).encode_to(&mut out);
    out.extend_from_slice(item);
    out
}

/// Appends one encoded item to the SCALE `Vec<T>` in `list`, in place: the compact length prefix is rewritten
/// (the body moves only when the prefix changes size, at 2^6, 2^14 and 2^30 items) and the item copied to the end,
/// so `n` appends copy O(total bytes) amortised. A `list` whose prefix does not decode (or is at `u32::MAX`) is
/// replaced by a one-item list (logged): the same outcome the earlier read-modify-write helpers had.
pub fn append_encoded_item(list: &mut Vec<u8>, item: &[u8]) {
    let mut rest = &list[..];
    let count = match Compact::<u32>::decode(&mut rest) {
        Ok(Compact(count)) if count < u32::MAX => count,
        _ => {
            tracing::error!(target: "runtime::state", len = list.len(), "appended-to value is not a SCALE list; starting a new one");
            *list = new_encoded_vec(item);
            return;
        }
    };
    let old_prefix = list.len() - rest.len();
    let new_count = count + 1;
    let new_prefix = Compact::<u32>::compact_len(&new_count);
    let encoded = Compact(new_count).encode();
    if new_prefix == old_prefix {
        list[..old_prefix].copy_from_slice(&encoded);
    } else {
        list.splice(..old_prefix, encoded);
    }
    list.extend_from_slice(item);
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

    fn append(&mut self, key: &[u8], item: &[u8]) {
        match self.get_mut(key) {
            Some(list) => append_encoded_item(list, item),
            None => {
                self.insert(key.to_vec(), new_encoded_vec(item));
            }
        }
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

    /// A state that keeps the trait's default (read, re-encode, write) `append`.
    struct Plain(BTreeMap<Vec<u8>, Vec<u8>>);

    impl StateRead for Plain {
        fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
            self.0.get(key).cloned()
        }
        fn next_key(&self, key: &[u8]) -> Option<Vec<u8>> {
            StateRead::next_key(&self.0, key)
        }
    }

    impl State for Plain {
        fn put(&mut self, key: &[u8], value: Vec<u8>) {
            self.0.insert(key.to_vec(), value);
        }
        fn delete(&mut self, key: &[u8]) {
            self.0.remove(key);
        }
    }

    /// The items as `Vec<Vec<u8>>` would encode them, i.e. what a decoder of `Vec<T>` expects.
    fn reference(items: &[Vec<u8>]) -> Vec<u8> {
        let mut out = Compact(u32::try_from(items.len()).unwrap()).encode();
        for item in items {
            out.extend_from_slice(item);
        }
        out
    }

    #[test]
    fn append_matches_a_fresh_encoding_across_compact_prefix_sizes() {
        let mut plain = Plain(BTreeMap::new());
        let mut map = BTreeMap::new();
        let base = BTreeMap::new();
        let mut overlay = crate::OverlayState::new(&base);
        let mut items = Vec::new();
        for i in 0u32..16_500 {
            let item = (i % 7 + 1).to_le_bytes()[..(i % 3 + 1) as usize].to_vec();
            plain.append(b"k", &item);
            State::append(&mut map, b"k", &item);
            overlay.append(b"k", &item);
            items.push(item);
            if [0, 62, 63, 64, 65, 16_382, 16_383, 16_384, 16_499].contains(&i) {
                let expected = reference(&items);
                assert_eq!(
                    plain.get(b"k").unwrap(),
                    expected,
                    "default path, {} items",
                    i + 1
                );
                assert_eq!(
                    StateRead::get(&map, b"k").unwrap(),
                    expected,
                    "map, {} items",
                    i + 1
                );
                assert_eq!(
                    overlay.get(b"k").unwrap(),
                    expected,
                    "overlay, {} items",
                    i + 1
                );
            }
        }
    }

    #[test]
    fn append_to_an_unreadable_value_starts_a_new_list() {
        let mut map = BTreeMap::new();
        map.insert(b"k".to_vec(), vec![0xff, 0xff]);
        let mut plain = Plain(map.clone());
        State::append(&mut map, b"k", &[9]);
        plain.append(b"k", &[9]);
        assert_eq!(StateRead::get(&map, b"k").unwrap(), vec![4, 9]);
        assert_eq!(plain.get(b"k").unwrap(), vec![4, 9]);
    }
}
