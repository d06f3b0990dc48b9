//! Rough figures, not a pass/fail test: `cargo test -p metanode-storage --test measure -- --ignored --nocapture`.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use metanode_storage::state::{verify_state_proof, Changes, StateDb};
use metanode_storage::{KvStore, RocksStore, WriteBatch};

fn key(i: u64) -> Vec<u8> {
    blake3::hash(&i.to_le_bytes()).as_bytes().to_vec()
}

#[test]
#[ignore]
fn measure_state_on_rocks() {
    const GENESIS_KEYS: u64 = 100_000;
    const BLOCKS: u64 = 20;
    const CHANGES: u64 = 1_000;
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn KvStore> = Arc::new(RocksStore::open(&dir.path().join("db")).unwrap());
    let db = StateDb::new(store.clone());

    let genesis: BTreeMap<Vec<u8>, Vec<u8>> =
        (0..GENESIS_KEYS).map(|i| (key(i), vec![1u8; 64])).collect();
    let t = Instant::now();
    let g = db.genesis_update(&genesis).unwrap();
    let apply_genesis = t.elapsed();
    let t = Instant::now();
    let mut batch = WriteBatch::new();
    db.commit_to_batch(&g, &mut batch).unwrap();
    let ops = batch.len();
    store.write(batch, true).unwrap();
    println!(
        "genesis {GENESIS_KEYS} keys: apply {apply_genesis:?}, commit+write {:?} ({ops} ops)",
        t.elapsed()
    );

    let (mut apply_total, mut write_total, mut ops_total) =
        (std::time::Duration::ZERO, std::time::Duration::ZERO, 0);
    for v in 1..=BLOCKS {
        let changes: Changes = (0..CHANGES)
            .map(|i| {
                (
                    key((v * 7919 + i * 104_729) % (GENESIS_KEYS * 2)),
                    Some(v.to_le_bytes().to_vec()),
                )
            })
            .collect();
        let t = Instant::now();
        let u = db.apply(&[], v, changes).unwrap();
        apply_total += t.elapsed();
        let t = Instant::now();
        let mut batch = WriteBatch::new();
        db.commit_to_batch(&u, &mut batch).unwrap();
        ops_total += batch.len();
        store.write(batch, true).unwrap();
        write_total += t.elapsed();
    }
    println!(
        "block of {CHANGES} changes on {GENESIS_KEYS}-key state: apply {:?}, commit+sync write {:?} ({} ops)",
        apply_total / BLOCKS as u32,
        write_total / BLOCKS as u32,
        ops_total / BLOCKS as usize
    );
    let t = Instant::now();
    let empty = db.apply(&[], BLOCKS + 1, Changes::new()).unwrap();
    println!("empty block apply {:?}", t.elapsed());
    let root = db.root_at(BLOCKS).unwrap().unwrap();
    assert_eq!(empty.root, root);

    const PROOFS: u64 = 1_000;
    let t = Instant::now();
    let proofs: Vec<_> = (0..PROOFS)
        .map(|i| (key(i), db.prove(&key(i), BLOCKS).unwrap()))
        .collect();
    let prove = t.elapsed() / PROOFS as u32;
    let t = Instant::now();
    for (k, (value, proof)) in &proofs {
        assert!(verify_state_proof(&root, k, value.as_deref(), proof));
    }
    let verify = t.elapsed() / PROOFS as u32;
    let size: usize = proofs
        .iter()
        .map(|(_, (_, p))| parity_scale_codec::Encode::encoded_size(p))
        .sum::<usize>()
        / PROOFS as usize;
    println!("prove {prove:?}, verify {verify:?}, proof size {size} B (SCALE)");
    let t = Instant::now();
    for i in 0..10_000 {
        db.get(&key(i)).unwrap();
    }
    println!("flat get {:?}", t.elapsed() / 10_000);
    let t = Instant::now();
    for i in 0..10_000 {
        db.get_at(&key(i), 1).unwrap();
    }
    println!("historical get {:?}", t.elapsed() / 10_000);
    let du = std::process::Command::new("du")
        .arg("-sh")
        .arg(dir.path())
        .output()
        .unwrap();
    println!("disk: {}", String::from_utf8_lossy(&du.stdout).trim());
}
