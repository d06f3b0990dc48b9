//! Primitive consensus types: hashes, rounds, heights, epochs, validator keys and block references.
//!
//! Rounds are per epoch: every epoch starts at round 0 (its start QC) and the first proposal is round 1.

use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

/// A 32-byte identifier (block ids are chosen by the application; the node uses the header hash).
pub type Hash = [u8; 32];
/// A consensus round inside one epoch.
pub type Round = u64;
/// A block height (genesis is height 0).
pub type Height = u64;
/// A validator-set epoch (genesis set is epoch 0).
pub type Epoch = u64;
/// Position of a validator in its epoch's [`crate::ValidatorSet`].
pub type ValidatorIndex = u16;
/// An sr25519 signature, 64 bytes.
pub type SignatureBytes = [u8; 64];

/// sr25519 public key bytes.
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct PublicKey(pub [u8; 32]);

/// A block as certificates name it: its id, the round it was proposed in and its height.
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct BlockRef {
    /// Application-chosen block id.
    pub id: Hash,
    /// Round the block was proposed in (0 for an epoch's root).
    pub round: Round,
    /// Height of the block.
    pub height: Height,
}
