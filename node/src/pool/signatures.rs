//! The node's cache of verified transaction signatures (see `metanode_runtime::executive::VerifiedSignatures`).
//!
//! Contract:
//! - One cache per process ([`shared`]): pool admission (RPC and gossip) fills it; the block builder and the importer
//!   pass it to the runtime, which then skips only the signature check of a transaction this node already verified.
//!   A key names an exact (signer, signature, signed payload) triple, so sharing it across forks and blocks is sound.
//! - It also keeps the signers' decoded public keys ([`VerifiedSignatures::verifying_key`]): decoding one is a
//!   point decompression, about a fifth of a batched verification, and the same accounts sign again and again.
//! - Bounded: at most [`CAPACITY`] signature keys and [`SIGNER_CAPACITY`] signers; the oldest is forgotten first
//!   (forgetting costs one re-verification or one re-decoding).

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;
use std::sync::OnceLock;

use metanode_primitives::{AccountId32, VerifyingKey};
use metanode_runtime::executive::{SignatureKey, VerifiedSignatures};
use parking_lot::Mutex;

/// Signature keys kept: several full pools' worth (the pool holds at most 8,192 transactions by default); ~6 MiB.
pub const CAPACITY: usize = 65_536;

/// Decoded signer keys kept (~200 bytes each with the map's overhead: ~4 MiB).
pub const SIGNER_CAPACITY: usize = 16_384;

/// A bounded map that forgets its oldest entry first.
struct Fifo<K, V> {
    map: HashMap<K, V>,
    order: VecDeque<K>,
    capacity: usize,
}

impl<K: Hash + Eq + Copy, V> Fifo<K, V> {
    fn new(capacity: usize) -> Self {
        Fifo {
            map: HashMap::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// Adds `key` unless present (a present key keeps its place and value).
    fn insert(&mut self, key: K, value: V) {
        if self.map.contains_key(&key) {
            return;
        }
        self.map.insert(key, value);
        self.order.push_back(key);
        while self.order.len() > self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.map.remove(&old);
            }
        }
    }
}

/// Bounded, insertion-ordered sets of verified signature keys and of decoded signer keys.
pub struct SignatureCache {
    verified: Mutex<Fifo<SignatureKey, ()>>,
    signers: Mutex<Fifo<AccountId32, VerifyingKey>>,
}

impl SignatureCache {
    /// An empty cache that keeps at most `capacity` signature keys and `signers` decoded keys (at least one each).
    pub fn new(capacity: usize, signers: usize) -> Self {
        SignatureCache {
            verified: Mutex::new(Fifo::new(capacity)),
            signers: Mutex::new(Fifo::new(signers)),
        }
    }

    /// Number of signature keys held.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.verified.lock().map.len()
    }
}

impl VerifiedSignatures for SignatureCache {
    fn contains(&self, key: &SignatureKey) -> bool {
        self.verified.lock().map.contains_key(key)
    }

    fn insert(&self, key: SignatureKey) {
        self.verified.lock().insert(key, ());
    }

    fn verifying_key(&self, signer: &AccountId32) -> Option<VerifyingKey> {
        if let Some(key) = self.signers.lock().map.get(signer) {
            return Some(key.clone());
        }
        let key = VerifyingKey::decode(signer)?;
        self.signers.lock().insert(*signer, key.clone());
        Some(key)
    }
}

/// The process-wide cache shared by the pool, the builder and the importer.
pub fn shared() -> &'static SignatureCache {
    static CACHE: OnceLock<SignatureCache> = OnceLock::new();
    CACHE.get_or_init(|| SignatureCache::new(CAPACITY, SIGNER_CAPACITY))
}

#[cfg(test)]
mod tests {
    use super::*;
    use metanode_primitives::{Pair, H256};

    #[test]
    fn keeps_at_most_capacity_keys_forgetting_the_oldest() {
        let cache = SignatureCache::new(3, 1);
        for i in 0..5u8 {
            cache.insert(H256([i; 32]));
        }
        cache.insert(H256([4; 32]));
        assert_eq!(cache.len(), 3);
        assert!(!cache.contains(&H256([0; 32])));
        assert!(!cache.contains(&H256([1; 32])));
        assert!((2..5u8).all(|i| cache.contains(&H256([i; 32]))));
    }

    #[test]
    fn decoded_signer_keys_are_the_decoding_and_stay_bounded() {
        let cache = SignatureCache::new(1, 2);
        let signers: Vec<AccountId32> = ["//Alice", "//Bob", "//Charlie"]
            .iter()
            .map(|uri| Pair::from_string(uri, None).expect("dev key").public())
            .collect();
        for signer in signers.iter().chain(&signers) {
            assert_eq!(cache.verifying_key(signer), VerifyingKey::decode(signer));
        }
        assert_eq!(cache.signers.lock().map.len(), 2);
        // Bytes that are not a valid key decode to nothing, and nothing is kept for them.
        let invalid = AccountId32([0xff; 32]);
        assert_eq!(VerifyingKey::decode(&invalid), None);
        assert_eq!(cache.verifying_key(&invalid), None);
        assert!(!cache.signers.lock().map.contains_key(&invalid));
    }
}
