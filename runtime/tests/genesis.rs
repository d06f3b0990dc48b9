//! Genesis config JSON and checks.

mod common;

use common::*;
use metanode_runtime::{
    genesis_storage, queries, GenesisConfig, GenesisError, Token, ValidatorInfo,
    EXISTENTIAL_DEPOSIT,
};

fn config() -> GenesisConfig {
    GenesisConfig {
        balances: vec![(alice(), 10 * UNIT)],
        gen: vec![(bob(), 5)],
        nex: vec![],
        aur: vec![(alice(), 7)],
        aur_issuer: Some(alice()),
        admin: alice(),
        validators: vec![
            ValidatorInfo {
                session_key: alice(),
                network_key: b"12D3KooWAlice".to_vec(),
            },
            ValidatorInfo {
                session_key: bob(),
                network_key: b"12D3KooWBob".to_vec(),
            },
        ],
        mining: Default::default(),
    }
}

#[test]
fn genesis_builds_balances_issuance_and_keys() {
    let state = genesis_storage(&config()).unwrap();
    assert_eq!(
        queries::token_balance(&state, Token::FLX, &alice()),
        10 * UNIT
    );
    assert_eq!(queries::token_balance(&state, Token::GEN, &bob()), 5);
    assert_eq!(queries::total_issuance(&state, Token::AUR), 7);
    assert_eq!(queries::total_issuance(&state, Token::NEX), 0);
    assert_eq!(queries::admin_key(&state), Some(alice()));
    assert_eq!(queries::aur_issuer(&state), Some(alice()));
    assert_eq!(queries::account(&state, &alice()).providers, 1);
    assert!(queries::events(&state).is_empty());
    let raw = state.get(&queries::account_key(&alice())).unwrap();
    assert_eq!(queries::decode_account(raw).unwrap().data.free, 10 * UNIT);
    assert_issuance_invariant(&state);
}

#[test]
fn genesis_writes_the_validator_set_at_epoch_0() {
    let state = genesis_storage(&config()).unwrap();
    assert_eq!(queries::validators(&state), config().validators);
    assert_eq!(queries::validator_epoch(&state), 0);
    let raw = state.get(&queries::validators_key()).unwrap();
    assert_eq!(
        queries::decode_validators(raw).unwrap(),
        config().validators
    );
    let raw = state.get(&queries::validator_epoch_key()).unwrap();
    assert_eq!(queries::decode_validator_epoch(raw), Ok(0));
}

#[test]
fn genesis_json_is_camel_case() {
    let json = serde_json::to_value(config()).unwrap();
    assert!(json.get("aurIssuer").is_some());
    assert_eq!(json["balances"][0][0], alice().to_string());
    assert_eq!(json["validators"][1]["networkKey"], "12D3KooWBob");
    assert_eq!(json["validators"][1]["sessionKey"], bob().to_string());
    let back: GenesisConfig = serde_json::from_value(json).unwrap();
    assert_eq!(back, config());
    let minimal = serde_json::json!({ "balances": [], "admin": alice().to_string() });
    let parsed: GenesisConfig = serde_json::from_value(minimal).unwrap();
    assert!(parsed.gen.is_empty() && parsed.aur_issuer.is_none());
    assert!(parsed.validators.is_empty());
}

#[test]
fn invalid_validator_sets_are_refused() {
    let mut c = config();
    c.validators.push(ValidatorInfo {
        session_key: bob(),
        network_key: b"12D3KooWOther".to_vec(),
    });
    assert_eq!(
        genesis_storage(&c),
        Err(GenesisError::DuplicateValidator { session_key: bob() })
    );
    let mut c = config();
    c.validators[1].network_key = c.validators[0].network_key.clone();
    assert!(matches!(
        genesis_storage(&c),
        Err(GenesisError::DuplicateNetworkKey { .. })
    ));
    let mut c = config();
    c.validators[1].network_key = vec![b'x'; 129];
    let err = genesis_storage(&c).unwrap_err();
    assert!(err.to_string().contains("NetworkKeyTooLong"), "{err}");
    let mut c = config();
    c.validators = (0..=100u8)
        .map(|i| ValidatorInfo {
            session_key: metanode_primitives::AccountId32([i; 32]),
            network_key: Vec::new(),
        })
        .collect();
    assert_eq!(
        genesis_storage(&c),
        Err(GenesisError::TooManyValidators { count: 101 })
    );
    c.validators.pop();
    assert!(genesis_storage(&c).is_ok());
}

#[test]
fn invalid_genesis_says_why() {
    let mut c = config();
    c.gen.push((bob(), 1));
    assert_eq!(
        genesis_storage(&c),
        Err(GenesisError::DuplicateAccount {
            token: Token::GEN,
            account: bob()
        })
    );
    let mut c = config();
    c.balances.push((bob(), 1));
    let err = genesis_storage(&c).unwrap_err();
    assert!(matches!(
        err,
        GenesisError::BelowExistentialDeposit {
            minimum: EXISTENTIAL_DEPOSIT,
            ..
        }
    ));
    assert!(err.to_string().contains("existential deposit"));
    let mut c = config();
    c.aur.push((bob(), u128::MAX));
    assert!(genesis_storage(&c)
        .unwrap_err()
        .to_string()
        .contains("AUR endowment"));
}
