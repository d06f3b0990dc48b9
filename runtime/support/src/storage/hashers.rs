//! Substrate's storage key hashers.
//!
//! A map key is stored as `hasher(SCALE(key))`. The `*Concat` hashers and `Identity` append the encoded key after
//! the hash, so iteration can recover keys ([`ReversibleStorageHasher`]).

use metanode_primitives::{blake2_128, twox_64};

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
        let mut out = blake2_128(encoded_key).to_vec();
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
