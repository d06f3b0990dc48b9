//! End-to-end runtime tests: genesis, signing, validation, block building and import.

mod common;

use common::*;
use metanode_primitives::{Era, MultiAddress, UncheckedExtrinsic};
use metanode_runtime::executive::{execute_block, validate_transaction, validate_transaction_at};
use metanode_runtime::fees::{compute_fee, query_info};
use metanode_runtime::support::codec::Encode;
use metanode_runtime::support::{DispatchError, Dispatchable, ModuleError, OverlayState};
use metanode_runtime::system::Phase;
use metanode_runtime::{
    admin, balances, queries, system, timestamp, wallets, ExecuteBlockError, InvalidTransaction,
    RuntimeCall, RuntimeEvent, SigningContext, Token, TransactionValidityError, UnknownTransaction,
};

fn flx_transfer(value: u128) -> RuntimeCall {
    RuntimeCall::Balances(balances::Call::transfer_allow_death {
        dest: MultiAddress::Id(bob()),
        value,
    })
}

fn token_transfer(token: Token, amount: u128) -> RuntimeCall {
    RuntimeCall::Wallets(wallets::Call::transfer {
        token,
        dest: MultiAddress::Id(bob()),
        amount,
    })
}

fn fee_of(call: &RuntimeCall, xt: &[u8]) -> u128 {
    compute_fee(xt.len() as u32, call.dispatch_info().weight, 0)
}

fn invalid(e: InvalidTransaction) -> TransactionValidityError {
    TransactionValidityError::Invalid(e)
}

#[test]
fn flx_and_gen_transfers_are_validated_applied_and_reexecuted() {
    let genesis = genesis();
    let (flx_call, gen_call) = (
        flx_transfer(10 * UNIT),
        token_transfer(Token::GEN, 25 * UNIT),
    );
    let tx1 = signed(&flx_call, "Alice", 0);
    let tx2 = signed(&gen_call, "Alice", 1);

    let v1 = validate_transaction(&genesis, &ctx(), &tx1).expect("valid");
    assert_eq!((v1.sender, v1.nonce), (alice(), 0));
    assert!(v1.requires.is_empty());
    assert_eq!(v1.provides, vec![(alice(), 0u32).encode()]);
    assert_eq!(v1.longevity, u64::MAX);
    assert_eq!(
        v1.hash,
        UncheckedExtrinsic::decode_bounded(&tx1, 1 << 20)
            .unwrap()
            .hash()
    );
    let v2 = validate_transaction(&genesis, &ctx(), &tx2).expect("valid, waiting for nonce 0");
    assert_eq!(v2.requires, vec![(alice(), 0u32).encode()]);
    assert!(v2.is_future());

    let built = build_block(&genesis, 1, GENESIS, T1, &[tx1.clone(), tx2.clone()]);
    assert_eq!(built.outcomes, vec![Ok(Ok(())), Ok(Ok(()))]);
    assert_eq!(built.block.extrinsics.len(), 3);
    let mut state = genesis.clone();
    commit(&mut state, &built.changes);

    let fees = fee_of(&flx_call, &tx1) + fee_of(&gen_call, &tx2);
    assert_eq!(
        queries::token_balance(&state, Token::FLX, &alice()),
        990 * UNIT - fees
    );
    assert_eq!(
        queries::token_balance(&state, Token::FLX, &bob()),
        1_010 * UNIT
    );
    assert_eq!(
        queries::token_balance(&state, Token::FLX, &charlie()),
        1_000 * UNIT + fees,
        "author gets fees"
    );
    assert_eq!(
        queries::token_balance(&state, Token::GEN, &alice()),
        975 * UNIT
    );
    assert_eq!(
        queries::token_balance(&state, Token::GEN, &bob()),
        1_025 * UNIT
    );
    assert_eq!(
        queries::total_issuance(&state, Token::FLX),
        3_000 * UNIT,
        "fees do not change issuance"
    );
    assert_eq!(queries::account_nonce(&state, &alice()), 2);
    assert_eq!(queries::block_number(&state), 1);
    assert_eq!(queries::timestamp_now(&state), T1);
    assert_eq!(queries::block_hash(&state, 0), Some(GENESIS));

    let events = queries::events(&state);
    let success = |phase| {
        events.iter().any(|e| {
            e.phase == phase
                && matches!(
                    e.event,
                    RuntimeEvent::System(system::Event::ExtrinsicSuccess { .. })
                )
        })
    };
    assert!(
        success(Phase::ApplyExtrinsic(0))
            && success(Phase::ApplyExtrinsic(1))
            && success(Phase::ApplyExtrinsic(2))
    );
    let at = |i: u32| {
        events
            .iter()
            .filter(move |e| e.phase == Phase::ApplyExtrinsic(i))
            .map(|e| e.event.clone())
    };
    let ev1: Vec<_> = at(1).collect();
    assert_eq!(
        ev1,
        vec![
            RuntimeEvent::Balances(balances::Event::Withdraw {
                who: alice(),
                amount: fee_of(&flx_call, &tx1)
            }),
            RuntimeEvent::Balances(balances::Event::Transfer {
                from: alice(),
                to: bob(),
                amount: 10 * UNIT
            }),
            RuntimeEvent::Balances(balances::Event::Deposit {
                who: charlie(),
                amount: fee_of(&flx_call, &tx1)
            }),
            RuntimeEvent::System(system::Event::ExtrinsicSuccess {
                dispatch_info: flx_call.dispatch_info()
            }),
        ]
    );
    assert!(at(2).any(|e| e
        == RuntimeEvent::Wallets(wallets::Event::Transfer {
            token: Token::GEN,
            from: alice(),
            to: bob(),
            amount: 25 * UNIT
        })));
    assert_issuance_invariant(&state);

    // Import: executing the built block on a fresh overlay of the parent yields identical changes.
    let mut fresh = OverlayState::new(&genesis);
    execute_block(&mut fresh, &ctx(), &built.block).expect("block executes");
    assert_eq!(fresh.into_changes(), built.changes);

    // A stale nonce is rejected by the pool and by the block builder, with no state change.
    let stale = signed(&flx_call, "Alice", 1);
    assert_eq!(
        validate_transaction(&state, &ctx(), &stale),
        Err(invalid(InvalidTransaction::Stale))
    );
    let next = build_block(&state, 2, built.block.header.hash(), T1 + 1_000, &[stale]);
    assert_eq!(next.outcomes, vec![Err(invalid(InvalidTransaction::Stale))]);
    assert_eq!(next.block.extrinsics.len(), 1);
}

#[test]
fn bad_signature_is_bad_proof_and_changes_nothing() {
    let genesis = genesis();
    let call = flx_transfer(UNIT);
    let wrong_genesis = metanode_runtime::sign_call(
        &call,
        &pair("Alice"),
        0,
        Era::Immortal,
        0,
        &SigningContext::immortal(metanode_primitives::H256([1; 32])),
    )
    .encode();
    let mut flipped = signed(&call, "Alice", 0);
    let sig_byte = flipped.len() - call.encode().len() - 5;
    flipped[sig_byte] ^= 1;
    for xt in [wrong_genesis, flipped] {
        assert_eq!(
            validate_transaction(&genesis, &ctx(), &xt),
            Err(invalid(InvalidTransaction::BadProof))
        );
        let built = build_block(&genesis, 1, GENESIS, T1, &[xt]);
        assert_eq!(
            built.outcomes,
            vec![Err(invalid(InvalidTransaction::BadProof))]
        );
        let mut state = genesis.clone();
        commit(&mut state, &built.changes);
        assert_eq!(
            queries::account(&state, &alice()),
            queries::account(&genesis, &alice())
        );
    }
}

#[test]
fn future_nonce_is_kept_by_the_pool_but_not_includable() {
    let genesis = genesis();
    let xt = signed(&flx_transfer(UNIT), "Alice", 5);
    let valid = validate_transaction(&genesis, &ctx(), &xt).expect("valid in the future");
    assert_eq!(valid.requires, vec![(alice(), 4u32).encode()]);
    let built = build_block(&genesis, 1, GENESIS, T1, &[xt]);
    assert_eq!(
        built.outcomes,
        vec![Err(invalid(InvalidTransaction::Future))]
    );
}

#[test]
fn unknown_token_is_invalid_call_data() {
    let genesis = genesis();
    let mut call = token_transfer(Token::AUR, UNIT).encode();
    assert_eq!(call[..3], [3, 0, 3], "pallet 3, call 0, token AUR");
    call[2] = 9;
    let xt = signed_raw(call, "Alice", 0);
    assert_eq!(
        validate_transaction(&genesis, &ctx(), &xt),
        Err(invalid(InvalidTransaction::Call))
    );
    let built = build_block(&genesis, 1, GENESIS, T1, &[xt]);
    assert_eq!(built.outcomes, vec![Err(invalid(InvalidTransaction::Call))]);
    let err = invalid(InvalidTransaction::Call).to_string();
    assert!(
        err.contains("does not decode") && err.contains("token"),
        "{err}"
    );
}

#[test]
fn overspend_is_included_failed_and_only_pays_the_fee() {
    let genesis = genesis();
    let gen_call = token_transfer(Token::GEN, 1_001 * UNIT);
    let flx_call = flx_transfer(1_001 * UNIT);
    let (tx1, tx2) = (signed(&gen_call, "Alice", 0), signed(&flx_call, "Alice", 1));
    let built = build_block(&genesis, 1, GENESIS, T1, &[tx1.clone(), tx2.clone()]);
    let gen_error = DispatchError::Module(ModuleError {
        index: 3,
        error: [1, 0, 0, 0],
        message: None,
    });
    let flx_error = DispatchError::Module(ModuleError {
        index: 2,
        error: [2, 0, 0, 0],
        message: None,
    });
    assert_eq!(built.outcomes, vec![Ok(Err(gen_error)), Ok(Err(flx_error))]);
    let mut state = genesis.clone();
    commit(&mut state, &built.changes);
    let fees = fee_of(&gen_call, &tx1) + fee_of(&flx_call, &tx2);
    assert_eq!(
        queries::token_balance(&state, Token::FLX, &alice()),
        1_000 * UNIT - fees
    );
    assert_eq!(
        queries::token_balance(&state, Token::GEN, &alice()),
        1_000 * UNIT
    );
    assert_eq!(
        queries::token_balance(&state, Token::GEN, &bob()),
        1_000 * UNIT
    );
    assert_eq!(queries::account_nonce(&state, &alice()), 2);
    let failed: Vec<_> = queries::events(&state)
        .into_iter()
        .filter_map(|e| match e.event {
            RuntimeEvent::System(system::Event::ExtrinsicFailed { dispatch_error, .. }) => {
                Some(dispatch_error)
            }
            _ => None,
        })
        .collect();
    assert_eq!(failed, vec![gen_error, flx_error]);
    assert_eq!(
        metanode_runtime::errors::describe_dispatch_error(&failed[0]),
        "Wallets.InsufficientBalance"
    );
    assert!(!queries::events(&state).iter().any(|e| matches!(
        e.event,
        RuntimeEvent::Wallets(wallets::Event::Transfer { .. })
    )));
    assert_issuance_invariant(&state);
    let mut fresh = OverlayState::new(&genesis);
    execute_block(&mut fresh, &ctx(), &built.block).unwrap();
    assert_eq!(fresh.into_changes(), built.changes);
}

#[test]
fn unfunded_sender_cannot_pay() {
    let genesis = genesis();
    let xt = signed(&flx_transfer(1), "Dave", 0);
    assert_eq!(
        validate_transaction(&genesis, &ctx(), &xt),
        Err(invalid(InvalidTransaction::Payment))
    );
    // Spending everything is valid for the pool (only the fee is checked); the call itself would fail.
    let xt = signed(&flx_transfer(1_000 * UNIT), "Charlie", 0);
    assert!(validate_transaction(&genesis, &ctx(), &xt).is_ok());
}

#[test]
fn mortal_eras_resolve_their_birth_block() {
    let genesis = genesis();
    let b1 = build_block(&genesis, 1, GENESIS, T1, &[]);
    let mut state = genesis.clone();
    commit(&mut state, &b1.changes);
    let h1 = b1.block.header.hash();
    let era = Era::mortal(64, 1);
    let call = flx_transfer(UNIT);
    let xt = metanode_runtime::sign_call(
        &call,
        &pair("Alice"),
        0,
        era,
        0,
        &SigningContext::new(GENESIS, h1),
    )
    .encode();
    assert_eq!(
        validate_transaction(&state, &ctx(), &xt),
        Err(invalid(InvalidTransaction::AncientBirthBlock)),
        "without the best hash the birth block is unknown"
    );
    let valid = validate_transaction_at(&state, &ctx(), h1, &xt).expect("valid");
    assert_eq!(valid.longevity, era.death(2) - 2);
    let b2 = build_block(&state, 2, h1, T1 + 1_000, &[xt]);
    assert_eq!(b2.outcomes, vec![Ok(Ok(()))]);
}

#[test]
fn sudo_dispatches_as_root() {
    let genesis = genesis();
    let inner = RuntimeCall::Balances(balances::Call::force_set_balance {
        who: MultiAddress::Id(pair("Dave").public()),
        new_free: 5 * UNIT,
    });
    let call = RuntimeCall::Admin(admin::Call::sudo {
        call: Box::new(inner.clone()),
    });
    let built = build_block(
        &genesis,
        1,
        GENESIS,
        T1,
        &[signed(&call, "Alice", 0), signed(&inner, "Bob", 0)],
    );
    assert_eq!(
        built.outcomes,
        vec![Ok(Ok(())), Ok(Err(DispatchError::BadOrigin))]
    );
    let mut state = genesis.clone();
    commit(&mut state, &built.changes);
    assert_eq!(
        queries::token_balance(&state, Token::FLX, &pair("Dave").public()),
        5 * UNIT
    );
    assert!(queries::events(&state).iter().any(|e| e.event
        == RuntimeEvent::Admin(admin::Event::Sudid {
            sudo_result: Ok(())
        })));
    assert_issuance_invariant(&state);
}

#[test]
fn deeply_nested_sudo_is_rejected_while_decoding() {
    let genesis = genesis();
    let mut call = RuntimeCall::System(system::Call::remark { remark: vec![] });
    for _ in 0..100 {
        call = RuntimeCall::Admin(admin::Call::sudo {
            call: Box::new(call),
        });
    }
    let xt = signed(&call, "Alice", 0);
    assert_eq!(
        validate_transaction(&genesis, &ctx(), &xt),
        Err(invalid(InvalidTransaction::Call))
    );
    let mut call = RuntimeCall::System(system::Call::remark { remark: vec![] });
    for _ in 0..3 {
        call = RuntimeCall::Admin(admin::Call::sudo {
            call: Box::new(call),
        });
    }
    assert!(validate_transaction(&genesis, &ctx(), &signed(&call, "Alice", 0)).is_ok());
}

#[test]
fn unsigned_and_mandatory_rules() {
    let genesis = genesis();
    let set = RuntimeCall::Timestamp(timestamp::Call::set { now: 5 });
    let unsigned = UncheckedExtrinsic::new_unsigned(set.encode()).encode();
    let no_validator = TransactionValidityError::Unknown(UnknownTransaction::NoUnsignedValidator);
    assert_eq!(
        validate_transaction(&genesis, &ctx(), &unsigned),
        Err(no_validator)
    );
    assert_eq!(
        validate_transaction(&genesis, &ctx(), &signed(&set, "Alice", 0)),
        Err(invalid(InvalidTransaction::MandatoryValidation))
    );
    let remark = RuntimeCall::System(system::Call::remark { remark: vec![1] });
    let unsigned_remark = UncheckedExtrinsic::new_unsigned(remark.encode()).encode();
    let built = build_block(
        &genesis,
        1,
        GENESIS,
        T1,
        &[unsigned_remark, unsigned.clone()],
    );
    assert_eq!(
        built.outcomes,
        vec![
            Err(no_validator),
            Err(invalid(InvalidTransaction::BadMandatory))
        ],
        "a second timestamp in one block fails"
    );
    assert_eq!(
        validate_transaction(&genesis, &ctx(), &[1, 2, 3]),
        Err(invalid(InvalidTransaction::Custom(
            metanode_runtime::validity::CUSTOM_MALFORMED_EXTRINSIC
        )))
    );
}

#[test]
fn execute_block_rejects_bad_blocks() {
    let genesis = genesis();
    let built = build_block(
        &genesis,
        1,
        GENESIS,
        T1,
        &[signed(&flx_transfer(UNIT), "Alice", 0)],
    );
    let run = |block: &metanode_primitives::Block| {
        execute_block(&mut OverlayState::new(&genesis), &ctx(), block)
    };
    assert_eq!(run(&built.block), Ok(()));

    let mut bad_root = built.block.clone();
    bad_root.header.extrinsics_root = metanode_primitives::H256([9; 32]);
    assert!(matches!(
        run(&bad_root),
        Err(ExecuteBlockError::ExtrinsicsRootMismatch { .. })
    ));

    let mut no_timestamp = built.block.clone();
    no_timestamp.extrinsics.remove(0);
    assert_eq!(run(&no_timestamp), Err(ExecuteBlockError::MissingTimestamp));

    let mut wrong_number = built.block.clone();
    wrong_number.header.number = 2;
    assert_eq!(
        run(&wrong_number),
        Err(ExecuteBlockError::NumberMismatch { parent: 0, got: 2 })
    );

    let mut replayed = built.block.clone();
    replayed.extrinsics.push(replayed.extrinsics[1].clone());
    assert!(matches!(
        run(&replayed),
        Err(ExecuteBlockError::InvalidExtrinsic {
            index: 2,
            error: TransactionValidityError::Invalid(InvalidTransaction::Stale)
        })
    ));
}

#[test]
fn query_info_reports_the_fee_without_tip() {
    let genesis = genesis();
    let call = flx_transfer(UNIT);
    let xt = signed(&call, "Alice", 0);
    let info = query_info(&genesis, &xt).unwrap();
    assert_eq!(info.partial_fee, fee_of(&call, &xt));
    assert_eq!(info.weight, call.dispatch_info().weight);
}
