//! The builder against a real runtime genesis and pool: what it picks from the pool.

use metanode_consensus::QuorumCert;
use metanode_primitives::{AccountId32, MultiAddress};
use parity_scale_codec::Encode;

use super::{build_block, BlockLimits, Proposal};
use crate::pool::{PoolLimits, TxPool};
use crate::test_fixtures::{chain, pair, transfer};

/// A sender whose next nonce is missing from the pool (it lives in another node's pool, or was turned away here)
/// must not keep the transactions behind it out of the block: the builder skips that sender, not the rest.
#[test]
fn a_nonce_gap_at_the_front_of_the_pool_does_not_empty_the_block() {
    let (chain, ctx) = chain();
    let pool = TxPool::new(PoolLimits::default());
    let best = chain.best_hash();
    let view = chain.view_at(&best).expect("view");
    // Bob's nonces 1..=8 arrive first (0 never does), then Alice's 0..4.
    for nonce in 1..=8 {
        pool.submit(&view, &ctx, best, transfer(&ctx, "Bob", nonce))
            .expect("future is valid");
    }
    for nonce in 0..4 {
        pool.submit(&view, &ctx, best, transfer(&ctx, "Alice", nonce))
            .expect("valid");
    }
    let justify = QuorumCert::genesis(best.0);
    let proposal = Proposal {
        parent: best,
        round: 1,
        epoch: 0,
        proposer: pair("Alice").public(),
        justify: &justify,
        now_ms: 1_700_000_000_000,
    };
    // Room for the timestamp and six transactions: the first six pool entries are all Bob's.
    let limits = BlockLimits {
        max_extrinsics: 7,
        ..BlockLimits::default()
    };
    let built = build_block(&chain, &pool, &ctx, proposal, limits).expect("builds");
    let included: Vec<AccountId32> = built.block.block.extrinsics[1..]
        .iter()
        .map(|xt| {
            let uxt =
                metanode_primitives::UncheckedExtrinsic::decode_bounded(&xt.encode(), usize::MAX)
                    .expect("decodes");
            match uxt.signature {
                Some((MultiAddress::Id(who), _, _)) => who,
                other => panic!("unexpected signer {other:?}"),
            }
        })
        .collect();
    assert_eq!(included, vec![pair("Alice").public(); 4]);
    assert!(
        built.invalid.is_empty(),
        "Bob's transactions only wait: {:?}",
        built.invalid
    );
    assert_eq!(
        pool.len(),
        12,
        "nothing left the pool before its block commits"
    );
}
