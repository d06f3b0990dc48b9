//! Weights of System's calls (`ref_time` in picoseconds; estimates, not benchmarks).

use metanode_support::Weight;

/// `remark` of `len` bytes: 2 µs + 1 ns per byte.
pub fn remark(len: usize) -> Weight {
    Weight::from_parts(
        2_000_000u64.saturating_add((len as u64).saturating_mul(1_000)),
        0,
    )
}

/// `remark_with_event` of `len` bytes: hashing and one event on top of `remark`.
pub fn remark_with_event(len: usize) -> Weight {
    remark(len).saturating_add(Weight::from_parts(
        8_000_000u64.saturating_add((len as u64).saturating_mul(2_000)),
        0,
    ))
}
