//! Golden tests: keys, derivation, SS58 and hashes against Substrate's published values.

use metanode_primitives::crypto::DeriveJunction;
use metanode_primitives::{
    twox_128, verify, verify_batch, AccountId32, Pair, DEV_PHRASE, SIGNING_CONTEXT,
};
use schnorrkel::derive::{ChainCode, Derivation};

const ALICE: &str = "d43593c715fdd31c61141abd04a99fd6822c8558854ccde39a5684e7a56da27d";
const ALICE_SS58: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";
const BOB: &str = "8eaf04151687736326c9fea17e25fc5287613693c912909cb226aa4794f26a48";
const BOB_SS58: &str = "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty";

fn pair(suri: &str) -> Pair {
    Pair::from_string(suri, None).expect("valid secret URI")
}

#[test]
fn dev_accounts_match_substrate() {
    let alice = pair("//Alice").public();
    assert_eq!(hex::encode(alice.0), ALICE);
    assert_eq!(alice.to_ss58(42), ALICE_SS58);
    assert_eq!(alice.to_string(), ALICE_SS58);
    let bob = pair("//Bob").public();
    assert_eq!(hex::encode(bob.0), BOB);
    assert_eq!(bob.to_ss58(42), BOB_SS58);
    assert_eq!(pair(&format!("{DEV_PHRASE}//Alice")).public(), alice);
}

#[test]
fn ss58_of_other_networks() {
    let alice = pair("//Alice").public();
    // Polkadot (0) and Kusama (2) forms of //Alice.
    assert_eq!(
        alice.to_ss58(0),
        "15oF4uVJwmo4TdGW7VfQxNLavjCXviqxT9S1MgbjMNHr6Sp5"
    );
    assert_eq!(
        alice.to_ss58(2),
        "HNZata7iMYWmk5RvZRTiAsSDhV8366zq2YGb3tLH5Upf74F"
    );
    assert_eq!(AccountId32::from_ss58(ALICE_SS58), Ok((alice, 42)));
    assert_eq!(AccountId32::parse(&format!("0x{ALICE}")), Ok(alice));
}

#[test]
fn substrate_sr25519_test_vectors() {
    // sp-core sr25519 tests: `derive_soft_known_pair_should_work`, `sr_test_vector_should_work`,
    // `seeded_pair_should_work`.
    assert_eq!(
        hex::encode(pair(&format!("{DEV_PHRASE}/Alice")).public().0),
        "d6c71059dbbe9ad2b0ed3f289738b800836eb425544ce694825285b958ca755e"
    );
    assert_eq!(
        pair("/Alice").public(),
        pair(&format!("{DEV_PHRASE}/Alice")).public()
    );
    let seed: [u8; 32] =
        hex::decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
            .expect("hex")
            .try_into()
            .expect("32 bytes");
    assert_eq!(
        hex::encode(Pair::from_seed(&seed).public().0),
        "44a996beb1eef7bdcab976ab6d2ca26104834164ecf28fb375600576fcc6eb0f"
    );
    assert_eq!(
        hex::encode(
            Pair::from_seed(b"12345678901234567890123456789012")
                .public()
                .0
        ),
        "741c08a06f41c596608f6774259bd9043304adfa5d3eea62760bd9be97634d63"
    );
    // A 0x seed in a URI is the mini secret itself.
    assert_eq!(
        pair(&format!("0x{}", hex::encode(seed))).public(),
        Pair::from_seed(&seed).public()
    );
}

#[test]
fn password_in_uri_equals_password_argument() {
    // sp-core `default_phrase_should_be_used`.
    let from_uri = pair("//Alice///password").public();
    let from_arg = Pair::from_string(&format!("{DEV_PHRASE}//Alice"), Some("password"))
        .expect("valid")
        .public();
    assert_eq!(from_uri, from_arg);
    assert_ne!(from_uri, pair("//Alice").public());
}

#[test]
fn soft_junction_round_trips_through_public_derivation() {
    let alice = pair("//Alice");
    let soft = pair("//Alice/soft");
    assert_ne!(soft.public(), alice.public());
    // Soft derivation can be done from the public key alone, and must agree.
    let DeriveJunction::Soft(cc) = DeriveJunction::from_text("soft", false) else {
        panic!("soft expected")
    };
    let (public, _) = alice.keypair().public.derived_key_simple(ChainCode(cc), []);
    assert_eq!(public.to_bytes(), soft.public().0);
    // Deriving step by step equals deriving the whole path.
    assert_eq!(
        alice
            .derive(&[DeriveJunction::from_text("soft", false)])
            .public(),
        soft.public()
    );
    // Hard and soft junctions with the same text differ; numeric junctions are u64s.
    assert_ne!(pair("//Alice//soft").public(), soft.public());
    assert_ne!(pair("//Alice/1").public(), pair("//Alice/01x").public());
    assert_eq!(pair("//Alice/1").public(), pair("//Alice/01").public());
}

#[test]
fn bad_uris_are_refused() {
    assert!(Pair::from_string("bottom drive obey lake", None).is_err());
    assert!(Pair::from_string("0x1234", None).is_err());
    assert!(Pair::from_string("0xzz", None).is_err());
    assert!(Pair::from_string("//Alice//", None).is_err());
}

#[test]
fn generated_phrases_reload_to_the_same_key() {
    for words in [12, 24] {
        let (generated, phrase) = Pair::generate_with_phrase(words);
        assert_eq!(phrase.split_whitespace().count(), words);
        assert_eq!(
            Pair::from_phrase(&phrase, None)
                .expect("valid phrase")
                .public(),
            generated.public()
        );
        assert_eq!(pair(&phrase).public(), generated.public());
    }
}

#[test]
fn signatures_verify_with_schnorrkel_directly() {
    let alice = pair("//Alice");
    let message = b"metanode";
    let signature = alice.sign(message);
    assert!(verify(&signature, message, &alice.public()));
    let public = schnorrkel::PublicKey::from_bytes(&alice.public().0).expect("public key");
    let raw = schnorrkel::Signature::from_bytes(&signature.0).expect("signature");
    assert!(public.verify_simple(SIGNING_CONTEXT, message, &raw).is_ok());
    assert!(!verify(&signature, b"other", &alice.public()));
    assert!(!verify(&signature, message, &pair("//Bob").public()));
}

#[test]
fn batch_verification() {
    let alice = pair("//Alice");
    let bob = pair("//Bob");
    let (sa, sb) = (alice.sign(b"a"), bob.sign(b"b"));
    let (pa, pb) = (alice.public(), bob.public());
    assert!(verify_batch(&[(b"a", &sa, &pa), (b"b", &sb, &pb)]));
    assert!(!verify_batch(&[(b"a", &sa, &pa), (b"b", &sa, &pb)]));
    assert!(!verify_batch(&[(b"a", &sa, &pb)]));
    assert!(verify_batch(&[]));
}

#[test]
fn storage_prefix_hashes() {
    assert_eq!(
        hex::encode(twox_128(b"System")),
        "26aa394eea5630e07c48ae0c9558cef7"
    );
    assert_eq!(
        hex::encode(twox_128(b"Account")),
        "b99d880ec681799c0cf30e8886371da9"
    );
}
