//! `key generate` / `key inspect` output against Substrate's published //Alice values.

use metanode_cli::args::{KeyOutputArgs, OutputType};
use metanode_cli::commands::key::render;
use metanode_cli::keys::{generate, inspect, seed_of};
use metanode_primitives::{Pair, DEV_PHRASE};

const ALICE_PUBLIC: &str = "0xd43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
const ALICE_SS58: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const ALICE_SEED: &str = "0xe5be9a5092b81bca64be81d212e7f2f9eba183bb7a90954f7b76361f6edb5c0a";

fn text() -> KeyOutputArgs {
    KeyOutputArgs {
        output_type: OutputType::Text,
        ss58_prefix: 42,
    }
}

fn json() -> KeyOutputArgs {
    KeyOutputArgs {
        output_type: OutputType::Json,
        ss58_prefix: 42,
    }
}

#[test]
fn inspect_alice_text_matches_subkey() {
    let info = inspect("//Alice", 42).unwrap();
    let expected = format!(
        "Secret Key URI `//Alice` is account:\n  Network ID:        substrate\n  Secret seed:       {ALICE_SEED}\n  Public key (hex):  {ALICE_PUBLIC}\n  Account ID:        {ALICE_PUBLIC}\n  Public key (SS58): {ALICE_SS58}\n  SS58 Address:      {ALICE_SS58}\n"
    );
    assert_eq!(render(&info, &text()), expected);
}

#[test]
fn inspect_alice_json_matches_subkey() {
    let info = inspect("//Alice", 42).unwrap();
    let value: serde_json::Value = serde_json::from_str(&render(&info, &json())).unwrap();
    assert_eq!(
        value,
        serde_json::json!({
            "accountId": ALICE_PUBLIC,
            "networkId": "substrate",
            "publicKey": ALICE_PUBLIC,
            "secretPhrase": "//Alice",
            "secretSeed": ALICE_SEED,
            "ss58Address": ALICE_SS58,
            "ss58PublicKey": ALICE_SS58,
        })
    );
}

#[test]
fn inspect_dev_phrase_and_seed() {
    let info = inspect(DEV_PHRASE, 42).unwrap();
    let out = render(&info, &text());
    assert!(
        out.starts_with(&format!("Secret phrase:       {DEV_PHRASE}\n")),
        "{out}"
    );
    assert!(
        out.contains("0x46ebddef8cd9bb167dc30878d7113b7e168e6f0646beffd77d69d39bad76b47a"),
        "{out}"
    );
    assert!(
        out.contains("0xfac7959dbfe72f052e5a0c3c8d6530f202b02fd8f9f5ca3580ec8deb7797479e"),
        "{out}"
    );
    // The seed reproduces the same key.
    let by_seed = inspect(ALICE_SEED, 42).unwrap();
    assert_eq!(
        format!("{:?}", by_seed.public.as_bytes()),
        format!("{:?}", inspect("//Alice", 42).unwrap().public.as_bytes())
    );
}

#[test]
fn soft_derivation_has_no_seed() {
    let info = inspect("//Alice/soft", 42).unwrap();
    assert!(info.seed.is_none());
    assert!(render(&info, &text()).contains("Secret seed:       n/a"));
    assert_eq!(seed_of("//Alice/soft").unwrap(), None);
    assert_eq!(
        info.public,
        Pair::from_string("//Alice/soft", None).unwrap().public()
    );
}

#[test]
fn other_prefix_changes_network_and_address() {
    let info = inspect("//Alice", 0).unwrap();
    let out = render(
        &info,
        &KeyOutputArgs {
            output_type: OutputType::Text,
            ss58_prefix: 0,
        },
    );
    assert!(out.contains("Network ID:        0\n"), "{out}");
    assert!(
        out.contains("15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5"),
        "{out}"
    );
}

#[test]
fn generate_makes_a_phrase_that_inspects_to_the_same_key() {
    for words in [12, 24] {
        let info = generate(words, 42);
        assert_eq!(info.secret.split_whitespace().count(), words);
        let again = inspect(&info.secret, 42).unwrap();
        assert_eq!(again.public, info.public);
        assert_eq!(again.seed, info.seed);
        assert!(info.seed.is_some());
        let out = render(&info, &text());
        assert!(out.starts_with("Secret phrase:       "), "{out}");
    }
}

#[test]
fn inspect_rejects_garbage() {
    let err = inspect("not a real phrase at all", 42).unwrap_err();
    assert!(err.to_string().contains("invalid BIP39 phrase"), "{err}");
    assert!(inspect("0x1234", 42).is_err());
}
