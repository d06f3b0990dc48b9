//! blake3 as the Jellyfish Merkle tree's hash function.

use jmt::{KeyHash, SimpleHasher};

/// blake3 behind jmt's [`SimpleHasher`]. Every node, leaf, key and value hash of the state tree
/// uses it.
#[derive(Clone, Debug, Default)]
pub struct Blake3Hasher(blake3::Hasher);

impl SimpleHasher for Blake3Hasher {
    fn new() -> Self {
        Self(blake3::Hasher::new())
    }

    fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    fn finalize(self) -> [u8; 32] {
        *self.0.finalize().as_bytes()
    }
}

/// The tree key of a raw storage key: blake3 of the key.
pub fn key_hash(key: &[u8]) -> KeyHash {
    KeyHash(*blake3::hash(key).as_bytes())
}
