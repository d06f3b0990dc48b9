//! Receipts: one per applied extrinsic (inherent, success, failure), their root in the header, proofs, and
//! block import checking the root.

mod common;

use common::*;
use metanode_primitives::{blake2_256, leaf_hash, verify_merkle_proof, Digest, MultiAddress, H256};
use metanode_runtime::executive::execute_block;
use metanode_runtime::receipts::{Outcome, Receipt, ReceiptId};
use metanode_runtime::support::codec::Encode;
use metanode_runtime::support::OverlayState;
use metanode_runtime::{queries, wallets, ExecuteBlockError, RuntimeCall, Token};

fn gen_transfer(dest: metanode_primitives::AccountId32, amount: u128) -> RuntimeCall {
    RuntimeCall::Wallets(wallets::Call::transfer {
        token: Token::GEN,
        dest: MultiAddress::Id(dest),
        amount,
    })
}

/// Block 1: the timestamp inherent, Alice's successful GEN transfer, Bob's failed (overspending) one, and an
/// unincludable transaction (future nonce) that must leave no receipt.
fn block_one() -> (BlockOne, Vec<Vec<u8>>) {
    let genesis = genesis();
    let ok = signed(&gen_transfer(bob(), 10 * UNIT), "Alice", 0);
    let failed = signed(&gen_transfer(alice(), 2_000 * UNIT), "Bob", 0);
    let future = signed(&gen_transfer(bob(), UNIT), "Alice", 5);
    let built = build_block(
        &genesis,
        1,
        GENESIS,
        T1,
        &[ok.clone(), failed.clone(), future],
    );
    assert!(built.outcomes[2].is_err(), "future nonce is not includable");
    (BlockOne { genesis, built }, vec![ok, failed])
}

/// Genesis and block 1 built on it.
struct BlockOne {
    genesis: metanode_runtime::support::testing::MemState,
    built: Built,
}

fn receipts_after(b: &BlockOne) -> (metanode_runtime::support::testing::MemState, Vec<Receipt>) {
    let mut state = b.genesis.clone();
    commit(&mut state, &b.built.changes);
    let receipts = queries::block_receipts(&state);
    (state, receipts)
}

#[test]
fn every_applied_extrinsic_yields_a_receipt() {
    let (b, txs) = block_one();
    let (state, receipts) = receipts_after(&b);
    assert_eq!(receipts.len(), 3, "{receipts:?}");
    assert_eq!(b.built.block.extrinsics.len(), 3);

    let [inherent, ok, failed] = &receipts[..] else {
        unreachable!()
    };
    assert_eq!(
        (&inherent.pallet[..], &inherent.call[..]),
        (&b"Timestamp"[..], &b"set"[..])
    );
    assert_eq!(inherent.signer, None);
    assert_eq!(inherent.fee, 0);
    assert_eq!(inherent.outcome, Outcome::Success);

    assert_eq!(
        (&ok.pallet[..], &ok.call[..]),
        (&b"Wallets"[..], &b"transfer"[..])
    );
    assert_eq!(ok.signer, Some(alice()));
    assert_eq!(ok.outcome, Outcome::Success);

    assert_eq!(
        (&failed.pallet[..], &failed.call[..]),
        (&b"Wallets"[..], &b"transfer"[..])
    );
    assert_eq!(failed.signer, Some(bob()));
    assert_eq!(
        failed.outcome,
        Outcome::Failed {
            pallet_index: wallets::PALLET_INDEX,
            error_index: wallets::Error::InsufficientBalance as u8,
            name: b"InsufficientBalance".to_vec(),
        }
    );

    // The fee is what the payer lost in FLX (GEN transfers move no FLX; Charlie is the author).
    let flx = |who| queries::token_balance(&state, Token::FLX, &who);
    assert!(ok.fee > 0 && failed.fee > 0);
    assert_eq!(flx(alice()), 1_000 * UNIT - ok.fee);
    assert_eq!(flx(bob()), 1_000 * UNIT - failed.fee);
    assert_eq!(flx(charlie()), 1_000 * UNIT + ok.fee + failed.fee);

    for (i, (r, xt)) in receipts.iter().zip(&b.built.block.extrinsics).enumerate() {
        assert_eq!(r.block, 1);
        assert_eq!(r.index, i as u32);
        assert_eq!(r.timestamp_ms, T1);
        assert_eq!(r.related, None);
        assert_eq!(r.id, ReceiptId::compute(&GENESIS, 1, i as u32, &xt.hash()));
        assert_eq!(ReceiptId::parse(&r.id.to_string()), Ok(r.id));
    }
    assert_eq!(
        receipts[1].id,
        ReceiptId::compute(&GENESIS, 1, 1, &H256(blake2_256(&txs[0])))
    );
    assert_issuance_invariant(&state);
}

#[test]
fn header_root_matches_and_proofs_verify() {
    let (b, _) = block_one();
    let (_, receipts) = receipts_after(&b);
    let root = b
        .built
        .block
        .header
        .digest
        .receipts_root()
        .expect("the header carries the receipts root");
    assert_eq!(root, queries::receipts_root(&receipts));
    for (i, receipt) in receipts.iter().enumerate() {
        let proof = queries::receipt_proof(&receipts, i).expect("in range");
        assert!(
            queries::verify_receipt(receipt, &proof, &root),
            "receipt {i}"
        );
        let encoded = receipt.encode();
        assert_eq!(queries::receipt_leaf(receipt), H256(leaf_hash(&encoded)));
        for byte in 0..encoded.len() {
            let mut flipped = encoded.clone();
            flipped[byte] ^= 1;
            assert!(
                !verify_merkle_proof(&root.0, &leaf_hash(&flipped), &proof),
                "receipt {i} with byte {byte} flipped"
            );
        }
        let mut other = receipt.clone();
        other.fee += 1;
        assert!(!queries::verify_receipt(&other, &proof, &root));
        for s in 0..proof.siblings.len() {
            let mut bad = proof.clone();
            bad.siblings[s][0] ^= 1;
            assert!(!queries::verify_receipt(receipt, &bad, &root));
        }
    }
    assert!(queries::receipt_proof(&receipts, receipts.len()).is_none());
}

#[test]
fn receipts_are_per_block_and_raw_storage_decodes() {
    let (b, _) = block_one();
    let (mut state, first) = receipts_after(&b);
    let raw = metanode_runtime::support::StateRead::get(&state, &queries::block_receipts_key())
        .expect("stored");
    assert_eq!(queries::decode_receipts(&raw), Ok(first.clone()));
    let parent = b.built.block.header.hash();
    let next = build_block(&state, 2, parent, T1 + 1_000, &[]);
    commit(&mut state, &next.changes);
    let second = queries::block_receipts(&state);
    assert_eq!(second.len(), 1);
    assert_eq!(second[0].block, 2);
    assert_eq!(second[0].timestamp_ms, T1 + 1_000);
    assert_ne!(second[0].id, first[0].id);
    assert_eq!(
        next.block.header.digest.receipts_root(),
        Some(queries::receipts_root(&second))
    );
}

#[test]
fn execute_block_checks_the_receipts_root() {
    let (b, _) = block_one();
    let run = |block: &metanode_primitives::Block| {
        execute_block(&mut OverlayState::new(&b.genesis), &ctx(), block)
    };
    assert_eq!(run(&b.built.block), Ok(()));
    let good = b.built.block.header.digest.receipts_root().expect("root");

    let mut wrong = b.built.block.clone();
    let logs = &mut wrong.header.digest.logs;
    logs.pop();
    wrong.header.digest.push_receipts_root(H256([9; 32]));
    assert_eq!(
        run(&wrong),
        Err(ExecuteBlockError::ReceiptsRootMismatch {
            header: H256([9; 32]),
            computed: good,
        })
    );

    let mut missing = b.built.block.clone();
    missing.header.digest = Digest {
        logs: missing.header.digest.logs[..1].to_vec(),
    };
    assert_eq!(run(&missing), Err(ExecuteBlockError::MissingReceiptsRoot));
}
