//! Metanode's core types, shared by the runtime, the node and the CLI.
//!
//! Everything that crosses the chain's edge is encoded exactly as Substrate encodes it (DESIGN.md §1), so
//! `@polkadot/api` and `subxt` work unchanged: the 5-field [`Header`] and its [`Digest`], the v4
//! [`UncheckedExtrinsic`] with [`MultiAddress`], [`MultiSignature`], [`Era`] and the standard signed extensions,
//! sr25519 keys with Substrate's secret-URI derivation ([`Pair`]) and SS58 addresses ([`AccountId32`]).
//! Inside the chain every Merkle root is a blake3 binary tree ([`merkle`]), except the state root: a blake3
//! Jellyfish Merkle tree ([`state_tree`]).
//!
//! This crate is pure: no I/O, no async runtime, no database.

pub mod account;
pub mod block;
pub mod crypto;
pub mod digest;
pub mod era;
pub mod extrinsic;
pub mod hashing;
pub mod header;
pub mod merkle;
pub mod multi;
pub mod state_tree;

pub use account::{AccountId32, Ss58Error, DEFAULT_SS58_PREFIX};
pub use block::{extrinsics_root, Block, OpaqueExtrinsic};
pub use crypto::{
    verify, verify_batch, verify_batch_with, verify_with, Pair, SecretUriError, Signature,
    VerifyingKey, DEV_PHRASE, SIGNING_CONTEXT,
};
pub use digest::{
    ConsensusEngineId, ConsensusPreDigest, Digest, DigestItem, NextValidatorSet,
    NextValidatorSetError, HOTSTUFF_ENGINE_ID, MAX_NEXT_SET_KEYS, RECEIPTS_ENGINE_ID,
    VALIDATOR_SET_ENGINE_ID,
};
pub use era::Era;
pub use extrinsic::{AdditionalSigned, ExtrinsicError, SignedExtra, UncheckedExtrinsic};
pub use hashing::{
    blake2_128, blake2_256, blake3_256, concat_const, twox_128, twox_128_const, twox_64, H256,
};
pub use header::{BlockNumber, Header};
pub use merkle::{leaf_hash, merkle_proof, merkle_root, verify_merkle_proof, MerkleProof};
pub use multi::{MultiAddress, MultiSignature};
pub use state_tree::{genesis_header, state_key_hash, state_root_of, Blake3Hasher, StateTreeError};

/// Re-exported so that users of these types encode them with the same codec version.
pub use parity_scale_codec as codec;
/// Re-exported so that users of these types describe them with the same `scale-info` version.
pub use scale_info;
