//! [`RocksStore`]: the on-disk [`KvStore`], one rocksdb column family per [`Column`].
//!
//! Writes go through rocksdb's atomic `WriteBatch`; `sync = true` fsyncs the WAL before returning.
//! Any failed write poisons the store (see [`KvStore`]).
//!
//! Point reads of `state_flat` (every state read of execution, pool validation and RPC that misses the
//! uncommitted blocks) go through a [`ReadCache`] of [`STATE_READ_CACHE_BYTES`]: under load a miss walks
//! rocksdb's large memtable skiplist, and a profile of a 4-validator testnet showed those lookups at ~7 % of
//! each node's CPU. The cache is exact (see its contract): writes of the column update it.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use rocksdb::{
    BlockBasedOptions, Cache, ColumnFamily, ColumnFamilyDescriptor, DBCompressionType, Direction,
    IteratorMode, Options, ReadOptions, WriteOptions, DB,
};

use crate::kv::{prefix_end, scan_start};
use crate::read_cache::ReadCache;
use crate::{BatchOp, Column, KvPairs, KvStore, StorageError, WriteBatch};

/// Shared block cache size.
const BLOCK_CACHE_BYTES: usize = 64 << 20;

/// Compression by level, L0 first: memtable flushes write L0 uncompressed, compactions write every lower level with
/// LZ4. Data flushed to L0 is compacted again soon; compressing it at flush cost a compression and a decompression
/// per byte for nothing (LZ4 was ~40 % of flush CPU, and flushes ~15 % of a testnet's CPU right after a burst).
const COMPRESSION_PER_LEVEL: [DBCompressionType; 7] = [
    DBCompressionType::None,
    DBCompressionType::Lz4,
    DBCompressionType::Lz4,
    DBCompressionType::Lz4,
    DBCompressionType::Lz4,
    DBCompressionType::Lz4,
    DBCompressionType::Lz4,
];
/// Budget of the `state_flat` read cache (keys and values).
pub const STATE_READ_CACHE_BYTES: usize = 64 << 20;

/// A rocksdb-backed [`KvStore`].
pub struct RocksStore {
    db: DB,
    path: PathBuf,
    poisoned: AtomicBool,
    fail_next_write: AtomicBool,
    state_cache: ReadCache,
}

impl std::fmt::Debug for RocksStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RocksStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

fn backend(op: &'static str, e: rocksdb::Error) -> StorageError {
    StorageError::Backend {
        op,
        message: e.into_string(),
    }
}

impl RocksStore {
    /// Opens (creating if needed) the database at `path` with every [`Column`].
    /// Fails with [`StorageError::Locked`] if another process holds the database.
    pub fn open(path: &Path) -> Result<Self, StorageError> {
        std::fs::create_dir_all(path).map_err(|e| StorageError::Open {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?;
        let mut opts = Options::default();
        opts.create_if_missing(true);
        opts.create_missing_column_families(true);
        opts.set_max_open_files(512);
        opts.set_keep_log_file_num(4);
        opts.set_max_total_wal_size(256 << 20);
        opts.increase_parallelism(2);

        let cache = Cache::new_lru_cache(BLOCK_CACHE_BYTES);
        let cfs = Column::ALL.iter().map(|col| {
            let mut table = BlockBasedOptions::default();
            table.set_block_cache(&cache);
            table.set_bloom_filter(10.0, false);
            let mut cf_opts = Options::default();
            cf_opts.set_block_based_table_factory(&table);
            cf_opts.set_compression_per_level(&COMPRESSION_PER_LEVEL);
            cf_opts.set_level_compaction_dynamic_level_bytes(true);
            ColumnFamilyDescriptor::new(col.name(), cf_opts)
        });
        let db = DB::open_cf_descriptors(&opts, path, cfs).map_err(|e| {
            let message = e.into_string();
            if message.contains("LOCK") || message.contains("lock") {
                StorageError::Locked {
                    path: path.to_path_buf(),
                    message,
                }
            } else {
                StorageError::Open {
                    path: path.to_path_buf(),
                    message,
                }
            }
        })?;
        tracing::info!(target: "storage", path = %path.display(), "opened rocksdb");
        Ok(Self {
            db,
            path: path.to_path_buf(),
            poisoned: AtomicBool::new(false),
            fail_next_write: AtomicBool::new(false),
            state_cache: ReadCache::new(STATE_READ_CACHE_BYTES),
        })
    }

    /// The directory this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Fault injection: the next `write` fails with [`StorageError::InjectedFault`], applies
    /// nothing, and poisons the store.
    pub fn fail_next_write(&self) {
        self.fail_next_write.store(true, Ordering::SeqCst);
    }

    fn cf(&self, col: Column) -> Result<&ColumnFamily, StorageError> {
        self.db.cf_handle(col.name()).ok_or(StorageError::Backend {
            op: "column family",
            message: format!("missing column family {}", col.name()),
        })
    }

    fn check(&self) -> Result<(), StorageError> {
        if self.poisoned.load(Ordering::SeqCst) {
            return Err(StorageError::Poisoned);
        }
        Ok(())
    }

    fn poison(&self, err: StorageError) -> StorageError {
        self.poisoned.store(true, Ordering::SeqCst);
        tracing::error!(target: "storage", error = %err, "write failed; store poisoned");
        err
    }
}

impl KvStore for RocksStore {
    fn get(&self, col: Column, key: &[u8]) -> Result<Option<Vec<u8>>, StorageError> {
        self.check()?;
        let cf = self.cf(col)?;
        let ticket = if col == Column::StateFlat {
            match self.state_cache.get(key) {
                Ok(value) => return Ok(value),
                Err(ticket) => Some(ticket),
            }
        } else {
            None
        };
        let value = self
            .db
            .get_pinned_cf(cf, key)
            .map_err(|e| backend("get", e))?
            .map(|v| v.to_vec());
        if let Some(ticket) = ticket {
            self.state_cache.fill(ticket, key, value.clone());
        }
        Ok(value)
    }

    fn scan(
        &self,
        col: Column,
        prefix: &[u8],
        start: &[u8],
        limit: usize,
    ) -> Result<KvPairs, StorageError> {
        self.check()?;
        let cf = self.cf(col)?;
        let mut read = ReadOptions::default();
        if let Some(end) = prefix_end(prefix) {
            read.set_iterate_upper_bound(end);
        }
        let from = scan_start(prefix, start);
        let iter = self
            .db
            .iterator_cf_opt(cf, read, IteratorMode::From(from, Direction::Forward));
        let mut out = Vec::new();
        for item in iter {
            if out.len() >= limit {
                break;
            }
            let (k, v) = item.map_err(|e| backend("scan", e))?;
            if !k.starts_with(prefix) {
                break;
            }
            out.push((k.into_vec(), v.into_vec()));
        }
        Ok(out)
    }

    fn write(&self, batch: WriteBatch, sync: bool) -> Result<(), StorageError> {
        self.check()?;
        if self.fail_next_write.swap(false, Ordering::SeqCst) {
            return Err(self.poison(StorageError::InjectedFault));
        }
        let ops = batch.into_ops();
        let mut rb = rocksdb::WriteBatch::default();
        for op in &ops {
            match op {
                BatchOp::Put { col, key, value } => rb.put_cf(self.cf(*col)?, key, value),
                BatchOp::Delete { col, key } => rb.delete_cf(self.cf(*col)?, key),
            }
        }
        let state_changes = ops.iter().filter_map(|op| match op {
            BatchOp::Put {
                col: Column::StateFlat,
                key,
                value,
            } => Some((key.as_slice(), Some(value.as_slice()))),
            BatchOp::Delete {
                col: Column::StateFlat,
                key,
            } => Some((key.as_slice(), None)),
            _ => None,
        });
        let touches_state = state_changes.clone().next().is_some();
        let mut wo = WriteOptions::default();
        wo.set_sync(sync);
        if touches_state {
            self.state_cache.begin_write();
        }
        match self.db.write_opt(rb, &wo) {
            Ok(()) => {
                if touches_state {
                    self.state_cache.finish_write(state_changes);
                }
                Ok(())
            }
            Err(e) => {
                if touches_state {
                    self.state_cache.abort_write();
                }
                Err(self.poison(backend("write", e)))
            }
        }
    }
}
