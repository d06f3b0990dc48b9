//! Applying one extrinsic to the block being built or executed.

use metanode_primitives::{blake2_256, H256};
use metanode_support::{
    Context, Currency, DispatchResult, Dispatchable, ExistenceRequirement, Origin, ReadOnly, State,
};

use super::checks::{check, Mode, SignedCheck};
use super::signatures::{NoCache, VerifiedSignatures};
use super::ChainContext;
use crate::errors::receipt_outcome;
use crate::receipts::{Receipt, ReceiptId, Related};
use crate::system::EventBuffer;
use crate::validity::{InvalidTransaction, TransactionValidityError};
use crate::{Balances, Receipts, System, Timestamp};

/// Applies `xt` (wire form) to the initialized block in `state`.
///
/// `Err(_)`: not includable, and nothing was written. `Ok(Err(e))`: included but the call failed — the fee was
/// paid and the nonce used, the call's own writes were undone, `ExtrinsicFailed` was emitted. `Ok(Ok(()))`:
/// included and succeeded. Every included extrinsic (`Ok(_)`) appends its [`Receipt`] to
/// `Receipts.BlockReceipts`.
pub fn apply_extrinsic(
    state: &mut dyn State,
    ctx: &ChainContext,
    xt: &[u8],
) -> Result<DispatchResult, TransactionValidityError> {
    apply_extrinsic_with(state, ctx, xt, &NoCache)
}

/// [`apply_extrinsic`] that skips the signature check when `signatures` already verified this exact signature
/// (see [`VerifiedSignatures`]); every other check runs. A signature verified here is recorded in `signatures`.
pub fn apply_extrinsic_with(
    state: &mut dyn State,
    ctx: &ChainContext,
    xt: &[u8],
    signatures: &dyn VerifiedSignatures,
) -> Result<DispatchResult, TransactionValidityError> {
    let mut events = EventBuffer::default();
    let outcome = Context::new(state, &mut events)
        .with_transaction(|c| apply_in_transaction(c, ctx, xt, signatures));
    // The two per-block lists are appended to outside the extrinsic's storage transaction, on the caller's state
    // (the block overlay), where `State::append` grows them in place: inside the transaction's own overlay the
    // first append would copy the whole list in and the commit would copy it back out, once per extrinsic.
    let (result, receipt) = outcome?;
    Receipts::append(state, &receipt);
    events.flush(state);
    Ok(result)
}

/// Applies `xt` inside the caller's storage transaction; returns the outcome and the receipt to append.
fn apply_in_transaction(
    c: &mut Context<'_>,
    ctx: &ChainContext,
    xt: &[u8],
    signatures: &dyn VerifiedSignatures,
) -> Result<(DispatchResult, Receipt), TransactionValidityError> {
    let checked = check(&ReadOnly(&*c.state), ctx, xt, Mode::Apply, signatures)?;
    let origin = match &checked.signed {
        Some(signed) => {
            pre_dispatch(c, signed)?;
            Origin::Signed(signed.who)
        }
        None => Origin::None,
    };
    let names = checked.call.names();
    let related = checked.call.related();
    let result = c.with_transaction(|inner| checked.call.dispatch(inner, origin));
    match &checked.signed {
        Some(signed) => pay_author(c, signed.fee),
        None if result.is_err() => {
            tracing::warn!(target: "runtime::executive", ?result, "inherent failed");
            return Err(TransactionValidityError::Invalid(
                InvalidTransaction::BadMandatory,
            ));
        }
        None => {}
    }
    System::register_extrinsic(
        c.state,
        checked.info.weight,
        checked.info.class,
        checked.len,
    );
    let receipt = receipt_for(
        c.state,
        ctx,
        xt,
        names,
        related,
        checked.signed.as_ref(),
        &result,
    );
    System::note_applied_extrinsic(c, &result, checked.info);
    Ok((result, receipt))
}

/// The receipt of the extrinsic being applied (call `System::note_applied_extrinsic` after it: the index is the
/// current extrinsic's), with the app or agreement its call concerns. The fee is the one withdrawn before dispatch (no refunds), 0 for inherents.
fn receipt_for(
    state: &dyn metanode_support::StateRead,
    ctx: &ChainContext,
    xt: &[u8],
    (pallet, call): (&str, &str),
    related: Option<Related>,
    signed: Option<&SignedCheck>,
    result: &DispatchResult,
) -> Receipt {
    let block = System::block_number(state);
    let index = System::extrinsic_index(state);
    Receipt {
        id: ReceiptId::compute(&ctx.genesis_hash, block, index, &H256(blake2_256(xt))),
        block,
        index,
        signer: signed.map(|s| s.who),
        pallet: pallet.as_bytes().to_vec(),
        call: call.as_bytes().to_vec(),
        outcome: receipt_outcome(result),
        fee: signed.map_or(0, |s| s.fee),
        related,
        timestamp_ms: Timestamp::now(state),
        effect: None,
    }
}

/// Withdraws the fee (keep-alive) and uses the nonce.
fn pre_dispatch(c: &mut Context<'_>, signed: &SignedCheck) -> Result<(), TransactionValidityError> {
    if signed.fee > 0 {
        Balances::withdraw(c, &signed.who, signed.fee, ExistenceRequirement::KeepAlive)
            .map_err(|_| TransactionValidityError::Invalid(InvalidTransaction::Payment))?;
    }
    System::inc_account_nonce(c.state, &signed.who);
    Ok(())
}

/// Deposits the fee to the block author (the digest's proposer); burns it if there is none or it cannot receive.
fn pay_author(c: &mut Context<'_>, fee: u128) {
    if fee == 0 {
        return;
    }
    let Some(author) = System::digest(c.state).pre_digest().map(|p| p.proposer) else {
        tracing::debug!(target: "runtime::executive", fee, "no block author in the digest: fee burned");
        return;
    };
    if let Err(error) = c.with_transaction(|c| Balances::deposit(c, &author, fee)) {
        tracing::warn!(target: "runtime::executive", %author, fee, %error, "author cannot receive the fee: burned");
    }
}
