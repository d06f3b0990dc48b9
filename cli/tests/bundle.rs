//! `export-receipts` and `verify --bundle` arguments, and `verify --bundle` failing clearly on bad files without any
//! node (the URL points nowhere).

use std::process::Command;

use clap::Parser;
use metanode_cli::args::{Cli, Command as Cmd};

fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
    Cli::try_parse_from(std::iter::once("metanode-cli").chain(args.iter().copied()))
}

#[test]
fn parses_export_and_verify_bundle() {
    let cli = parse(&[
        "export-receipts",
        "--account",
        "//Alice",
        "--account",
        "//Bob",
        "--from",
        "3",
        "--out",
        "b.json",
    ])
    .unwrap();
    match cli.command {
        Cmd::ExportReceipts(a) => {
            assert_eq!(a.accounts, ["//Alice", "//Bob"]);
            assert_eq!((a.from, a.to), (Some(3), None));
        }
        other => panic!("{other:?}"),
    }
    assert!(parse(&["export-receipts", "--out", "b.json"]).is_err());
    let cli = parse(&["verify", "--bundle", "b.json", "--chain", "dev"]).unwrap();
    assert!(matches!(cli.command, Cmd::Verify(ref v) if v.id.is_none() && v.bundle.is_some()));
    assert!(parse(&["verify", "rx_1", "--bundle", "b.json", "--chain", "dev"]).is_err());
    assert!(parse(&["verify", "--chain", "dev"]).is_err());
}

fn verify_file(contents: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.json");
    std::fs::write(&path, contents).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_metanode-cli"))
        .args(["--url", "ws://127.0.0.1:1", "verify", "--bundle"])
        .arg(&path)
        .args(["--chain", "dev"])
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn bad_bundle_files_are_named_offline() {
    let (ok, err) = verify_file("{\"version\": 1, \"chain\": {");
    assert!(!ok && err.contains("not an evidence bundle"), "{err}");
    let (ok, err) = verify_file("{\"version\": 3}");
    assert!(!ok && err.contains("unsupported bundle version 3"), "{err}");
    let (ok, err) = verify_file("[1, 2]");
    assert!(!ok && err.contains("version"), "{err}");
    // The genesis hash must be the one the spec determines, even when there is nothing else to check.
    let empty = |genesis: String| {
        format!(
            r#"{{"version":1,"chain":{{"name":"x","genesisHash":"{genesis}"}},"validatorSets":[],"blocks":{{}},"receipts":[]}}"#
        )
    };
    let dev_genesis = format!(
        "{:?}",
        metanode_chain_spec::dev_spec().genesis_hash().unwrap()
    );
    let (ok, err) = verify_file(&empty(dev_genesis));
    assert!(
        ok,
        "an empty bundle verifies nothing but is well-formed: {err}"
    );
    let (ok, err) = verify_file(&empty(format!("0x{}", "00".repeat(32))));
    assert!(!ok && err.contains("genesis"), "{err}");
}
