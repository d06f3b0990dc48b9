//! sr25519 keys, signatures and Substrate's secret-URI derivation.
//!
//! Compatible with Substrate's `sp_core::sr25519` (and so with the polkadot.js keyring):
//! - a BIP39 phrase becomes a 32-byte mini secret via `substrate_bip39::mini_secret_from_entropy(entropy,
//!   password)`; a `0x` hex seed is taken as the mini secret itself;
//! - a mini secret is expanded with `ExpansionMode::Ed25519`;
//! - `//hard` junctions use `hard_derive_mini_secret_key(chain code, b"")` and `/soft` junctions
//!   `derived_key_simple(chain code, [])`; a junction's chain code is its SCALE encoding (a number as `u64`, else
//!   the `str`), zero-padded to 32 bytes, or its `blake2_256` when longer;
//! - signatures use the signing context `b"substrate"`.

mod sr25519;
mod suri;

pub use sr25519::{
    verify, verify_batch, verify_batch_with, verify_with, Pair, Signature, VerifyingKey,
    SIGNING_CONTEXT,
};
pub use suri::{DeriveJunction, SecretUri, SecretUriError, DEV_PHRASE};
