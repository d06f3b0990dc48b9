//! [`ReadCache`]: a bounded in-memory cache of one column's point reads that stays exact while writes land
//! concurrently.
//!
//! Contract (a seqlock around every write, checked under the cache's lock):
//! - a writer calls [`ReadCache::begin_write`] before its batch reaches the database and
//!   [`ReadCache::finish_write`] with the batch's puts and deletes of the column after it landed (or
//!   [`ReadCache::abort_write`] if it failed); each call bumps the cache's version, so the version is odd exactly
//!   while a write is in flight;
//! - a reader that misses gets a ticket (the version), reads the database, and hands the value back with
//!   [`ReadCache::fill`], which stores it only if the version is still the ticket's (no write began since, so what
//!   the database returned is the latest committed value), the ticket is even, and no entry for the key exists.
//!
//! So an entry is either what a write stored or what a read saw with no write in between: a hit always returns the
//! value the database holds. Absent keys are cached too (`None`). When the cached keys and values pass the byte
//! budget the cache is emptied (hot keys come back on their next read).

use std::collections::HashMap;

use parking_lot::Mutex;

/// A cached read: `Some(value)`, or `None` for a key the column does not hold.
pub type CachedValue = Option<Vec<u8>>;

/// See the module docs.
#[derive(Debug)]
pub struct ReadCache {
    inner: Mutex<Inner>,
    max_bytes: usize,
}

#[derive(Debug, Default)]
struct Inner {
    entries: HashMap<Vec<u8>, CachedValue>,
    bytes: usize,
    version: u64,
}

/// What a miss hands back to [`ReadCache::fill`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ticket(u64);

impl ReadCache {
    /// An empty cache that holds at most about `max_bytes` of keys and values.
    pub fn new(max_bytes: usize) -> Self {
        ReadCache {
            inner: Mutex::new(Inner::default()),
            max_bytes,
        }
    }

    /// `Ok(value)` on a hit; on a miss, the [`Ticket`] to fill the key with once it was read from the database.
    pub fn get(&self, key: &[u8]) -> Result<CachedValue, Ticket> {
        let inner = self.inner.lock();
        match inner.entries.get(key) {
            Some(value) => Ok(value.clone()),
            None => Err(Ticket(inner.version)),
        }
    }

    /// Stores `value`, read from the database after [`ReadCache::get`] returned `ticket`, unless a write began
    /// since, one was in flight then, or the key is cached already.
    pub fn fill(&self, ticket: Ticket, key: &[u8], value: CachedValue) {
        let mut inner = self.inner.lock();
        if ticket.0 != inner.version || ticket.0 % 2 == 1 || inner.entries.contains_key(key) {
            return;
        }
        inner.insert(key.to_vec(), value, self.max_bytes);
    }

    /// A write of the column is about to reach the database.
    pub fn begin_write(&self) {
        self.inner.lock().version += 1;
    }

    /// The write begun with [`ReadCache::begin_write`] landed with these puts (`Some`) and deletes (`None`) of the
    /// column, in batch order.
    pub fn finish_write<'a>(
        &self,
        changes: impl IntoIterator<Item = (&'a [u8], Option<&'a [u8]>)>,
    ) {
        let mut inner = self.inner.lock();
        for (key, value) in changes {
            inner.insert(key.to_vec(), value.map(<[u8]>::to_vec), self.max_bytes);
        }
        inner.version += 1;
    }

    /// The write begun with [`ReadCache::begin_write`] failed: forget everything (the database's state is unknown).
    pub fn abort_write(&self) {
        let mut inner = self.inner.lock();
        inner.entries.clear();
        inner.bytes = 0;
        inner.version += 1;
    }

    /// How many keys are cached.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.inner.lock().entries.len()
    }

    /// Whether nothing is cached.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Inner {
    fn insert(&mut self, key: Vec<u8>, value: CachedValue, max_bytes: usize) {
        let size = key.len() + value.as_ref().map_or(0, Vec::len);
        if let Some(old) = self.entries.get(&key) {
            self.bytes -= key.len() + old.as_ref().map_or(0, Vec::len);
        } else if self.bytes + size > max_bytes {
            self.entries.clear();
            self.bytes = 0;
        }
        self.bytes += size;
        self.entries.insert(key, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bytes(b: &[u8]) -> CachedValue {
        Some(b.to_vec())
    }

    #[test]
    fn a_miss_fills_and_then_hits_including_absent_keys() {
        let cache = ReadCache::new(1 << 20);
        let ticket = cache.get(b"k").unwrap_err();
        cache.fill(ticket, b"k", bytes(b"v"));
        assert_eq!(cache.get(b"k"), Ok(bytes(b"v")));
        let ticket = cache.get(b"gone").unwrap_err();
        cache.fill(ticket, b"gone", None);
        assert_eq!(cache.get(b"gone"), Ok(None));
    }

    #[test]
    fn a_read_that_overlaps_a_write_is_not_cached() {
        let cache = ReadCache::new(1 << 20);
        // The reader misses, then a write begins before it fills: its value may be older than the write's.
        let ticket = cache.get(b"k").unwrap_err();
        cache.begin_write();
        cache.fill(ticket, b"k", bytes(b"old"));
        assert!(cache.get(b"k").is_err(), "filled across a write in flight");
        // A miss during the write gets an odd ticket: never stored, even after the write.
        let during = cache.get(b"k").unwrap_err();
        cache.finish_write([(&b"other"[..], Some(&b"x"[..]))]);
        cache.fill(during, b"k", bytes(b"old"));
        assert!(
            cache.get(b"k").is_err(),
            "filled from a read during a write"
        );
        // A ticket taken before a completed write is stale.
        cache.fill(ticket, b"k", bytes(b"old"));
        assert!(cache.get(b"k").is_err());
    }

    #[test]
    fn writes_overwrite_and_reads_never_overwrite() {
        let cache = ReadCache::new(1 << 20);
        let ticket = cache.get(b"k").unwrap_err();
        cache.begin_write();
        cache.finish_write([(&b"k"[..], Some(&b"new"[..]))]);
        // A stale filler loses to the write whatever the order.
        cache.fill(ticket, b"k", bytes(b"old"));
        assert_eq!(cache.get(b"k"), Ok(bytes(b"new")));
        let fresh = cache.get(b"j").unwrap_err();
        cache.fill(fresh, b"j", bytes(b"1"));
        cache.fill(fresh, b"j", bytes(b"2"));
        assert_eq!(cache.get(b"j"), Ok(bytes(b"1")), "fill never replaces");
        cache.begin_write();
        cache.finish_write([(&b"k"[..], None)]);
        assert_eq!(cache.get(b"k"), Ok(None), "a delete is cached as absent");
    }

    #[test]
    fn a_failed_write_empties_the_cache_and_the_budget_is_kept() {
        let cache = ReadCache::new(10);
        cache.begin_write();
        cache.finish_write([(&b"ab"[..], Some(&b"cdef"[..]))]);
        assert_eq!(cache.len(), 1);
        cache.begin_write();
        cache.finish_write([(&b"gh"[..], Some(&b"ijkl"[..]))]); // 12 bytes > 10: emptied, then stored
        assert_eq!(cache.len(), 1);
        assert_eq!(cache.get(b"gh"), Ok(bytes(b"ijkl")));
        cache.begin_write();
        cache.abort_write();
        assert!(cache.is_empty());
        let ticket = cache.get(b"gh").unwrap_err();
        assert_eq!(ticket, Ticket(6), "every write moved the version by two");
    }
}
