//! Weights of Containers' calls (`ref_time` picoseconds, `proof_size` bytes; estimates, not benchmarks).

use metanode_support::Weight;
use parity_scale_codec::MaxEncodedLen;

use crate::{App, MAX_APPS_PER_OWNER, MAX_NAME_LEN};

/// Largest SCALE-encoded name: a compact length (one byte up to 63, two above) and the bytes.
const NAME_PROOF: u64 = 2 + MAX_NAME_LEN as u64;
/// Storage key prefix (`twox128(pallet) ++ twox128(item)`) plus a `Blake2_128Concat` hash.
const KEY_PROOF: u64 = 32 + 16;

/// Proof size of one `Containers.Apps` entry: its key (which holds the name) and the record.
fn app_proof() -> u64 {
    KEY_PROOF + NAME_PROOF + App::max_encoded_len() as u64
}

/// Proof size of the largest `Containers.AppsByOwner` entry: its key (which holds the account) and the full list.
const OWNER_INDEX_PROOF: u64 = KEY_PROOF + 32 + 4 + (MAX_APPS_PER_OWNER as u64) * NAME_PROOF;
/// Proof size of `Containers.AppCount`.
const COUNT_PROOF: u64 = 32 + 4;

/// `deploy`: read the name's entry, the owner's list and the count; write all three.
pub fn deploy() -> Weight {
    Weight::from_parts(55_000_000, app_proof() + OWNER_INDEX_PROOF + COUNT_PROOF)
}

/// `update`: read and write the app's record.
pub fn update() -> Weight {
    Weight::from_parts(30_000_000, app_proof())
}

/// `scale`: read and write the app's record.
pub fn scale() -> Weight {
    Weight::from_parts(30_000_000, app_proof())
}

/// `stop`: read and write the app's record.
pub fn stop() -> Weight {
    Weight::from_parts(28_000_000, app_proof())
}

/// `remove`: read the record, the owner's list and the count; delete the record, rewrite the list and the count.
pub fn remove() -> Weight {
    Weight::from_parts(50_000_000, app_proof() + OWNER_INDEX_PROOF + COUNT_PROOF)
}
