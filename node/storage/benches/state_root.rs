//! State-root update for N changed keys: `StateDb::apply` (Jellyfish Merkle over blake3) on top of a committed state
//! of 20,000 keys held in a `MemStore` (no disk: this isolates hashing and tree work from rocksdb I/O).
//!
//! Run (after the release build, so rocksdb is not recompiled):
//! `CARGO_TARGET_DIR=~/.cache/metanode/target cargo bench --workspace --bench state_root`.

use std::collections::BTreeMap;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use metanode_storage::state::{Changes, StateDb};
use metanode_storage::{MemStore, WriteBatch};

/// Keys in the committed state.
const BASE_KEYS: u32 = 20_000;

fn key(i: u32) -> Vec<u8> {
    // Storage-key shaped: a 32-byte prefix and a hashed-looking suffix.
    let mut k = vec![0x26; 32];
    k.extend_from_slice(blake3::hash(&i.to_le_bytes()).as_bytes());
    k
}

fn committed_state() -> StateDb {
    let db = StateDb::new(Arc::new(MemStore::new()));
    let storage: BTreeMap<Vec<u8>, Vec<u8>> =
        (0..BASE_KEYS).map(|i| (key(i), vec![1u8; 80])).collect();
    let update = db.genesis_update(&storage).expect("genesis update");
    let mut batch = WriteBatch::new();
    db.commit_to_batch(&update, &mut batch).expect("commit");
    db.store().write(batch, false).expect("write");
    db
}

fn state_root(c: &mut Criterion) {
    let db = committed_state();
    let mut group = c.benchmark_group("state_root");
    group.sample_size(10);
    for n in [100u32, 1_000, 10_000] {
        // Each transfer changes two account entries; keys are spread over the base state.
        let changes: Changes = (0..n)
            .map(|i| {
                (
                    key(i * (BASE_KEYS / n.max(1)).max(1) % BASE_KEYS),
                    Some(vec![2u8; 80]),
                )
            })
            .collect();
        group.throughput(Throughput::Elements(u64::from(n)));
        group.bench_with_input(BenchmarkId::from_parameter(n), &changes, |b, changes| {
            b.iter_batched(
                || changes.clone(),
                |changes| db.apply(&[], 1, changes).expect("apply"),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, state_root);
criterion_main!(benches);
