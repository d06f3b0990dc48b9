use metanode_support::codec::Encode;
use metanode_support::testing::{MemState, RecordingSink};

use super::*;

fn set(s: &mut MemState, origin: Origin, now: u64) -> DispatchResult {
    let mut sink = RecordingSink::default();
    let mut ctx = Context::new(s, &mut sink);
    ctx.with_transaction(|c| Call::set { now }.dispatch(c, origin))
}

#[test]
fn set_once_per_block_and_monotonic() {
    let mut s = MemState::new();
    assert_eq!(set(&mut s, Origin::Root, 5), Err(DispatchError::BadOrigin));
    assert_eq!(set(&mut s, Origin::None, 1_000), Ok(()));
    assert_eq!(
        set(&mut s, Origin::None, 2_000),
        Err(Error::AlreadyUpdated.into())
    );
    assert!(Pallet::on_finalize(&mut s));
    assert!(!Pallet::did_update(&s));
    assert_eq!(
        set(&mut s, Origin::None, 999),
        Err(Error::TimeWentBackwards.into())
    );
    assert_eq!(set(&mut s, Origin::None, 1_000), Ok(()));
    assert_eq!(Pallet::now(&s), 1_000);
    // No token here: the issuance invariant is trivially 0 == 0.
}

#[test]
fn call_encoding_is_substrates() {
    assert_eq!(Call::set { now: 1 }.encode(), vec![0, 4]);
    let info = Call::set { now: 1 }.dispatch_info();
    assert_eq!(info.class, metanode_support::DispatchClass::Mandatory);
    assert_eq!(Error::from_index(1), Some(Error::TimeWentBackwards));
}
