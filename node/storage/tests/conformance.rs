//! The KvStore conformance suite: one generic function per property, run against every store.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use metanode_storage::{Column, KvStore, MemStore, RocksStore, StorageError, WriteBatch};

/// A store under test, with the hooks the properties need.
trait Harness {
    fn store(&self) -> Arc<dyn KvStore>;
    /// Makes the next write fail.
    fn fail_next_write(&self);
    /// Closes and reopens the store if it is persistent; `false` if it is not.
    fn reopen(&mut self) -> bool;
}

struct Mem(Arc<MemStore>);

impl Harness for Mem {
    fn store(&self) -> Arc<dyn KvStore> {
        self.0.clone()
    }
    fn fail_next_write(&self) {
        self.0.fail_next_write();
    }
    fn reopen(&mut self) -> bool {
        false
    }
}

struct Rocks {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Option<Arc<RocksStore>>,
}

impl Rocks {
    fn rocks(&self) -> &Arc<RocksStore> {
        self.store.as_ref().expect("open")
    }
}

impl Harness for Rocks {
    fn store(&self) -> Arc<dyn KvStore> {
        self.rocks().clone()
    }
    fn fail_next_write(&self) {
        self.rocks().fail_next_write();
    }
    fn reopen(&mut self) -> bool {
        self.store = None; // closes the db (the only reference)
        self.store = Some(Arc::new(RocksStore::open(&self.path).expect("reopen")));
        true
    }
}

fn mem() -> Mem {
    Mem(Arc::new(MemStore::new()))
}

fn rocks() -> Rocks {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("db");
    let store = Some(Arc::new(RocksStore::open(&path).expect("open")));
    Rocks {
        _dir: dir,
        path,
        store,
    }
}

fn put(store: &dyn KvStore, col: Column, kvs: &[(&[u8], &[u8])]) {
    let mut batch = WriteBatch::new();
    for (k, v) in kvs {
        batch.put(col, *k, *v);
    }
    store.write(batch, false).expect("write");
}

fn keys(items: Vec<(Vec<u8>, Vec<u8>)>) -> Vec<Vec<u8>> {
    items.into_iter().map(|(k, _)| k).collect()
}

// ---------------------------------------------------------------------------------------------
// Properties

fn get_put_delete(h: &mut dyn Harness) {
    let s = h.store();
    assert_eq!(s.get(Column::Headers, b"k").unwrap(), None);
    put(&*s, Column::Headers, &[(b"k", b"v1")]);
    assert_eq!(s.get(Column::Headers, b"k").unwrap(), Some(b"v1".to_vec()));
    put(&*s, Column::Headers, &[(b"k", b"v2")]);
    assert_eq!(s.get(Column::Headers, b"k").unwrap(), Some(b"v2".to_vec()));
    // Columns are separate key spaces.
    assert_eq!(s.get(Column::Bodies, b"k").unwrap(), None);
    put(&*s, Column::Bodies, &[(b"k", b"body")]);
    assert_eq!(s.get(Column::Headers, b"k").unwrap(), Some(b"v2".to_vec()));
    // Empty keys and values are allowed.
    put(&*s, Column::Meta, &[(b"", b"")]);
    assert_eq!(s.get(Column::Meta, b"").unwrap(), Some(Vec::new()));

    let mut batch = WriteBatch::new();
    batch.delete(Column::Headers, b"k".to_vec());
    batch.delete(Column::Headers, b"absent".to_vec());
    s.write(batch, true).unwrap();
    assert_eq!(s.get(Column::Headers, b"k").unwrap(), None);
    assert_eq!(s.get(Column::Bodies, b"k").unwrap(), Some(b"body".to_vec()));
    // Empty batches are fine.
    s.write(WriteBatch::new(), true).unwrap();
    // Every column works.
    for col in Column::ALL {
        put(&*s, col, &[(b"x", col.name().as_bytes())]);
    }
    for col in Column::ALL {
        assert_eq!(
            s.get(col, b"x").unwrap(),
            Some(col.name().as_bytes().to_vec())
        );
    }
}

fn scan_order_and_bounds(h: &mut dyn Harness) {
    let s = h.store();
    let all: Vec<&[u8]> = vec![
        b"b",
        b"ab\xff",
        b"a",
        b"abc",
        b"ab",
        b"ac",
        b"ab\x00",
        b"\xff",
        b"\xff\xff\x01",
        b"\xff\xff",
        b"",
    ];
    let mut batch = WriteBatch::new();
    for k in &all {
        batch.put(Column::StateFlat, *k, [k.len() as u8]);
    }
    s.write(batch, false).unwrap();
    let mut sorted: Vec<Vec<u8>> = all.iter().map(|k| k.to_vec()).collect();
    sorted.sort();

    // Empty prefix: everything, in byte order.
    let got = s.scan(Column::StateFlat, b"", b"", 100).unwrap();
    assert_eq!(keys(got.clone()), sorted);
    assert!(got.iter().all(|(k, v)| v == &[k.len() as u8]));

    let ab: Vec<Vec<u8>> = vec![
        b"ab".to_vec(),
        b"ab\x00".to_vec(),
        b"abc".to_vec(),
        b"ab\xff".to_vec(),
    ];
    // Start below the prefix starts at the prefix.
    assert_eq!(
        keys(s.scan(Column::StateFlat, b"ab", b"", 100).unwrap()),
        ab
    );
    assert_eq!(
        keys(s.scan(Column::StateFlat, b"ab", b"a", 100).unwrap()),
        ab
    );
    // Start inside the prefix is inclusive.
    assert_eq!(
        keys(s.scan(Column::StateFlat, b"ab", b"abc", 100).unwrap()),
        ab[2..].to_vec()
    );
    assert_eq!(
        keys(s.scan(Column::StateFlat, b"ab", b"abb", 100).unwrap()),
        ab[2..].to_vec()
    );
    // Start past the prefix range: nothing.
    assert!(s
        .scan(Column::StateFlat, b"ab", b"ac", 100)
        .unwrap()
        .is_empty());
    // Limits.
    assert!(s.scan(Column::StateFlat, b"ab", b"", 0).unwrap().is_empty());
    assert_eq!(
        keys(s.scan(Column::StateFlat, b"ab", b"", 2).unwrap()),
        ab[..2].to_vec()
    );
    // A prefix of 0xff bytes has no successor key; the scan still stops at the prefix end.
    assert_eq!(
        keys(s.scan(Column::StateFlat, b"\xff\xff", b"", 100).unwrap()),
        vec![b"\xff\xff".to_vec(), b"\xff\xff\x01".to_vec()]
    );
    assert_eq!(
        keys(s.scan(Column::StateFlat, b"\xff", b"", 100).unwrap()).len(),
        3
    );
    // A prefix nobody has.
    assert!(s
        .scan(Column::StateFlat, b"zz", b"", 100)
        .unwrap()
        .is_empty());
    // Other columns do not leak in.
    assert!(s
        .scan(Column::StateNodes, b"", b"", 100)
        .unwrap()
        .is_empty());
}

fn batch_last_op_wins(h: &mut dyn Harness) {
    let s = h.store();
    let mut batch = WriteBatch::new();
    batch.put(Column::Meta, b"a", b"1");
    batch.delete(Column::Meta, b"a");
    batch.delete(Column::Meta, b"b");
    batch.put(Column::Meta, b"b", b"2");
    batch.put(Column::Meta, b"c", b"1");
    batch.put(Column::Meta, b"c", b"3");
    assert_eq!(batch.len(), 6);
    s.write(batch, true).unwrap();
    assert_eq!(s.get(Column::Meta, b"a").unwrap(), None);
    assert_eq!(s.get(Column::Meta, b"b").unwrap(), Some(b"2".to_vec()));
    assert_eq!(s.get(Column::Meta, b"c").unwrap(), Some(b"3".to_vec()));

    // Keys out of order, interleaved over columns: the store may reorder different keys, never one key's ops.
    let mut batch = WriteBatch::new();
    batch.put(Column::Meta, b"z", b"1");
    batch.put(Column::Headers, b"a", b"x");
    batch.put(Column::Meta, b"a", b"9");
    batch.delete(Column::Meta, b"z");
    batch.put(Column::Headers, b"m", b"y");
    batch.put(Column::Meta, b"z", b"4");
    batch.delete(Column::Headers, b"a");
    s.write(batch, true).unwrap();
    assert_eq!(s.get(Column::Meta, b"z").unwrap(), Some(b"4".to_vec()));
    assert_eq!(s.get(Column::Meta, b"a").unwrap(), Some(b"9".to_vec()));
    assert_eq!(s.get(Column::Headers, b"a").unwrap(), None);
    assert_eq!(s.get(Column::Headers, b"m").unwrap(), Some(b"y".to_vec()));
}

/// A concurrent reader never sees half a batch.
fn batch_atomicity(h: &mut dyn Harness) {
    const KEYS: u8 = 16;
    const ROUNDS: u32 = 300;
    let s = h.store();
    let write_round = |s: &dyn KvStore, round: u32| {
        let mut batch = WriteBatch::new();
        for i in 0..KEYS {
            batch.put(Column::Bodies, [b'k', i], round.to_be_bytes());
            batch.put(Column::Headers, [b'k', i], round.to_be_bytes());
        }
        s.write(batch, false).unwrap();
    };
    write_round(&*s, 0);
    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let s = s.clone();
        let done = done.clone();
        std::thread::spawn(move || {
            let mut checks = 0u32;
            while !done.load(Ordering::SeqCst) || checks == 0 {
                let items = s.scan(Column::Bodies, b"k", b"", 100).unwrap();
                assert_eq!(items.len(), KEYS as usize);
                let first = &items[0].1;
                assert!(items.iter().all(|(_, v)| v == first), "torn batch seen");
                checks += 1;
            }
            checks
        })
    };
    for round in 1..=ROUNDS {
        write_round(&*s, round);
    }
    done.store(true, Ordering::SeqCst);
    assert!(reader.join().expect("reader") > 0);
    let last = s.scan(Column::Headers, b"k", b"", 100).unwrap();
    assert!(last.iter().all(|(_, v)| v == &ROUNDS.to_be_bytes()));
}

fn poison_after_failure(h: &mut dyn Harness) {
    let s = h.store();
    put(&*s, Column::Safety, &[(b"vote", b"r1")]);
    h.fail_next_write();
    let mut batch = WriteBatch::new();
    batch.put(Column::Safety, b"vote", b"r2");
    batch.put(Column::Safety, b"other", b"x");
    assert_eq!(s.write(batch, true), Err(StorageError::InjectedFault));
    assert_eq!(s.get(Column::Safety, b"vote"), Err(StorageError::Poisoned));
    assert_eq!(
        s.scan(Column::Safety, b"", b"", 10),
        Err(StorageError::Poisoned)
    );
    assert_eq!(
        s.write(WriteBatch::new(), false),
        Err(StorageError::Poisoned)
    );
    drop(s);
    // A persistent store, reopened, shows that the failed batch applied nothing.
    if h.reopen() {
        let s = h.store();
        assert_eq!(
            s.get(Column::Safety, b"vote").unwrap(),
            Some(b"r1".to_vec())
        );
        assert_eq!(s.get(Column::Safety, b"other").unwrap(), None);
    }
}

fn reopen_keeps_data(h: &mut dyn Harness) {
    let s = h.store();
    let mut batch = WriteBatch::new();
    for i in 0u32..1000 {
        batch.put(Column::BlockIndex, i.to_be_bytes(), vec![i as u8; 100]);
    }
    batch.put(Column::Meta, b"best", b"999");
    s.write(batch, true).unwrap();
    let mut batch = WriteBatch::new();
    batch.delete(Column::BlockIndex, 5u32.to_be_bytes());
    s.write(batch, true).unwrap();
    drop(s);
    if !h.reopen() {
        return;
    }
    let s = h.store();
    assert_eq!(s.get(Column::Meta, b"best").unwrap(), Some(b"999".to_vec()));
    assert_eq!(
        s.get(Column::BlockIndex, &5u32.to_be_bytes()).unwrap(),
        None
    );
    assert_eq!(
        s.get(Column::BlockIndex, &6u32.to_be_bytes()).unwrap(),
        Some(vec![6; 100])
    );
    assert_eq!(
        s.scan(Column::BlockIndex, b"", b"", 5000).unwrap().len(),
        999
    );
}

/// Point reads of `state_flat` (cached in front of rocksdb) always return what the last write left: within a
/// batch the last op wins, deletes read as absent, and readers racing a writer see each key's value only move
/// forward and end on the last one written.
fn state_point_reads_follow_writes(h: &mut dyn Harness) {
    const KEYS: u8 = 8;
    const ROUNDS: u32 = 400;
    let s = h.store();
    let key = |i: u8| [b's', i];
    assert_eq!(s.get(Column::StateFlat, &key(0)).unwrap(), None);
    let mut batch = WriteBatch::new();
    batch.put(Column::StateFlat, key(0), b"1");
    batch.put(Column::StateFlat, key(0), b"2");
    batch.put(Column::StateFlat, key(1), b"x");
    batch.delete(Column::StateFlat, key(1));
    s.write(batch, false).unwrap();
    assert_eq!(
        s.get(Column::StateFlat, &key(0)).unwrap(),
        Some(b"2".to_vec())
    );
    assert_eq!(s.get(Column::StateFlat, &key(1)).unwrap(), None);
    put(&*s, Column::StateFlat, &[(&key(1), b"back")]);
    assert_eq!(
        s.get(Column::StateFlat, &key(1)).unwrap(),
        Some(b"back".to_vec())
    );

    let write_round = |s: &dyn KvStore, round: u32| {
        let mut batch = WriteBatch::new();
        for i in 0..KEYS {
            batch.put(Column::StateFlat, key(i), round.to_be_bytes());
        }
        s.write(batch, false).unwrap();
    };
    write_round(&*s, 0);
    let done = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let s = s.clone();
            let done = done.clone();
            std::thread::spawn(move || {
                let mut last = [0u32; KEYS as usize];
                let mut reads = 0u32;
                while !done.load(Ordering::SeqCst) || reads == 0 {
                    for i in 0..KEYS {
                        let raw = s.get(Column::StateFlat, &key(i)).unwrap().expect("present");
                        let seen = u32::from_be_bytes(raw.try_into().unwrap());
                        assert!(
                            seen >= last[i as usize],
                            "key {i} went back from {} to {seen}",
                            last[i as usize]
                        );
                        last[i as usize] = seen;
                        reads += 1;
                    }
                }
                reads
            })
        })
        .collect();
    for round in 1..=ROUNDS {
        write_round(&*s, round);
    }
    done.store(true, Ordering::SeqCst);
    for reader in readers {
        assert!(reader.join().expect("reader") > 0);
    }
    for i in 0..KEYS {
        assert_eq!(
            s.get(Column::StateFlat, &key(i)).unwrap(),
            Some(ROUNDS.to_be_bytes().to_vec()),
            "key {i} after the last write"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Every property against every store.

macro_rules! conformance {
    ($($prop:ident),* $(,)?) => {
        mod mem_store {
            $(#[test] fn $prop() { super::$prop(&mut super::mem()); })*
        }
        mod rocks_store {
            $(#[test] fn $prop() { super::$prop(&mut super::rocks()); })*
        }
    };
}

conformance!(
    get_put_delete,
    scan_order_and_bounds,
    batch_last_op_wins,
    batch_atomicity,
    poison_after_failure,
    reopen_keeps_data,
    state_point_reads_follow_writes
);

#[test]
fn rocks_second_open_is_locked() {
    let h = rocks();
    match RocksStore::open(&h.path) {
        Err(StorageError::Locked { path, .. }) => assert_eq!(path, h.path),
        other => panic!("expected Locked, got {other:?}"),
    }
}

#[test]
fn batch_pending_reports_last_op() {
    let mut batch = WriteBatch::new();
    assert!(batch.is_empty());
    batch.put(Column::Meta, b"a", b"1");
    assert_eq!(batch.pending(Column::Meta, b"a"), Some(Some(&b"1"[..])));
    batch.delete(Column::Meta, b"a");
    assert_eq!(batch.pending(Column::Meta, b"a"), Some(None));
    assert_eq!(batch.pending(Column::Headers, b"a"), None);
}
