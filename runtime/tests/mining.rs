//! Mining through the executive: a block pays its parent's proposer and the signers of the parent's certificate
//! (from its own header), each payout gets a receipt after the extrinsics' receipts, block import reproduces them,
//! and every minted unit is in FLX's total issuance.

mod common;

use common::*;
use metanode_primitives::{Header, MultiAddress};
use metanode_runtime::executive::execute_block;
use metanode_runtime::mining::{self, Role};
use metanode_runtime::receipts::{Effect, Outcome, ReceiptId};
use metanode_runtime::support::testing::MemState;
use metanode_runtime::support::OverlayState;
use metanode_runtime::{containers, queries, receipts::Related, RuntimeCall, RuntimeEvent, Token};

/// The default schedule: 1 FLX per block, 20 % to the proposer.
const REWARD: u128 = UNIT;

/// Block `number` on `parent` whose header carries the certificate of `number - 1` signed by `signers`.
fn certified_header(number: u32, parent: metanode_primitives::H256, signers: &[u16]) -> Header {
    let mut h = header(number, parent);
    h.digest.push_parent_qc(certificate(number - 1, signers));
    h
}

/// Genesis, then blocks 1 and 2 (block 2 certifies block 1 with Alice's signature, index 0 of the genesis set).
fn two_blocks(txs2: &[Vec<u8>]) -> (MemState, MemState, Built) {
    let mut state = genesis();
    let one = build_block_on(&state, certified_header(1, GENESIS, &[]), T1, &[]);
    commit(&mut state, &one.changes);
    let after_one = state.clone();
    let two = build_block_on(
        &state,
        certified_header(2, one.block.header.hash(), &[0]),
        T1 + 1_000,
        txs2,
    );
    commit(&mut state, &two.changes);
    (after_one, state, two)
}

#[test]
fn a_block_pays_its_parents_proposer_and_signers_with_receipts() {
    let before = queries::total_issuance(&genesis(), Token::FLX);
    let (after_one, state, two) = two_blocks(&[]);
    // Block 1 had no certified parent to pay for (genesis is not rewarded).
    assert_eq!(queries::block_receipts(&after_one).len(), 1);
    assert_eq!(
        queries::total_issuance(&after_one, Token::FLX),
        before,
        "nothing minted in block 1"
    );

    let receipts = queries::block_receipts(&state);
    assert_eq!(receipts.len(), 3, "{receipts:?}");
    assert_eq!(&receipts[0].pallet[..], b"Timestamp");
    let payouts: Vec<_> = receipts[1..]
        .iter()
        .map(|r| {
            assert_eq!(&r.pallet[..], b"Mining");
            assert_eq!((r.signer, r.fee, &r.outcome), (None, 0, &Outcome::Success));
            assert_eq!(r.block, 2);
            assert_eq!(r.timestamp_ms, T1 + 1_000);
            (String::from_utf8(r.call.clone()).unwrap(), r.effect.clone())
        })
        .collect();
    // Block 1's proposer (Charlie, in every test header) gets 20 %; its only signer (Alice) the rest.
    assert_eq!(
        payouts,
        vec![
            (
                "proposer_reward".to_string(),
                Some(Effect::Minted {
                    to: charlie(),
                    amount: REWARD / 5
                })
            ),
            (
                "signer_reward".to_string(),
                Some(Effect::Minted {
                    to: alice(),
                    amount: REWARD * 4 / 5
                })
            ),
        ]
    );
    for (index, r) in receipts.iter().enumerate() {
        assert_eq!(r.index, index as u32, "receipt index = position");
    }
    assert_eq!(
        receipts[1].id,
        ReceiptId::for_action(
            &GENESIS,
            2,
            1,
            ("Mining", "proposer_reward"),
            receipts[1].effect.as_ref().unwrap()
        )
    );
    assert_ne!(receipts[1].id, receipts[2].id);

    let rewarded: Vec<_> = queries::events(&state)
        .into_iter()
        .filter_map(|e| match e.event {
            RuntimeEvent::Mining(mining::Event::Rewarded {
                block, who, role, ..
            }) => Some((block, who, role)),
            _ => None,
        })
        .collect();
    assert_eq!(
        rewarded,
        vec![(1, charlie(), Role::Proposer), (1, alice(), Role::Signer)]
    );
    assert_eq!(
        queries::total_issuance(&state, Token::FLX),
        before + REWARD,
        "exactly one block's reward minted"
    );
    assert_eq!(mining::storage::TOTAL_MINTED.get_or_default(&state), REWARD);
    assert_issuance_invariant(&state);

    // Import recomputes the same receipts root from the header's certificate.
    let mut import = OverlayState::new(&after_one);
    execute_block(&mut import, &ctx(), &two.block).expect("block 2 imports");
}

#[test]
fn a_block_whose_header_names_other_signers_does_not_import() {
    let (after_one, _, two) = two_blocks(&[]);
    let mut forged = two.block.clone();
    // Same block, but the certificate claims no signers: the payouts (and so the receipts root) differ.
    forged.header.digest.logs[1] = metanode_primitives::DigestItem::Consensus(
        metanode_primitives::HOTSTUFF_ENGINE_ID,
        certificate(1, &[]),
    );
    let mut import = OverlayState::new(&after_one);
    assert!(matches!(
        execute_block(&mut import, &ctx(), &forged),
        Err(metanode_runtime::ExecuteBlockError::ReceiptsRootMismatch { .. })
    ));
}

#[test]
fn a_containers_call_relates_its_receipt_to_the_app() {
    let deploy = RuntimeCall::Containers(containers::Call::deploy {
        name: b"web-shop".to_vec(),
        image_digest: [1; 32],
        manifest_hash: [2; 32],
        replicas: 3,
    });
    let bad_scale = RuntimeCall::Containers(containers::Call::scale {
        name: b"web-shop".to_vec(),
        replicas: 5,
    });
    let transfer = RuntimeCall::Wallets(metanode_runtime::wallets::Call::transfer {
        token: Token::GEN,
        dest: MultiAddress::Id(bob()),
        amount: 1,
    });
    let txs = [
        signed(&deploy, "Alice", 0),
        signed(&bad_scale, "Bob", 0),
        signed(&transfer, "Alice", 1),
    ];
    let (_, state, _) = two_blocks(&txs);
    let receipts = queries::block_receipts(&state);
    let app = Some(Related::App(b"web-shop".to_vec()));
    assert_eq!(
        (&receipts[1].call[..], &receipts[1].related),
        (&b"deploy"[..], &app)
    );
    assert!(receipts[1].outcome.is_success());
    // Bob does not own the app: failed, but still about it.
    assert_eq!(
        (&receipts[2].call[..], &receipts[2].related),
        (&b"scale"[..], &app)
    );
    assert!(!receipts[2].outcome.is_success());
    assert_eq!(receipts[3].related, None);
    assert!(containers::Pallet::<metanode_runtime::Runtime>::app(&state, b"web-shop").is_some());
}
