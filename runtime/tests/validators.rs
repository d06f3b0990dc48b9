//! The Validators pallet through the executive: sudo-only changes, the one-bump-per-block epoch rule, events and
//! error names as clients see them.

mod common;

use common::*;
use metanode_runtime::errors::describe_dispatch_error;
use metanode_runtime::support::codec::Encode;
use metanode_runtime::support::testing::MemState;
use metanode_runtime::support::DispatchError;
use metanode_runtime::{
    admin, decode_call, queries, validators, RuntimeCall, RuntimeEvent, ValidatorInfo,
};

fn add(name: &str) -> RuntimeCall {
    RuntimeCall::Validators(validators::Call::add_validator {
        session_key: pair(name).public(),
        network_key: format!("12D3KooW{name}").into_bytes(),
    })
}

fn remove(name: &str) -> RuntimeCall {
    RuntimeCall::Validators(validators::Call::remove_validator {
        session_key: pair(name).public(),
    })
}

fn sudo(inner: RuntimeCall) -> RuntimeCall {
    RuntimeCall::Admin(admin::Call::sudo {
        call: Box::new(inner),
    })
}

fn sudid(state: &MemState) -> Vec<Result<(), String>> {
    queries::events(state)
        .into_iter()
        .filter_map(|r| match r.event {
            RuntimeEvent::Admin(admin::Event::Sudid { sudo_result }) => {
                Some(sudo_result.map_err(|e| describe_dispatch_error(&e)))
            }
            _ => None,
        })
        .collect()
}

fn scheduled(state: &MemState) -> Vec<(u64, u32)> {
    queries::events(state)
        .into_iter()
        .filter_map(|r| match r.event {
            RuntimeEvent::Validators(validators::Event::NewEpochScheduled {
                epoch,
                validators,
            }) => Some((epoch, validators)),
            _ => None,
        })
        .collect()
}

fn keys(state: &MemState) -> Vec<String> {
    queries::validators(state)
        .iter()
        .map(|v: &ValidatorInfo| v.session_key.to_string())
        .collect()
}

#[test]
fn calls_encode_with_the_pallet_and_call_indices() {
    let bytes = add("Bob").encode();
    assert_eq!(&bytes[..2], &[validators::PALLET_INDEX, 0]);
    assert_eq!(&remove("Bob").encode()[..2], &[validators::PALLET_INDEX, 1]);
    assert_eq!(decode_call(&bytes), Ok(add("Bob")));
    assert_eq!(
        &sudo(add("Bob")).encode()[..4],
        &[5, 0, validators::PALLET_INDEX, 0]
    );
}

#[test]
fn sudo_changes_the_set_and_bumps_the_epoch_once_per_block() {
    let genesis = genesis();
    assert_eq!(queries::validator_epoch(&genesis), 0);
    assert_eq!(queries::validators_last_change(&genesis), 0);
    let b1 = build_block(
        &genesis,
        1,
        GENESIS,
        T1,
        &[
            signed(&sudo(add("Bob")), "Alice", 0),
            signed(&sudo(add("Charlie")), "Alice", 1),
            signed(&sudo(add("Bob")), "Alice", 2),
            signed(&add("Dave"), "Bob", 0),
            signed(&sudo(add("Dave")), "Bob", 1),
        ],
    );
    assert_eq!(
        b1.outcomes,
        vec![
            Ok(Ok(())),
            Ok(Ok(())),
            Ok(Ok(())),
            Ok(Err(DispatchError::BadOrigin)),
            Ok(Err(admin::Error::RequireSudo.into())),
        ]
    );
    let mut state = genesis.clone();
    commit(&mut state, &b1.changes);
    assert_eq!(
        keys(&state),
        [alice(), bob(), charlie()].map(|a| a.to_string())
    );
    assert_eq!(queries::validator_epoch(&state), 1);
    assert_eq!(queries::validators_last_change(&state), 1);
    assert_eq!(scheduled(&state), vec![(1, 2)]);
    assert_eq!(
        sudid(&state),
        vec![
            Ok(()),
            Ok(()),
            Err("Validators.AlreadyValidator".to_string())
        ]
    );

    let b2 = build_block(
        &state,
        2,
        b1.block.header.hash(),
        T1 + 1_000,
        &[signed(&sudo(remove("Alice")), "Alice", 3)],
    );
    assert_eq!(b2.outcomes, vec![Ok(Ok(()))]);
    commit(&mut state, &b2.changes);
    assert_eq!(keys(&state), [bob(), charlie()].map(|a| a.to_string()));
    assert_eq!(queries::validator_epoch(&state), 2);
    assert_eq!(queries::validators_last_change(&state), 2);
    assert_eq!(scheduled(&state), vec![(2, 2)]);

    // A block whose only change fails keeps the epoch.
    let b3 = build_block(
        &state,
        3,
        b2.block.header.hash(),
        T1 + 2_000,
        &[signed(&sudo(remove("Alice")), "Alice", 4)],
    );
    commit(&mut state, &b3.changes);
    assert_eq!(queries::validator_epoch(&state), 2);
    assert_eq!(
        sudid(&state),
        vec![Err("Validators.NotValidator".to_string())]
    );
    assert!(scheduled(&state).is_empty());
    assert_issuance_invariant(&state);
}
