//! The hash functions of the chain.
//!
//! - `blake2_256` / `blake2_128`: Substrate's block hash, extrinsic hash and `Blake2_128Concat` storage hasher.
//! - `twox_128` / `twox_64`: Substrate's storage prefix hasher (`twox128(pallet) ++ twox128(item)`) and
//!   `Twox64Concat`; xxHash64 with seeds 0 (and 1), little-endian.
//! - `blake3_256`: every Merkle root and content hash inside the chain.

pub use primitive_types::H256;

/// BLAKE2b of `data` with an `N`-byte output (unkeyed, no salt or personalization).
fn blake2b<const N: usize>(data: &[u8]) -> [u8; N] {
    let hash = blake2b_simd::Params::new().hash_length(N).hash(data);
    let mut out = [0u8; N];
    out.copy_from_slice(hash.as_bytes());
    out
}

/// BLAKE2b with a 256-bit output (Substrate's `blake2_256`).
pub fn blake2_256(data: &[u8]) -> [u8; 32] {
    blake2b(data)
}

/// BLAKE2b with a 128-bit output (Substrate's `blake2_128`).
pub fn blake2_128(data: &[u8]) -> [u8; 16] {
    blake2b(data)
}

/// xxHash64 of `data` with seeds 0 and 1, each little-endian, concatenated (Substrate's `twox_128`).
pub fn twox_128(data: &[u8]) -> [u8; 16] {
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&twox_hash::XxHash64::oneshot(0, data).to_le_bytes());
    out[8..].copy_from_slice(&twox_hash::XxHash64::oneshot(1, data).to_le_bytes());
    out
}

/// xxHash64 of `data` with seed 0, little-endian (Substrate's `twox_64`).
pub fn twox_64(data: &[u8]) -> [u8; 8] {
    twox_hash::XxHash64::oneshot(0, data).to_le_bytes()
}

/// [`twox_128`] as a `const fn`, so that storage prefixes (`twox_128(pallet) ++ twox_128(item)`) are computed at
/// compile time. The same digest as `twox_128` (tested against the `twox-hash` crate).
pub const fn twox_128_const(data: &[u8]) -> [u8; 16] {
    concat_const(
        xxh64_const(data, 0).to_le_bytes(),
        xxh64_const(data, 1).to_le_bytes(),
    )
}

/// `first ++ second` in a `const fn`; `M` must be `2 * N` (checked, at compile time in a `const` context).
pub const fn concat_const<const N: usize, const M: usize>(
    first: [u8; N],
    second: [u8; N],
) -> [u8; M] {
    assert!(M == 2 * N, "concat_const: M must be twice N");
    let mut out = [0u8; M];
    let mut i = 0;
    while i < N {
        out[i] = first[i];
        out[N + i] = second[i];
        i += 1;
    }
    out
}

const XXH_P1: u64 = 0x9E37_79B1_85EB_CA87;
const XXH_P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const XXH_P3: u64 = 0x1656_67B1_9E37_79F9;
const XXH_P4: u64 = 0x85EB_CA77_C2B2_AE63;
const XXH_P5: u64 = 0x27D4_EB2F_1656_67C5;

const fn xxh64_round(acc: u64, lane: u64) -> u64 {
    acc.wrapping_add(lane.wrapping_mul(XXH_P2))
        .rotate_left(31)
        .wrapping_mul(XXH_P1)
}

const fn xxh64_merge(acc: u64, lane: u64) -> u64 {
    (acc ^ xxh64_round(0, lane))
        .wrapping_mul(XXH_P1)
        .wrapping_add(XXH_P4)
}

/// `bytes` of `data` from `at`, little-endian.
const fn read_le(data: &[u8], at: usize, bytes: usize) -> u64 {
    let mut value = 0u64;
    let mut i = 0;
    while i < bytes {
        value |= (data[at + i] as u64) << (8 * i);
        i += 1;
    }
    value
}

/// XXH64 (the xxHash specification) of `data` with `seed`.
const fn xxh64_const(data: &[u8], seed: u64) -> u64 {
    let len = data.len();
    let mut i = 0;
    let mut hash = if len >= 32 {
        let mut v1 = seed.wrapping_add(XXH_P1).wrapping_add(XXH_P2);
        let mut v2 = seed.wrapping_add(XXH_P2);
        let mut v3 = seed;
        let mut v4 = seed.wrapping_sub(XXH_P1);
        while i + 32 <= len {
            v1 = xxh64_round(v1, read_le(data, i, 8));
            v2 = xxh64_round(v2, read_le(data, i + 8, 8));
            v3 = xxh64_round(v3, read_le(data, i + 16, 8));
            v4 = xxh64_round(v4, read_le(data, i + 24, 8));
            i += 32;
        }
        let mut h = v1
            .rotate_left(1)
            .wrapping_add(v2.rotate_left(7))
            .wrapping_add(v3.rotate_left(12))
            .wrapping_add(v4.rotate_left(18));
        h = xxh64_merge(h, v1);
        h = xxh64_merge(h, v2);
        h = xxh64_merge(h, v3);
        xxh64_merge(h, v4)
    } else {
        seed.wrapping_add(XXH_P5)
    };
    hash = hash.wrapping_add(len as u64);
    while i + 8 <= len {
        hash ^= xxh64_round(0, read_le(data, i, 8));
        hash = hash
            .rotate_left(27)
            .wrapping_mul(XXH_P1)
            .wrapping_add(XXH_P4);
        i += 8;
    }
    if i + 4 <= len {
        hash ^= read_le(data, i, 4).wrapping_mul(XXH_P1);
        hash = hash
            .rotate_left(23)
            .wrapping_mul(XXH_P2)
            .wrapping_add(XXH_P3);
        i += 4;
    }
    while i < len {
        hash ^= (data[i] as u64).wrapping_mul(XXH_P5);
        hash = hash.rotate_left(11).wrapping_mul(XXH_P1);
        i += 1;
    }
    hash ^= hash >> 33;
    hash = hash.wrapping_mul(XXH_P2);
    hash ^= hash >> 29;
    hash = hash.wrapping_mul(XXH_P3);
    hash ^ (hash >> 32)
}

/// BLAKE3 with its default 256-bit output.
pub fn blake3_256(data: &[u8]) -> [u8; 32] {
    *blake3::hash(data).as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twox_matches_substrate_storage_prefixes() {
        assert_eq!(
            hex::encode(twox_128(b"System")),
            "26aa394eea5630e07c48ae0c9558cef7"
        );
        assert_eq!(
            hex::encode(twox_128(b"Account")),
            "b99d880ec681799c0cf30e8886371da9"
        );
    }

    #[test]
    fn blake2_matches_the_reference_digests() {
        use blake2::digest::consts::{U16, U32};
        use blake2::{Blake2b, Digest as _};
        for len in [0usize, 1, 32, 127, 128, 129, 1000] {
            let data: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
            let want256: [u8; 32] = Blake2b::<U32>::digest(&data).into();
            let want128: [u8; 16] = Blake2b::<U16>::digest(&data).into();
            assert_eq!(blake2_256(&data), want256, "blake2_256, {len} bytes");
            assert_eq!(blake2_128(&data), want128, "blake2_128, {len} bytes");
        }
        assert_eq!(
            hex::encode(blake2_128(b"")),
            "cae66941d9efbd404e4d88758ea67670"
        );
    }

    #[test]
    fn const_twox_matches_the_crate() {
        for len in 0usize..200 {
            let data: Vec<u8> = (0..len).map(|i| (i * 31 + 7) as u8).collect();
            assert_eq!(twox_128_const(&data), twox_128(&data), "{len} bytes");
        }
        const SYSTEM: [u8; 16] = twox_128_const(b"System");
        assert_eq!(hex::encode(SYSTEM), "26aa394eea5630e07c48ae0c9558cef7");
    }

    #[test]
    fn blake2_of_empty_input() {
        assert_eq!(
            hex::encode(blake2_256(b"")),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
        );
    }
}
