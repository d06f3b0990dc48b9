//! Tests with a small mock call type: System remarks and Balances calls under sudo. Each test ends with the FLX
//! issuance invariant (the only token touched).

use metanode_pallet_balances as balances;
use metanode_pallet_system as system;
use metanode_support::testing::{MemState, RecordingSink};
use metanode_support::Currency;

use super::*;

struct Test;
impl balances::Config for Test {
    type AccountStore = system::Pallet;
    const EXISTENTIAL_DEPOSIT: u128 = 10;
}
type Balances = balances::Pallet<Test>;

/// A two-pallet runtime call for the tests.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
enum MockCall {
    #[codec(index = 2)]
    Balances(balances::Call),
    #[codec(index = 5)]
    Admin(Call<MockCall>),
}

impl Dispatchable for MockCall {
    fn dispatch_info(&self) -> DispatchInfo {
        match self {
            MockCall::Balances(c) => c.dispatch_info(),
            MockCall::Admin(c) => c.dispatch_info(),
        }
    }
    fn dispatch(self, ctx: &mut Context<'_>, origin: Origin) -> DispatchResult {
        match self {
            MockCall::Balances(c) => Balances::dispatch(ctx, origin, c),
            MockCall::Admin(c) => Pallet::dispatch(ctx, origin, c),
        }
    }
}

fn acc(n: u8) -> AccountId32 {
    AccountId32([n; 32])
}

fn setup() -> (MemState, RecordingSink) {
    let mut s = MemState::new();
    let mut sink = RecordingSink::default();
    let mut ctx = Context::new(&mut s, &mut sink);
    Balances::deposit(&mut ctx, &acc(1), 100).unwrap();
    Pallet::set_key_unchecked(&mut s, &acc(1));
    sink.clear();
    (s, sink)
}

fn run(
    s: &mut MemState,
    sink: &mut RecordingSink,
    origin: Origin,
    call: MockCall,
) -> DispatchResult {
    let mut ctx = Context::new(s, sink);
    ctx.with_transaction(|c| call.dispatch(c, origin))
}

fn sudo(inner: MockCall) -> MockCall {
    MockCall::Admin(Call::sudo {
        call: Box::new(inner),
    })
}

fn set_balance(who: u8, new_free: u128) -> MockCall {
    MockCall::Balances(balances::Call::force_set_balance {
        who: MultiAddress::Id(acc(who)),
        new_free,
    })
}

fn assert_issuance_invariant(s: &MemState) {
    let sum: u128 = system::storage::ACCOUNT
        .iter(s)
        .map(|(_, i)| i.data.total())
        .sum();
    assert_eq!(Balances::total_issuance(s), sum);
}

#[test]
fn sudo_dispatches_as_root() {
    let (mut s, mut sink) = setup();
    assert_eq!(
        run(
            &mut s,
            &mut sink,
            Origin::Signed(acc(1)),
            sudo(set_balance(2, 500))
        ),
        Ok(())
    );
    assert_eq!(Balances::free_balance(&s, &acc(2)), 500);
    assert_eq!(
        sink.events_of::<Event>(),
        vec![Event::Sudid {
            sudo_result: Ok(())
        }]
    );
    let info = sudo(set_balance(2, 5)).dispatch_info();
    assert_eq!(
        info.weight,
        balances::weights::force_set_balance().saturating_add(SUDO_WEIGHT)
    );
    assert_issuance_invariant(&s);
}

#[test]
fn sudo_by_others_fails_and_inner_failures_roll_back() {
    let (mut s, mut sink) = setup();
    let before = s.clone();
    assert_eq!(
        run(
            &mut s,
            &mut sink,
            Origin::Signed(acc(2)),
            sudo(set_balance(2, 500))
        ),
        Err(Error::RequireSudo.into())
    );
    assert_eq!(
        run(&mut s, &mut sink, Origin::None, sudo(set_balance(2, 500))),
        Err(DispatchError::BadOrigin)
    );
    assert_eq!(s, before);
    // The inner call fails (root cannot transfer): sudo succeeds, the inner result is reported.
    let inner = MockCall::Balances(balances::Call::transfer_allow_death {
        dest: MultiAddress::Id(acc(2)),
        value: 1,
    });
    assert_eq!(
        run(&mut s, &mut sink, Origin::Signed(acc(1)), sudo(inner)),
        Ok(())
    );
    assert_eq!(
        sink.events_of::<Event>(),
        vec![Event::Sudid {
            sudo_result: Err(DispatchError::BadOrigin)
        }]
    );
    assert_eq!(Balances::free_balance(&s, &acc(1)), 100);
    assert_issuance_invariant(&s);
}

#[test]
fn set_key_by_key_or_root() {
    let (mut s, mut sink) = setup();
    let set = |n: u8| {
        MockCall::Admin(Call::set_key {
            new: MultiAddress::Id(acc(n)),
        })
    };
    assert_eq!(
        run(&mut s, &mut sink, Origin::Signed(acc(2)), set(2)),
        Err(Error::RequireSudo.into())
    );
    assert_eq!(
        run(&mut s, &mut sink, Origin::Signed(acc(1)), set(2)),
        Ok(())
    );
    assert_eq!(Pallet::key(&s), Some(acc(2)));
    assert_eq!(run(&mut s, &mut sink, Origin::Root, set(3)), Ok(()));
    assert_eq!(
        sink.events_of::<Event>(),
        vec![
            Event::KeyChanged {
                old: Some(acc(1)),
                new: acc(2)
            },
            Event::KeyChanged {
                old: Some(acc(2)),
                new: acc(3)
            }
        ]
    );
    assert_eq!(sudo(set(1)).encode()[..2], [5, 0]);
    assert_issuance_invariant(&s);
}
