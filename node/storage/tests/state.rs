//! Tests of the authenticated state: roots, stacking, forks, commits, proofs, history, reopen.

use std::collections::BTreeMap;
use std::sync::Arc;

use metanode_storage::state::{
    verify_state_proof, Changes, StateDb, StateProof, StateUpdate, EMPTY_ROOT,
};
use metanode_storage::{KvStore, MemStore, RocksStore, StorageError, WriteBatch};
use parity_scale_codec::{DecodeAll, Encode};

/// Deterministic xorshift PRNG (no dependency, reproducible).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn mem_db() -> StateDb {
    StateDb::new(Arc::new(MemStore::new()))
}

fn key(i: u64) -> Vec<u8> {
    // Two "pallet" prefixes so prefix iteration is meaningful.
    let mut k = if i & 1 == 0 {
        b"acct/".to_vec()
    } else {
        b"meta/".to_vec()
    };
    k.extend_from_slice(&i.to_be_bytes());
    k
}

/// Random changes over a small key space, so updates and deletes of existing keys happen.
fn random_changes(rng: &mut Rng, n: usize) -> Changes {
    let mut changes = Changes::new();
    for _ in 0..n {
        let k = key(rng.below(64));
        let v = if rng.below(4) == 0 {
            None
        } else {
            Some(rng.next().to_le_bytes().to_vec())
        };
        changes.insert(k, v);
    }
    changes
}

fn apply_to_model(model: &mut BTreeMap<Vec<u8>, Vec<u8>>, changes: &Changes) {
    for (k, v) in changes {
        match v {
            Some(v) => model.insert(k.clone(), v.clone()),
            None => model.remove(k),
        };
    }
}

fn commit(db: &StateDb, updates: &[&StateUpdate]) {
    let mut batch = WriteBatch::new();
    for u in updates {
        db.commit_to_batch(u, &mut batch).expect("commit_to_batch");
    }
    db.store().write(batch, true).expect("write");
}

/// The root of `state` computed from scratch on a fresh store.
fn scratch_root(state: &BTreeMap<Vec<u8>, Vec<u8>>) -> [u8; 32] {
    mem_db().genesis_update(state).expect("genesis").root
}

fn all_flat(db: &StateDb) -> BTreeMap<Vec<u8>, Vec<u8>> {
    db.keys(b"", None, usize::MAX)
        .unwrap()
        .into_iter()
        .map(|k| {
            let v = db.get(&k).unwrap().expect("value");
            (k, v)
        })
        .collect()
}

#[test]
fn empty_root_matches_jmt() {
    let db = mem_db();
    let genesis = db.genesis_update(&BTreeMap::new()).unwrap();
    assert_eq!(genesis.root, EMPTY_ROOT);
    assert_eq!(genesis.parent_root, EMPTY_ROOT);
}

#[test]
fn roots_are_deterministic_and_order_independent() {
    let mut rng = Rng(7);
    let mut target = BTreeMap::new();
    for i in 0..50 {
        target.insert(key(i), rng.next().to_le_bytes().to_vec());
    }
    let direct = scratch_root(&target);
    assert_eq!(direct, scratch_root(&target), "same input, same root");
    assert_ne!(direct, EMPTY_ROOT);

    // The same final state through different block sequences.
    let db = mem_db();
    let g = db.genesis_update(&BTreeMap::new()).unwrap();
    commit(&db, &[&g]);
    let mut reversed: Vec<_> = target.iter().collect();
    reversed.reverse();
    let mut version = 1;
    for chunk in reversed.chunks(7) {
        let mut changes: Changes = chunk
            .iter()
            .map(|(k, v)| ((*k).clone(), Some((*v).clone())))
            .collect();
        // Noise that a later block undoes.
        changes.insert(b"noise".to_vec(), Some(vec![version as u8]));
        let u = db.apply(&[], version, changes).unwrap();
        commit(&db, &[&u]);
        version += 1;
    }
    let mut last = Changes::new();
    last.insert(b"noise".to_vec(), None);
    let u = db.apply(&[], version, last).unwrap();
    assert_eq!(u.root, direct);
    commit(&db, &[&u]);
    assert_eq!(db.root_at(version).unwrap(), Some(direct));
    assert_eq!(all_flat(&db), target);

    // A different value gives a different root.
    let mut other = target.clone();
    other.insert(key(3), b"different".to_vec());
    assert_ne!(scratch_root(&other), direct);
}

#[test]
fn apply_and_commit_match_scratch_and_model() {
    let mut rng = Rng(0x5eed);
    let db = mem_db();
    let mut model = BTreeMap::new();
    for i in 0..20 {
        model.insert(key(i), vec![i as u8]);
    }
    let g = db.genesis_update(&model).unwrap();
    commit(&db, &[&g]);
    let mut roots = vec![g.root];
    for version in 1..=30 {
        let n = 1 + rng.below(10) as usize;
        let changes = random_changes(&mut rng, n);
        apply_to_model(&mut model, &changes);
        let u = db.apply(&[], version, changes).unwrap();
        assert_eq!(u.root, scratch_root(&model), "version {version}");
        commit(&db, &[&u]);
        roots.push(u.root);
        assert_eq!(db.committed_version().unwrap(), Some(version));
    }
    assert_eq!(all_flat(&db), model);
    for (v, root) in roots.iter().enumerate() {
        assert_eq!(db.root_at(v as u64).unwrap(), Some(*root), "root_at({v})");
    }
    assert_eq!(db.root_at(31).unwrap(), None);
}

#[test]
fn empty_changes_keep_the_parent_root() {
    let db = mem_db();
    // At genesis, empty and non-empty.
    let g = db.genesis_update(&BTreeMap::new()).unwrap();
    let e1 = db.apply(&[&g], 1, Changes::new()).unwrap();
    assert_eq!(e1.root, EMPTY_ROOT);
    commit(&db, &[&g, &e1]);
    let mut changes = Changes::new();
    changes.insert(b"a".to_vec(), Some(b"1".to_vec()));
    let u2 = db.apply(&[], 2, changes).unwrap();
    // Empty on top of an uncommitted parent, and on top of that again.
    let e3 = db.apply(&[&u2], 3, Changes::new()).unwrap();
    assert_eq!(e3.root, u2.root);
    let e4 = db.apply(&[&u2, &e3], 4, Changes::new()).unwrap();
    assert_eq!(e4.root, u2.root);
    commit(&db, &[&u2, &e3, &e4]);
    // Empty on top of the committed tree; deleting an absent key is also a no-op.
    let mut noop = Changes::new();
    noop.insert(b"absent".to_vec(), None);
    let e5 = db.apply(&[], 5, noop).unwrap();
    assert_eq!(e5.root, u2.root);
    commit(&db, &[&e5]);
    let e6 = db.apply(&[], 6, Changes::new()).unwrap();
    assert_eq!(e6.root, u2.root);
    commit(&db, &[&e6]);
    for v in 2..=6 {
        assert_eq!(db.root_at(v).unwrap(), Some(u2.root));
    }
    let (value, proof) = db.prove(b"a", 6).unwrap();
    assert_eq!(value.as_deref(), Some(&b"1"[..]));
    assert!(verify_state_proof(&u2.root, b"a", Some(b"1"), &proof));
}

#[test]
fn deleting_everything_gives_the_empty_root() {
    let db = mem_db();
    let mut genesis = BTreeMap::new();
    genesis.insert(b"a".to_vec(), b"1".to_vec());
    genesis.insert(b"b".to_vec(), b"2".to_vec());
    let g = db.genesis_update(&genesis).unwrap();
    commit(&db, &[&g]);
    let changes: Changes = genesis.keys().map(|k| (k.clone(), None)).collect();
    let u = db.apply(&[], 1, changes).unwrap();
    assert_eq!(u.root, EMPTY_ROOT);
    commit(&db, &[&u]);
    let mut again = Changes::new();
    again.insert(b"c".to_vec(), Some(b"3".to_vec()));
    let u2 = db.apply(&[], 2, again.clone()).unwrap();
    let mut only_c = BTreeMap::new();
    only_c.insert(b"c".to_vec(), b"3".to_vec());
    assert_eq!(u2.root, scratch_root(&only_c));
    commit(&db, &[&u2]);
    assert_eq!(all_flat(&db), only_c);
}

#[test]
fn forks_do_not_disturb_each_other_and_only_the_committed_one_persists() {
    let db = mem_db();
    let mut genesis = BTreeMap::new();
    genesis.insert(b"shared".to_vec(), b"0".to_vec());
    let g = db.genesis_update(&genesis).unwrap();
    commit(&db, &[&g]);

    let change = |k: &[u8], v: &[u8]| -> Changes {
        let mut c = Changes::new();
        c.insert(k.to_vec(), Some(v.to_vec()));
        c
    };
    let a1 = db.apply(&[], 1, change(b"shared", b"A")).unwrap();
    let b1 = db.apply(&[], 1, change(b"shared", b"B")).unwrap();
    assert_ne!(a1.root, b1.root);
    let a2 = db.apply(&[&a1], 2, change(b"only-a", b"1")).unwrap();
    let b2 = db.apply(&[&b1], 2, change(b"only-b", b"1")).unwrap();
    // Recomputing either branch after the other gives the same roots.
    assert_eq!(
        db.apply(&[], 1, change(b"shared", b"A")).unwrap().root,
        a1.root
    );
    assert_eq!(
        db.apply(&[&a1], 2, change(b"only-a", b"1")).unwrap().root,
        a2.root
    );
    // Views see their own branch.
    assert_eq!(
        db.view(&[&a1, &a2]).get(b"shared").unwrap(),
        Some(b"A".to_vec())
    );
    assert_eq!(
        db.view(&[&b1, &b2]).get(b"shared").unwrap(),
        Some(b"B".to_vec())
    );
    assert_eq!(db.view(&[&b1, &b2]).get(b"only-a").unwrap(), None);
    // Nothing is written until commit.
    assert_eq!(db.get(b"shared").unwrap(), Some(b"0".to_vec()));
    assert_eq!(db.committed_version().unwrap(), Some(0));

    // Mixing branches is refused.
    assert_eq!(
        db.apply(&[&a1, &b2], 3, Changes::new()).unwrap_err(),
        StorageError::ParentMismatch { version: 2 }
    );

    commit(&db, &[&a1, &a2]);
    let mut expect = BTreeMap::new();
    expect.insert(b"shared".to_vec(), b"A".to_vec());
    expect.insert(b"only-a".to_vec(), b"1".to_vec());
    assert_eq!(all_flat(&db), expect);
    assert_eq!(db.root_at(1).unwrap(), Some(a1.root));
    assert_eq!(db.root_at(2).unwrap(), Some(a2.root));
    assert_eq!(db.root_at(2).unwrap(), Some(scratch_root(&expect)));
    assert_eq!(db.get_at(b"shared", 1).unwrap(), Some(b"A".to_vec()));
    assert_eq!(db.get_at(b"only-b", 2).unwrap(), None);

    // The losing branch can be neither committed nor built on.
    let mut batch = WriteBatch::new();
    assert!(matches!(
        db.commit_to_batch(&b1, &mut batch),
        Err(StorageError::VersionMismatch { .. })
    ));
    assert!(batch.is_empty());
    assert!(matches!(
        db.apply(&[&b1], 2, Changes::new()),
        Err(StorageError::VersionMismatch { .. })
    ));
    // A same-version update with the wrong parent is refused too.
    let stale = db.apply(&[], 3, change(b"x", b"1")).unwrap();
    let mut wrong_parent = db.apply(&[&stale], 4, Changes::new()).unwrap();
    wrong_parent.parent_root = b1.root;
    let mut batch = WriteBatch::new();
    db.commit_to_batch(&stale, &mut batch).unwrap();
    assert_eq!(
        db.commit_to_batch(&wrong_parent, &mut batch),
        Err(StorageError::ParentMismatch { version: 4 })
    );
}

#[test]
fn stacked_updates_commit_in_one_batch() {
    let mut rng = Rng(99);
    let db = mem_db();
    let g = db.genesis_update(&BTreeMap::new()).unwrap();
    commit(&db, &[&g]);
    let mut model = BTreeMap::new();
    let mut pending: Vec<StateUpdate> = Vec::new();
    for version in 1..=5 {
        let changes = random_changes(&mut rng, 8);
        apply_to_model(&mut model, &changes);
        let ancestors: Vec<&StateUpdate> = pending.iter().collect();
        let u = db.apply(&ancestors, version, changes).unwrap();
        assert_eq!(u.root, scratch_root(&model));
        // The view through the stack equals the model.
        let mut with_u = ancestors.clone();
        with_u.push(&u);
        let view = db.view(&with_u);
        for i in 0..64 {
            assert_eq!(view.get(&key(i)).unwrap().as_ref(), model.get(&key(i)));
        }
        pending.push(u);
    }
    // Commit the first two, then keep stacking on the remaining three.
    commit(&db, &[&pending[0], &pending[1]]);
    let rest: Vec<&StateUpdate> = pending[2..].iter().collect();
    let u6 = db.apply(&rest, 6, Changes::new()).unwrap();
    assert_eq!(u6.root, pending[4].root);
    commit(&db, &rest);
    assert_eq!(all_flat(&db), model);
    assert_eq!(db.committed_version().unwrap(), Some(5));
}

#[test]
fn view_keys_merge_overlays_in_order() {
    let mut rng = Rng(4242);
    let db = mem_db();
    let mut model = BTreeMap::new();
    for i in 0..40 {
        model.insert(key(i), vec![1]);
    }
    let g = db.genesis_update(&model).unwrap();
    commit(&db, &[&g]);
    let mut pending: Vec<StateUpdate> = Vec::new();
    for version in 1..=3 {
        let changes = random_changes(&mut rng, 20);
        apply_to_model(&mut model, &changes);
        let ancestors: Vec<&StateUpdate> = pending.iter().collect();
        pending.push(db.apply(&ancestors, version, changes).unwrap());
    }
    let stack: Vec<&StateUpdate> = pending.iter().collect();
    let view = db.view(&stack);
    for prefix in [&b""[..], b"acct/", b"meta/", b"none/"] {
        let expect: Vec<Vec<u8>> = model
            .keys()
            .filter(|k| k.starts_with(prefix))
            .cloned()
            .collect();
        assert_eq!(view.keys(prefix, None, usize::MAX).unwrap(), expect);
        // Page through with several page sizes.
        for page in [1, 3, 7] {
            let mut got = Vec::new();
            let mut after: Option<Vec<u8>> = None;
            loop {
                let chunk = view.keys(prefix, after.as_deref(), page).unwrap();
                assert!(chunk.len() <= page);
                if chunk.is_empty() {
                    break;
                }
                after = chunk.last().cloned();
                got.extend(chunk);
            }
            assert_eq!(got, expect, "prefix {prefix:?} page {page}");
        }
    }
    // Committed keys paging, after committing the stack.
    commit(&db, &stack);
    let acct: Vec<Vec<u8>> = model
        .keys()
        .filter(|k| k.starts_with(b"acct/"))
        .cloned()
        .collect();
    assert_eq!(db.keys(b"acct/", None, 1000).unwrap(), acct);
    if acct.len() > 2 {
        assert_eq!(
            db.keys(b"acct/", Some(&acct[1]), 1).unwrap(),
            vec![acct[2].clone()]
        );
    }
    assert_eq!(
        db.keys(b"acct/", Some(b"a"), 1).unwrap(),
        acct[..1].to_vec()
    );
}

#[test]
fn historical_reads() {
    let db = mem_db();
    let set = |v: Option<&[u8]>| -> Changes {
        let mut c = Changes::new();
        c.insert(b"k".to_vec(), v.map(<[u8]>::to_vec));
        c
    };
    let g = db.genesis_update(&BTreeMap::new()).unwrap();
    commit(&db, &[&g]);
    let steps: [Option<&[u8]>; 5] = [Some(b"1"), None, Some(b"3"), None, Some(b"5")];
    for (i, step) in steps.iter().enumerate() {
        let version = i as u64 + 1;
        let changes = if step.is_none() && version == 2 {
            Changes::new()
        } else {
            set(*step)
        };
        let u = db.apply(&[], version, changes).unwrap();
        commit(&db, &[&u]);
    }
    // v0 absent, v1 "1", v2 untouched -> "1", v3 "3", v4 deleted, v5 "5".
    let expect: [Option<&[u8]>; 6] = [None, Some(b"1"), Some(b"1"), Some(b"3"), None, Some(b"5")];
    for (v, e) in expect.iter().enumerate() {
        assert_eq!(
            db.get_at(b"k", v as u64).unwrap().as_deref(),
            *e,
            "version {v}"
        );
    }
    assert_eq!(db.get(b"k").unwrap().as_deref(), Some(&b"5"[..]));
    assert_eq!(db.get_at(b"other", 5).unwrap(), None);
    assert_eq!(
        db.get_at(b"k", 6),
        Err(StorageError::UnknownVersion {
            version: 6,
            committed: Some(5)
        })
    );
    assert!(matches!(
        db.prove(b"k", 6),
        Err(StorageError::UnknownVersion { .. })
    ));
}

fn flipped_proof_fails(root: &[u8; 32], key: &[u8], value: Option<&[u8]>, proof: &StateProof) {
    let bytes = proof.encode();
    for i in 0..bytes.len() {
        for bit in [0x01u8, 0x80] {
            let mut bad = bytes.clone();
            bad[i] ^= bit;
            if let Ok(decoded) = StateProof::decode_all(&mut bad.as_slice()) {
                assert!(
                    !verify_state_proof(root, key, value, &decoded),
                    "byte {i} bit {bit:#x} flipped still verifies"
                );
            }
        }
    }
    let mut bad_root = *root;
    bad_root[0] ^= 1;
    assert!(!verify_state_proof(&bad_root, key, value, proof));
}

#[test]
fn proofs_verify_and_fail_when_a_byte_flips() {
    let db = mem_db();
    let mut genesis = BTreeMap::new();
    for i in 0..200 {
        genesis.insert(key(i), vec![i as u8; 3]);
    }
    let g = db.genesis_update(&genesis).unwrap();
    commit(&db, &[&g]);
    let mut changes = Changes::new();
    changes.insert(key(4), Some(b"new".to_vec()));
    changes.insert(key(6), None);
    let u = db.apply(&[], 1, changes).unwrap();
    commit(&db, &[&u]);

    // Inclusion, latest and historical.
    let (value, proof) = db.prove(&key(4), 1).unwrap();
    assert_eq!(value.as_deref(), Some(&b"new"[..]));
    assert!(verify_state_proof(&u.root, &key(4), Some(b"new"), &proof));
    assert!(!verify_state_proof(
        &u.root,
        &key(4),
        Some(&[4, 4, 4]),
        &proof
    ));
    assert!(!verify_state_proof(&u.root, &key(4), None, &proof));
    assert!(!verify_state_proof(&u.root, &key(5), Some(b"new"), &proof));
    flipped_proof_fails(&u.root, &key(4), Some(b"new"), &proof);
    let (old, old_proof) = db.prove(&key(4), 0).unwrap();
    assert_eq!(old, Some(vec![4, 4, 4]));
    assert!(verify_state_proof(
        &g.root,
        &key(4),
        Some(&[4, 4, 4]),
        &old_proof
    ));
    assert!(!verify_state_proof(
        &u.root,
        &key(4),
        Some(&[4, 4, 4]),
        &old_proof
    ));

    // Exclusion: a deleted key and a never-written key.
    for absent in [key(6), b"never".to_vec()] {
        let (value, proof) = db.prove(&absent, 1).unwrap();
        assert_eq!(value, None);
        assert!(verify_state_proof(&u.root, &absent, None, &proof));
        assert!(!verify_state_proof(&u.root, &absent, Some(b"x"), &proof));
        flipped_proof_fails(&u.root, &absent, None, &proof);
    }
    // The deleted key was present at version 0.
    let (v0, p0) = db.prove(&key(6), 0).unwrap();
    assert_eq!(v0, Some(vec![6, 6, 6]));
    assert!(verify_state_proof(&g.root, &key(6), Some(&[6, 6, 6]), &p0));

    // The SCALE encoding round-trips; an oversized sibling list is refused.
    let (_, proof) = db.prove(&key(8), 1).unwrap();
    let decoded = StateProof::decode_all(&mut proof.encode().as_slice()).unwrap();
    assert_eq!(decoded, proof);
    let mut huge = proof.clone();
    huge.siblings = vec![metanode_storage::state::ProofNode::Null; 300];
    assert!(!verify_state_proof(&u.root, &key(8), None, &huge));
}

#[test]
fn rocks_reopen_continues_from_the_committed_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("db");
    let mut model = BTreeMap::new();
    let mut rng = Rng(1234);
    let root2;
    {
        let store: Arc<dyn KvStore> = Arc::new(RocksStore::open(&path).unwrap());
        let db = StateDb::new(store);
        for i in 0..30 {
            model.insert(key(i), vec![i as u8]);
        }
        let g = db.genesis_update(&model).unwrap();
        let mut pending = vec![g];
        for version in 1..=2 {
            let changes = random_changes(&mut rng, 10);
            apply_to_model(&mut model, &changes);
            let ancestors: Vec<&StateUpdate> = pending.iter().collect();
            let u = db.apply(&ancestors, version, changes).unwrap();
            pending.push(u);
        }
        root2 = pending[2].root;
        let all: Vec<&StateUpdate> = pending.iter().collect();
        commit(&db, &all);
        // An uncommitted update is lost with the process.
        let lost = db.apply(&[], 3, random_changes(&mut rng, 5)).unwrap();
        let _ = lost;
    }
    let store: Arc<dyn KvStore> = Arc::new(RocksStore::open(&path).unwrap());
    let db = StateDb::new(store);
    assert_eq!(db.committed().unwrap(), Some((2, root2)));
    assert_eq!(all_flat(&db), model);
    assert_eq!(db.root_at(2).unwrap(), Some(scratch_root(&model)));
    let changes = random_changes(&mut rng, 10);
    apply_to_model(&mut model, &changes);
    let u3 = db.apply(&[], 3, changes).unwrap();
    assert_eq!(u3.root, scratch_root(&model));
    commit(&db, &[&u3]);
    let k = model.keys().next().cloned().unwrap();
    let (value, proof) = db.prove(&k, 3).unwrap();
    assert_eq!(value.as_ref(), model.get(&k));
    assert!(verify_state_proof(&u3.root, &k, value.as_deref(), &proof));
}

#[test]
fn genesis_twice_is_refused() {
    let db = mem_db();
    let g = db.genesis_update(&BTreeMap::new()).unwrap();
    commit(&db, &[&g]);
    assert_eq!(
        db.genesis_update(&BTreeMap::new()).unwrap_err(),
        StorageError::VersionMismatch {
            expected: 1,
            got: 0
        }
    );
    assert_eq!(
        db.apply(&[], 5, Changes::new()).unwrap_err(),
        StorageError::VersionMismatch {
            expected: 1,
            got: 5
        }
    );
}

/// Key listings at past versions match a model of every version, across deletions, re-creations and pages that
/// cross the scan chunk (key space 700, well over one chunk of each column).
#[test]
fn historical_key_listings_match_the_model_at_every_version() {
    let db = mem_db();
    let mut rng = Rng(0x5eed_cafe);
    let g = db.genesis_update(&BTreeMap::new()).unwrap();
    commit(&db, &[&g]);
    let mut model = BTreeMap::new();
    let mut models = vec![model.clone()];
    for version in 1..=12u64 {
        let mut changes = Changes::new();
        for _ in 0..300 {
            let k = key(rng.below(700));
            let v = if rng.below(3) == 0 {
                None
            } else {
                Some(rng.next().to_le_bytes().to_vec())
            };
            changes.insert(k, v);
        }
        apply_to_model(&mut model, &changes);
        models.push(model.clone());
        let u = db.apply(&[], version, changes).unwrap();
        commit(&db, &[&u]);
    }
    for (version, expected) in models.iter().enumerate() {
        let version = version as u64;
        for prefix in [&b""[..], b"acct/", b"meta/"] {
            let want: Vec<Vec<u8>> = expected
                .keys()
                .filter(|k| k.starts_with(prefix))
                .cloned()
                .collect();
            assert_eq!(
                db.keys_at(prefix, None, usize::MAX, version).unwrap(),
                want,
                "version {version}, prefix {prefix:?}"
            );
            // Paged by 37 from each page's last key gives the same list.
            let mut paged = Vec::new();
            loop {
                let page = db
                    .keys_at(prefix, paged.last().map(Vec::as_slice), 37, version)
                    .unwrap();
                if page.is_empty() {
                    break;
                }
                assert!(page.len() <= 37);
                paged.extend(page);
            }
            assert_eq!(paged, want, "paged, version {version}, prefix {prefix:?}");
        }
    }
    assert!(matches!(
        db.keys_at(b"", None, 10, 13),
        Err(StorageError::UnknownVersion { .. })
    ));
}
