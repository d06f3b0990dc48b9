//! The next-validator-set digest item: a block whose execution changes the validator set announces the new set in
//! its header (`Consensus(HSVS, ..)`), and `execute_block` refuses a missing, wrong, duplicated or spurious item.

mod common;

use common::*;
use metanode_primitives::{Block, DigestItem, NextValidatorSet, VALIDATOR_SET_ENGINE_ID};
use metanode_runtime::executive::execute_block;
use metanode_runtime::support::testing::MemState;
use metanode_runtime::support::OverlayState;
use metanode_runtime::{admin, validators, ExecuteBlockError, RuntimeCall};

fn sudo_add(name: &str) -> RuntimeCall {
    RuntimeCall::Admin(admin::Call::sudo {
        call: Box::new(RuntimeCall::Validators(validators::Call::add_validator {
            session_key: pair(name).public(),
            network_key: format!("12D3KooW{name}").into_bytes(),
        })),
    })
}

fn without_set_item(block: &Block) -> Block {
    let mut block = block.clone();
    block.header.digest.logs.retain(
        |item| !matches!(item, DigestItem::Consensus(id, _) if *id == VALIDATOR_SET_ENGINE_ID),
    );
    block
}

fn run(genesis: &MemState, block: &Block) -> Result<(), ExecuteBlockError> {
    execute_block(&mut OverlayState::new(genesis), &ctx(), block)
}

#[test]
fn a_set_changing_block_announces_the_new_set() {
    let genesis = genesis();
    let built = build_block(
        &genesis,
        1,
        GENESIS,
        T1,
        &[signed(&sudo_add("Bob"), "Alice", 0)],
    );
    let announced = built
        .block
        .header
        .digest
        .next_validator_set()
        .expect("well formed");
    assert_eq!(
        announced,
        Some(NextValidatorSet {
            epoch: 1,
            validators: vec![alice(), bob()],
        })
    );
    assert_eq!(run(&genesis, &built.block), Ok(()));

    // Missing.
    assert_eq!(
        run(&genesis, &without_set_item(&built.block)),
        Err(ExecuteBlockError::MissingValidatorSet { epoch: 1 })
    );
    // Wrong keys.
    let mut wrong = without_set_item(&built.block);
    wrong
        .header
        .digest
        .push_next_validator_set(&NextValidatorSet {
            epoch: 1,
            validators: vec![alice(), charlie()],
        });
    assert_eq!(
        run(&genesis, &wrong),
        Err(ExecuteBlockError::ValidatorSetMismatch {
            header_epoch: 1,
            computed_epoch: 1,
        })
    );
    // Wrong epoch.
    let mut skipped = without_set_item(&built.block);
    skipped
        .header
        .digest
        .push_next_validator_set(&NextValidatorSet {
            epoch: 2,
            validators: vec![alice(), bob()],
        });
    assert_eq!(
        run(&genesis, &skipped),
        Err(ExecuteBlockError::ValidatorSetMismatch {
            header_epoch: 2,
            computed_epoch: 1,
        })
    );
    // Twice.
    let mut twice = built.block.clone();
    twice
        .header
        .digest
        .push_next_validator_set(&announced.expect("announced"));
    assert!(matches!(
        run(&genesis, &twice),
        Err(ExecuteBlockError::MalformedValidatorSet(_))
    ));
    // Undecodable.
    let mut garbage = without_set_item(&built.block);
    garbage.header.digest.push(DigestItem::Consensus(
        VALIDATOR_SET_ENGINE_ID,
        vec![1, 2, 3],
    ));
    assert!(matches!(
        run(&genesis, &garbage),
        Err(ExecuteBlockError::MalformedValidatorSet(_))
    ));
}

#[test]
fn a_block_that_keeps_the_set_may_not_announce_one() {
    let genesis = genesis();
    let built = build_block(&genesis, 1, GENESIS, T1, &[]);
    assert_eq!(built.block.header.digest.next_validator_set(), Ok(None));
    assert_eq!(run(&genesis, &built.block), Ok(()));
    let mut spurious = built.block.clone();
    spurious
        .header
        .digest
        .push_next_validator_set(&NextValidatorSet {
            epoch: 1,
            validators: vec![alice()],
        });
    assert_eq!(
        run(&genesis, &spurious),
        Err(ExecuteBlockError::UnexpectedValidatorSet { epoch: 1 })
    );
    // A failed change (not sudo) schedules nothing.
    let failed = build_block(
        &genesis,
        1,
        GENESIS,
        T1,
        &[signed(
            &RuntimeCall::Validators(validators::Call::remove_validator {
                session_key: alice(),
            }),
            "Bob",
            0,
        )],
    );
    assert_eq!(failed.block.header.digest.next_validator_set(), Ok(None));
    assert_eq!(run(&genesis, &failed.block), Ok(()));
}
