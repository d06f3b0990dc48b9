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
    fn blake2_of_empty_input() {
        assert_eq!(
            hex::encode(blake2_256(b"")),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"
        );
    }
}
