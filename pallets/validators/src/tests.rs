//! Tests with a mock runtime whose block number is a test storage item.

use metanode_support::testing::{MemState, RecordingSink};
use metanode_support::{DispatchError, PalletError, StorageValue};
use parity_scale_codec::Encode;

use super::*;

/// The mock's block number.
const NOW: StorageValue<BlockNumber> = StorageValue::new("Test", "Now");

struct Test;
impl Config for Test {
    fn block_number(state: &dyn StateRead) -> BlockNumber {
        NOW.get_or_default(state)
    }
}
type Validators = Pallet<Test>;

fn acc(n: u8) -> AccountId32 {
    AccountId32([n; 32])
}

fn peer(n: u8) -> Vec<u8> {
    format!("12D3KooWPeer{n}").into_bytes()
}

fn info(n: u8) -> ValidatorInfo {
    ValidatorInfo {
        session_key: acc(n),
        network_key: peer(n),
    }
}

/// Genesis with validators 1 and 2, then block 1 begins.
fn setup() -> (MemState, RecordingSink) {
    let mut s = MemState::new();
    Validators::set_validators_unchecked(&mut s, &[info(1), info(2)]);
    Validators::set_epoch_unchecked(&mut s, 0);
    NOW.put(&mut s, &1);
    (s, RecordingSink::default())
}

fn run(s: &mut MemState, sink: &mut RecordingSink, origin: Origin, call: Call) -> DispatchResult {
    let mut ctx = Context::new(s, sink);
    ctx.with_transaction(|c| Validators::dispatch(c, origin, call))
}

fn add(n: u8) -> Call {
    Call::add_validator {
        session_key: acc(n),
        network_key: peer(n),
    }
}

fn remove(n: u8) -> Call {
    Call::remove_validator {
        session_key: acc(n),
    }
}

fn keys(s: &MemState) -> Vec<AccountId32> {
    Validators::validators(s)
        .iter()
        .map(|v| v.session_key)
        .collect()
}

/// A failed call must leave storage and events untouched.
fn assert_fails(call: Call, error: Error) {
    let (mut s, mut sink) = setup();
    let before = s.clone();
    assert_eq!(
        run(&mut s, &mut sink, Origin::Root, call),
        Err(error.into_dispatch_error())
    );
    assert_eq!(s, before);
    assert!(sink.events.is_empty());
}

#[test]
fn only_root_may_change_the_set() {
    let (mut s, mut sink) = setup();
    let before = s.clone();
    for origin in [Origin::Signed(acc(1)), Origin::None] {
        assert_eq!(
            run(&mut s, &mut sink, origin.clone(), add(3)),
            Err(DispatchError::BadOrigin)
        );
        assert_eq!(
            run(&mut s, &mut sink, origin, remove(2)),
            Err(DispatchError::BadOrigin)
        );
    }
    assert_eq!(s, before);
    assert!(sink.events.is_empty());
}

#[test]
fn add_appends_and_schedules_a_new_epoch() {
    let (mut s, mut sink) = setup();
    run(&mut s, &mut sink, Origin::Root, add(3)).unwrap();
    assert_eq!(keys(&s), vec![acc(1), acc(2), acc(3)]);
    assert_eq!(Validators::validators(&s)[2], info(3));
    assert_eq!(Validators::epoch(&s), 1);
    assert_eq!(Validators::last_change(&s), Some(1));
    assert_eq!(
        sink.events_of::<Event>(),
        vec![
            Event::ValidatorAdded {
                session_key: acc(3),
                network_key: peer(3),
            },
            Event::NewEpochScheduled {
                epoch: 1,
                validators: 3,
            },
        ]
    );
}

#[test]
fn remove_keeps_the_others_order_and_schedules_a_new_epoch() {
    let (mut s, mut sink) = setup();
    Validators::set_validators_unchecked(&mut s, &[info(1), info(2), info(3)]);
    run(&mut s, &mut sink, Origin::Root, remove(2)).unwrap();
    assert_eq!(keys(&s), vec![acc(1), acc(3)]);
    assert_eq!(Validators::epoch(&s), 1);
    assert_eq!(
        sink.events_of::<Event>(),
        vec![
            Event::ValidatorRemoved {
                session_key: acc(2)
            },
            Event::NewEpochScheduled {
                epoch: 1,
                validators: 2,
            },
        ]
    );
}

#[test]
fn two_changes_in_one_block_bump_the_epoch_once_and_the_next_block_bumps_again() {
    let (mut s, mut sink) = setup();
    run(&mut s, &mut sink, Origin::Root, add(3)).unwrap();
    run(&mut s, &mut sink, Origin::Root, remove(1)).unwrap();
    assert_eq!(keys(&s), vec![acc(2), acc(3)]);
    assert_eq!(Validators::epoch(&s), 1);
    let scheduled: Vec<_> = sink
        .events_of::<Event>()
        .into_iter()
        .filter(|e| matches!(e, Event::NewEpochScheduled { .. }))
        .collect();
    assert_eq!(scheduled.len(), 1);

    // Block 2: a failed change does not count; a successful one bumps again.
    NOW.put(&mut s, &2);
    sink.clear();
    assert!(run(&mut s, &mut sink, Origin::Root, remove(1)).is_err());
    assert_eq!(Validators::epoch(&s), 1);
    run(&mut s, &mut sink, Origin::Root, add(4)).unwrap();
    assert_eq!(Validators::epoch(&s), 2);
    assert_eq!(Validators::last_change(&s), Some(2));
    assert_eq!(
        sink.events_of::<Event>().last(),
        Some(&Event::NewEpochScheduled {
            epoch: 2,
            validators: 3,
        })
    );
}

#[test]
fn adding_a_member_again_fails() {
    assert_fails(
        Call::add_validator {
            session_key: acc(1),
            network_key: peer(9),
        },
        Error::AlreadyValidator,
    );
}

#[test]
fn removing_a_non_member_fails() {
    assert_fails(remove(9), Error::NotValidator);
}

#[test]
fn the_set_is_bounded() {
    let (mut s, mut sink) = setup();
    let full: Vec<_> = (0..MAX_VALIDATORS as u8).map(|n| info(n + 10)).collect();
    Validators::set_validators_unchecked(&mut s, &full);
    let before = s.clone();
    assert_eq!(
        run(&mut s, &mut sink, Origin::Root, add(3)),
        Err(Error::TooManyValidators.into())
    );
    assert_eq!(s, before);
}

#[test]
fn the_set_may_not_become_empty() {
    let (mut s, mut sink) = setup();
    run(&mut s, &mut sink, Origin::Root, remove(1)).unwrap();
    let before = s.clone();
    assert_eq!(
        run(&mut s, &mut sink, Origin::Root, remove(2)),
        Err(Error::TooFewValidators.into())
    );
    assert_eq!(s, before);
    assert_eq!(keys(&s), vec![acc(2)]);
}

#[test]
fn network_keys_are_checked() {
    let with_key = |network_key: Vec<u8>| Call::add_validator {
        session_key: acc(3),
        network_key,
    };
    assert_fails(
        with_key(vec![b'a'; MAX_NETWORK_KEY_LEN + 1]),
        Error::NetworkKeyTooLong,
    );
    assert_fails(with_key(Vec::new()), Error::InvalidNetworkKey);
    assert_fails(with_key(vec![0xff, 0xfe]), Error::InvalidNetworkKey);
    assert_fails(with_key(peer(2)), Error::NetworkKeyInUse);
    // The longest allowed key is fine.
    let (mut s, mut sink) = setup();
    run(
        &mut s,
        &mut sink,
        Origin::Root,
        with_key(vec![b'a'; MAX_NETWORK_KEY_LEN]),
    )
    .unwrap();
}

#[test]
fn errors_round_trip_their_indices_and_names() {
    for (i, e) in Error::ALL.iter().enumerate() {
        assert_eq!(usize::from(e.index()), i);
        assert_eq!(Error::from_index(e.index()), Some(*e));
        assert_eq!(format!("{e:?}"), e.name());
    }
    assert_eq!(Error::from_index(7), None);
}

#[test]
fn calls_encode_with_stable_indices() {
    assert_eq!(add(3).encode()[0], 0);
    assert_eq!(remove(3).encode(), [&[1u8][..], &[3u8; 32][..]].concat());
    assert!(add(3).dispatch_info().weight.ref_time > 0);
}

#[test]
fn validator_info_json_uses_camel_case_and_a_peer_id_string() {
    let json = serde_json::to_value(info(1)).unwrap();
    assert_eq!(json["networkKey"], "12D3KooWPeer1");
    assert_eq!(json["sessionKey"], acc(1).to_string());
    let back: ValidatorInfo = serde_json::from_value(json).unwrap();
    assert_eq!(back, info(1));
    let bad = ValidatorInfo {
        session_key: acc(1),
        network_key: vec![0xff],
    };
    assert!(serde_json::to_value(bad).is_err());
}

#[test]
fn reads_default_before_genesis() {
    let s = MemState::new();
    assert!(Validators::validators(&s).is_empty());
    assert_eq!(Validators::epoch(&s), 0);
    assert_eq!(Validators::last_change(&s), None);
}
