//! `System.Events` and `Receipts.BlockReceipts` grown in place (`State::append` on the block overlay) store
//! exactly the bytes the earlier read-whole-value-and-rewrite path stored, so state roots do not change.

mod common;

use common::*;
use metanode_primitives::MultiAddress;
use metanode_runtime::executive::execute_block;
use metanode_runtime::support::{Changes, OverlayState, State, StateRead};
use metanode_runtime::{balances, RuntimeCall};

/// A block overlay that keeps the `State` trait's default `append` (read the whole value, append, write it back):
/// the pre-`append` behaviour.
struct ReadModifyWrite<'a>(OverlayState<'a>);

impl StateRead for ReadModifyWrite<'_> {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.0.get(key)
    }
    fn next_key(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.0.next_key(key)
    }
}

impl State for ReadModifyWrite<'_> {
    fn put(&mut self, key: &[u8], value: Vec<u8>) {
        self.0.put(key, value);
    }
    fn delete(&mut self, key: &[u8]) {
        self.0.delete(key);
    }
}

#[test]
fn in_place_appends_store_the_same_bytes_as_read_modify_write() {
    let genesis = genesis();
    // 150 transfers: well past the 64-item compact-prefix boundary for both lists; every 10th fails (too much).
    let txs: Vec<Vec<u8>> = (0..150u32)
        .map(|nonce| {
            let value = if nonce % 10 == 9 {
                1_000_000 * UNIT
            } else {
                UNIT / 100
            };
            let call = RuntimeCall::Balances(balances::Call::transfer_allow_death {
                dest: MultiAddress::Id(bob()),
                value,
            });
            signed(&call, "Alice", nonce)
        })
        .collect();
    let built = build_block(&genesis, 1, GENESIS, T1, &txs);
    assert!(
        built.outcomes.iter().all(|o| o.is_ok()),
        "{:?}",
        built.outcomes
    );
    assert!(built.outcomes.iter().any(|o| matches!(o, Ok(Err(_)))));

    let mut in_place = OverlayState::new(&genesis);
    execute_block(&mut in_place, &ctx(), &built.block).expect("executes in place");
    let in_place: Changes = in_place.into_changes();

    let mut old_path = ReadModifyWrite(OverlayState::new(&genesis));
    execute_block(&mut old_path, &ctx(), &built.block).expect("executes read-modify-write");
    let old_path: Changes = old_path.0.into_changes();

    let events_key = metanode_runtime::queries::events_key();
    let receipts_key = [
        metanode_primitives::twox_128(b"Receipts"),
        metanode_primitives::twox_128(b"BlockReceipts"),
    ]
    .concat();
    for key in [&events_key, &receipts_key] {
        let value = in_place.get(key).cloned().flatten().expect("list written");
        assert!(
            value.len() > 1_000,
            "list of the whole block: {} bytes",
            value.len()
        );
        assert_eq!(Some(&Some(value)), old_path.get(key));
    }
    assert_eq!(in_place, old_path, "every key, byte for byte");
    assert_eq!(
        in_place, built.changes,
        "the builder's overlay wrote the same"
    );
    let receipts = metanode_runtime::receipts::decode_receipts(
        in_place[&receipts_key].as_deref().expect("receipts"),
    )
    .expect("decodes as Vec<Receipt>");
    assert_eq!(receipts.len(), 151);
    let mut after = genesis.clone();
    commit(&mut after, &in_place);
    let events = metanode_runtime::queries::events(&after);
    assert!(
        events.len() > 300,
        "System.Events decodes as Vec<EventRecord>: {}",
        events.len()
    );
}
