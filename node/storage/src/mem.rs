//! [`MemStore`]: the in-memory twin of [`crate::RocksStore`], for tests and throw-away nodes.

use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::atomic::{AtomicBool, Ordering};

use parking_lot::RwLock;

use crate::kv::scan_start;
use crate::{BatchOp, Column, KvPairs, KvStore, StorageError, WriteBatch};

type Table = BTreeMap<Vec<u8>, Vec<u8>>;

/// An in-memory [`KvStore`]. Writes are atomic (one lock held while a batch applies).
#[derive(Debug, Default)]
pub struct MemStore {
    tables: RwLock<[Table; Column::ALL.len()]>,
    poisoned: AtomicBool,
    fail_next_write: AtomicBool,
}

impl MemStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Fault injection: the next `write` fails with [`StorageError::InjectedFault`], applies
    /// nothing, and poisons the store.
    pub fn fail_next_write(&self) {
        self.fail_next_write.store(true, Ordering::SeqCst);
    }

    fn check(&self) -> Result<(), StorageError> {
        if self.poisoned.load(Ordering::SeqCst) {
            return Err(StorageError::Poisoned);
        }
        Ok(())
    }
}

impl KvStore for MemStore {
    fn get(&self, col: Column, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        self.check()?;
        Ok(self.tables.read()[col.index()].get(key).cloned())
    }

    fn scan(
        &self,
        col: Column,
        prefix: &[u8],
        start: &[u8],
        limit: usize,
    ) -> Result<KvPairs, StorageError> {
        self.check()?;
        let tables = self.tables.read();
        let from = scan_start(prefix, start).to_vec();
        Ok(tables[col.index()]
            .range::<Vec<u8>, _>((Bound::Included(from), Bound::Unbounded))
            .take_while(|(k, _)| k.starts_with(prefix))
            .take(limit)
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect())
    }

    fn write(&self, batch: WriteBatch, _sync: bool) -> Result<(), StorageError> {
        self.check()?;
        if self.fail_next_write.swap(false, Ordering::SeqCst) {
            self.poisoned.store(true, Ordering::SeqCst);
            tracing::error!(target: "storage", "injected write failure; store poisoned");
            return Err(StorageError::InjectedFault);
        }
        let mut tables = self.tables.write();
        for op in batch.into_ops() {
            match op {
                BatchOp::Put { col, key, value } => {
                    tables[col.index()].insert(key, value);
                }
                BatchOp::Delete { col, key } => {
                    tables[col.index()].remove(&key);
                }
            }
        }
        Ok(())
    }
}
