//! [`StateView`]: reads of the committed state seen through uncommitted updates.

use std::collections::{BTreeMap, BTreeSet};
use std::ops::Bound;

use super::{StateDb, StateUpdate};
use crate::StorageError;

/// The state as of the newest of `ancestors` (oldest first) on top of the committed state: what a
/// block built on an uncommitted parent reads. With no ancestors it is the committed state.
pub struct StateView<'a> {
    pub(crate) db: &'a StateDb,
    pub(crate) ancestors: &'a [&'a StateUpdate],
}

impl StateView<'_> {
    /// The value of `key`.
    pub fn get(&self, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        for update in self.ancestors.iter().rev() {
            if let Some(value) = update.get(key) {
                return Ok(value.map(<[u8]>::to_vec));
            }
        }
        self.db.flat_get(key)
    }

    /// Keys with `prefix`, strictly after `start_after` if given, at most `limit`, in key order.
    pub fn keys(
        &self,
        prefix: &[u8],
        start_after: Option<&[u8]>,
        limit: usize,
    ) -> Result<Vec<Vec<u8>>, StorageError> {
        if self.ancestors.is_empty() {
            return self.db.flat_keys(prefix, start_after, limit);
        }
        let lower = match start_after {
            Some(s) if s >= prefix => Bound::Excluded(s.to_vec()),
            _ => Bound::Included(prefix.to_vec()),
        };
        // Net effect of the ancestors in range: key -> present?
        let mut overlay: BTreeMap<&[u8], bool> = BTreeMap::new();
        for update in self.ancestors {
            let range = update
                .changes
                .range::<Vec<u8>, _>((lower.clone(), Bound::Unbounded));
            for (k, v) in range.take_while(|(k, _)| k.starts_with(prefix)) {
                overlay.insert(k, v.is_some());
            }
        }
        let deleted = overlay.values().filter(|present| !**present).count();
        // Enough flat keys that `limit` survive the overlay's deletions.
        let flat = self
            .db
            .flat_keys(prefix, start_after, limit.saturating_add(deleted))?;
        let mut merged: BTreeSet<Vec<u8>> = flat
            .into_iter()
            .filter(|k| !overlay.contains_key(k.as_slice()))
            .collect();
        merged.extend(
            overlay
                .iter()
                .filter(|(_, present)| **present)
                .map(|(k, _)| k.to_vec()),
        );
        Ok(merged.into_iter().take(limit).collect())
    }
}
