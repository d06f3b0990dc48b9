//! The node's cache of verified transaction signatures (see `metanode_runtime::executive::VerifiedSignatures`).
//!
//! Contract:
//! - One cache per process ([`shared`]): pool admission (RPC and gossip) fills it; the block builder and the importer
//!   pass it to the runtime, which then skips only the signature check of a transaction this node already verified.
//!   A key names an exact (signer, signature, signed payload) triple, so sharing it across forks and blocks is sound.
//! - Bounded: at most [`CAPACITY`] keys; the oldest is forgotten first (forgetting costs one re-verification).

use std::collections::{HashSet, VecDeque};
use std::sync::OnceLock;

use metanode_runtime::executive::{SignatureKey, VerifiedSignatures};
use parking_lot::Mutex;

/// Keys kept: several full pools' worth (the pool holds at most 8,192 transactions by default); ~6 MiB.
pub const CAPACITY: usize = 65_536;

/// A bounded, insertion-ordered set of verified signature keys.
pub struct SignatureCache {
    inner: Mutex<Inner>,
    capacity: usize,
}

#[derive(Default)]
struct Inner {
    keys: HashSet<SignatureKey>,
    order: VecDeque<SignatureKey>,
}

impl SignatureCache {
    /// An empty cache that keeps at most `capacity` keys (at least one).
    pub fn new(capacity: usize) -> Self {
        SignatureCache {
            inner: Mutex::new(Inner::default()),
            capacity: capacity.max(1),
        }
    }

    /// Number of keys held.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.inner.lock().keys.len()
    }
}

impl VerifiedSignatures for SignatureCache {
    fn contains(&self, key: &SignatureKey) -> bool {
        self.inner.lock().keys.contains(key)
    }

    fn insert(&self, key: SignatureKey) {
        let mut inner = self.inner.lock();
        if !inner.keys.insert(key) {
            return;
        }
        inner.order.push_back(key);
        while inner.order.len() > self.capacity {
            if let Some(old) = inner.order.pop_front() {
                inner.keys.remove(&old);
            }
        }
    }
}

/// The process-wide cache shared by the pool, the builder and the importer.
pub fn shared() -> &'static SignatureCache {
    static CACHE: OnceLock<SignatureCache> = OnceLock::new();
    CACHE.get_or_init(|| SignatureCache::new(CAPACITY))
}

#[cfg(test)]
mod tests {
    use super::*;
    use metanode_primitives::H256;

    #[test]
    fn keeps_at_most_capacity_keys_forgetting_the_oldest() {
        let cache = SignatureCache::new(3);
        for i in 0..5u8 {
            cache.insert(H256([i; 32]));
        }
        cache.insert(H256([4; 32]));
        assert_eq!(cache.len(), 3);
        assert!(!cache.contains(&H256([0; 32])));
        assert!(!cache.contains(&H256([1; 32])));
        assert!((2..5u8).all(|i| cache.contains(&H256([i; 32]))));
    }
}
