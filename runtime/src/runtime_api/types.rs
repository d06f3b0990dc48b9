//! The runtime-API wire types Substrate defines, with its encodings (and, where clients match on them, its type
//! paths): what `state_call` returns and what the V15 metadata's API descriptions name.

use metanode_support::codec::{Decode, Encode};
use metanode_support::scale_info::{build::Fields, Path, Type, TypeInfo};

use crate::validity::{TransactionValidityError, ValidTransaction};

/// `sp_core::OpaqueMetadata`: encoded metadata as a SCALE `Vec<u8>`.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct OpaqueMetadata(pub Vec<u8>);

impl TypeInfo for OpaqueMetadata {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("OpaqueMetadata", "sp_core"))
            .composite(Fields::unnamed().field(|f| f.ty::<Vec<u8>>().type_name("Vec<u8>")))
    }
}

/// `sp_runtime::transaction_validity::TransactionSource`: where a transaction came from (same indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum TransactionSource {
    /// Already in a block.
    InBlock,
    /// Submitted locally (RPC or offchain worker).
    Local,
    /// Received from the network.
    External,
}

/// `sp_runtime::transaction_validity::ValidTransaction`: what the pool needs to order a transaction.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct ValidTransactionInfo {
    /// Higher goes first.
    pub priority: u64,
    /// Tags that must be provided by earlier transactions.
    pub requires: Vec<Vec<u8>>,
    /// Tags this transaction provides.
    pub provides: Vec<Vec<u8>>,
    /// Blocks for which it stays valid.
    pub longevity: u64,
    /// Whether it may be gossiped.
    pub propagate: bool,
}

impl From<ValidTransaction> for ValidTransactionInfo {
    fn from(v: ValidTransaction) -> Self {
        ValidTransactionInfo {
            priority: v.priority,
            requires: v.requires,
            provides: v.provides,
            longevity: v.longevity,
            propagate: true,
        }
    }
}

/// `sp_runtime::transaction_validity::TransactionValidity`, encoded as Substrate encodes it.
pub type TransactionValidity = Result<ValidTransactionInfo, TransactionValidityError>;

/// `pallet_transaction_payment::InclusionFee`: the fee without the tip, by part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct InclusionFee {
    /// The flat part.
    pub base_fee: u128,
    /// The per-byte part.
    pub len_fee: u128,
    /// The per-weight part (there is no fee multiplier: it is the unadjusted weight fee).
    pub adjusted_weight_fee: u128,
}

/// `pallet_transaction_payment::FeeDetails`: `inclusion_fee` is `None` for calls that do not pay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct FeeDetails {
    /// The fee by part, if the call pays.
    pub inclusion_fee: Option<InclusionFee>,
    /// The tip (always 0 in a query, as in Substrate).
    pub tip: u128,
}
