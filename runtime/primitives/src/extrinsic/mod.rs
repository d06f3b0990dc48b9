//! Substrate's v4 `UncheckedExtrinsic` with Metanode's fixed list of signed extensions.
//!
//! Wire form: `Compact<len> ++ body`, where `body` is `0x04 ++ call` (unsigned) or
//! `0x84 ++ MultiAddress ++ MultiSignature ++ extra ++ call` (signed), and `call` is
//! `pallet_index u8 ++ call_index u8 ++ args`, kept here as raw bytes.
//!
//! Signed extensions, in order (DESIGN.md §1): `CheckNonZeroSender, CheckSpecVersion, CheckTxVersion,
//! CheckGenesis, CheckMortality, CheckNonce, CheckWeight, ChargeTransactionPayment, CheckMetadataHash`.
//! - `extra` ([`SignedExtra`]) = `Era ++ Compact<u32 nonce> ++ Compact<u128 tip> ++ u8 metadata-hash mode`.
//! - "additional signed" ([`AdditionalSigned`]) = `spec_version u32 ++ tx_version u32 ++ genesis_hash ++
//!   era_block_hash ++ Option<[u8; 32]>` where the metadata hash is `None` (`0x00`) in mode 0.
//! - the signing payload is `call ++ extra ++ additional`; when longer than 256 bytes it is signed as its
//!   `blake2_256`.

mod extensions;
mod metadata;
mod unchecked;

pub use extensions::{AdditionalSigned, SignedExtra};
pub use metadata::{signed_extensions, SignedExtensionInfo, UncheckedExtrinsicType};
pub use unchecked::UncheckedExtrinsic;

/// The extrinsic format version: v4.
pub const EXTRINSIC_FORMAT_VERSION: u8 = 4;
/// The version byte's "signed" bit.
pub const SIGNED_BIT: u8 = 0b1000_0000;
/// Signing payloads longer than this are signed as their `blake2_256`.
pub const MAX_UNHASHED_PAYLOAD: usize = 256;

/// Why an extrinsic was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtrinsicError {
    #[error("extrinsic cannot be decoded: {reason}")]
    Codec { reason: String },
    #[error("extrinsic is {len} bytes, above the limit of {max}")]
    TooLong { len: usize, max: usize },
    #[error("length prefix says {declared} bytes but {actual} follow")]
    LengthMismatch { declared: usize, actual: usize },
    #[error("extrinsic version byte {version:#04x} is not supported (expected 0x04 or 0x84)")]
    UnsupportedVersion { version: u8 },
    #[error("metadata hash mode {mode} is not supported (only 0, disabled)")]
    UnsupportedMetadataHashMode { mode: u8 },
    #[error("extrinsic is unsigned")]
    Unsigned,
    #[error("signer address kind {kind} is not supported (only MultiAddress::Id)")]
    UnsupportedAddress { kind: &'static str },
    #[error("signature scheme {scheme} is not supported (only sr25519)")]
    UnsupportedSignatureScheme { scheme: &'static str },
    #[error("bad signature from {signer}")]
    BadSignature { signer: crate::AccountId32 },
}
