//! The [`KvStore`] contract that both stores implement.

use crate::{Column, StorageError, WriteBatch};

/// Key-value pairs, in key order.
pub type KvPairs = Vec<(Vec<u8>, Vec<u8>)>;

/// An ordered key-value store split into [`Column`]s.
///
/// Contract (checked by the conformance suite for every implementation):
/// - keys are ordered bytewise; `scan` returns keys in that order;
/// - `write` is atomic: a reader sees all of a batch or none of it, and a failed write applied nothing;
/// - after a failed `write` the store is poisoned: every later call returns [`StorageError::Poisoned`];
/// - `write(_, true)` returns only once the batch is durable (WAL synced).
pub trait KvStore: Send + Sync + 'static {
    /// The value at `key`, if any.
    fn get(&self, col: Column, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError>;

    /// Ordered iteration from `start` (inclusive) while keys keep `prefix`; at most `limit` items.
    /// A `start` below `prefix` starts at the first key with `prefix`.
    fn scan(
        &self,
        col: Column,
        prefix: &[u8],
        start: &[u8],
        limit: usize,
    ) -> Result<KvPairs, StorageError>;

    /// Atomic: all or nothing. `sync` = fsync the WAL before returning. After a failed write the
    /// store is poisoned and every later call returns [`StorageError::Poisoned`].
    fn write(&self, batch: WriteBatch, sync: bool) -> Result<(), StorageError>;
}

/// Where a scan starts: the larger of `start` and `prefix`.
pub(crate) fn scan_start<'a>(prefix: &'a [u8], start: &'a [u8]) -> &'a [u8] {
    if start > prefix {
        start
    } else {
        prefix
    }
}

/// The smallest key greater than every key with `prefix`, if one exists.
pub(crate) fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < u8::MAX {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

impl<T: KvStore + ?Sized> KvStore for std::sync::Arc<T> {
    fn get(&self, col: Column, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        (**self).get(col, key)
    }
    fn scan(
        &self,
        col: Column,
        prefix: &[u8],
        start: &[u8],
        limit: usize,
    ) -> Result<KvPairs, StorageError> {
        (**self).scan(col, prefix, start, limit)
    }
    fn write(&self, batch: WriteBatch, sync: bool) -> Result<(), StorageError> {
        (**self).write(batch, sync)
    }
}
