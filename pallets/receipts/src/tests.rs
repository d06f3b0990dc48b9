//! Receipt ids (stability, text form, parsing), the per-block list and the receipts root.

use metanode_primitives::{blake3_256, AccountId32, H256};
use metanode_support::testing::MemState;
use parity_scale_codec::Decode;

use super::*;

fn receipt(index: u32) -> Receipt {
    Receipt {
        id: ReceiptId::compute(&H256([7; 32]), 1, index, &H256([index as u8; 32])),
        block: 1,
        index,
        signer: (index > 0).then_some(AccountId32([1; 32])),
        pallet: b"Wallets".to_vec(),
        call: b"transfer".to_vec(),
        outcome: if index % 2 == 0 {
            Outcome::Success
        } else {
            Outcome::Failed {
                pallet_index: 3,
                error_index: 1,
                name: b"InsufficientBalance".to_vec(),
            }
        },
        fee: u128::from(index) * 1_000,
        related: None,
        timestamp_ms: 1_700_000_000_000,
        effect: None,
    }
}

#[test]
fn id_is_stable_and_depends_on_every_input() {
    let g = H256([7; 32]);
    let x = H256([9; 32]);
    let id = ReceiptId::compute(&g, 5, 2, &x);
    // The documented formula.
    let mut data = b"metanode/receipt/v1".to_vec();
    data.extend_from_slice(&[7; 32]);
    data.extend_from_slice(&5u32.to_le_bytes());
    data.extend_from_slice(&2u32.to_le_bytes());
    data.extend_from_slice(&[9; 32]);
    assert_eq!(id.0[..], blake3_256(&data)[..16]);
    // A pinned value: changing the formula changes every id ever issued.
    assert_eq!(id.to_string(), "rx_YFBWoeZ5DWJWptz64NGQyp");
    assert_ne!(id, ReceiptId::compute(&H256([8; 32]), 5, 2, &x));
    assert_ne!(id, ReceiptId::compute(&g, 6, 2, &x));
    assert_ne!(id, ReceiptId::compute(&g, 5, 3, &x));
    assert_ne!(id, ReceiptId::compute(&g, 5, 2, &H256([8; 32])));
}

#[test]
fn text_form_round_trips() {
    let id = ReceiptId::compute(&H256([7; 32]), 5, 2, &H256([9; 32]));
    let text = id.to_string();
    assert!(text.starts_with("rx_"), "{text}");
    assert!(text.len() <= 3 + 22, "{text} is short enough to type");
    assert_eq!(ReceiptId::parse(&text), Ok(id));
    assert_eq!(text.parse::<ReceiptId>(), Ok(id));
    assert_eq!(format!("{id:?}"), text);
    assert_eq!(
        ReceiptId([0; 16]).to_string(),
        format!("rx_{}", "1".repeat(16))
    );
}

#[test]
fn parse_errors_say_what_is_wrong() {
    let id = ReceiptId::compute(&H256([7; 32]), 5, 2, &H256([9; 32]));
    let body = id.to_string()[3..].to_string();
    assert_eq!(ReceiptId::parse(&body), Err(ReceiptIdError::MissingPrefix));
    assert_eq!(
        ReceiptId::parse(&format!("tx_{body}")),
        Err(ReceiptIdError::MissingPrefix)
    );
    assert_eq!(ReceiptId::parse("rx_"), Err(ReceiptIdError::Empty));
    assert_eq!(ReceiptId::parse("rx_0OIl"), Err(ReceiptIdError::NotBase58));
    let short = bs58::encode([1u8, 2]).into_string();
    assert_eq!(
        ReceiptId::parse(&format!("rx_{short}")),
        Err(ReceiptIdError::WrongLength(2))
    );
    let long = bs58::encode([1u8; 17]).into_string();
    assert_eq!(
        ReceiptId::parse(&format!("rx_{long}")),
        Err(ReceiptIdError::WrongLength(17))
    );
    assert_eq!(
        ReceiptIdError::WrongLength(2).to_string(),
        "the receipt id decodes to 2 bytes, expected 16"
    );
    assert!(ReceiptIdError::MissingPrefix.to_string().contains("rx_"));
}

#[test]
fn append_builds_the_list_and_initialize_clears_it() {
    let mut state = MemState::new();
    assert!(Pallet::block_receipts(&state).is_empty());
    assert_eq!(Pallet::root(&state), H256(blake3_256(b"")));
    let all: Vec<Receipt> = (0..3).map(receipt).collect();
    for r in &all {
        Pallet::append(&mut state, r);
    }
    assert_eq!(Pallet::block_receipts(&state), all);
    assert_eq!(
        decode_receipts(&state[&storage::BLOCK_RECEIPTS.final_key()]),
        Ok(all.clone())
    );
    assert_eq!(Pallet::root(&state), receipts_root(&all));
    Pallet::on_initialize(&mut state);
    assert!(Pallet::block_receipts(&state).is_empty());
    assert!(state.is_empty());
    Pallet::append(&mut state, &all[2]);
    assert_eq!(Pallet::block_receipts(&state), vec![all[2].clone()]);
}

#[test]
fn root_and_proofs() {
    assert_eq!(receipts_root(&[]), H256(blake3_256(b"")));
    let one = [receipt(0)];
    assert_eq!(receipts_root(&one), receipt_leaf(&one[0]));
    assert_eq!(
        receipt_leaf(&one[0]),
        H256(metanode_primitives::leaf_hash(&one[0].encode()))
    );
    for n in 1..=5u32 {
        let all: Vec<Receipt> = (0..n).map(receipt).collect();
        let root = receipts_root(&all);
        for (i, r) in all.iter().enumerate() {
            let proof = receipt_proof(&all, i).expect("in range");
            assert!(verify_receipt(r, &proof, &root), "n={n} i={i}");
            let mut changed = r.clone();
            changed.fee += 1;
            assert!(!verify_receipt(&changed, &proof, &root));
            assert!(!verify_receipt(r, &proof, &H256([0; 32])));
        }
        assert!(receipt_proof(&all, n as usize).is_none());
    }
    let all: Vec<Receipt> = (0..3).map(receipt).collect();
    let mut swapped = all.clone();
    swapped.swap(0, 1);
    assert_ne!(receipts_root(&all), receipts_root(&swapped));
}

#[test]
fn encoding_uses_the_documented_indices() {
    assert_eq!(Outcome::Success.encode(), vec![0]);
    assert_eq!(
        Outcome::Failed {
            pallet_index: 3,
            error_index: 1,
            name: vec![]
        }
        .encode(),
        vec![1, 3, 1, 0]
    );
    assert_eq!(Outcome::Other(vec![]).encode(), vec![2, 0]);
    assert_eq!(Related::App(vec![]).encode(), vec![0, 0]);
    assert_eq!(Related::Agreement(1).encode()[0], 1);
    let r = receipt(1);
    assert_eq!(Receipt::decode(&mut &r.encode()[..]), Ok(r));
}

#[test]
fn action_ids_follow_their_formula_and_differ_by_action_and_index() {
    let g = H256([7; 32]);
    let minted = Effect::Minted {
        to: AccountId32([4; 32]),
        amount: 5,
    };
    let id = ReceiptId::for_action(&g, 3, 1, ("Mining", "proposer_reward"), &minted);
    let mut data = b"metanode/action/v1Mining\0proposer_reward\0".to_vec();
    data.extend_from_slice(&minted.encode());
    assert_eq!(id, ReceiptId::compute(&g, 3, 1, &H256(blake3_256(&data))));
    assert_ne!(
        id,
        ReceiptId::for_action(&g, 3, 1, ("Mining", "signer_reward"), &minted)
    );
    assert_ne!(
        id,
        ReceiptId::for_action(&g, 3, 2, ("Mining", "proposer_reward"), &minted)
    );
    assert_eq!(minted.account(), &AccountId32([4; 32]));
}
