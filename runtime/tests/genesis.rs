//! Genesis config JSON and checks.

mod common;

use common::*;
use metanode_runtime::{
    genesis_storage, queries, GenesisConfig, GenesisError, Token, EXISTENTIAL_DEPOSIT,
};

fn config() -> GenesisConfig {
    GenesisConfig {
        balances: vec![(alice(), 10 * UNIT)],
        gen: vec![(bob(), 5)],
        nex: vec![],
        aur: vec![(alice(), 7)],
        aur_issuer: Some(alice()),
        admin: alice(),
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
fn genesis_json_is_camel_case() {
    let json = serde_json::to_value(config()).unwrap();
    assert!(json.get("aurIssuer").is_some());
    assert_eq!(json["balances"][0][0], alice().to_string());
    let back: GenesisConfig = serde_json::from_value(json).unwrap();
    assert_eq!(back, config());
    let minimal = serde_json::json!({ "balances": [], "admin": alice().to_string() });
    let parsed: GenesisConfig = serde_json::from_value(minimal).unwrap();
    assert!(parsed.gen.is_empty() && parsed.aur_issuer.is_none());
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
