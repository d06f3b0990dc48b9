//! The executive: the one place that turns extrinsic bytes into state changes.
//!
//! Extrinsic bytes (`xt`) are always the wire form `Compact<len> ++ body` — what `author_submitExtrinsic` receives
//! and what `OpaqueExtrinsic::encode()` yields. Fee and length are computed on exactly these bytes.
//!
//! **Building a block** (node): [`initialize_block`] with the new header (parent hash, number, digest with the
//! `ConsensusPreDigest` and the parent's quorum certificate; roots not yet known) → [`apply_extrinsic`] for each of [`inherents`] then pool
//! transactions (skip those that return `Err`) → [`finalize_block`] (returns the [`BlockSeal`]: receipts root
//! and, when the block changed the validator set, the new set; the node appends it to the header digest) → the node computes `extrinsics_root` and the state root. **Importing** (node): [`execute_block`] on an overlay of the parent state; the node then checks
//! the state root. **Pool**: [`validate_transaction_at`] against the best block's state and hash.
//!
//! Checks of a signed extrinsic, in Substrate's signed-extension order: decodable (bounded length and call depth) →
//! not a mandatory call → non-zero sender → era birth block known (`System.BlockHash`, block 0 = genesis) →
//! signature over call, extra, spec/tx version, genesis and era block → nonce → block weight/length → fee payable
//! with `KeepAlive`. Then: fee withdrawn and nonce incremented, the call dispatched in its own storage transaction
//! (a failed call changes nothing else), the fee paid to the author, the
//! receipt appended to `Receipts.BlockReceipts`, `ExtrinsicSuccess`/`ExtrinsicFailed` emitted.
//! An `apply_extrinsic` that returns `Err` changes nothing at all.

mod apply;
mod block;
mod checks;
mod rewards;
mod signatures;
mod validate;

pub use apply::{apply_extrinsic, apply_extrinsic_with};
pub use block::{
    block_timestamp, execute_block, execute_block_with, finalize_block, inherents,
    initialize_block, scheduled_validator_set, BlockSeal,
};
pub use signatures::{preverify_for_pool, NoCache, SignatureKey, VerifiedSignatures};
pub use validate::{validate_transaction, validate_transaction_at, validate_transaction_at_with};

use metanode_primitives::{BlockNumber, H256};

use crate::validity::TransactionValidityError;

/// What validation needs that is not in state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ChainContext {
    /// The chain's genesis hash (signed by every extrinsic; immortal eras' birth block).
    pub genesis_hash: H256,
    /// The hash of the block whose state [`validate_transaction`] gets. Clients build mortal eras born at the
    /// best/finalized block, whose hash is not in its own state; without it such transactions are rejected as
    /// `AncientBirthBlock`. Unused by `apply_extrinsic`/`execute_block` (`initialize_block` records the parent).
    pub best_hash: Option<H256>,
}

impl ChainContext {
    /// A context with only the genesis hash.
    pub fn new(genesis_hash: H256) -> Self {
        ChainContext {
            genesis_hash,
            best_hash: None,
        }
    }

    /// The same context, validating at the block `best_hash`.
    pub fn at_best(self, best_hash: H256) -> Self {
        ChainContext {
            best_hash: Some(best_hash),
            ..self
        }
    }
}

/// Why an imported block is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExecuteBlockError {
    /// The header's number does not follow the parent state's.
    #[error("block number {got} does not follow the parent state's block {parent}")]
    NumberMismatch {
        /// The parent state's block number.
        parent: BlockNumber,
        /// The header's number.
        got: BlockNumber,
    },
    /// The first extrinsic is not the unsigned `Timestamp.set` inherent.
    #[error("the first extrinsic must be the unsigned Timestamp.set inherent")]
    MissingTimestamp,
    /// An extrinsic may not be included.
    #[error("extrinsic {index} is not includable: {error}")]
    InvalidExtrinsic {
        /// Its index in the block.
        index: usize,
        /// Why.
        error: TransactionValidityError,
    },
    /// The header's extrinsics root does not match the body.
    #[error("extrinsics root mismatch: header has {header:?}, body gives {computed:?}")]
    ExtrinsicsRootMismatch {
        /// The header's root.
        header: H256,
        /// The root computed from the body.
        computed: H256,
    },
    /// The header has no `Consensus(RCPT, root)` digest item (or it is not 32 bytes).
    #[error("the header has no receipts root")]
    MissingReceiptsRoot,
    /// The header's next-validator-set item is duplicated or does not decode.
    #[error("the header's next-validator-set item is malformed: {0}")]
    MalformedValidatorSet(String),
    /// The block changed the validator set but the header does not announce the new set.
    #[error("the block schedules validator set epoch {epoch} but its header has no next-validator-set item")]
    MissingValidatorSet {
        /// The epoch the execution scheduled.
        epoch: u64,
    },
    /// The header announces a validator set the block did not schedule.
    #[error(
        "the header announces validator set epoch {epoch} but the block does not change the set"
    )]
    UnexpectedValidatorSet {
        /// The epoch the header names.
        epoch: u64,
    },
    /// The header's next validator set differs from the one the execution scheduled.
    #[error("the header's next validator set (epoch {header_epoch}) differs from the one execution scheduled (epoch {computed_epoch})")]
    ValidatorSetMismatch {
        /// The header's epoch.
        header_epoch: u64,
        /// The executed epoch.
        computed_epoch: u64,
    },
    /// The header's receipts root does not match the receipts the block produced.
    #[error("receipts root mismatch: header has {header:?}, execution gives {computed:?}")]
    ReceiptsRootMismatch {
        /// The header's root.
        header: H256,
        /// The root of the receipts the execution produced.
        computed: H256,
    },
}
