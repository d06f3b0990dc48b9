//! Deterministic validator keys for the simulator.

use metanode_consensus::{PublicKey, Signer};
use schnorrkel::{ExpansionMode, Keypair, MiniSecretKey};

/// Keypair `i` of the run with `seed`.
pub fn keypair(seed: u64, i: usize) -> Keypair {
    let mut h = blake3::Hasher::new();
    h.update(b"metanode-sim-key");
    h.update(&seed.to_le_bytes());
    h.update(&(i as u64).to_le_bytes());
    let bytes = *h.finalize().as_bytes();
    match MiniSecretKey::from_bytes(&bytes) {
        Ok(mini) => mini.expand_to_keypair(ExpansionMode::Ed25519),
        Err(e) => panic!("32 bytes are always a mini secret key: {e}"),
    }
}

/// Signer `i`.
pub fn signer(seed: u64, i: usize) -> Signer {
    Signer::from_keypair(keypair(seed, i))
}

/// Public keys of validators `0..n`.
pub fn public_keys(seed: u64, n: usize) -> Vec<PublicKey> {
    (0..n).map(|i| signer(seed, i).public()).collect()
}
