//! Weights of Validators' calls (`ref_time` picoseconds, `proof_size` bytes; estimates, not benchmarks).

use metanode_support::Weight;

use crate::{MAX_NETWORK_KEY_LEN, MAX_VALIDATORS};

/// Proof size of the largest `Validators.Validators` value plus `Epoch` and `LastChange`: each entry is a 32-byte
/// key and a length-prefixed network key.
const SET_PROOF: u64 = 2 + (MAX_VALIDATORS as u64) * (32 + 2 + MAX_NETWORK_KEY_LEN as u64) + 8 + 4;

/// `add_validator`: read, scan and write the set; maybe bump the epoch.
pub fn add_validator() -> Weight {
    Weight::from_parts(40_000_000, SET_PROOF)
}

/// `remove_validator`: read, scan and write the set; maybe bump the epoch.
pub fn remove_validator() -> Weight {
    Weight::from_parts(35_000_000, SET_PROOF)
}
