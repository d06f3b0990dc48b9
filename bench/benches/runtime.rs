//! Runtime micro-benchmarks on an in-memory state (no node, no rocksdb):
//!
//! - `extrinsic/decode_and_verify`: `UncheckedExtrinsic::decode_bounded` + `verify_signature` of one transfer.
//! - `extrinsic/validate`: the pool's full check (`validate_transaction`: decode, signature, era, nonce, fee).
//! - `block/N`: building a block of N signed transfers from N distinct accounts (initialize, timestamp inherent,
//!   `apply_extrinsic` for each, finalize) — what the proposer does; importers re-run the same work.
//!
//! Run: `CARGO_TARGET_DIR=~/.cache/metanode/target-bench cargo bench -p metanode-bench --bench runtime`.

use criterion::{criterion_group, criterion_main, BatchSize, BenchmarkId, Criterion, Throughput};
use metanode_bench::accounts::bench_pairs;
use metanode_bench::prepare::prepare;
use metanode_bench::spec::bench_dev_spec;
use metanode_primitives::{
    AdditionalSigned, ConsensusPreDigest, Digest, Header, UncheckedExtrinsic, H256,
};
use metanode_runtime::executive::{
    apply_extrinsic, finalize_block, inherents, initialize_block, validate_transaction,
};
use metanode_runtime::support::codec::Encode;
use metanode_runtime::support::testing::MemState;
use metanode_runtime::support::OverlayState;
use metanode_runtime::{ChainContext, SigningContext, Token};

const GENESIS: H256 = H256([7u8; 32]);

fn state(accounts: usize) -> MemState {
    bench_dev_spec(accounts)
        .expect("bench spec")
        .genesis_storage()
        .expect("genesis storage")
}

fn signed_transfers(accounts: usize, count: usize) -> Vec<Vec<u8>> {
    let pairs = bench_pairs(accounts);
    prepare(
        &pairs,
        &vec![0; accounts],
        count,
        &[Token::FLX, Token::GEN],
        &SigningContext::immortal(GENESIS),
        None,
    )
    .into_iter()
    .map(|tx| hex::decode(&tx.hex[2..]).expect("hex"))
    .collect()
}

fn header(number: u32) -> Header {
    let mut digest = Digest { logs: Vec::new() };
    digest.push_pre_digest(&ConsensusPreDigest {
        round: u64::from(number),
        epoch: 0,
        proposer: bench_pairs(1)[0].public(),
    });
    Header {
        parent_hash: GENESIS,
        number,
        state_root: H256::zero(),
        extrinsics_root: H256::zero(),
        digest,
    }
}

fn extrinsic(c: &mut Criterion) {
    let genesis = state(2);
    let tx = signed_transfers(2, 1).remove(0);
    let additional = AdditionalSigned {
        spec_version: metanode_runtime::SPEC_VERSION,
        tx_version: metanode_runtime::TRANSACTION_VERSION,
        genesis_hash: GENESIS,
        era_block_hash: GENESIS,
    };
    let ctx = ChainContext::new(GENESIS);
    let mut group = c.benchmark_group("extrinsic");
    group.throughput(Throughput::Elements(1));
    group.bench_function("decode_and_verify", |b| {
        b.iter(|| {
            let xt = UncheckedExtrinsic::decode_bounded(&tx, 1 << 20).expect("decodes");
            xt.verify_signature(&additional).expect("valid signature")
        })
    });
    group.bench_function("validate", |b| {
        b.iter(|| validate_transaction(&genesis, &ctx, &tx).expect("valid"))
    });
    group.finish();
}

fn block(c: &mut Criterion) {
    let ctx = ChainContext::new(GENESIS);
    let mut group = c.benchmark_group("block");
    group.sample_size(10);
    for n in [100usize, 1_000, 4_000] {
        let genesis = state(n);
        let txs = signed_transfers(n, n);
        let header = header(1);
        let inherent: Vec<Vec<u8>> = inherents(1_700_000_000_000)
            .iter()
            .map(Encode::encode)
            .collect();
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &txs, |b, txs| {
            b.iter_batched(
                || OverlayState::new(&genesis),
                |mut overlay| {
                    initialize_block(&mut overlay, &header);
                    for xt in inherent.iter().chain(txs) {
                        assert_eq!(apply_extrinsic(&mut overlay, &ctx, xt), Ok(Ok(())));
                    }
                    let _ = finalize_block(&mut overlay, &ctx);
                    overlay
                },
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, extrinsic, block);
criterion_main!(benches);
