//! [`OverlayState`]: a copy-on-write layer over a read-only state, with nested transactions.
//!
//! Contract:
//! - Reads see the overlay's own writes first, then the base. Prefix/ordered iteration (`next_key`) merges both in
//!   key order and skips keys the overlay deleted.
//! - `start_transaction` opens a nested layer; `rollback_transaction` undoes every write made since the matching
//!   start (including writes of inner layers already committed into it); `commit_transaction` keeps them in the
//!   enclosing layer. Cost is proportional to the keys written in the layer, not to the state's size.
//! - [`OverlayState::into_changes`] returns every key written, with `None` for deletions — exactly the node storage
//!   crate's `Changes` type. Transactions still open at that point count as committed.

use std::collections::BTreeMap;
use std::ops::Bound;

use crate::state::{append_encoded_item, new_encoded_vec, State, StateRead};

/// Keys written by an overlay: `Some(value)` for a put, `None` for a delete.
pub type Changes = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

/// Errors of the transaction API.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OverlayError {
    /// `commit_transaction` or `rollback_transaction` without a matching `start_transaction`.
    #[error("no open storage transaction to {action}")]
    NoOpenTransaction {
        /// `"commit"` or `"rollback"`.
        action: &'static str,
    },
}

/// Undo log of one transaction layer: for each key first written in the layer, its previous entry in `changes`
/// (`None` = the key was not in `changes`).
type UndoLog = BTreeMap<Vec<u8>, Option<Option<Vec<u8>>>>;

/// A writable overlay over `base`.
pub struct OverlayState<'a> {
    base: &'a dyn StateRead,
    changes: Changes,
    layers: Vec<UndoLog>,
}

impl<'a> OverlayState<'a> {
    /// An empty overlay over `base`.
    pub fn new(base: &'a dyn StateRead) -> Self {
        Self {
            base,
            changes: Changes::new(),
            layers: Vec::new(),
        }
    }

    /// Opens a nested transaction.
    pub fn start_transaction(&mut self) {
        self.layers.push(UndoLog::new());
    }

    /// Keeps the writes of the innermost open transaction.
    pub fn commit_transaction(&mut self) -> Result<(), OverlayError> {
        let top = self
            .layers
            .pop()
            .ok_or(OverlayError::NoOpenTransaction { action: "commit" })?;
        if let Some(parent) = self.layers.last_mut() {
            for (key, previous) in top {
                parent.entry(key).or_insert(previous);
            }
        }
        Ok(())
    }

    /// Undoes the writes of the innermost open transaction.
    pub fn rollback_transaction(&mut self) -> Result<(), OverlayError> {
        let top = self
            .layers
            .pop()
            .ok_or(OverlayError::NoOpenTransaction { action: "rollback" })?;
        for (key, previous) in top {
            match previous {
                None => {
                    self.changes.remove(&key);
                }
                Some(entry) => {
                    self.changes.insert(key, entry);
                }
            }
        }
        Ok(())
    }

    /// Number of open transactions.
    pub fn transaction_depth(&self) -> usize {
        self.layers.len()
    }

    /// The writes so far (including those of open transactions).
    pub fn changes(&self) -> &Changes {
        &self.changes
    }

    /// Consumes the overlay; open transactions count as committed.
    pub fn into_changes(self) -> Changes {
        self.changes
    }

    fn write(&mut self, key: &[u8], value: Option<Vec<u8>>) {
        self.note_undo(key);
        self.changes.insert(key.to_vec(), value);
    }

    /// Records `key`'s current entry in the innermost open transaction's undo log, once per layer.
    fn note_undo(&mut self, key: &[u8]) {
        if let Some(layer) = self.layers.last_mut() {
            if !layer.contains_key(key) {
                layer.insert(key.to_vec(), self.changes.get(key).cloned());
            }
        }
    }

    fn next_changed_key(&self, key: &[u8]) -> Option<&Vec<u8>> {
        self.changes
            .range::<[u8], _>((Bound::Excluded(key), Bound::Unbounded))
            .next()
            .map(|(k, _)| k)
    }
}

impl StateRead for OverlayState<'_> {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        match self.changes.get(key) {
            Some(entry) => entry.clone(),
            None => self.base.get(key),
        }
    }

    fn next_key(&self, key: &[u8]) -> Option<Vec<u8>> {
        let mut cursor = key.to_vec();
        loop {
            let from_base = self.base.next_key(&cursor);
            let from_overlay = self.next_changed_key(&cursor);
            let candidate = match (from_base, from_overlay) {
                (None, None) => return None,
                (Some(b), None) => b,
                (None, Some(o)) => o.clone(),
                (Some(b), Some(o)) => {
                    if &b < o {
                        b
                    } else {
                        o.clone()
                    }
                }
            };
            match self.changes.get(&candidate) {
                Some(None) => cursor = candidate,
                _ => return Some(candidate),
            }
        }
    }
}

impl State for OverlayState<'_> {
    fn put(&mut self, key: &[u8], value: Vec<u8>) {
        self.write(key, Some(value));
    }

    fn delete(&mut self, key: &[u8]) {
        self.write(key, None);
    }

    /// In place when the overlay already holds the value (one copy of the item, amortised); the first append to a
    /// key copies its base value into the overlay once.
    fn append(&mut self, key: &[u8], item: &[u8]) {
        self.note_undo(key);
        match self.changes.get_mut(key) {
            Some(Some(list)) => append_encoded_item(list, item),
            Some(entry @ None) => *entry = Some(new_encoded_vec(item)),
            None => {
                let value = match self.base.get(key) {
                    Some(mut list) => {
                        append_encoded_item(&mut list, item);
                        list
                    }
                    None => new_encoded_vec(item),
                };
                self.changes.insert(key.to_vec(), Some(value));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::iter_prefix_keys;

    fn base() -> BTreeMap<Vec<u8>, Vec<u8>> {
        [(b"a1", b"x"), (b"a3", b"y"), (b"b1", b"z")]
            .into_iter()
            .map(|(k, v)| (k.to_vec(), v.to_vec()))
            .collect()
    }

    #[test]
    fn reads_merge_overlay_and_base_in_order() {
        let base = base();
        let mut o = OverlayState::new(&base);
        o.put(b"a2", b"new".to_vec());
        o.delete(b"a3");
        o.put(b"a0", b"first".to_vec());
        let keys: Vec<Vec<u8>> = iter_prefix_keys(&o, b"a").collect();
        assert_eq!(keys, vec![b"a0".to_vec(), b"a1".to_vec(), b"a2".to_vec()]);
        assert_eq!(o.get(b"a3"), None);
        assert_eq!(o.get(b"b1"), Some(b"z".to_vec()));
        assert_eq!(o.next_key(b"a2"), Some(b"b1".to_vec()));
    }

    #[test]
    fn append_reads_through_to_the_base_and_rolls_back() {
        let mut base = base();
        base.insert(b"list".to_vec(), vec![4, 1]);
        let mut o = OverlayState::new(&base);
        o.append(b"list", &[2]);
        assert_eq!(o.get(b"list"), Some(vec![8, 1, 2]));
        o.start_transaction();
        o.append(b"list", &[3]);
        o.append(b"list", &[4]);
        assert_eq!(o.get(b"list"), Some(vec![16, 1, 2, 3, 4]));
        o.rollback_transaction().unwrap();
        assert_eq!(o.get(b"list"), Some(vec![8, 1, 2]));
        o.delete(b"list");
        o.append(b"list", &[5]);
        assert_eq!(o.get(b"list"), Some(vec![4, 5]));
        o.append(b"new", &[6]);
        assert_eq!(o.into_changes().get(&b"new"[..]), Some(&Some(vec![4, 6])));
    }

    #[test]
    fn nested_transactions_roll_back_and_commit() {
        let base = base();
        let mut o = OverlayState::new(&base);
        o.put(b"k", b"0".to_vec());
        o.start_transaction();
        o.put(b"k", b"1".to_vec());
        o.delete(b"a1");
        o.start_transaction();
        o.put(b"k", b"2".to_vec());
        o.put(b"new", b"n".to_vec());
        o.commit_transaction().unwrap();
        assert_eq!(o.get(b"k"), Some(b"2".to_vec()));
        o.rollback_transaction().unwrap();
        assert_eq!(o.get(b"k"), Some(b"0".to_vec()));
        assert_eq!(o.get(b"a1"), Some(b"x".to_vec()));
        assert_eq!(o.get(b"new"), None);
        assert!(o.rollback_transaction().is_err());
        o.start_transaction();
        o.put(b"z", b"z".to_vec());
        o.commit_transaction().unwrap();
        let changes = o.into_changes();
        let expected: Changes = [
            (b"k".to_vec(), Some(b"0".to_vec())),
            (b"z".to_vec(), Some(b"z".to_vec())),
        ]
        .into_iter()
        .collect();
        assert_eq!(changes, expected);
    }

    #[test]
    fn overlay_deletes_show_in_changes() {
        let base = base();
        let mut o = OverlayState::new(&base);
        o.delete(b"b1");
        assert_eq!(o.next_key(b"a3"), None);
        assert_eq!(o.into_changes().get(b"b1".as_slice()), Some(&None));
    }
}
