//! Mining's events (explicit, stable indices). The pallet has no calls and no errors.

use metanode_primitives::{AccountId32, BlockNumber};
use metanode_support::PalletEvent;
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

use crate::{Role, PALLET_INDEX};

/// Events of the Mining pallet.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Event {
    /// `amount` FLX was minted to `who` for block `block`, as its proposer or a signer of its certificate.
    #[codec(index = 0)]
    Rewarded {
        /// The rewarded block.
        block: BlockNumber,
        /// The receiver.
        who: AccountId32,
        /// FLX base units.
        amount: u128,
        /// Proposer or signer.
        role: Role,
    },
}

impl PalletEvent for Event {
    const PALLET_INDEX: u8 = PALLET_INDEX;
}
