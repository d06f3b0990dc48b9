//! Offline parts of `transfer` and `balance`: the call's bytes, the signed extrinsic, reading
//! the outcome from events, token metadata, and the balance table.

use metanode_cli::args::TokenArg;
use metanode_cli::chain::{decimals_of, token_metas, TokenMeta};
use metanode_cli::commands::balance::{render, AccountBalances};
use metanode_cli::commands::outcome::{find_index, outcome, OutcomeError};
use metanode_cli::commands::transfer::{sign, token_of, transfer_call};
use metanode_primitives::codec::Encode;
use metanode_primitives::{AdditionalSigned, Era, Pair, H256};
use metanode_rpc::{Bytes, RuntimeVersionJson};
use metanode_runtime::support::{AccountData, AccountInfo, DispatchError, DispatchInfo};
use metanode_runtime::system::Phase;
use metanode_runtime::{balances, system, wallets, EventRecord, RuntimeEvent, Token};

fn alice() -> Pair {
    Pair::from_string("//Alice", None).unwrap()
}

fn bob() -> metanode_primitives::AccountId32 {
    Pair::from_string("//Bob", None).unwrap().public()
}

fn version() -> RuntimeVersionJson {
    RuntimeVersionJson {
        spec_name: "metanode".into(),
        impl_name: "metanode-node".into(),
        authoring_version: 1,
        spec_version: 7,
        impl_version: 1,
        apis: vec![],
        transaction_version: 3,
        system_version: 1,
    }
}

#[test]
fn transfer_call_bytes() {
    let call = transfer_call(token_of(TokenArg::Gen), bob(), 1_000_000);
    let mut expected = vec![3u8, 0, 0, 0];
    expected.extend_from_slice(bob().as_bytes());
    expected.extend_from_slice(&[0x02, 0x09, 0x3d, 0x00]); // Compact(1_000_000)
    assert_eq!(call.encode(), expected);
    assert_eq!(token_of(TokenArg::Flx), Token::FLX);
    assert_eq!(token_of(TokenArg::Aur), Token::AUR);
    assert_eq!(token_of(TokenArg::Nex), Token::NEX);
}

#[test]
fn signed_transfer_verifies_with_the_chain_context() {
    let genesis = H256::repeat_byte(0x47);
    let birth = (100u32, H256::repeat_byte(0x64));
    let call = transfer_call(Token::FLX, bob(), 5);
    let xt = sign(&call, &alice(), 9, genesis, birth, &version());
    let (address, _, extra) = xt.signature.clone().expect("signed");
    assert_eq!(
        address,
        metanode_primitives::MultiAddress::Id(alice().public())
    );
    assert_eq!(extra.nonce, 9);
    assert_eq!(extra.tip, 0);
    assert_eq!(extra.era, Era::mortal(64, 100));
    assert_eq!(extra.era.birth(100), 100);
    let additional = AdditionalSigned {
        spec_version: 7,
        tx_version: 3,
        genesis_hash: genesis,
        era_block_hash: birth.1,
    };
    assert_eq!(xt.verify_signature(&additional).unwrap(), alice().public());
    let wrong = AdditionalSigned {
        spec_version: 8,
        ..additional
    };
    assert!(xt.verify_signature(&wrong).is_err());
    // The tx hash the CLI matches in the block is blake2_256 of the full encoding.
    let encoded = Bytes(xt.encode());
    let other = Bytes(vec![4, 1, 2, 3]);
    assert_eq!(find_index(&[other, encoded], xt.hash()), Some(1));
    assert_eq!(find_index(&[], xt.hash()), None);
}

fn record(index: u32, event: RuntimeEvent) -> EventRecord {
    EventRecord {
        phase: Phase::ApplyExtrinsic(index),
        event,
        topics: vec![],
    }
}

#[test]
fn outcome_from_events() {
    let block = H256::repeat_byte(1);
    let signer = alice().public();
    let withdraw = |who, amount| RuntimeEvent::Balances(balances::Event::Withdraw { who, amount });
    let events = vec![
        record(
            0,
            RuntimeEvent::System(system::Event::ExtrinsicSuccess {
                dispatch_info: DispatchInfo::default(),
            }),
        ),
        record(1, withdraw(signer, 125)),
        record(1, withdraw(signer, 999)),
        record(
            1,
            RuntimeEvent::System(system::Event::ExtrinsicFailed {
                dispatch_error: DispatchError::from(wallets::Error::InsufficientBalance),
                dispatch_info: DispatchInfo::default(),
            }),
        ),
        record(2, withdraw(bob(), 50)),
        record(
            2,
            RuntimeEvent::System(system::Event::ExtrinsicSuccess {
                dispatch_info: DispatchInfo::default(),
            }),
        ),
    ];
    let failed = outcome(&events, block, 1, &signer).unwrap();
    assert_eq!(failed.fee, Some(125));
    assert_eq!(
        failed.result,
        Err("Wallets.InsufficientBalance".to_string())
    );
    let ok = outcome(&events, block, 2, &bob()).unwrap();
    assert_eq!(ok.fee, Some(50));
    assert_eq!(ok.result, Ok(()));
    let free = outcome(&events, block, 0, &signer).unwrap();
    assert_eq!(free.fee, None);
    assert_eq!(
        outcome(&events, block, 3, &signer),
        Err(OutcomeError::NoResultEvent { block, index: 3 })
    );
}

fn metas() -> Vec<TokenMeta> {
    let props: metanode_rpc::Properties = serde_json::from_value(serde_json::json!({
        "ss58Format": 42,
        "tokenSymbol": ["FLX", "GEN", "NEX", "AUR"],
        "tokenDecimals": [12, 12, 6, 0],
    }))
    .unwrap();
    token_metas(&props).unwrap()
}

#[test]
fn token_metadata_from_properties() {
    let metas = metas();
    assert_eq!(decimals_of(&metas, "nex").unwrap(), 6);
    assert_eq!(decimals_of(&metas, "AUR").unwrap(), 0);
    let err = decimals_of(&metas, "XYZ").unwrap_err();
    assert!(err.to_string().contains("FLX, GEN, NEX, AUR"), "{err}");
    let single: metanode_rpc::Properties =
        serde_json::from_value(serde_json::json!({"tokenSymbol": "FLX", "tokenDecimals": 12}))
            .unwrap();
    assert_eq!(
        token_metas(&single).unwrap(),
        vec![TokenMeta {
            symbol: "FLX".into(),
            decimals: 12
        }]
    );
    let mismatched: metanode_rpc::Properties = serde_json::from_value(
        serde_json::json!({"tokenSymbol": ["FLX", "GEN"], "tokenDecimals": [12]}),
    )
    .unwrap();
    assert!(token_metas(&mismatched).is_err());
    assert!(token_metas(&metanode_rpc::Properties::new()).is_err());
}

#[test]
fn balance_table() {
    let balances = AccountBalances {
        account: AccountInfo {
            nonce: 1,
            consumers: 0,
            providers: 1,
            sufficients: 0,
            data: AccountData {
                free: 1_500_000_000_000,
                reserved: 0,
                frozen: 0,
                flags: 0,
            },
        },
        wallets: [
            (Token::GEN, 2_000_000_000_000),
            (Token::NEX, 1),
            (Token::AUR, 42),
        ],
    };
    assert_eq!(balances.of(Token::FLX), 1_500_000_000_000);
    assert_eq!(balances.of(Token::AUR), 42);
    let out = render(&alice().public(), 7, H256::zero(), &balances, &metas());
    let expected = format!(
        "Account 5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY at block #7 {:?}\n  FLX  1.5 (reserved 0, frozen 0)\n  GEN  2\n  NEX  0.000001\n  AUR  42\n",
        H256::zero()
    );
    assert_eq!(out, expected);
}
