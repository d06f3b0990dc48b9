//! Tests with a mock runtime whose block number is a test storage item.
//!
//! Calls are dispatched **without** a storage transaction, so a failed call leaving the state byte-for-byte
//! unchanged shows the pallet itself writes nothing before it fails (the executive's transaction is a second line
//! of defence, not the first). Every test ends with [`assert_invariants`].

use std::collections::BTreeSet;

use metanode_support::testing::{MemState, RecordingSink};
use metanode_support::{DispatchError, PalletError, StorageValue};
use parity_scale_codec::{Decode, Encode, MaxEncodedLen};

use super::*;

/// The mock's block number.
const NOW: StorageValue<BlockNumber> = StorageValue::new("Test", "Now");

struct Test;
impl Config for Test {
    fn block_number(state: &dyn StateRead) -> BlockNumber {
        NOW.get_or_default(state)
    }
}
type Containers = Pallet<Test>;

fn acc(n: u8) -> AccountId32 {
    AccountId32([n; 32])
}

const IMAGE: [u8; 32] = [0xaa; 32];
const MANIFEST: [u8; 32] = [0xbb; 32];

/// An empty chain at block 1.
fn setup() -> (MemState, RecordingSink) {
    let mut s = MemState::new();
    NOW.put(&mut s, &1);
    (s, RecordingSink::default())
}

fn set_block(s: &mut MemState, n: BlockNumber) {
    NOW.put(s, &n);
}

/// Dispatches `call` from `origin`, with no storage transaction around it.
fn run(s: &mut MemState, sink: &mut RecordingSink, origin: Origin, call: Call) -> DispatchResult {
    let mut ctx = Context::new(s, sink);
    Containers::dispatch(&mut ctx, origin, call)
}

/// Dispatches `call` signed by account `who`.
fn signed(s: &mut MemState, sink: &mut RecordingSink, who: u8, call: Call) -> DispatchResult {
    run(s, sink, Origin::Signed(acc(who)), call)
}

/// `call` from `origin` fails with `error`, leaving storage byte-for-byte unchanged and emitting nothing.
fn assert_fails_with(
    s: &mut MemState,
    sink: &mut RecordingSink,
    origin: Origin,
    call: Call,
    error: DispatchError,
) {
    let before = s.clone();
    let events = sink.events.len();
    assert_eq!(run(s, sink, origin, call.clone()), Err(error), "{call:?}");
    assert_eq!(*s, before, "{call:?} changed storage");
    assert_eq!(sink.events.len(), events, "{call:?} emitted an event");
    assert_invariants(s);
}

/// As [`assert_fails_with`], signed by account `who`, failing with a pallet error.
fn assert_fails(s: &mut MemState, sink: &mut RecordingSink, who: u8, call: Call, error: Error) {
    assert_fails_with(s, sink, Origin::Signed(acc(who)), call, error.into());
}

fn deploy(name: &str, replicas: u32) -> Call {
    Call::deploy {
        name: name.as_bytes().to_vec(),
        image_digest: IMAGE,
        manifest_hash: MANIFEST,
        replicas,
    }
}

fn update(name: &str, image_digest: [u8; 32], manifest_hash: [u8; 32]) -> Call {
    Call::update {
        name: name.as_bytes().to_vec(),
        image_digest,
        manifest_hash,
    }
}

fn scale(name: &str, replicas: u32) -> Call {
    Call::scale {
        name: name.as_bytes().to_vec(),
        replicas,
    }
}

fn stop(name: &str) -> Call {
    Call::stop {
        name: name.as_bytes().to_vec(),
    }
}

fn remove(name: &str) -> Call {
    Call::remove {
        name: name.as_bytes().to_vec(),
    }
}

fn app(s: &MemState, name: &str) -> App {
    Containers::app(s, name.as_bytes()).expect("app exists")
}

fn names(list: &[&str]) -> Vec<Vec<u8>> {
    list.iter().map(|n| n.as_bytes().to_vec()).collect()
}

/// The pallet's invariants (see the crate docs).
fn assert_invariants(s: &MemState) {
    let apps: Vec<(Vec<u8>, App)> = storage::APPS.iter(s).collect();
    assert_eq!(
        Containers::app_count(s) as usize,
        apps.len(),
        "AppCount = number of Apps"
    );
    for (name, app) in &apps {
        assert_eq!(validate_name(name), Ok(()), "stored name {name:?}");
        assert_eq!(validate_replicas(app.replicas), Ok(()), "{name:?} replicas");
        assert!(app.version >= 1, "{name:?} version");
        assert!(app.created_at <= app.updated_at, "{name:?} blocks");
        let listed = Containers::apps_of(s, &app.owner)
            .iter()
            .filter(|n| *n == name)
            .count();
        assert_eq!(listed, 1, "{name:?} once in its owner's list");
    }
    let mut indexed = 0;
    for (owner, list) in storage::APPS_BY_OWNER.iter(s) {
        assert!(!list.is_empty(), "no empty list is stored");
        assert!(list.len() <= MAX_APPS_PER_OWNER, "list bound");
        let distinct: BTreeSet<_> = list.iter().collect();
        assert_eq!(distinct.len(), list.len(), "no name twice in a list");
        for name in &list {
            let app = Containers::app(s, name).expect("listed names are apps");
            assert_eq!(app.owner, owner, "{name:?} listed under its owner only");
        }
        indexed += list.len();
    }
    assert_eq!(indexed, apps.len(), "every app indexed exactly once");
}

// ---- deploy ----

#[test]
fn deploy_creates_a_running_app_at_version_1() {
    let (mut s, mut sink) = setup();
    set_block(&mut s, 7);
    signed(&mut s, &mut sink, 1, deploy("web", 3)).unwrap();
    assert_eq!(
        app(&s, "web"),
        App {
            owner: acc(1),
            image_digest: IMAGE,
            manifest_hash: MANIFEST,
            replicas: 3,
            status: AppStatus::Running,
            version: 1,
            created_at: 7,
            updated_at: 7,
        }
    );
    assert_eq!(Containers::apps_of(&s, &acc(1)), names(&["web"]));
    assert_eq!(Containers::app_count(&s), 1);
    assert_eq!(
        sink.events_of::<Event>(),
        vec![Event::Deployed {
            name: b"web".to_vec(),
            owner: acc(1),
            version: 1,
            replicas: 3,
        }]
    );
    assert_invariants(&s);
}

#[test]
fn an_owner_lists_its_apps_in_deploy_order() {
    let (mut s, mut sink) = setup();
    signed(&mut s, &mut sink, 1, deploy("web", 1)).unwrap();
    signed(&mut s, &mut sink, 2, deploy("dbs", 1)).unwrap();
    signed(&mut s, &mut sink, 1, deploy("api", 1)).unwrap();
    assert_eq!(Containers::apps_of(&s, &acc(1)), names(&["web", "api"]));
    assert_eq!(Containers::apps_of(&s, &acc(2)), names(&["dbs"]));
    assert!(Containers::apps_of(&s, &acc(3)).is_empty());
    assert_eq!(Containers::app_count(&s), 3);
    assert_invariants(&s);
}

#[test]
fn deploy_needs_a_signed_origin() {
    let (mut s, mut sink) = setup();
    for origin in [Origin::Root, Origin::None] {
        assert_fails_with(
            &mut s,
            &mut sink,
            origin,
            deploy("web", 1),
            DispatchError::BadOrigin,
        );
    }
}

#[test]
fn deploy_rejects_invalid_names_and_replicas() {
    let (mut s, mut sink) = setup();
    assert_fails(&mut s, &mut sink, 1, deploy("Web", 1), Error::InvalidName);
    assert_fails(&mut s, &mut sink, 1, deploy("ab", 1), Error::InvalidName);
    assert_fails(
        &mut s,
        &mut sink,
        1,
        deploy("web", 0),
        Error::InvalidReplicas,
    );
    assert_fails(
        &mut s,
        &mut sink,
        1,
        deploy("web", MAX_REPLICAS + 1),
        Error::InvalidReplicas,
    );
    signed(&mut s, &mut sink, 1, deploy("web", MAX_REPLICAS)).unwrap();
    assert_eq!(app(&s, "web").replicas, MAX_REPLICAS);
    assert_invariants(&s);
}

#[test]
fn deploy_rejects_a_taken_name_whoever_owns_it() {
    let (mut s, mut sink) = setup();
    signed(&mut s, &mut sink, 1, deploy("web", 1)).unwrap();
    assert_fails(&mut s, &mut sink, 1, deploy("web", 2), Error::AppExists);
    assert_fails(&mut s, &mut sink, 2, deploy("web", 2), Error::AppExists);
}

#[test]
fn an_owner_has_at_most_max_apps() {
    let (mut s, mut sink) = setup();
    for i in 0..MAX_APPS_PER_OWNER {
        signed(&mut s, &mut sink, 1, deploy(&format!("app-{i}"), 1)).unwrap();
    }
    assert_eq!(Containers::apps_of(&s, &acc(1)).len(), MAX_APPS_PER_OWNER);
    assert_fails(
        &mut s,
        &mut sink,
        1,
        deploy("one-more", 1),
        Error::TooManyApps,
    );
    // Others are not affected; removing one makes room again.
    signed(&mut s, &mut sink, 2, deploy("one-more", 1)).unwrap();
    signed(&mut s, &mut sink, 1, remove("app-0")).unwrap();
    signed(&mut s, &mut sink, 1, deploy("app-new", 1)).unwrap();
    assert_eq!(Containers::app_count(&s) as usize, MAX_APPS_PER_OWNER + 1);
    assert_invariants(&s);
}

#[test]
fn deploy_with_app_count_at_the_maximum_overflows_and_writes_nothing() {
    let (mut s, mut sink) = setup();
    storage::APP_COUNT.put(&mut s, &u32::MAX);
    let before = s.clone();
    assert_eq!(
        signed(&mut s, &mut sink, 1, deploy("web", 1)),
        Err(ArithmeticError::Overflow.into())
    );
    assert_eq!(s, before);
    assert!(sink.events.is_empty());
}

// ---- update ----

#[test]
fn update_bumps_the_version_and_keeps_the_status() {
    let (mut s, mut sink) = setup();
    signed(&mut s, &mut sink, 1, deploy("web", 2)).unwrap();
    set_block(&mut s, 5);
    signed(&mut s, &mut sink, 1, update("web", [1; 32], MANIFEST)).unwrap();
    set_block(&mut s, 6);
    signed(&mut s, &mut sink, 1, update("web", [1; 32], [2; 32])).unwrap();
    let a = app(&s, "web");
    assert_eq!(
        (a.image_digest, a.manifest_hash, a.version),
        ([1; 32], [2; 32], 3)
    );
    assert_eq!((a.created_at, a.updated_at), (1, 6));
    assert_eq!((a.replicas, a.status), (2, AppStatus::Running));

    // A stopped app stays stopped.
    signed(&mut s, &mut sink, 1, stop("web")).unwrap();
    signed(&mut s, &mut sink, 1, update("web", [3; 32], [2; 32])).unwrap();
    assert_eq!(app(&s, "web").status, AppStatus::Stopped);
    assert_eq!(app(&s, "web").version, 4);

    let updates: Vec<_> = sink
        .events_of::<Event>()
        .into_iter()
        .filter(|e| matches!(e, Event::Updated { .. }))
        .collect();
    assert_eq!(
        updates,
        [2, 3, 4]
            .map(|version| Event::Updated {
                name: b"web".to_vec(),
                version
            })
            .to_vec()
    );
    assert_invariants(&s);
}

#[test]
fn update_errors_write_nothing() {
    let (mut s, mut sink) = setup();
    signed(&mut s, &mut sink, 1, deploy("web", 1)).unwrap();
    assert_fails(
        &mut s,
        &mut sink,
        1,
        update("api", [1; 32], MANIFEST),
        Error::AppNotFound,
    );
    assert_fails(
        &mut s,
        &mut sink,
        2,
        update("web", [1; 32], MANIFEST),
        Error::NotOwner,
    );
    assert_fails(
        &mut s,
        &mut sink,
        1,
        update("web", IMAGE, MANIFEST),
        Error::NoChange,
    );
    assert_fails(
        &mut s,
        &mut sink,
        1,
        update("WEB", [1; 32], MANIFEST),
        Error::InvalidName,
    );
    assert_fails_with(
        &mut s,
        &mut sink,
        Origin::Root,
        update("web", [1; 32], MANIFEST),
        DispatchError::BadOrigin,
    );
}

#[test]
fn update_at_the_last_version_overflows_and_writes_nothing() {
    let (mut s, mut sink) = setup();
    signed(&mut s, &mut sink, 1, deploy("web", 1)).unwrap();
    let mut a = app(&s, "web");
    a.version = u32::MAX;
    storage::APPS.insert(&mut s, &b"web".to_vec(), &a);
    sink.clear();
    assert_fails_with(
        &mut s,
        &mut sink,
        Origin::Signed(acc(1)),
        update("web", [1; 32], MANIFEST),
        ArithmeticError::Overflow.into(),
    );
}

// ---- scale ----

#[test]
fn scale_sets_replicas_and_starts_a_stopped_app() {
    let (mut s, mut sink) = setup();
    signed(&mut s, &mut sink, 1, deploy("web", 2)).unwrap();
    set_block(&mut s, 3);
    signed(&mut s, &mut sink, 1, scale("web", 5)).unwrap();
    let a = app(&s, "web");
    assert_eq!(
        (a.replicas, a.status, a.version, a.updated_at),
        (5, AppStatus::Running, 1, 3)
    );

    signed(&mut s, &mut sink, 1, stop("web")).unwrap();
    set_block(&mut s, 4);
    // The same count starts a stopped app.
    signed(&mut s, &mut sink, 1, scale("web", 5)).unwrap();
    let a = app(&s, "web");
    assert_eq!(
        (a.replicas, a.status, a.updated_at),
        (5, AppStatus::Running, 4)
    );

    let scaled: Vec<_> = sink
        .events_of::<Event>()
        .into_iter()
        .filter(|e| matches!(e, Event::Scaled { .. }))
        .collect();
    assert_eq!(
        scaled,
        vec![
            Event::Scaled {
                name: b"web".to_vec(),
                replicas: 5
            };
            2
        ]
    );
    assert_invariants(&s);
}

#[test]
fn scale_errors_write_nothing() {
    let (mut s, mut sink) = setup();
    signed(&mut s, &mut sink, 1, deploy("web", 2)).unwrap();
    assert_fails(&mut s, &mut sink, 1, scale("web", 2), Error::NoChange);
    assert_fails(
        &mut s,
        &mut sink,
        1,
        scale("web", 0),
        Error::InvalidReplicas,
    );
    assert_fails(
        &mut s,
        &mut sink,
        1,
        scale("web", MAX_REPLICAS + 1),
        Error::InvalidReplicas,
    );
    assert_fails(&mut s, &mut sink, 1, scale("api", 3), Error::AppNotFound);
    assert_fails(&mut s, &mut sink, 2, scale("web", 3), Error::NotOwner);
    assert_fails(&mut s, &mut sink, 1, scale("-web", 3), Error::InvalidName);
    assert_fails_with(
        &mut s,
        &mut sink,
        Origin::None,
        scale("web", 3),
        DispatchError::BadOrigin,
    );
}

// ---- stop ----

#[test]
fn stop_stops_a_running_app_and_keeps_its_record() {
    let (mut s, mut sink) = setup();
    signed(&mut s, &mut sink, 1, deploy("web", 4)).unwrap();
    set_block(&mut s, 9);
    signed(&mut s, &mut sink, 1, stop("web")).unwrap();
    let a = app(&s, "web");
    assert_eq!(
        (a.status, a.replicas, a.version, a.updated_at),
        (AppStatus::Stopped, 4, 1, 9)
    );
    assert!(!a.is_running());
    assert_eq!(Containers::app_count(&s), 1);
    assert_eq!(
        sink.events_of::<Event>().last(),
        Some(&Event::Stopped {
            name: b"web".to_vec()
        })
    );
    assert_invariants(&s);
}

#[test]
fn stop_errors_write_nothing() {
    let (mut s, mut sink) = setup();
    signed(&mut s, &mut sink, 1, deploy("web", 1)).unwrap();
    assert_fails(&mut s, &mut sink, 2, stop("web"), Error::NotOwner);
    assert_fails(&mut s, &mut sink, 1, stop("api"), Error::AppNotFound);
    assert_fails(&mut s, &mut sink, 1, stop("w"), Error::InvalidName);
    signed(&mut s, &mut sink, 1, stop("web")).unwrap();
    assert_fails(&mut s, &mut sink, 1, stop("web"), Error::AlreadyStopped);
    assert_fails_with(
        &mut s,
        &mut sink,
        Origin::Root,
        stop("web"),
        DispatchError::BadOrigin,
    );
}

// ---- remove ----

#[test]
fn remove_deletes_the_record_and_its_index_entry() {
    let (mut s, mut sink) = setup();
    for name in ["web", "api", "dbs"] {
        signed(&mut s, &mut sink, 1, deploy(name, 1)).unwrap();
    }
    signed(&mut s, &mut sink, 1, remove("api")).unwrap();
    assert_eq!(Containers::app(&s, b"api"), None);
    assert_eq!(Containers::apps_of(&s, &acc(1)), names(&["web", "dbs"]));
    assert_eq!(Containers::app_count(&s), 2);
    assert_eq!(
        sink.events_of::<Event>().last(),
        Some(&Event::Removed {
            name: b"api".to_vec()
        })
    );
    assert_invariants(&s);

    // A stopped app can be removed; the owner's last app takes its list with it.
    signed(&mut s, &mut sink, 1, stop("web")).unwrap();
    signed(&mut s, &mut sink, 1, remove("web")).unwrap();
    signed(&mut s, &mut sink, 1, remove("dbs")).unwrap();
    assert!(!storage::APPS_BY_OWNER.contains_key(&s, &acc(1)));
    assert_eq!(Containers::app_count(&s), 0);
    assert!(storage::APPS.iter(&s).next().is_none());
    assert_invariants(&s);
}

#[test]
fn a_removed_name_is_free_again() {
    let (mut s, mut sink) = setup();
    signed(&mut s, &mut sink, 1, deploy("web", 1)).unwrap();
    signed(&mut s, &mut sink, 1, update("web", [1; 32], MANIFEST)).unwrap();
    signed(&mut s, &mut sink, 1, remove("web")).unwrap();
    set_block(&mut s, 2);
    signed(&mut s, &mut sink, 2, deploy("web", 1)).unwrap();
    let a = app(&s, "web");
    assert_eq!((a.owner, a.version, a.created_at), (acc(2), 1, 2));
    assert!(Containers::apps_of(&s, &acc(1)).is_empty());
    assert_eq!(Containers::apps_of(&s, &acc(2)), names(&["web"]));
    assert_invariants(&s);
}

#[test]
fn remove_errors_write_nothing() {
    let (mut s, mut sink) = setup();
    signed(&mut s, &mut sink, 1, deploy("web", 1)).unwrap();
    assert_fails(&mut s, &mut sink, 2, remove("web"), Error::NotOwner);
    assert_fails(&mut s, &mut sink, 1, remove("api"), Error::AppNotFound);
    assert_fails(&mut s, &mut sink, 1, remove("web-"), Error::InvalidName);
    assert_fails_with(
        &mut s,
        &mut sink,
        Origin::None,
        remove("web"),
        DispatchError::BadOrigin,
    );
}

#[test]
fn remove_with_a_corrupt_zero_count_underflows_and_writes_nothing() {
    let (mut s, mut sink) = setup();
    signed(&mut s, &mut sink, 1, deploy("web", 1)).unwrap();
    storage::APP_COUNT.put(&mut s, &0);
    let before = s.clone();
    sink.clear();
    assert_eq!(
        signed(&mut s, &mut sink, 1, remove("web")),
        Err(ArithmeticError::Underflow.into())
    );
    assert_eq!(s, before);
    assert!(sink.events.is_empty());
}

// ---- names ----

#[test]
fn name_validation_edge_cases() {
    let ok = |n: &[u8]| validate_name(n) == Ok(());
    // Length: 2 / 3 / 64 / 65 bytes.
    assert!(!ok(b"ab"));
    assert!(ok(b"abc"));
    assert!(ok(&[b'a'; MAX_NAME_LEN]));
    assert!(!ok(&[b'a'; MAX_NAME_LEN + 1]));
    assert!(!ok(b""));
    assert_eq!((MIN_NAME_LEN, MAX_NAME_LEN), (3, 64));
    // Characters.
    assert!(ok(b"my-app-2"));
    assert!(ok(b"123"));
    assert!(ok(b"a--b"));
    assert!(!ok(b"My-app"));
    assert!(!ok(b"APP"));
    assert!(!ok(b"my_app"));
    assert!(!ok(b"my.app"));
    assert!(!ok(b"my app"));
    assert!(!ok(b"app\0"));
    // Dashes at either end.
    assert!(!ok(b"-app"));
    assert!(!ok(b"app-"));
    assert!(!ok(b"---"));
    // Non-ASCII: UTF-8 letters and bytes that are not UTF-8 at all.
    assert!(!ok("café".as_bytes()));
    assert!(!ok("приложение".as_bytes()));
    assert!(!ok(&[b'a', b'b', 0xff]));
    assert_eq!(validate_name(b"A"), Err(Error::InvalidName));
}

#[test]
fn the_longest_name_deploys_and_a_longer_one_does_not() {
    let (mut s, mut sink) = setup();
    let longest = "a".repeat(MAX_NAME_LEN);
    signed(&mut s, &mut sink, 1, deploy(&longest, 1)).unwrap();
    assert_fails(
        &mut s,
        &mut sink,
        1,
        deploy(&"a".repeat(MAX_NAME_LEN + 1), 1),
        Error::InvalidName,
    );
    assert_fails(&mut s, &mut sink, 1, deploy("ab", 1), Error::InvalidName);
    signed(&mut s, &mut sink, 1, deploy("abc", 1)).unwrap();
    assert_eq!(Containers::app_count(&s), 2);
    assert_invariants(&s);
}

// ---- wire format and API ----

#[test]
fn errors_round_trip_their_indices_and_names() {
    for (i, e) in Error::ALL.iter().enumerate() {
        assert_eq!(usize::from(e.index()), i);
        assert_eq!(Error::from_index(e.index()), Some(*e));
        assert_eq!(format!("{e:?}"), e.name());
        assert_eq!(e.encode(), vec![e.index()]);
    }
    assert_eq!(Error::from_index(8), None);
    assert_eq!(
        DispatchError::from(Error::NotOwner),
        DispatchError::module(PALLET_INDEX, 3, "NotOwner")
    );
}

#[test]
fn calls_encode_with_stable_indices_and_name_their_app() {
    let calls = [
        deploy("web", 1),
        update("web", IMAGE, MANIFEST),
        scale("web", 2),
        stop("web"),
        remove("web"),
    ];
    for (i, call) in calls.iter().enumerate() {
        let bytes = call.encode();
        assert_eq!(usize::from(bytes[0]), i, "{call:?}");
        // The name comes first: compact length 3, then the bytes.
        assert_eq!(bytes[1..5], [3 << 2, b'w', b'e', b'b']);
        assert_eq!(call.app_name(), b"web");
        assert_eq!(Call::decode(&mut &bytes[..]).unwrap(), *call);
        let weight = call.dispatch_info().weight;
        assert!(weight.ref_time > 0 && weight.proof_size > 0, "{call:?}");
    }
    assert_eq!(
        remove("web").encode(),
        [&[4u8, 3 << 2][..], &b"web"[..]].concat()
    );
    assert_eq!(
        scale("web", 2).encode(),
        [&[2u8, 3 << 2][..], &b"web"[..], &2u32.to_le_bytes()[..]].concat()
    );
}

#[test]
fn events_encode_with_stable_indices() {
    let name = b"web".to_vec();
    let events = [
        Event::Deployed {
            name: name.clone(),
            owner: acc(1),
            version: 1,
            replicas: 1,
        },
        Event::Updated {
            name: name.clone(),
            version: 2,
        },
        Event::Scaled {
            name: name.clone(),
            replicas: 2,
        },
        Event::Stopped { name: name.clone() },
        Event::Removed { name },
    ];
    for (i, event) in events.iter().enumerate() {
        assert_eq!(usize::from(event.encode()[0]), i, "{event:?}");
    }
    // Emitted events carry the pallet index first.
    let (mut s, mut sink) = setup();
    signed(&mut s, &mut sink, 1, deploy("web", 1)).unwrap();
    assert_eq!(sink.events[0][..2], [PALLET_INDEX, 0]);
    assert_invariants(&s);
}

#[test]
fn the_app_record_has_a_fixed_encoding() {
    assert_eq!(AppStatus::Running.encode(), [0]);
    assert_eq!(AppStatus::Stopped.encode(), [1]);
    let a = App {
        owner: acc(1),
        image_digest: IMAGE,
        manifest_hash: MANIFEST,
        replicas: 2,
        status: AppStatus::Stopped,
        version: 3,
        created_at: 4,
        updated_at: 5,
    };
    let bytes = a.encode();
    assert_eq!(bytes.len(), 32 + 32 + 32 + 4 + 1 + 4 + 4 + 4);
    assert_eq!(bytes.len(), App::max_encoded_len());
    assert_eq!(
        bytes[96..],
        [2, 0, 0, 0, 1, 3, 0, 0, 0, 4, 0, 0, 0, 5, 0, 0, 0]
    );
    assert_eq!(App::decode(&mut &bytes[..]).unwrap(), a);
}

#[test]
fn storage_items_use_the_containers_prefix_and_fixed_names() {
    assert_eq!(storage::PALLET, "Containers");
    assert_eq!(
        (storage::APPS.pallet(), storage::APPS.item()),
        ("Containers", "Apps")
    );
    assert_eq!(storage::APPS_BY_OWNER.item(), "AppsByOwner");
    assert_eq!(storage::APP_COUNT.item(), "AppCount");
    // Every key the pallet writes is under the `Containers` prefix.
    let (mut s, mut sink) = setup();
    let before: BTreeSet<_> = s.keys().cloned().collect();
    signed(&mut s, &mut sink, 1, deploy("web", 1)).unwrap();
    let prefix = &storage::APPS.prefix()[..16];
    for key in s.keys().filter(|k| !before.contains(*k)) {
        assert_eq!(&key[..16], prefix);
    }
    assert_eq!(
        storage::APPS.final_key(&b"web".to_vec()).len(),
        32 + 16 + 1 + 3
    );
    assert_invariants(&s);
}

#[test]
fn reads_default_before_any_deploy() {
    let s = MemState::new();
    assert_eq!(Containers::app(&s, b"web"), None);
    assert!(Containers::apps_of(&s, &acc(1)).is_empty());
    assert_eq!(Containers::app_count(&s), 0);
    assert_invariants(&s);
}
