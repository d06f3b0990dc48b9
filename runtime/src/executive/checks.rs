//! The checks shared by validation and application (Substrate's signed extensions, in order).

use metanode_primitives::{
    AccountId32, AdditionalSigned, BlockNumber, MultiAddress, SignedExtra, UncheckedExtrinsic, H256,
};
use metanode_support::{
    Currency, DispatchClass, DispatchInfo, Dispatchable, ExistenceRequirement, StateRead, Weight,
};

use super::signatures::{SignedParts, VerifiedSignatures};
use super::ChainContext;
use crate::call::{decode_call, RuntimeCall};
use crate::fees::fee_for;
use crate::validity::{
    InvalidTransaction, TransactionValidityError, UnknownTransaction, CUSTOM_MALFORMED_EXTRINSIC,
};
use crate::version::{SPEC_VERSION, TRANSACTION_VERSION};
use crate::{
    Balances, System, MAX_BLOCK_LEN, MAX_BLOCK_WEIGHT, MAX_EXTRINSIC_LEN,
    NORMAL_DISPATCH_RATIO_PERCENT,
};

/// Whether the extrinsic is checked for the pool or for inclusion in the block being built/executed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Against the best block's state (whose hash is `best_hash`, if known), for the block after it.
    Validate {
        /// The hash of the state's block.
        best_hash: Option<H256>,
    },
    /// Against the state of the block being built (already initialized).
    Apply,
}

/// A signed extrinsic that passed every check.
pub(crate) struct SignedCheck {
    pub who: AccountId32,
    pub extra: SignedExtra,
    pub fee: u128,
    /// The number of the block the extrinsic goes into.
    pub current: u64,
}

/// An extrinsic that passed every check.
pub(crate) struct Checked {
    pub call: RuntimeCall,
    pub signed: Option<SignedCheck>,
    pub info: DispatchInfo,
    pub len: u32,
}

fn invalid(e: InvalidTransaction) -> TransactionValidityError {
    TransactionValidityError::Invalid(e)
}

/// Runs every check; writes nothing. The signature is checked unless `signatures` already verified it (and
/// recorded there when it verifies).
pub(crate) fn check(
    state: &dyn StateRead,
    ctx: &ChainContext,
    xt: &[u8],
    mode: Mode,
    signatures: &dyn VerifiedSignatures,
) -> Result<Checked, TransactionValidityError> {
    if xt.len() > MAX_EXTRINSIC_LEN {
        return Err(invalid(InvalidTransaction::ExhaustsResources));
    }
    let uxt = UncheckedExtrinsic::decode_bounded(xt, MAX_EXTRINSIC_LEN).map_err(|error| {
        tracing::debug!(target: "runtime::executive", %error, "malformed extrinsic");
        invalid(InvalidTransaction::Custom(CUSTOM_MALFORMED_EXTRINSIC))
    })?;
    let call = decode_call(&uxt.call).map_err(|error| {
        tracing::debug!(target: "runtime::executive", %error, "call data does not decode");
        invalid(InvalidTransaction::Call)
    })?;
    let info = call.dispatch_info();
    let len =
        u32::try_from(xt.len()).map_err(|_| invalid(InvalidTransaction::ExhaustsResources))?;
    let Some((address, _, extra)) = &uxt.signature else {
        if matches!(mode, Mode::Validate { .. }) || !call.is_inherent() {
            return Err(TransactionValidityError::Unknown(
                UnknownTransaction::NoUnsignedValidator,
            ));
        }
        return Ok(Checked {
            call,
            signed: None,
            info,
            len,
        });
    };
    if info.class == DispatchClass::Mandatory {
        return Err(invalid(InvalidTransaction::MandatoryValidation));
    }
    if matches!(address, MultiAddress::Id(a) if a.0 == [0u8; 32]) {
        return Err(invalid(InvalidTransaction::BadSigner));
    }
    let number = System::block_number(state);
    let current = match mode {
        Mode::Validate { .. } => u64::from(number) + 1,
        Mode::Apply => u64::from(number),
    };
    let era_block_hash = birth_hash(state, ctx, extra.era.birth(current), number, mode)
        .ok_or(invalid(InvalidTransaction::AncientBirthBlock))?;
    let additional = AdditionalSigned {
        spec_version: SPEC_VERSION,
        tx_version: TRANSACTION_VERSION,
        genesis_hash: ctx.genesis_hash,
        era_block_hash,
    };
    let who = SignedParts::of(&uxt, &additional)?.verify_once(signatures)?;
    let expected = System::account_nonce(state, &who);
    if extra.nonce < expected {
        return Err(invalid(InvalidTransaction::Stale));
    }
    if extra.nonce > expected && mode == Mode::Apply {
        return Err(invalid(InvalidTransaction::Future));
    }
    check_limits(state, &info, len, mode)?;
    let fee = fee_for(len, info.weight, info.pays_fee, extra.tip);
    Balances::ensure_can_withdraw(state, &who, fee, ExistenceRequirement::KeepAlive)
        .map_err(|_| invalid(InvalidTransaction::Payment))?;
    Ok(Checked {
        call,
        signed: Some(SignedCheck {
            who,
            extra: *extra,
            fee,
            current,
        }),
        info,
        len,
    })
}

/// The hash signed for the era's birth block: genesis for block 0, the best hash when validating a transaction
/// born at the best block itself (its hash is not in its own state), else `System.BlockHash`.
fn birth_hash(
    state: &dyn StateRead,
    ctx: &ChainContext,
    birth: u64,
    number: BlockNumber,
    mode: Mode,
) -> Option<H256> {
    if birth == 0 {
        return Some(ctx.genesis_hash);
    }
    let birth = BlockNumber::try_from(birth).ok()?;
    if let Mode::Validate { best_hash } = mode {
        if birth == number {
            return best_hash;
        }
    }
    System::block_hash(state, birth)
}

/// The signature parts of signed `xt` as [`check`] in `mode` would verify them against `state` (the best block's
/// state when validating, the block being executed when applying); `None` when it does not decode, is unsigned, or
/// its era's birth block is unknown (the full check rejects those itself).
pub(crate) fn signed_parts(
    state: &dyn StateRead,
    ctx: &ChainContext,
    xt: &[u8],
    mode: Mode,
) -> Option<SignedParts> {
    if xt.len() > MAX_EXTRINSIC_LEN {
        return None;
    }
    let uxt = UncheckedExtrinsic::decode_bounded(xt, MAX_EXTRINSIC_LEN).ok()?;
    let (_, _, extra) = uxt.signature.as_ref()?;
    let number = System::block_number(state);
    let current = match mode {
        Mode::Validate { .. } => u64::from(number) + 1,
        Mode::Apply => u64::from(number),
    };
    let era_block_hash = birth_hash(state, ctx, extra.era.birth(current), number, mode)?;
    let additional = AdditionalSigned {
        spec_version: SPEC_VERSION,
        tx_version: TRANSACTION_VERSION,
        genesis_hash: ctx.genesis_hash,
        era_block_hash,
    };
    SignedParts::of(&uxt, &additional).ok()
}

/// Weight and length limits of `class`: normal transactions get `NORMAL_DISPATCH_RATIO_PERCENT` of the block,
/// operational ones all of it, mandatory ones are not limited.
fn limits(class: DispatchClass) -> Option<(Weight, u32)> {
    let ratio = |v: u64| v / 100 * NORMAL_DISPATCH_RATIO_PERCENT;
    match class {
        DispatchClass::Normal => Some((
            Weight::from_parts(
                ratio(MAX_BLOCK_WEIGHT.ref_time),
                ratio(MAX_BLOCK_WEIGHT.proof_size),
            ),
            u32::try_from(ratio(u64::from(MAX_BLOCK_LEN))).unwrap_or(MAX_BLOCK_LEN),
        )),
        DispatchClass::Operational => Some((MAX_BLOCK_WEIGHT, MAX_BLOCK_LEN)),
        DispatchClass::Mandatory => None,
    }
}

fn check_limits(
    state: &dyn StateRead,
    info: &DispatchInfo,
    len: u32,
    mode: Mode,
) -> Result<(), TransactionValidityError> {
    let Some((max_weight, max_len)) = limits(info.class) else {
        return Ok(());
    };
    let (weight, total_len) = match mode {
        Mode::Validate { .. } => (info.weight, len),
        Mode::Apply => (
            System::block_weight(state)
                .get(info.class)
                .saturating_add(info.weight),
            System::all_extrinsics_len(state).saturating_add(len),
        ),
    };
    if weight.any_gt(max_weight) || total_len > max_len {
        return Err(invalid(InvalidTransaction::ExhaustsResources));
    }
    Ok(())
}
