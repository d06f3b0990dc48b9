//! The signed-extension data: what the extrinsic carries ([`SignedExtra`]) and what it only signs
//! ([`AdditionalSigned`]).

use crate::era::Era;
use crate::hashing::H256;
use parity_scale_codec::{Decode, Encode, Error as CodecError, Input, Output};
use scale_info::TypeInfo;

/// The signed extensions' explicit data, in extension order: `CheckMortality` (era), `CheckNonce` (compact
/// nonce), `ChargeTransactionPayment` (compact tip), `CheckMetadataHash` (mode byte, 0 = disabled).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Encode, Decode, TypeInfo)]
pub struct SignedExtra {
    pub era: Era,
    #[codec(compact)]
    pub nonce: u32,
    #[codec(compact)]
    pub tip: u128,
    pub metadata_hash_mode: u8,
}

/// The signed extensions' implicit data, signed but not sent: `CheckSpecVersion`, `CheckTxVersion`,
/// `CheckGenesis`, `CheckMortality` (the hash of the era's birth block, or genesis when immortal), then
/// `CheckMetadataHash`'s `Option<[u8; 32]>`, always `None` (`0x00`) because only mode 0 is supported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, TypeInfo)]
pub struct AdditionalSigned {
    pub spec_version: u32,
    pub tx_version: u32,
    pub genesis_hash: H256,
    pub era_block_hash: H256,
}

impl Encode for AdditionalSigned {
    fn size_hint(&self) -> usize {
        4 + 4 + 32 + 32 + 1
    }

    fn encode_to<T: Output + ?Sized>(&self, output: &mut T) {
        self.spec_version.encode_to(output);
        self.tx_version.encode_to(output);
        self.genesis_hash.encode_to(output);
        self.era_block_hash.encode_to(output);
        None::<[u8; 32]>.encode_to(output);
    }
}

impl Decode for AdditionalSigned {
    fn decode<I: Input>(input: &mut I) -> Result<Self, CodecError> {
        let value = Self {
            spec_version: Decode::decode(input)?,
            tx_version: Decode::decode(input)?,
            genesis_hash: Decode::decode(input)?,
            era_block_hash: Decode::decode(input)?,
        };
        match <Option<[u8; 32]>>::decode(input)? {
            None => Ok(value),
            Some(_) => Err("metadata hash must be None (mode 0)".into()),
        }
    }
}
