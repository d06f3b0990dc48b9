//! The pool against a real runtime genesis: batch admission gives the same verdicts as one-by-one submission.

use metanode_primitives::{MultiSignature, UncheckedExtrinsic};

use super::{PoolError, PoolLimits, TxPool};
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
        .submit_batch(&view, &ctx, best, burst.clone())
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
