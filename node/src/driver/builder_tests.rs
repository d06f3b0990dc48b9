//! The builder against a real runtime genesis and pool: what it picks from the pool.

use std::sync::Arc;

use metanode_consensus::QuorumCert;
use metanode_primitives::{AccountId32, Era, MultiAddress, Pair};
use metanode_runtime::{
    balances, genesis_storage, sign_call, ChainContext, GenesisConfig, RuntimeCall, SigningContext,
    ValidatorInfo,
};
use metanode_storage::{KvStore, MemStore};
use parity_scale_codec::Encode;

use super::{build_block, BlockLimits, Proposal};
use crate::chain::{init_or_check_genesis, Chain};
use crate::pool::{PoolLimits, TxPool};

const UNIT: u128 = 1_000_000_000_000;

fn pair(name: &str) -> Pair {
    Pair::from_string(&format!("//{name}"), None).expect("dev key")
}

fn chain() -> (Arc<Chain>, ChainContext) {
    let endow = || {
        vec![
            (pair("Alice").public(), 1_000 * UNIT),
            (pair("Bob").public(), 1_000 * UNIT),
        ]
    };
    let storage = genesis_storage(&GenesisConfig {
        balances: endow(),
        gen: endow(),
        nex: endow(),
        aur: endow(),
        aur_issuer: None,
        admin: pair("Alice").public(),
        validators: vec![ValidatorInfo {
            session_key: pair("Alice").public(),
            network_key: b"12D3KooWAlice".to_vec(),
        }],
    })
    .expect("genesis");
    let store: Arc<dyn KvStore> = Arc::new(MemStore::new());
    let state = metanode_storage::state::StateDb::new(store.clone());
    let genesis = init_or_check_genesis(store.as_ref(), &state, &storage).expect("genesis");
    let chain = Arc::new(Chain::open(store, genesis.hash()).expect("chain"));
    (chain, ChainContext::new(genesis.hash()))
}

fn transfer(ctx: &ChainContext, from: &str, nonce: u32) -> Vec<u8> {
    let call = RuntimeCall::Balances(balances::Call::transfer_allow_death {
        dest: MultiAddress::Id(pair("Charlie").public()),
        value: UNIT,
    });
    sign_call(
        &call,
        &pair(from),
        nonce,
        Era::Immortal,
        0,
        &SigningContext::immortal(ctx.genesis_hash),
    )
    .encode()
}

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
