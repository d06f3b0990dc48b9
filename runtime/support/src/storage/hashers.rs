//! Substrate's storage key hashers.
//!
//! A map key is stored as `hasher(SCALE(key))`. The `*Concat` hashers and `Identity` append the encoded key after
//! the hash, so iteration can recover keys ([`ReversibleStorageHasher`]).

use std::cell::RefCell;

use metanode_primitives::{blake2_128, twox_64};

/// Slots of the per-thread memo of [`blake2_128_of_key`].
const MEMO_SLOTS: usize = 256;

/// A memo slot: a 32-byte key and its `blake2_128`.
type MemoSlot = Option<([u8; 32], [u8; 16])>;

thread_local! {
    /// Recent 32-byte encoded keys (account ids) and their `blake2_128`: executing a transfer derives the keys of the
    /// same two or three accounts some twenty times. Direct-mapped by two key bytes; it memoizes a pure function, so
    /// a slot taken by another key only costs the hash.
    static KEY_HASHES: RefCell<Vec<MemoSlot>> = RefCell::new(vec![None; MEMO_SLOTS]);
}

/// `blake2_128(encoded_key)`, memoized per thread for 32-byte keys.
fn blake2_128_of_key(encoded_key: &[u8]) -> [u8; 16] {
    let Ok(key) = <[u8; 32]>::try_from(encoded_key) else {
        return blake2_128(encoded_key);
    };
    let slot = usize::from(key[0] ^ key[17]) % MEMO_SLOTS;
    KEY_HASHES.with(|memo| {
        let mut memo = memo.borrow_mut();
        match memo[slot] {
            Some((known, hash)) if known == key => hash,
            _ => {
                let hash = blake2_128(&key);
                memo[slot] = Some((key, hash));
                hash
            }
        }
    })
}

/// The hasher kinds of FRAME metadata, in its order (`frame_metadata::v14::StorageHasher`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HasherKind {
    /// `blake2_128(k)`.
    Blake2_128,
    /// `blake2_256(k)`.
    Blake2_256,
    /// `blake2_128(k) ++ k`.
    Blake2_128Concat,
    /// `twox_128(k)`.
    Twox128,
    /// `twox_256(k)`.
    Twox256,
    /// `twox_64(k) ++ k`.
    Twox64Concat,
    /// `k`.
    Identity,
}

/// Hashes an encoded key into its storage key suffix.
pub trait StorageHasher: 'static {
    /// The metadata kind of this hasher.
    const KIND: HasherKind;
    /// `hasher(encoded_key)`.
    fn hash(encoded_key: &[u8]) -> Vec<u8>;
}

/// A hasher whose output ends with the encoded key, so keys can be recovered while iterating.
pub trait ReversibleStorageHasher: StorageHasher {
    /// Bytes of the hash that precede the encoded key.
    const HASH_LEN: usize;
    /// The suffix of `hashed` that starts at the encoded key (empty if `hashed` is too short).
    fn reverse(hashed: &[u8]) -> &[u8] {
        hashed.get(Self::HASH_LEN..).unwrap_or_default()
    }
}

/// `blake2_128(k) ++ k`: for keys an attacker can choose (accounts).
#[allow(non_camel_case_types)]
pub struct Blake2_128Concat;

impl StorageHasher for Blake2_128Concat {
    const KIND: HasherKind = HasherKind::Blake2_128Concat;
    fn hash(encoded_key: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(16 + encoded_key.len());
        out.extend_from_slice(&blake2_128_of_key(encoded_key));
        out.extend_from_slice(encoded_key);
        out
    }
}

impl ReversibleStorageHasher for Blake2_128Concat {
    const HASH_LEN: usize = 16;
}

/// `twox_64(k) ++ k`: fast, for keys an attacker cannot choose (block numbers, token ids).
pub struct Twox64Concat;

impl StorageHasher for Twox64Concat {
    const KIND: HasherKind = HasherKind::Twox64Concat;
    fn hash(encoded_key: &[u8]) -> Vec<u8> {
        let mut out = twox_64(encoded_key).to_vec();
        out.extend_from_slice(encoded_key);
        out
    }
}

impl ReversibleStorageHasher for Twox64Concat {
    const HASH_LEN: usize = 8;
}

/// `k` itself: for keys that are already hashes.
pub struct Identity;

impl StorageHasher for Identity {
    const KIND: HasherKind = HasherKind::Identity;
    fn hash(encoded_key: &[u8]) -> Vec<u8> {
        encoded_key.to_vec()
    }
}

impl ReversibleStorageHasher for Identity {
    const HASH_LEN: usize = 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_memo_always_gives_the_hash() {
        // Keys that share memo slots (same bytes 0 and 17), repeated, interleaved with keys of other lengths.
        let keys: Vec<Vec<u8>> = (0..600u32)
            .map(|i| {
                let mut key = vec![0u8; if i % 7 == 0 { 33 } else { 32 }];
                key[0] = (i % 3) as u8;
                key[1..5].copy_from_slice(&(i % 40).to_le_bytes());
                key
            })
            .collect();
        for key in keys.iter().chain(keys.iter().rev()) {
            let mut want = blake2_128(key).to_vec();
            want.extend_from_slice(key);
            assert_eq!(Blake2_128Concat::hash(key), want);
        }
    }
}
