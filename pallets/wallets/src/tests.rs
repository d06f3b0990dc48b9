//! Unit tests against a mock runtime (System + Balances with ED = 10). Each test ends with the issuance invariant
//! for all four tokens.

use metanode_pallet_balances as balances;
use metanode_pallet_system as system;
use metanode_primitives::MultiAddress;
use metanode_support::codec::{Decode, Encode};
use metanode_support::testing::{MemState, RecordingSink};
use metanode_support::DispatchError;

use super::*;

struct Test;
impl balances::Config for Test {
    type AccountStore = system::Pallet;
    const EXISTENTIAL_DEPOSIT: u128 = 10;
}
impl Config for Test {
    type Currency = balances::Pallet<Test>;
}
type Wallets = Pallet<Test>;

fn acc(n: u8) -> AccountId32 {
    AccountId32([n; 32])
}

/// Accounts 1 and 2 hold 100 of every token; account 9 is the AUR issuer.
fn setup() -> (MemState, RecordingSink) {
    let mut s = MemState::new();
    let mut sink = RecordingSink::default();
    for who in [acc(1), acc(2)] {
        let mut ctx = Context::new(&mut s, &mut sink);
        <balances::Pallet<Test> as Currency>::deposit(&mut ctx, &who, 100).unwrap();
        for token in Token::WALLET_TOKENS {
            Wallets::mint(&mut s, token, &who, 100).unwrap();
        }
    }
    Wallets::set_issuer(&mut s, &acc(9));
    sink.clear();
    (s, sink)
}

fn dispatch(s: &mut MemState, sink: &mut RecordingSink, who: u8, call: Call) -> DispatchResult {
    let mut ctx = Context::new(s, sink);
    ctx.with_transaction(|c| Wallets::dispatch(c, Origin::Signed(acc(who)), call))
}

fn transfer(token: Token, to: u8, amount: u128) -> Call {
    Call::transfer {
        token,
        dest: MultiAddress::Id(acc(to)),
        amount,
    }
}

fn assert_issuance_invariant(s: &MemState) {
    for token in Token::WALLET_TOKENS {
        let sum: u128 = storage::BALANCES
            .iter_prefix(s, &token)
            .map(|(_, b)| b)
            .sum();
        assert_eq!(Wallets::total_issuance(s, token), sum, "{token} issuance");
    }
    let flx: u128 = system::storage::ACCOUNT
        .iter(s)
        .map(|(_, i)| i.data.total())
        .sum();
    assert_eq!(Wallets::total_issuance(s, Token::FLX), flx, "FLX issuance");
}

#[test]
fn transfers_every_token() {
    let (mut s, mut sink) = setup();
    for token in Token::ALL {
        assert_eq!(
            dispatch(&mut s, &mut sink, 1, transfer(token, 3, 40)),
            Ok(()),
            "{token}"
        );
        assert_eq!(Wallets::balance(&s, token, &acc(1)), 60);
        assert_eq!(Wallets::balance(&s, token, &acc(3)), 40);
    }
    let events = sink.events_of::<Event>();
    assert_eq!(events.len(), 4);
    assert_eq!(
        events[0],
        Event::Transfer {
            token: Token::GEN,
            from: acc(1),
            to: acc(3),
            amount: 40
        }
    );
    assert!(sink
        .events_of::<balances::Event>()
        .contains(&balances::Event::Transfer {
            from: acc(1),
            to: acc(3),
            amount: 40
        }));
    assert_issuance_invariant(&s);
}

#[test]
fn overspend_and_bad_input_change_nothing() {
    let (mut s, mut sink) = setup();
    let before = s.clone();
    assert_eq!(
        dispatch(&mut s, &mut sink, 1, transfer(Token::GEN, 2, 101)),
        Err(Error::InsufficientBalance.into())
    );
    assert_eq!(
        dispatch(&mut s, &mut sink, 1, transfer(Token::FLX, 2, 101)),
        Err(balances::Error::InsufficientBalance.into())
    );
    assert_eq!(
        dispatch(&mut s, &mut sink, 3, transfer(Token::NEX, 2, 1)),
        Err(Error::InsufficientBalance.into())
    );
    let raw = Call::transfer {
        token: Token::AUR,
        dest: MultiAddress::Address20([0; 20]),
        amount: 1,
    };
    assert_eq!(
        dispatch(&mut s, &mut sink, 1, raw),
        Err(DispatchError::CannotLookup)
    );
    assert_eq!(s, before);
    assert_issuance_invariant(&s);
}

#[test]
fn zero_balances_are_not_stored_and_self_transfers_are_no_ops() {
    let (mut s, mut sink) = setup();
    assert_eq!(
        dispatch(&mut s, &mut sink, 1, transfer(Token::NEX, 2, 100)),
        Ok(())
    );
    assert!(!storage::BALANCES.contains_key(&s, &Token::NEX, &acc(1)));
    assert_eq!(
        dispatch(&mut s, &mut sink, 2, transfer(Token::NEX, 2, 200)),
        Ok(())
    );
    assert_eq!(Wallets::balance(&s, Token::NEX, &acc(2)), 200);
    assert_eq!(sink.events_of::<Event>().len(), 1);
    assert_issuance_invariant(&s);
}

#[test]
fn only_the_issuer_mints_and_burns_aur() {
    let (mut s, mut sink) = setup();
    let mint = |to: u8, amount| Call::mint_aur {
        dest: MultiAddress::Id(acc(to)),
        amount,
    };
    assert_eq!(
        dispatch(&mut s, &mut sink, 1, mint(1, 5)),
        Err(Error::NotIssuer.into())
    );
    assert_eq!(
        dispatch(&mut s, &mut sink, 1, Call::burn_aur { amount: 5 }),
        Err(Error::NotIssuer.into())
    );
    assert_eq!(dispatch(&mut s, &mut sink, 9, mint(9, 50)), Ok(()));
    assert_eq!(
        dispatch(&mut s, &mut sink, 9, Call::burn_aur { amount: 51 }),
        Err(Error::InsufficientBalance.into())
    );
    assert_eq!(
        dispatch(&mut s, &mut sink, 9, Call::burn_aur { amount: 20 }),
        Ok(())
    );
    assert_eq!(Wallets::balance(&s, Token::AUR, &acc(9)), 30);
    assert_eq!(Wallets::total_issuance(&s, Token::AUR), 230);
    assert_eq!(
        dispatch(&mut s, &mut sink, 9, mint(1, u128::MAX)),
        Err(ArithmeticError::Overflow.into())
    );
    assert_eq!(
        sink.events_of::<Event>(),
        vec![
            Event::AurMinted {
                to: acc(9),
                amount: 50
            },
            Event::AurBurned {
                from: acc(9),
                amount: 20
            }
        ]
    );
    assert_issuance_invariant(&s);
}

#[test]
fn set_aur_issuer_is_root_only() {
    let (mut s, mut sink) = setup();
    let call = Call::set_aur_issuer {
        new: MultiAddress::Id(acc(1)),
    };
    assert_eq!(
        dispatch(&mut s, &mut sink, 9, call.clone()),
        Err(DispatchError::BadOrigin)
    );
    let mut ctx = Context::new(&mut s, &mut sink);
    assert_eq!(Wallets::dispatch(&mut ctx, Origin::Root, call), Ok(()));
    assert_eq!(Wallets::aur_issuer(&s), Some(acc(1)));
    assert_eq!(
        sink.events_of::<Event>(),
        vec![Event::AurIssuerChanged {
            old: Some(acc(9)),
            new: acc(1)
        }]
    );
    assert!(Wallets::mint(&mut s, Token::FLX, &acc(1), 1).is_err());
    assert_issuance_invariant(&s);
}

#[test]
fn unknown_token_bytes_do_not_decode() {
    let good = transfer(Token::AUR, 2, 1).encode();
    assert_eq!(good[..2], [0, 3]);
    let mut bad = good.clone();
    bad[1] = 9;
    assert!(Call::decode(&mut &bad[..]).is_err());
    assert_eq!("gen".parse::<Token>(), Ok(Token::GEN));
    assert!("XYZ"
        .parse::<Token>()
        .unwrap_err()
        .to_string()
        .contains("GEN, NEX, FLX, AUR"));
    assert_eq!(Error::from_index(2), Some(Error::NotIssuer));
    let (s, _) = setup();
    assert_issuance_invariant(&s);
}
