//! Transaction validity: Substrate's `TransactionValidityError` shapes (variant order = wire indices) with a
//! clear `Display`, and [`ValidTransaction`], what the pool needs to order and replace transactions.

use metanode_primitives::{AccountId32, H256};
use metanode_support::codec::{Decode, Encode};
use metanode_support::scale_info::TypeInfo;

/// `InvalidTransaction::Custom` code: the bytes are not a well-formed v4 extrinsic (bad length prefix, version
/// byte, address/signature/extra encoding or metadata-hash mode).
pub const CUSTOM_MALFORMED_EXTRINSIC: u8 = 1;

/// Why a transaction can never be valid (Substrate's `InvalidTransaction`, same indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum InvalidTransaction {
    /// The call data does not decode (unknown pallet, call, or argument such as a token index) or the call is not
    /// allowed in a transaction.
    Call,
    /// The sender cannot pay the fee.
    Payment,
    /// The nonce is ahead of the account's (valid later, once the missing nonces are used).
    Future,
    /// The nonce was already used.
    Stale,
    /// The signature does not verify (wrong key, payload, genesis, versions or era block).
    BadProof,
    /// The era's birth block is unknown or too old.
    AncientBirthBlock,
    /// The transaction would exceed the block's weight or length limit.
    ExhaustsResources,
    /// A runtime-specific reason; see the `CUSTOM_*` constants.
    Custom(u8),
    /// An inherent (mandatory) call failed.
    BadMandatory,
    /// A mandatory call was sent as a signed transaction.
    MandatoryValidation,
    /// The signer is not allowed (all-zero account).
    BadSigner,
    /// Implicit (additional signed) data could not be computed.
    IndeterminateImplicit,
    /// No origin was authorized.
    UnknownOrigin,
}

/// Why validity could not be determined (Substrate's `UnknownTransaction`, same indices).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum UnknownTransaction {
    /// The signer's address could not be looked up (only `MultiAddress::Id` signers are supported).
    CannotLookup,
    /// An unsigned transaction that is not an inherent.
    NoUnsignedValidator,
    /// A runtime-specific reason.
    Custom(u8),
}

/// A transaction that may not be included (Substrate's `TransactionValidityError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum TransactionValidityError {
    /// Never valid.
    Invalid(InvalidTransaction),
    /// Validity unknown.
    Unknown(UnknownTransaction),
}

impl From<InvalidTransaction> for TransactionValidityError {
    fn from(e: InvalidTransaction) -> Self {
        TransactionValidityError::Invalid(e)
    }
}

impl From<UnknownTransaction> for TransactionValidityError {
    fn from(e: UnknownTransaction) -> Self {
        TransactionValidityError::Unknown(e)
    }
}

impl std::fmt::Display for InvalidTransaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InvalidTransaction::Call => f.write_str(
                "Transaction call is not expected: the call data does not decode (unknown pallet, call or argument, \
                 e.g. a token index) or the call may not be sent as a transaction",
            ),
            InvalidTransaction::Payment => {
                f.write_str("Inability to pay some fees (e.g. account balance too low to pay the fee in FLX)")
            }
            InvalidTransaction::Future => {
                f.write_str("Transaction will be valid in the future (nonce ahead of the account's next nonce)")
            }
            InvalidTransaction::Stale => f.write_str("Transaction is outdated (nonce already used)"),
            InvalidTransaction::BadProof => f.write_str(
                "Transaction has a bad signature (wrong key, payload, genesis hash, runtime versions or era block)",
            ),
            InvalidTransaction::AncientBirthBlock => {
                f.write_str("Transaction has an ancient birth block (era block unknown or pruned)")
            }
            InvalidTransaction::ExhaustsResources => f.write_str("Transaction would exhaust the block limits"),
            InvalidTransaction::Custom(CUSTOM_MALFORMED_EXTRINSIC) => {
                f.write_str("Malformed extrinsic: the bytes are not a valid v4 extrinsic")
            }
            InvalidTransaction::Custom(code) => write!(f, "InvalidTransaction custom error {code}"),
            InvalidTransaction::BadMandatory => {
                f.write_str("A call was labelled as mandatory, but resulted in an Error.")
            }
            InvalidTransaction::MandatoryValidation => {
                f.write_str("Transaction dispatch is mandatory; transactions must not be validated.")
            }
            InvalidTransaction::BadSigner => f.write_str("Invalid signing address"),
            InvalidTransaction::IndeterminateImplicit => {
                f.write_str("The implicit data was unable to be calculated")
            }
            InvalidTransaction::UnknownOrigin => {
                f.write_str("The transaction extension did not authorize any origin")
            }
        }
    }
}

impl std::fmt::Display for UnknownTransaction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UnknownTransaction::CannotLookup => f.write_str(
                "Could not lookup information required to validate the transaction (signer must be MultiAddress::Id)",
            ),
            UnknownTransaction::NoUnsignedValidator => {
                f.write_str("Could not find an unsigned validator for the unsigned transaction")
            }
            UnknownTransaction::Custom(code) => write!(f, "UnknownTransaction custom error {code}"),
        }
    }
}

impl std::fmt::Display for TransactionValidityError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransactionValidityError::Invalid(e) => write!(f, "Invalid Transaction: {e}"),
            TransactionValidityError::Unknown(e) => write!(f, "Unknown Transaction Validity: {e}"),
        }
    }
}

impl std::error::Error for TransactionValidityError {}

/// A transaction the pool may keep, with what it needs to order it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidTransaction {
    /// The signer.
    pub sender: AccountId32,
    /// The transaction's nonce.
    pub nonce: u32,
    /// Higher goes first (the tip, saturated to `u64`).
    pub priority: u64,
    /// Tags that must be provided first: `[(sender, nonce - 1)]` when the nonce is ahead of the account's.
    pub requires: Vec<Vec<u8>>,
    /// Tags this provides: `[(sender, nonce)]` SCALE-encoded.
    pub provides: Vec<Vec<u8>>,
    /// Blocks for which it stays valid (its era's death minus the next block's number; `u64::MAX` immortal).
    pub longevity: u64,
    /// `blake2_256` of the extrinsic's bytes (its transaction hash).
    pub hash: H256,
}

impl ValidTransaction {
    /// Whether the transaction waits for earlier nonces (`requires` non-empty): the pool's "future" queue.
    pub fn is_future(&self) -> bool {
        !self.requires.is_empty()
    }
}
