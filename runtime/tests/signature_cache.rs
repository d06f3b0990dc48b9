//! Signatures verified once per node: the pool's admission fills a cache, building and importing a block trust it
//! (every other check still runs), and an imported block's unknown signatures are batch-verified — a block with
//! one bad signature is still rejected.

mod common;

use std::collections::HashSet;
use std::sync::Mutex;

use common::*;
use metanode_primitives::{MultiAddress, MultiSignature, OpaqueExtrinsic, UncheckedExtrinsic};
use metanode_runtime::executive::{
    apply_extrinsic_with, execute_block, execute_block_with, initialize_block, preverify_for_pool,
    validate_transaction_at_with, SignatureKey, VerifiedSignatures,
};
use metanode_runtime::support::codec::{Decode, Encode};
use metanode_runtime::support::OverlayState;
use metanode_runtime::{
    balances, ExecuteBlockError, InvalidTransaction, RuntimeCall, TransactionValidityError,
};

#[derive(Default)]
struct Cache {
    keys: Mutex<HashSet<SignatureKey>>,
    inserts: Mutex<usize>,
}

impl VerifiedSignatures for Cache {
    fn contains(&self, key: &SignatureKey) -> bool {
        self.keys.lock().unwrap().contains(key)
    }
    fn insert(&self, key: SignatureKey) {
        *self.inserts.lock().unwrap() += 1;
        self.keys.lock().unwrap().insert(key);
    }
}

fn transfers(n: u32) -> Vec<Vec<u8>> {
    (0..n)
        .map(|nonce| {
            let call = RuntimeCall::Balances(balances::Call::transfer_allow_death {
                dest: MultiAddress::Id(bob()),
                value: UNIT / 100,
            });
            signed(&call, "Alice", nonce)
        })
        .collect()
}

/// `xt` with one bit of its sr25519 signature flipped.
fn tampered(xt: &[u8]) -> Vec<u8> {
    let mut uxt = UncheckedExtrinsic::decode_bounded(xt, usize::MAX).expect("decodes");
    let Some((_, MultiSignature::Sr25519(sig), _)) = &mut uxt.signature else {
        panic!("signed sr25519");
    };
    sig[10] ^= 1;
    uxt.encode()
}

#[test]
fn pool_admission_fills_the_cache_and_import_trusts_it() {
    let genesis = genesis();
    let txs = transfers(20);
    let cache = Cache::default();
    // Pool admission at the genesis state (nonces ahead of the account's are valid there, as future ones).
    for tx in &txs {
        validate_transaction_at_with(&genesis, &ctx(), GENESIS, tx, &cache).expect("valid");
    }
    assert_eq!(cache.keys.lock().unwrap().len(), 20);
    let built = build_block(&genesis, 1, GENESIS, T1, &txs);
    let mut overlay = OverlayState::new(&genesis);
    execute_block_with(&mut overlay, &ctx(), &built.block, &cache).expect("executes");
    assert_eq!(
        *cache.inserts.lock().unwrap(),
        20,
        "import verified nothing again"
    );
    assert_eq!(overlay.into_changes(), built.changes);
}

#[test]
fn a_cached_signature_skips_no_other_check() {
    let genesis = genesis();
    let txs = transfers(1);
    let cache = Cache::default();
    validate_transaction_at_with(&genesis, &ctx(), GENESIS, &txs[0], &cache).expect("valid");
    let mut overlay = OverlayState::new(&genesis);
    initialize_block(&mut overlay, &header(1, GENESIS));
    assert_eq!(
        apply_extrinsic_with(&mut overlay, &ctx(), &txs[0], &cache),
        Ok(Ok(()))
    );
    assert_eq!(
        apply_extrinsic_with(&mut overlay, &ctx(), &txs[0], &cache),
        Err(TransactionValidityError::Invalid(InvalidTransaction::Stale)),
        "the nonce is still checked"
    );
}

#[test]
fn a_block_with_one_bad_signature_is_rejected_with_or_without_the_cache() {
    let genesis = genesis();
    let txs = transfers(30);
    let built = build_block(&genesis, 1, GENESIS, T1, &txs);
    // Extrinsic 0 is the timestamp inherent; replace transfer 17 by a copy with a broken signature.
    let mut block = built.block.clone();
    let bad = tampered(&block.extrinsics[18].encode());
    block.extrinsics[18] = OpaqueExtrinsic::decode(&mut &bad[..]).expect("opaque");
    let expected = ExecuteBlockError::InvalidExtrinsic {
        index: 18,
        error: TransactionValidityError::Invalid(InvalidTransaction::BadProof),
    };
    // Empty cache: the batch of 30 fails, the one-by-one checks find the bad one.
    let empty = Cache::default();
    assert_eq!(
        execute_block_with(&mut OverlayState::new(&genesis), &ctx(), &block, &empty),
        Err(expected.clone())
    );
    assert!(
        !empty.keys.lock().unwrap().is_empty(),
        "the good ones before it verified singly"
    );
    // Every good signature cached: the bad one is the only unknown, still checked.
    let warm = Cache::default();
    for tx in &txs {
        validate_transaction_at_with(&genesis, &ctx(), GENESIS, tx, &warm).expect("valid");
    }
    assert_eq!(
        execute_block_with(&mut OverlayState::new(&genesis), &ctx(), &block, &warm),
        Err(expected.clone())
    );
    // And the uncached path agrees.
    assert_eq!(
        execute_block(&mut OverlayState::new(&genesis), &ctx(), &block),
        Err(expected)
    );
    // The untampered block executes.
    assert_eq!(
        execute_block_with(
            &mut OverlayState::new(&genesis),
            &ctx(),
            &built.block,
            &Cache::default()
        ),
        Ok(())
    );
}

#[test]
fn pool_batches_record_every_signature_or_none() {
    let genesis = genesis();
    let txs = transfers(25);
    let refs: Vec<&[u8]> = txs.iter().map(Vec::as_slice).collect();

    // A good burst: one batch records all 25; validation then verifies nothing again.
    let cache = Cache::default();
    assert_eq!(
        preverify_for_pool(&genesis, &ctx(), GENESIS, &refs, &cache),
        25
    );
    for tx in &txs {
        validate_transaction_at_with(&genesis, &ctx(), GENESIS, tx, &cache).expect("valid");
    }
    assert_eq!(*cache.inserts.lock().unwrap(), 25, "nothing verified twice");
    assert_eq!(
        preverify_for_pool(&genesis, &ctx(), GENESIS, &refs, &cache),
        0,
        "known signatures are not batched again"
    );

    // One bad signature in the burst: nothing is recorded, and validation still rejects exactly that one.
    let mut burst = txs.clone();
    burst[11] = tampered(&burst[11]);
    burst.push(b"not an extrinsic".to_vec());
    let refs: Vec<&[u8]> = burst.iter().map(Vec::as_slice).collect();
    let cache = Cache::default();
    assert_eq!(
        preverify_for_pool(&genesis, &ctx(), GENESIS, &refs, &cache),
        0
    );
    assert!(cache.keys.lock().unwrap().is_empty());
    for (i, tx) in burst.iter().enumerate() {
        let verdict = validate_transaction_at_with(&genesis, &ctx(), GENESIS, tx, &cache);
        match i {
            11 => assert_eq!(
                verdict.unwrap_err(),
                TransactionValidityError::Invalid(InvalidTransaction::BadProof)
            ),
            25 => assert!(verdict.is_err(), "garbage is rejected"),
            _ => assert!(verdict.is_ok(), "transaction {i}"),
        }
    }
}
