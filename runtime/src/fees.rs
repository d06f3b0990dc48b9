//! Transaction fees, in FLX base units.
//!
//! `fee = BASE_FEE + encoded_len × FEE_PER_BYTE + weight.ref_time × FEE_PER_REF_TIME + tip` (saturating), for
//! calls that pay (`Pays::Yes`); calls that don't pay only the tip. The fee is withdrawn from the sender before
//! dispatch with `KeepAlive` (it can never reap the sender) and is charged even when the call fails. It is then
//! deposited to the block author (the header's `ConsensusPreDigest.proposer`), so FLX total issuance is unchanged
//! by fees. Exception: if the block has no pre-digest, or the author's account does not exist and the fee is
//! below the existential deposit, the fee is burned (issuance shrinks by it; the invariant still holds).
//! Weight is the declared weight: there are no post-dispatch refunds.

use metanode_primitives::UncheckedExtrinsic;
use metanode_support::codec::{Decode, Encode};
use metanode_support::scale_info::TypeInfo;
use metanode_support::{DispatchClass, Dispatchable, Pays, StateRead, Weight};

use crate::call::decode_call;
use crate::validity::{InvalidTransaction, TransactionValidityError, CUSTOM_MALFORMED_EXTRINSIC};
use crate::MAX_EXTRINSIC_LEN;

/// Flat part of every fee: 0.001 FLX at 12 decimals.
pub const BASE_FEE: u128 = 1_000_000_000;
/// Per byte of the encoded extrinsic (length prefix included): 0.00001 FLX.
pub const FEE_PER_BYTE: u128 = 10_000_000;
/// Per picosecond of `ref_time`: a 60 µs transfer costs 0.0006 FLX.
pub const FEE_PER_REF_TIME: u128 = 10;

/// The fee of an extrinsic of `len` encoded bytes and `weight`, plus `tip`.
pub fn compute_fee(len: u32, weight: Weight, tip: u128) -> u128 {
    BASE_FEE
        .saturating_add(u128::from(len).saturating_mul(FEE_PER_BYTE))
        .saturating_add(u128::from(weight.ref_time).saturating_mul(FEE_PER_REF_TIME))
        .saturating_add(tip)
}

/// The fee an extrinsic pays given its fee mode.
pub fn fee_for(len: u32, weight: Weight, pays: Pays, tip: u128) -> u128 {
    match pays {
        Pays::Yes => compute_fee(len, weight, tip),
        Pays::No => tip,
    }
}

/// `TransactionPaymentApi_query_info`'s answer (Substrate's `RuntimeDispatchInfo`): the fee without the tip.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct RuntimeDispatchInfo {
    /// Declared weight.
    pub weight: Weight,
    /// Dispatch class.
    pub class: DispatchClass,
    /// The fee without the tip.
    pub partial_fee: u128,
}

/// Weight, class and tip-less fee of an encoded extrinsic (`Compact<len>` prefix included). The signature is not
/// checked; `_state` is taken for a future fee multiplier.
pub fn query_info(
    _state: &dyn StateRead,
    xt: &[u8],
) -> Result<RuntimeDispatchInfo, TransactionValidityError> {
    let uxt = UncheckedExtrinsic::decode_bounded(xt, MAX_EXTRINSIC_LEN)
        .map_err(|_| InvalidTransaction::Custom(CUSTOM_MALFORMED_EXTRINSIC))?;
    let call = decode_call(&uxt.call).map_err(|_| InvalidTransaction::Call)?;
    let info = call.dispatch_info();
    let len = u32::try_from(xt.len()).unwrap_or(u32::MAX);
    Ok(RuntimeDispatchInfo {
        weight: info.weight,
        class: info.class,
        partial_fee: fee_for(len, info.weight, info.pays_fee, 0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fee_formula() {
        let w = Weight::from_parts(60_000_000, 0);
        assert_eq!(
            compute_fee(150, w, 0),
            1_000_000_000 + 1_500_000_000 + 600_000_000
        );
        assert_eq!(compute_fee(150, w, 7), compute_fee(150, w, 0) + 7);
        assert_eq!(fee_for(150, w, Pays::No, 7), 7);
        assert_eq!(
            compute_fee(u32::MAX, Weight::from_parts(u64::MAX, 0), u128::MAX),
            u128::MAX
        );
    }
}
