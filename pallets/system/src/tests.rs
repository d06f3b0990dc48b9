use metanode_primitives::ConsensusPreDigest;
use metanode_support::codec::Decode;
use metanode_support::testing::MemState;
use metanode_support::Origin;

use super::*;

fn acc(n: u8) -> AccountId32 {
    AccountId32([n; 32])
}

/// Decodes `System.Events` with System's own events as the runtime event type.
fn events(state: &MemState) -> Vec<EventRecord<(u8, Event)>> {
    Pallet::events_raw(state)
        .map(|raw| Vec::decode(&mut &raw[..]).unwrap())
        .unwrap_or_default()
}

#[test]
fn storage_keys_are_substrates() {
    let key = storage::ACCOUNT.prefix();
    assert_eq!(
        key.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        "26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9"
    );
    // System.Events, System.Number: published keys.
    let hex = |k: Vec<u8>| k.iter().map(|b| format!("{b:02x}")).collect::<String>();
    assert_eq!(
        hex(events_key()),
        "26aa394eea5630e07c48ae0c9558cef780d41e5e16056765bc8461851072c9d7"
    );
    assert_eq!(
        hex(storage::NUMBER.final_key()),
        "26aa394eea5630e07c48ae0c9558cef702a5c1b19ab7a04f536c519aca4983ac"
    );
}

#[test]
fn block_lifecycle_records_phases_and_hashes() {
    let mut s = MemState::new();
    let mut digest = Digest { logs: Vec::new() };
    digest.push_pre_digest(&ConsensusPreDigest {
        round: 1,
        epoch: 0,
        proposer: acc(9),
    });
    digest.push_parent_qc(vec![7, 7]);
    digest.logs.push(DigestItem::Other(vec![1]));
    digest.push_receipts_root(H256([3; 32]));
    Pallet::initialize(&mut s, 1, H256([1; 32]), &digest);
    assert_eq!(Pallet::block_number(&s), 1);
    assert_eq!(Pallet::block_hash(&s, 0), Some(H256([1; 32])));
    assert_eq!(
        Pallet::digest(&s).logs,
        digest.logs[..2].to_vec(),
        "only the PreRuntime and parent-QC items are state"
    );
    Pallet::note_finished_initialize(&mut s);
    let mut sink = Pallet;
    {
        let mut ctx = Context::new(&mut s, &mut sink);
        Pallet::set_data(
            &mut ctx,
            &acc(1),
            Some(AccountData {
                free: 10,
                ..Default::default()
            }),
        )
        .unwrap();
        Pallet::note_applied_extrinsic(&mut ctx, &Ok(()), DispatchInfo::default());
        Call::remark_with_event {
            remark: b"hi".to_vec(),
        }
        .dispatch(&mut ctx, Origin::Signed(acc(1)))
        .unwrap();
        Pallet::note_applied_extrinsic(
            &mut ctx,
            &Err(DispatchError::BadOrigin),
            DispatchInfo::default(),
        );
    }
    Pallet::note_finished_extrinsics(&mut s);
    let evs = events(&s);
    assert_eq!(evs.len(), 4);
    assert_eq!(Pallet::event_count(&s), 4);
    assert_eq!(evs[0].phase, Phase::ApplyExtrinsic(0));
    assert_eq!(evs[0].event, (0, Event::NewAccount { account: acc(1) }));
    assert_eq!(evs[2].phase, Phase::ApplyExtrinsic(1));
    assert!(matches!(
        evs[3].event.1,
        Event::ExtrinsicFailed {
            dispatch_error: DispatchError::BadOrigin,
            ..
        }
    ));
    Pallet::finalize(&mut s);
    assert_eq!(Pallet::extrinsic_index(&s), 0);

    // The next block clears events and keeps hashes.
    Pallet::initialize(&mut s, 2, H256([2; 32]), &Digest { logs: Vec::new() });
    assert!(events(&s).is_empty());
    assert_eq!(Pallet::block_hash(&s, 1), Some(H256([2; 32])));
}

#[test]
fn block_hashes_are_pruned_after_the_window_but_genesis_stays() {
    let mut s = MemState::new();
    let n = BLOCK_HASH_COUNT + 5;
    for b in 1..=n {
        Pallet::initialize(
            &mut s,
            b,
            H256([(b % 251) as u8; 32]),
            &Digest { logs: Vec::new() },
        );
        Pallet::finalize(&mut s);
    }
    assert!(Pallet::block_hash(&s, 0).is_some());
    assert!(Pallet::block_hash(&s, 4).is_none());
    assert!(Pallet::block_hash(&s, n - BLOCK_HASH_COUNT).is_some());
    assert_eq!(
        storage::BLOCK_HASH.iter(&s).count() as u32,
        BLOCK_HASH_COUNT + 1
    );
}

#[test]
fn accounts_are_created_and_reaped_with_events() {
    let mut s = MemState::new();
    let mut sink = Pallet;
    let mut ctx = Context::new(&mut s, &mut sink);
    Pallet::set_data(
        &mut ctx,
        &acc(1),
        Some(AccountData {
            free: 5,
            ..Default::default()
        }),
    )
    .unwrap();
    Pallet::inc_account_nonce(ctx.state, &acc(1));
    assert!(Pallet::exists(ctx.state, &acc(1)));
    assert_eq!(Pallet::account_nonce(ctx.state, &acc(1)), 1);
    Pallet::set_data(&mut ctx, &acc(1), None).unwrap();
    assert!(!Pallet::exists(ctx.state, &acc(1)));
    assert_eq!(
        Pallet::account_nonce(ctx.state, &acc(1)),
        0,
        "reaping resets the nonce"
    );
    let evs = events(&s);
    assert_eq!(evs[1].event, (0, Event::KilledAccount { account: acc(1) }));
}

#[test]
fn remark_requires_a_signed_origin() {
    let mut s = MemState::new();
    let mut sink = Pallet;
    let mut ctx = Context::new(&mut s, &mut sink);
    let call = Call::remark {
        remark: vec![1, 2, 3],
    };
    assert!(call.dispatch_info().weight.ref_time > 0);
    assert_eq!(
        call.clone().dispatch(&mut ctx, Origin::None),
        Err(DispatchError::BadOrigin)
    );
    assert_eq!(call.dispatch(&mut ctx, Origin::Signed(acc(1))), Ok(()));
}

#[test]
fn event_buffer_appends_once_and_forgets_rolled_back_events() {
    let mut s = MemState::new();
    Pallet::initialize(&mut s, 1, H256([1; 32]), &Digest { logs: Vec::new() });
    Pallet::note_finished_initialize(&mut s);
    Pallet::deposit_event_raw(
        &mut s,
        &(0u8, Event::NewAccount { account: acc(7) }).encode(),
    );
    let mut buffer = EventBuffer::default();
    {
        let mut ctx = Context::new(&mut s, &mut buffer);
        ctx.deposit_event(Event::NewAccount { account: acc(1) });
        let failed: Result<(), DispatchError> = ctx.with_transaction(|c| {
            c.deposit_event(Event::NewAccount { account: acc(2) });
            Err(DispatchError::BadOrigin)
        });
        assert!(failed.is_err());
        Pallet::note_applied_extrinsic(&mut ctx, &Ok(()), DispatchInfo::default());
    }
    assert_eq!(events(&s).len(), 1, "nothing written before the flush");
    buffer.flush(&mut s);
    let evs = events(&s);
    assert_eq!(evs.len(), 3);
    assert_eq!(Pallet::event_count(&s), 3);
    assert_eq!(evs[1].event, (0, Event::NewAccount { account: acc(1) }));
    assert!(matches!(evs[2].event.1, Event::ExtrinsicSuccess { .. }));
    assert_eq!(evs[2].phase, Phase::ApplyExtrinsic(0));
}
