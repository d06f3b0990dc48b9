//! The runtime APIs behind `state_call`: `<Trait>_<method>` names, SCALE input and output exactly as Substrate's
//! `decl_runtime_apis!` traits define them, so `@polkadot/api` (`api.call.*`) and `subxt` (`runtime_api()`) work.
//!
//! Served (with the versions [`crate::version::RUNTIME_APIS`] advertises): `Core_version` (v5),
//! `Metadata_metadata`, `Metadata_metadata_at_version`, `Metadata_metadata_versions` (v2),
//! `AccountNonceApi_account_nonce` (v1), `TransactionPaymentApi_query_info` and `_query_fee_details` (v4),
//! `TaggedTransactionQueue_validate_transaction` (v3). Input is decoded with `decode_all` (no trailing bytes).
//! Pure: reads state through [`StateRead`] only.

pub mod types;

use metanode_primitives::{AccountId32, UncheckedExtrinsic, H256};
use metanode_support::codec::{Decode, DecodeAll, Encode};
use metanode_support::{Dispatchable, Pays, StateRead};

use crate::call::decode_call;
use crate::executive::{validate_transaction_at, ChainContext};
use crate::fees::{fee_for, RuntimeDispatchInfo, BASE_FEE, FEE_PER_BYTE, FEE_PER_REF_TIME};
use crate::validity::{InvalidTransaction, TransactionValidityError, CUSTOM_MALFORMED_EXTRINSIC};
use crate::{metadata, queries, version, MAX_EXTRINSIC_LEN};
pub use types::{
    FeeDetails, InclusionFee, OpaqueMetadata, TransactionSource, TransactionValidity,
    ValidTransactionInfo,
};

/// Why a runtime API call has no answer (Substrate reports these as a runtime-call error, not as an encoded
/// result).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuntimeApiError {
    /// No such method.
    #[error("runtime API method `{method}` is not served by this runtime")]
    UnknownMethod {
        /// The method asked for.
        method: String,
    },
    /// The input bytes are not the method's SCALE-encoded arguments.
    #[error("{method}: the input is not SCALE-encoded {expected}: {reason}")]
    BadInput {
        /// The method.
        method: &'static str,
        /// What the input should be.
        expected: &'static str,
        /// The decoding error.
        reason: String,
    },
    /// The extrinsic given to a payment query cannot be decoded.
    #[error("{method}: the extrinsic is not a valid v4 extrinsic: {error}")]
    InvalidExtrinsic {
        /// The method.
        method: &'static str,
        /// Why.
        error: TransactionValidityError,
    },
}

/// Calls runtime API `method` with SCALE `input` against `state` (the state after the block the call is made
/// at) and returns the SCALE-encoded answer. `ctx.best_hash` is not used: `validate_transaction` takes the block
/// hash from its input, as Substrate's does.
pub fn call(
    method: &str,
    input: &[u8],
    state: &dyn StateRead,
    ctx: &ChainContext,
) -> Result<Vec<u8>, RuntimeApiError> {
    match method {
        "Core_version" => {
            decode::<()>(method_name::CORE_VERSION, "()", input)?;
            Ok(version().encode())
        }
        "Metadata_metadata" => {
            decode::<()>(method_name::METADATA, "()", input)?;
            Ok(OpaqueMetadata(metadata::metadata_v14_bytes().to_vec()).encode())
        }
        "Metadata_metadata_versions" => {
            decode::<()>(method_name::METADATA_VERSIONS, "()", input)?;
            Ok(metadata::metadata_versions().encode())
        }
        "Metadata_metadata_at_version" => {
            let v: u32 = decode(method_name::METADATA_AT_VERSION, "u32", input)?;
            Ok(metadata::metadata_at_version(v)
                .map(OpaqueMetadata)
                .encode())
        }
        "AccountNonceApi_account_nonce" => {
            let who: AccountId32 = decode(method_name::ACCOUNT_NONCE, "AccountId32", input)?;
            Ok(queries::account_nonce(state, &who).encode())
        }
        "TransactionPaymentApi_query_info" => {
            let (xt, len) = payment_input(method_name::QUERY_INFO, input)?;
            query_info(method_name::QUERY_INFO, &xt, len).map(|info| info.encode())
        }
        "TransactionPaymentApi_query_fee_details" => {
            let (xt, len) = payment_input(method_name::QUERY_FEE_DETAILS, input)?;
            query_fee_details(&xt, len).map(|details| details.encode())
        }
        "TaggedTransactionQueue_validate_transaction" => {
            let (_source, body, block_hash): (TransactionSource, Vec<u8>, H256) = decode(
                method_name::VALIDATE_TRANSACTION,
                "(TransactionSource, Extrinsic, BlockHash)",
                input,
            )?;
            // The extrinsic decoded as `Vec<u8>`: its wire form is that vector's encoding.
            Ok(validate(state, ctx, block_hash, &body.encode()).encode())
        }
        other => Err(RuntimeApiError::UnknownMethod {
            method: other.to_string(),
        }),
    }
}

/// The method names, for errors.
mod method_name {
    pub const CORE_VERSION: &str = "Core_version";
    pub const METADATA: &str = "Metadata_metadata";
    pub const METADATA_VERSIONS: &str = "Metadata_metadata_versions";
    pub const METADATA_AT_VERSION: &str = "Metadata_metadata_at_version";
    pub const ACCOUNT_NONCE: &str = "AccountNonceApi_account_nonce";
    pub const QUERY_INFO: &str = "TransactionPaymentApi_query_info";
    pub const QUERY_FEE_DETAILS: &str = "TransactionPaymentApi_query_fee_details";
    pub const VALIDATE_TRANSACTION: &str = "TaggedTransactionQueue_validate_transaction";
}

fn decode<T: Decode>(
    method: &'static str,
    expected: &'static str,
    input: &[u8],
) -> Result<T, RuntimeApiError> {
    T::decode_all(&mut &input[..]).map_err(|e| RuntimeApiError::BadInput {
        method,
        expected,
        reason: e.to_string(),
    })
}

/// `(uxt: Extrinsic, len: u32)`: the extrinsic in wire form (an `UncheckedExtrinsic` encodes as
/// `Compact<len> ++ body`, exactly a SCALE `Vec<u8>`) and the length the fee is computed for.
fn payment_input(method: &'static str, input: &[u8]) -> Result<(Vec<u8>, u32), RuntimeApiError> {
    let (body, len): (Vec<u8>, u32) = decode(method, "(Extrinsic, u32)", input)?;
    Ok((body.encode(), len))
}

/// Wire-form extrinsic → its call's dispatch info.
fn dispatch_info(
    method: &'static str,
    xt: &[u8],
) -> Result<metanode_support::DispatchInfo, RuntimeApiError> {
    let invalid =
        |error: TransactionValidityError| RuntimeApiError::InvalidExtrinsic { method, error };
    let uxt = UncheckedExtrinsic::decode_bounded(xt, MAX_EXTRINSIC_LEN)
        .map_err(|_| invalid(InvalidTransaction::Custom(CUSTOM_MALFORMED_EXTRINSIC).into()))?;
    let call = decode_call(&uxt.call).map_err(|_| invalid(InvalidTransaction::Call.into()))?;
    Ok(call.dispatch_info())
}

/// Weight, class and tip-less fee for `len` bytes: with `len` = the extrinsic's encoded length (what clients
/// pass), exactly the fee `apply_extrinsic` withdraws.
pub fn query_info(
    method: &'static str,
    xt: &[u8],
    len: u32,
) -> Result<RuntimeDispatchInfo, RuntimeApiError> {
    let info = dispatch_info(method, xt)?;
    Ok(RuntimeDispatchInfo {
        weight: info.weight,
        class: info.class,
        partial_fee: fee_for(len, info.weight, info.pays_fee, 0),
    })
}

/// The fee of [`query_info`] by part (tip 0).
pub fn query_fee_details(xt: &[u8], len: u32) -> Result<FeeDetails, RuntimeApiError> {
    let info = dispatch_info(method_name::QUERY_FEE_DETAILS, xt)?;
    let inclusion_fee = match info.pays_fee {
        Pays::Yes => Some(InclusionFee {
            base_fee: BASE_FEE,
            len_fee: u128::from(len).saturating_mul(FEE_PER_BYTE),
            adjusted_weight_fee: u128::from(info.weight.ref_time).saturating_mul(FEE_PER_REF_TIME),
        }),
        Pays::No => None,
    };
    Ok(FeeDetails {
        inclusion_fee,
        tip: 0,
    })
}

/// `validate_transaction` for the block after `block_hash` (whose post-state `state` is).
pub fn validate(
    state: &dyn StateRead,
    ctx: &ChainContext,
    block_hash: H256,
    xt: &[u8],
) -> TransactionValidity {
    validate_transaction_at(state, ctx, block_hash, xt).map(ValidTransactionInfo::from)
}

/// Encodes `(TransactionSource, extrinsic, block_hash)` as `validate_transaction` takes it (for tests and
/// clients of this crate). `xt` is the wire form.
pub fn validate_transaction_input(
    source: TransactionSource,
    xt: &[u8],
    block_hash: H256,
) -> Vec<u8> {
    let mut out = source.encode();
    out.extend_from_slice(xt);
    block_hash.encode_to(&mut out);
    out
}

/// Encodes `(extrinsic, len)` as the payment queries take it, with `len` = the wire form's length. `xt` is the
/// wire form.
pub fn payment_query_input(xt: &[u8]) -> Vec<u8> {
    let mut out = xt.to_vec();
    (u32::try_from(xt.len()).unwrap_or(u32::MAX)).encode_to(&mut out);
    out
}
