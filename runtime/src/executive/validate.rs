//! Transaction-pool validation against the best block's state.

use metanode_primitives::{blake2_256, H256};
use metanode_support::codec::Encode;
use metanode_support::StateRead;

use super::checks::{check, Mode};
use super::signatures::{NoCache, VerifiedSignatures};
use super::ChainContext;
use crate::validity::{TransactionValidityError, UnknownTransaction, ValidTransaction};
use crate::System;

/// [`validate_transaction_at`] without the state's block hash: a mortal transaction born at the state's own
/// block (what wallets build from the best or finalized head) is then `AncientBirthBlock`. Prefer `_at`.
pub fn validate_transaction(
    state: &dyn StateRead,
    ctx: &ChainContext,
    xt: &[u8],
) -> Result<ValidTransaction, TransactionValidityError> {
    validate(state, ctx, None, xt, &NoCache)
}

/// Checks `xt` (wire form) as a transaction for the block after `state`'s block, whose hash is `best_hash` (as
/// Substrate's `validate_transaction(source, tx, block_hash)`): decode (bounded), signature, era (birth hash from
/// genesis, `best_hash` or `System.BlockHash`), genesis, spec/tx version, nonce, limits, fee payable. A stale
/// nonce is `Stale`; a nonce ahead of the account's is **valid** with `requires = [(sender, nonce - 1)]` (the
/// pool keeps it in its future queue; `apply_extrinsic` would say `Future`). Unsigned extrinsics (inherents) are
/// never valid here.
pub fn validate_transaction_at(
    state: &dyn StateRead,
    ctx: &ChainContext,
    best_hash: H256,
    xt: &[u8],
) -> Result<ValidTransaction, TransactionValidityError> {
    validate(state, ctx, Some(best_hash), xt, &NoCache)
}

/// [`validate_transaction_at`] that records the verified signature in `signatures` (and skips the check when it is
/// already there): the pool's admission, so that building and importing the block need not verify it again.
pub fn validate_transaction_at_with(
    state: &dyn StateRead,
    ctx: &ChainContext,
    best_hash: H256,
    xt: &[u8],
    signatures: &dyn VerifiedSignatures,
) -> Result<ValidTransaction, TransactionValidityError> {
    validate(state, ctx, Some(best_hash), xt, signatures)
}

fn validate(
    state: &dyn StateRead,
    ctx: &ChainContext,
    best_hash: Option<H256>,
    xt: &[u8],
    signatures: &dyn VerifiedSignatures,
) -> Result<ValidTransaction, TransactionValidityError> {
    let checked = check(state, ctx, xt, Mode::Validate { best_hash }, signatures)?;
    let signed = checked.signed.ok_or(TransactionValidityError::Unknown(
        UnknownTransaction::NoUnsignedValidator,
    ))?;
    let nonce = signed.extra.nonce;
    let expected = System::account_nonce(state, &signed.who);
    let requires = if nonce > expected {
        vec![(signed.who, nonce - 1).encode()]
    } else {
        Vec::new()
    };
    let longevity = if signed.extra.era.is_immortal() {
        u64::MAX
    } else {
        signed
            .extra
            .era
            .death(signed.current)
            .saturating_sub(signed.current)
    };
    Ok(ValidTransaction {
        sender: signed.who,
        nonce,
        priority: u64::try_from(signed.extra.tip).unwrap_or(u64::MAX),
        requires,
        provides: vec![(signed.who, nonce).encode()],
        longevity,
        hash: H256(blake2_256(xt)),
    })
}
