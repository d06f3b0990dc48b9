//! `--from` / `--to` loading: secret URIs, key files (text and JSON), permissions, addresses.

use std::io::Write;

use clap::Parser;
use metanode_cli::args::{Cli, Command, TokenArg};
use metanode_cli::keys::inspect;
use metanode_cli::keysource::{load_signer, parse_account, secret_from_file_text};

const ALICE_PUBLIC: &str = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
const BOB_PUBLIC: &str = "8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48";
const BOB_SS58: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

fn hex_public(signer: &metanode_cli::keysource::Signer) -> String {
    hex::encode(signer.pair.public().as_bytes())
}

#[cfg(unix)]
fn chmod(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

#[test]
fn suri_sources() {
    let alice = load_signer("//Alice").unwrap();
    assert_eq!(hex_public(&alice), ALICE_PUBLIC);
    assert!(alice.file.is_none() && alice.warning.is_none());
    let phrase = format!("{}//Alice", metanode_primitives::DEV_PHRASE);
    assert_eq!(hex_public(&load_signer(&phrase).unwrap()), ALICE_PUBLIC);
    let err = load_signer("//").err().unwrap();
    assert!(err.to_string().contains("invalid secret URI"), "{err}");
    let seed = "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a";
    assert_eq!(hex_public(&load_signer(seed).unwrap()), ALICE_PUBLIC);
    // A path that does not exist is an error, not a soft-derived dev key.
    for missing in ["/nonexistent/alice.key", "alice.json", "./keys/alice"] {
        let err = load_signer(missing).err().unwrap();
        assert!(
            err.to_string().contains("not a key file (no such file)"),
            "{err}"
        );
    }
}

#[test]
fn text_key_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alice.key");
    std::fs::write(&path, "//Alice\n").unwrap();
    #[cfg(unix)]
    chmod(&path, 0o600);
    let signer = load_signer(path.to_str().unwrap()).unwrap();
    assert_eq!(hex_public(&signer), ALICE_PUBLIC);
    assert_eq!(signer.file.as_deref(), Some(path.as_path()));
    assert!(signer.warning.is_none());
}

#[test]
fn json_key_file_from_key_generate() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.json");
    let info = metanode_cli::keys::generate(12, 42);
    let mut file = std::fs::File::create(&path).unwrap();
    writeln!(
        file,
        "{}",
        serde_json::to_string_pretty(&info.to_json()).unwrap()
    )
    .unwrap();
    drop(file);
    #[cfg(unix)]
    chmod(&path, 0o600);
    let signer = load_signer(path.to_str().unwrap()).unwrap();
    assert_eq!(signer.pair.public(), info.public);
    // The JSON of `key inspect //Alice` works as a key file too.
    let alice = inspect("//Alice", 42).unwrap().to_json().to_string();
    assert_eq!(secret_from_file_text(&alice).as_deref(), Some("//Alice"));
    // secretSeed is the fallback.
    let seed_only =
        r#"{"secretSeed":"0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a"}"#;
    std::fs::write(&path, seed_only).unwrap();
    assert_eq!(
        hex_public(&load_signer(path.to_str().unwrap()).unwrap()),
        ALICE_PUBLIC
    );
    std::fs::write(&path, r#"{"publicKey":"0x00"}"#).unwrap();
    let err = load_signer(path.to_str().unwrap()).err().unwrap();
    assert!(
        err.to_string().contains("neither \"secretPhrase\""),
        "{err}"
    );
    std::fs::write(&path, "not a phrase").unwrap();
    let err = load_signer(path.to_str().unwrap()).err().unwrap();
    assert!(
        err.to_string().contains("does not hold a valid secret URI"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn readable_key_file_warns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("open.key");
    std::fs::write(&path, "//Alice").unwrap();
    chmod(&path, 0o644);
    let signer = load_signer(path.to_str().unwrap()).unwrap();
    let warning = signer.warning.expect("a warning");
    assert!(
        warning.contains("mode 644") && warning.contains("chmod 600"),
        "{warning}"
    );
}

#[test]
fn accounts() {
    assert_eq!(
        hex::encode(parse_account("//Bob").unwrap().as_bytes()),
        BOB_PUBLIC
    );
    assert_eq!(
        hex::encode(parse_account(BOB_SS58).unwrap().as_bytes()),
        BOB_PUBLIC
    );
    assert_eq!(
        hex::encode(
            parse_account(&format!("0x{BOB_PUBLIC}"))
                .unwrap()
                .as_bytes()
        ),
        BOB_PUBLIC
    );
    let err = parse_account("bob").unwrap_err();
    assert!(err.to_string().contains("is not an account"), "{err}");
}

#[test]
fn transfer_arguments_parse() {
    let cli = Cli::try_parse_from([
        "metanode-cli",
        "--url",
        "ws://127.0.0.1:1",
        "transfer",
        "--from",
        "//Alice",
        "--token",
        "gen",
        "--to",
        "//Bob",
        "1.5",
    ])
    .unwrap();
    assert_eq!(cli.rpc.url, "ws://127.0.0.1:1");
    let Command::Transfer(args) = cli.command else {
        panic!("not a transfer")
    };
    assert_eq!(args.token, TokenArg::Gen);
    assert_eq!(args.amount, "1.5");
    assert_eq!(args.timeout, 60);
    // A negative amount reaches the amount parser (which rejects it) instead of being a flag.
    let cli = Cli::try_parse_from([
        "metanode-cli",
        "transfer",
        "--from",
        "//Alice",
        "--token",
        "FLX",
        "--to",
        "//Bob",
        "-5",
    ])
    .unwrap();
    let Command::Transfer(args) = cli.command else {
        panic!("not a transfer")
    };
    assert_eq!(args.amount, "-5");
    assert_eq!(cli.rpc.url, "ws://127.0.0.1:9944");
    assert!(Cli::try_parse_from([
        "metanode-cli",
        "transfer",
        "--from",
        "//Alice",
        "--token",
        "XYZ",
        "--to",
        "//Bob",
        "1",
    ])
    .is_err());
    assert!(Cli::try_parse_from(["metanode-cli", "key", "generate", "--words", "13"]).is_err());
}
