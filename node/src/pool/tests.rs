//! The pool against a real runtime genesis: batch admission gives the same verdicts as one-by-one submission.

use metanode_primitives::{MultiSignature, UncheckedExtrinsic};

use super::{Origin, PoolError, PoolLimits, TxPool};
use crate::test_fixtures::{chain, transfer};

/// `xt` with one bit of its signature flipped.
fn tampered(xt: &[u8]) -> Vec<u8> {
    let mut uxt = UncheckedExtrinsic::decode_bounded(xt, usize::MAX).expect("decodes");
    let Some((_, MultiSignature::Sr25519(sig), _)) = &mut uxt.signature else {
        panic!("signed sr25519");
    };
    sig[3] ^= 1;
    uxt.encode()
}

#[test]
fn a_batch_gets_the_verdicts_of_one_by_one_submission() {
    let (chain, ctx) = chain();
    let best = chain.best_hash();
    let view = chain.view_at(&best).expect("view");
    let mut burst: Vec<Vec<u8>> = (0..6).map(|n| transfer(&ctx, "Alice", n)).collect();
    burst.push(transfer(&ctx, "Alice", 0)); // a duplicate inside the burst
    burst.push(tampered(&transfer(&ctx, "Bob", 0)));
    burst.push(b"garbage".to_vec());
    burst.push(vec![0; 300 * 1024]); // over the size limit

    // Batched first: its signature batch is what fills the node's (process-wide) signature cache.
    let batched = TxPool::new(PoolLimits::default());
    let got: Vec<String> = batched
        .submit_batch(&view, &ctx, best, burst.clone(), Origin::Other)
        .iter()
        .map(|verdict| format!("{verdict:?}"))
        .collect();
    let one_by_one = TxPool::new(PoolLimits::default());
    let expected: Vec<String> = burst
        .iter()
        .map(|xt| format!("{:?}", one_by_one.submit(&view, &ctx, best, xt.clone())))
        .collect();
    assert_eq!(got, expected);
    assert_eq!(batched.len(), 6);
    assert!(matches!(
        batched.submit(&view, &ctx, best, burst[0].clone()),
        Err(PoolError::AlreadyImported(_))
    ));
}

#[test]
fn a_full_pool_turns_extrinsics_away_before_validating_them() {
    let (chain, ctx) = chain();
    let best = chain.best_hash();
    let view = chain.view_at(&best).expect("view");
    let limits = PoolLimits {
        max_count: 2,
        ..PoolLimits::default()
    };
    let pool = TxPool::new(limits);
    let held = transfer(&ctx, "Alice", 0);
    let bad = tampered(&transfer(&ctx, "Dave", 0));
    assert!(matches!(
        pool.submit(&view, &ctx, best, bad.clone()),
        Err(PoolError::Invalid(_))
    ));
    assert!(pool.submit(&view, &ctx, best, held.clone()).is_ok());
    assert_eq!(pool.room(), 1);
    assert!(pool
        .submit(&view, &ctx, best, transfer(&ctx, "Alice", 1))
        .is_ok());
    assert_eq!(pool.room(), 0);

    // Full: a bad signature and garbage are shed as "full" (no validation ran), a duplicate is still named.
    for xt in [bad, b"garbage".to_vec(), transfer(&ctx, "Bob", 0)] {
        let verdicts = pool.submit_batch(&view, &ctx, best, vec![xt.clone()], Origin::Other);
        assert!(
            matches!(
                verdicts[..],
                [Err(PoolError::Full {
                    reason: "transaction count limit"
                })]
            ),
            "{verdicts:?}"
        );
        assert!(matches!(
            pool.submit(&view, &ctx, best, xt),
            Err(PoolError::Full { .. })
        ));
    }
    assert!(matches!(
        pool.submit(&view, &ctx, best, held),
        Err(PoolError::AlreadyImported(_))
    ));
    assert_eq!(pool.len(), 2);
}

/// The pool as a block's commit leaves it.
mod after_a_commit {
    use std::collections::BTreeMap;

    use metanode_primitives::{blake2_256, AccountId32, OpaqueExtrinsic, H256};
    use parity_scale_codec::DecodeAll;

    use super::*;
    use crate::test_fixtures::pair;

    fn opaque(xt: &[u8]) -> OpaqueExtrinsic {
        OpaqueExtrinsic::decode_all(&mut &xt[..]).expect("opaque")
    }

    fn hash(xt: &[u8]) -> H256 {
        H256(blake2_256(xt))
    }

    /// Account nonces after the commit, as `account_nonce` reads them; records who was asked.
    struct Nonces {
        after: BTreeMap<AccountId32, u32>,
        asked: parking_lot::Mutex<Vec<AccountId32>>,
    }

    impl Nonces {
        fn new(after: &[(&str, u32)]) -> Self {
            Nonces {
                after: after.iter().map(|(n, v)| (pair(n).public(), *v)).collect(),
                asked: Default::default(),
            }
        }
        fn read(&self, who: &AccountId32) -> u32 {
            self.asked.lock().push(*who);
            self.after.get(who).copied().unwrap_or(0)
        }
    }

    /// `pool.remove_committed` for a block of `block` extrinsics, nonces read from `nonces`.
    fn commit(pool: &TxPool, block: &[Vec<u8>], nonces: &Nonces) {
        let extrinsics: Vec<_> = block.iter().map(|x| opaque(x)).collect();
        let hashes: Vec<_> = block.iter().map(|x| hash(x)).collect();
        pool.remove_committed(&extrinsics, &hashes, |who| nonces.read(who));
    }

    /// Alice's nonces 0..=3 and Bob's nonce 0 waiting.
    fn pool() -> (
        TxPool,
        Vec<Vec<u8>>,
        Vec<u8>,
        metanode_runtime::ChainContext,
    ) {
        let (chain, ctx) = chain();
        let best = chain.best_hash();
        let view = chain.view_at(&best).expect("view");
        let pool = TxPool::new(PoolLimits::default());
        let alice: Vec<Vec<u8>> = (0..4).map(|n| transfer(&ctx, "Alice", n)).collect();
        let bob = transfer(&ctx, "Bob", 0);
        for xt in alice.iter().chain([&bob]) {
            pool.submit(&view, &ctx, best, xt.clone())
                .expect("admitted");
        }
        (pool, alice, bob, ctx)
    }

    #[test]
    fn included_extrinsics_leave_and_only_their_signers_are_checked() {
        let (pool, alice, bob, _) = pool();
        let block = [alice[0].clone(), alice[1].clone()];
        // Bob's nonce "moved" too, but he signed nothing in the block: he is not even asked.
        let nonces = Nonces::new(&[("Alice", 2), ("Bob", 5)]);
        commit(&pool, &block, &nonces);
        assert_eq!(*nonces.asked.lock(), vec![pair("Alice").public()]);
        assert!(!pool.contains(&hash(&alice[0])) && !pool.contains(&hash(&alice[1])));
        assert!(pool.contains(&hash(&alice[2])) && pool.contains(&hash(&alice[3])));
        assert!(pool.contains(&hash(&bob)));
    }

    #[test]
    fn an_extrinsic_the_pool_did_not_hold_makes_its_signers_waiting_ones_stale() {
        let (pool, alice, bob, _) = pool();
        // Another node's transaction from Alice with nonce 0 and 1 (the pool holds different ones: here, the same
        // transfers with a flipped signature bit stand for them; only their signer matters).
        let block = [tampered(&alice[0]), tampered(&alice[1])];
        let nonces = Nonces::new(&[("Alice", 2), ("Bob", 5)]);
        commit(&pool, &block, &nonces);
        assert!(!pool.contains(&hash(&alice[0])) && !pool.contains(&hash(&alice[1])));
        assert!(pool.contains(&hash(&alice[2])));
        assert!(
            pool.contains(&hash(&bob)),
            "Bob signed nothing in the block"
        );
    }

    #[test]
    fn a_signer_that_cannot_be_named_prunes_every_sender() {
        let (pool, alice, bob, _) = pool();
        let garbage = b"\x0cxyz".to_vec(); // an opaque extrinsic whose body is no extrinsic
        let block = [garbage];
        let nonces = Nonces::new(&[("Alice", 1), ("Bob", 5)]);
        commit(&pool, &block, &nonces);
        assert!(!pool.contains(&hash(&alice[0])));
        assert!(pool.contains(&hash(&alice[1])));
        assert!(!pool.contains(&hash(&bob)), "every sender was checked");
    }
}
