//! Building and signing v4 extrinsics for [`RuntimeCall`]s (the CLI and tests use this).

use metanode_primitives::{
    AdditionalSigned, Era, MultiAddress, Pair, SignedExtra, UncheckedExtrinsic, H256,
};
use metanode_support::codec::Encode;

use crate::call::RuntimeCall;
use crate::version::{SPEC_VERSION, TRANSACTION_VERSION};

/// What a signature commits to besides the call and the explicit extra.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SigningContext {
    /// The chain's genesis hash.
    pub genesis_hash: H256,
    /// The hash of the era's birth block (the genesis hash for an immortal era).
    pub era_block_hash: H256,
    /// The runtime's spec version.
    pub spec_version: u32,
    /// The runtime's transaction version.
    pub tx_version: u32,
}

impl SigningContext {
    /// A context with this runtime's versions.
    pub fn new(genesis_hash: H256, era_block_hash: H256) -> Self {
        SigningContext {
            genesis_hash,
            era_block_hash,
            spec_version: SPEC_VERSION,
            tx_version: TRANSACTION_VERSION,
        }
    }

    /// An immortal-era context with this runtime's versions.
    pub fn immortal(genesis_hash: H256) -> Self {
        Self::new(genesis_hash, genesis_hash)
    }
}

/// Builds and signs a v4 extrinsic for `call` (signer `MultiAddress::Id`, sr25519, metadata-hash mode 0).
pub fn sign_call(
    call: &RuntimeCall,
    pair: &Pair,
    nonce: u32,
    era: Era,
    tip: u128,
    ctx: &SigningContext,
) -> UncheckedExtrinsic {
    let extra = SignedExtra {
        era,
        nonce,
        tip,
        metadata_hash_mode: 0,
    };
    let additional = AdditionalSigned {
        spec_version: ctx.spec_version,
        tx_version: ctx.tx_version,
        genesis_hash: ctx.genesis_hash,
        era_block_hash: ctx.era_block_hash,
    };
    UncheckedExtrinsic::new_signed(call.encode(), pair, extra, &additional)
}

/// The signer address a signed extrinsic of `pair` carries.
pub fn signer_address(pair: &Pair) -> MultiAddress {
    MultiAddress::Id(pair.public())
}
