//! Unit tests against a mock runtime: System as the account store, ED = 10. Each test ends with the issuance
//! invariant.

use metanode_pallet_system as system;
use metanode_primitives::MultiAddress;
use metanode_support::codec::Encode;
use metanode_support::testing::{MemState, RecordingSink};
use metanode_support::{DispatchError, State};

use super::*;

struct Test;
impl Config for Test {
    type AccountStore = system::Pallet;
    const EXISTENTIAL_DEPOSIT: u128 = 10;
}
type Balances = Pallet<Test>;

fn acc(n: u8) -> AccountId32 {
    AccountId32([n; 32])
}

fn free(s: &MemState, n: u8) -> u128 {
    Balances::free_balance(s, &acc(n))
}

/// Accounts 1 and 2 hold 100 each.
fn setup() -> (MemState, RecordingSink) {
    let mut s = MemState::new();
    let mut sink = RecordingSink::default();
    let mut ctx = Context::new(&mut s, &mut sink);
    Balances::deposit(&mut ctx, &acc(1), 100).unwrap();
    Balances::deposit(&mut ctx, &acc(2), 100).unwrap();
    sink.clear();
    (s, sink)
}

/// Dispatches like the executive: in a storage transaction.
fn dispatch(
    s: &mut MemState,
    sink: &mut RecordingSink,
    origin: Origin,
    call: Call,
) -> DispatchResult {
    let mut ctx = Context::new(s, sink);
    ctx.with_transaction(|c| Balances::dispatch(c, origin, call))
}

fn transfer(to: u8, value: u128) -> Call {
    Call::transfer_allow_death {
        dest: MultiAddress::Id(acc(to)),
        value,
    }
}

/// Total issuance equals the sum of every account's free + reserved.
fn assert_issuance_invariant(s: &MemState) {
    let sum: u128 = system::storage::ACCOUNT
        .iter(s)
        .map(|(_, info)| info.data.total())
        .sum();
    assert_eq!(
        Balances::total_issuance(s),
        sum,
        "TotalIssuance == sum of balances"
    );
}

fn err(e: Error) -> DispatchResult {
    Err(e.into())
}

#[test]
fn transfer_moves_funds_and_creates_the_receiver() {
    let (mut s, mut sink) = setup();
    assert_eq!(
        dispatch(&mut s, &mut sink, Origin::Signed(acc(1)), transfer(3, 30)),
        Ok(())
    );
    assert_eq!((free(&s, 1), free(&s, 3)), (70, 30));
    assert_eq!(
        sink.events_of::<Event>(),
        vec![
            Event::Endowed {
                account: acc(3),
                free_balance: 30
            },
            Event::Transfer {
                from: acc(1),
                to: acc(3),
                amount: 30
            }
        ]
    );
    assert_eq!(
        sink.events_of::<system::Event>(),
        vec![system::Event::NewAccount { account: acc(3) }]
    );
    assert_issuance_invariant(&s);
}

#[test]
fn failed_transfers_change_nothing() {
    let (mut s, mut sink) = setup();
    let before = s.clone();
    let signed = Origin::Signed(acc(1));
    assert_eq!(
        dispatch(&mut s, &mut sink, signed.clone(), transfer(2, 101)),
        err(Error::InsufficientBalance)
    );
    assert_eq!(
        dispatch(&mut s, &mut sink, signed.clone(), transfer(3, 9)),
        err(Error::ExistentialDeposit)
    );
    let keep_alive = Call::transfer_keep_alive {
        dest: MultiAddress::Id(acc(2)),
        value: 95,
    };
    assert_eq!(
        dispatch(&mut s, &mut sink, signed.clone(), keep_alive),
        err(Error::Expendability)
    );
    let raw = Call::transfer_allow_death {
        dest: MultiAddress::Raw(vec![1]),
        value: 1,
    };
    assert_eq!(
        dispatch(&mut s, &mut sink, signed, raw),
        Err(DispatchError::CannotLookup)
    );
    assert_eq!(
        dispatch(&mut s, &mut sink, Origin::None, transfer(2, 1)),
        Err(DispatchError::BadOrigin)
    );
    assert_eq!(s, before);
    assert_issuance_invariant(&s);
}

#[test]
fn transfer_allow_death_reaps_the_sender_and_burns_dust() {
    let (mut s, mut sink) = setup();
    system::Pallet::inc_account_nonce(&mut s, &acc(1));
    assert_eq!(
        dispatch(&mut s, &mut sink, Origin::Signed(acc(1)), transfer(2, 95)),
        Ok(())
    );
    assert_eq!(free(&s, 1), 0);
    assert_eq!(free(&s, 2), 195);
    assert!(
        !system::storage::ACCOUNT.contains_key(&s, &acc(1)),
        "account record removed"
    );
    assert_eq!(Balances::total_issuance(&s), 195);
    assert!(sink.events_of::<Event>().contains(&Event::DustLost {
        account: acc(1),
        amount: 5
    }));
    assert!(sink
        .events_of::<system::Event>()
        .contains(&system::Event::KilledAccount { account: acc(1) }));
    assert_issuance_invariant(&s);
}

#[test]
fn whole_balance_and_self_transfers() {
    let (mut s, mut sink) = setup();
    assert_eq!(
        dispatch(&mut s, &mut sink, Origin::Signed(acc(1)), transfer(1, 50)),
        Ok(())
    );
    assert_eq!(free(&s, 1), 100);
    assert_eq!(
        dispatch(&mut s, &mut sink, Origin::Signed(acc(1)), transfer(2, 100)),
        Ok(())
    );
    assert_eq!((free(&s, 1), free(&s, 2)), (0, 200));
    assert_issuance_invariant(&s);
}

#[test]
fn force_set_balance_is_root_only_and_adjusts_issuance() {
    let (mut s, mut sink) = setup();
    let call = |who: u8, new_free| Call::force_set_balance {
        who: MultiAddress::Id(acc(who)),
        new_free,
    };
    assert_eq!(
        dispatch(&mut s, &mut sink, Origin::Signed(acc(1)), call(1, 5)),
        Err(DispatchError::BadOrigin)
    );
    assert_eq!(
        dispatch(&mut s, &mut sink, Origin::Root, call(1, 1_000)),
        Ok(())
    );
    assert_eq!(
        dispatch(&mut s, &mut sink, Origin::Root, call(2, 3)),
        Ok(())
    );
    assert_eq!(
        dispatch(&mut s, &mut sink, Origin::Root, call(4, 20)),
        Ok(())
    );
    assert_eq!((free(&s, 1), free(&s, 2), free(&s, 4)), (1_000, 0, 20));
    assert_eq!(Balances::total_issuance(&s), 1_020);
    assert_issuance_invariant(&s);
}

#[test]
fn currency_withdraw_and_deposit_keep_issuance() {
    let (mut s, mut sink) = setup();
    let mut ctx = Context::new(&mut s, &mut sink);
    assert_eq!(
        Balances::withdraw(&mut ctx, &acc(1), 95, ExistenceRequirement::KeepAlive),
        err(Error::Expendability)
    );
    Balances::withdraw(&mut ctx, &acc(1), 7, ExistenceRequirement::KeepAlive).unwrap();
    Balances::deposit(&mut ctx, &acc(2), 7).unwrap();
    assert_eq!(
        Balances::deposit(&mut ctx, &acc(5), 3),
        err(Error::ExistentialDeposit)
    );
    assert_eq!(
        Balances::deposit(&mut ctx, &acc(2), u128::MAX),
        Err(DispatchError::Arithmetic(ArithmeticError::Overflow))
    );
    assert_eq!(Balances::total_issuance(ctx.state), 200);
    assert!(Balances::ensure_can_withdraw(
        ctx.state,
        &acc(1),
        93,
        ExistenceRequirement::AllowDeath
    )
    .is_ok());
    assert_eq!((free(&s, 1), free(&s, 2)), (93, 107));
    assert_eq!(
        sink.events_of::<Event>(),
        vec![
            Event::Withdraw {
                who: acc(1),
                amount: 7
            },
            Event::Deposit {
                who: acc(2),
                amount: 7
            }
        ]
    );
    assert_issuance_invariant(&s);
}

#[test]
fn call_encoding_is_substrates() {
    let call = Call::transfer_keep_alive {
        dest: MultiAddress::Id(acc(2)),
        value: 1,
    };
    let bytes = call.encode();
    assert_eq!(bytes[0], 3, "transfer_keep_alive is call 3");
    assert_eq!(bytes[1], 0, "MultiAddress::Id");
    assert_eq!(&bytes[34..], &[4], "compact(1)");
    assert_eq!(transfer(2, 1).encode()[0], 0);
    assert_eq!(Error::from_index(2), Some(Error::InsufficientBalance));
    assert_eq!(
        DispatchError::from(Error::InsufficientBalance).encode(),
        vec![3, PALLET_INDEX, 2, 0, 0, 0]
    );
    let mut s = MemState::new();
    s.put(b"x", vec![]);
    assert_issuance_invariant(&s);
}
