//! `validators` offline: argument parsing, call encoding, the set table, and reading a sudo outcome from events.

use clap::Parser;
use metanode_cli::args::{Cli, Command, ValidatorsCommand};
use metanode_cli::commands::outcome::{epoch_scheduled, sudo_result};
use metanode_cli::commands::validators::{add_call, remove_call, render_set};
use metanode_primitives::codec::Encode;
use metanode_primitives::{AccountId32, Pair};
use metanode_runtime::support::DispatchError;
use metanode_runtime::system::Phase;
use metanode_runtime::{admin, validators, EventRecord, RuntimeEvent, ValidatorInfo};

fn bob() -> AccountId32 {
    Pair::from_string("//Bob", None).unwrap().public()
}

fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(std::iter::once("metanode-cli").chain(args.iter().copied()))
}

#[test]
fn parses_list_add_and_remove() {
    let cli = parse(&["validators", "list"]).unwrap();
    assert!(matches!(
        cli.command,
        Command::Validators(ValidatorsCommand::List)
    ));

    let cli = parse(&[
        "validators",
        "add",
        "--from",
        "//Alice",
        "--session",
        "//Bob",
        "--network-key",
        "12D3KooWBob",
    ])
    .unwrap();
    let Command::Validators(ValidatorsCommand::Add(args)) = cli.command else {
        panic!("add expected");
    };
    assert_eq!(args.from, "//Alice");
    assert_eq!(args.session, "//Bob");
    assert_eq!(args.network_key, "12D3KooWBob");
    assert_eq!(args.timeout, 60);

    let cli = parse(&[
        "validators",
        "remove",
        "--from",
        "//Alice",
        "--session",
        "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty",
        "--timeout",
        "5",
    ])
    .unwrap();
    let Command::Validators(ValidatorsCommand::Remove(args)) = cli.command else {
        panic!("remove expected");
    };
    assert_eq!(args.session, bob().to_string());
    assert_eq!(args.timeout, 5);
}

#[test]
fn refuses_bad_arguments_before_anything_is_sent() {
    // add needs a network key; remove takes none.
    assert!(parse(&[
        "validators",
        "add",
        "--from",
        "//Alice",
        "--session",
        "//Bob"
    ])
    .is_err());
    assert!(parse(&[
        "validators",
        "remove",
        "--from",
        "//Alice",
        "--session",
        "//Bob",
        "--network-key",
        "x"
    ])
    .is_err());
    let too_long = "a".repeat(129);
    for bad in ["", "12D3 KooW", too_long.as_str()] {
        let err = parse(&[
            "validators",
            "add",
            "--from",
            "//Alice",
            "--session",
            "//Bob",
            "--network-key",
            bad,
        ])
        .unwrap_err()
        .to_string();
        assert!(err.contains("network key"), "{bad:?}: {err}");
    }
    assert!(parse(&["validators", "rotate"]).is_err());
}

#[test]
fn calls_are_sudo_wrapped_with_stable_indices() {
    assert_eq!(validators::PALLET_INDEX, 4);
    let add = add_call(bob(), "12D3KooWBob").encode();
    // Admin (5) . sudo (0) . Validators (4) . add_validator (0) . session key . network key.
    let mut expected = vec![5, 0, 4, 0];
    expected.extend_from_slice(bob().as_bytes());
    expected.push(11 << 2);
    expected.extend_from_slice(b"12D3KooWBob");
    assert_eq!(add, expected);

    let remove = remove_call(bob()).encode();
    let mut expected = vec![5, 0, 4, 1];
    expected.extend_from_slice(bob().as_bytes());
    assert_eq!(remove, expected);
    assert_eq!(
        metanode_runtime::decode_call(&remove),
        Ok(remove_call(bob()))
    );
}

#[test]
fn renders_the_set_in_leader_order() {
    let set = vec![
        ValidatorInfo {
            session_key: bob(),
            network_key: b"12D3KooWBob".to_vec(),
        },
        ValidatorInfo {
            session_key: AccountId32([1; 32]),
            network_key: Vec::new(),
        },
    ];
    let table = render_set(&set, 42);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 4, "{table}");
    assert!(lines[1]
        .trim_start()
        .starts_with("0  5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty"));
    assert!(lines[1].ends_with("12D3KooWBob"));
    assert!(lines[2].trim_start().starts_with('1') && lines[2].ends_with('-'));
    assert_eq!(table.matches("12D3KooW").count(), 1);
    assert!(lines[3].contains("2 validator(s)"));
}

fn record(index: u32, event: RuntimeEvent) -> EventRecord {
    EventRecord {
        phase: Phase::ApplyExtrinsic(index),
        event,
        topics: Vec::new(),
    }
}

#[test]
fn reads_the_sudo_result_and_the_scheduled_epoch_of_its_extrinsic() {
    let failed: DispatchError = validators::Error::AlreadyValidator.into();
    let events = vec![
        record(
            1,
            RuntimeEvent::Admin(admin::Event::Sudid {
                sudo_result: Err(failed),
            }),
        ),
        record(
            2,
            RuntimeEvent::Validators(validators::Event::NewEpochScheduled {
                epoch: 3,
                validators: 5,
            }),
        ),
        record(
            2,
            RuntimeEvent::Admin(admin::Event::Sudid {
                sudo_result: Ok(()),
            }),
        ),
    ];
    assert_eq!(
        sudo_result(&events, 1),
        Some(Err("Validators.AlreadyValidator".to_string()))
    );
    assert_eq!(sudo_result(&events, 2), Some(Ok(())));
    assert_eq!(sudo_result(&events, 3), None);
    assert_eq!(epoch_scheduled(&events, 2), Some((3, 5)));
    assert_eq!(epoch_scheduled(&events, 1), None);
}
