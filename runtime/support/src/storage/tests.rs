use metanode_primitives::{blake2_128, twox_128, twox_64};
use parity_scale_codec::Encode;

use super::*;
use crate::testing::MemState;

const VALUE: StorageValue<u32> = StorageValue::new("System", "Number");
const MAP: StorageMap<Blake2_128Concat, [u8; 32], u64> = StorageMap::new("System", "Account");
const TWOX: StorageMap<Twox64Concat, u32, u8> = StorageMap::new("System", "BlockHash");
const DOUBLE: StorageDoubleMap<Twox64Concat, u8, Blake2_128Concat, u32, u64> =
    StorageDoubleMap::new("Wallets", "Balances");

#[test]
fn keys_follow_substrate_layout() {
    // Published: twox_128("System") ++ twox_128("Account").
    let prefix = hex_str(&MAP.prefix());
    assert_eq!(
        prefix,
        "26aa394eea5630e07c48ae0c9558cef7b99d880ec681799c0cf30e8886371da9"
    );
    let who = [7u8; 32];
    let mut expected = MAP.prefix();
    expected.extend_from_slice(&blake2_128(&who));
    expected.extend_from_slice(&who);
    assert_eq!(MAP.final_key(&who), expected);
    let mut expected = TWOX.prefix();
    expected.extend_from_slice(&twox_64(&5u32.encode()));
    expected.extend_from_slice(&5u32.encode());
    assert_eq!(TWOX.final_key(&5), expected);
    assert_eq!(&VALUE.final_key()[..16], &twox_128(b"System"));
    let k = DOUBLE.final_key(&1, &2);
    assert_eq!(k.len(), 32 + 8 + 1 + 16 + 4);
    assert!(k.starts_with(&DOUBLE.prefix_of(&1)));
}

#[test]
fn typed_access_round_trips() {
    let mut s = MemState::new();
    assert_eq!(VALUE.get(&s), None);
    VALUE.put(&mut s, &7);
    VALUE.mutate(&mut s, |v| *v += 1);
    assert_eq!(VALUE.get(&s), Some(8));
    assert_eq!(VALUE.take(&mut s), Some(8));
    assert!(!VALUE.exists(&s));

    MAP.insert(&mut s, &[1; 32], &10);
    MAP.insert(&mut s, &[2; 32], &20);
    let r: Result<(), &str> = MAP.try_mutate(&mut s, &[1; 32], |v| {
        *v = 99;
        Err("no")
    });
    assert!(r.is_err());
    assert_eq!(MAP.get(&s, &[1; 32]), Some(10));
    MAP.mutate_exists(&mut s, &[2; 32], |v| *v = None);
    assert!(!MAP.contains_key(&s, &[2; 32]));
    let all: Vec<_> = MAP.iter(&s).collect();
    assert_eq!(all, vec![([1; 32], 10)]);

    for (t, a, v) in [(0u8, 1u32, 5u64), (0, 2, 6), (1, 1, 7)] {
        DOUBLE.insert(&mut s, &t, &a, &v);
    }
    let mut under0: Vec<_> = DOUBLE.iter_prefix(&s, &0).collect();
    under0.sort();
    assert_eq!(under0, vec![(1, 5), (2, 6)]);
    assert_eq!(DOUBLE.get(&s, &1, &1), Some(7));
}

#[test]
fn corrupt_values_read_as_absent() {
    let mut s = MemState::new();
    crate::state::State::put(&mut s, &VALUE.final_key(), vec![1, 2]);
    assert_eq!(VALUE.get(&s), None);
}
