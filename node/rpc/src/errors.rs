//! Error codes and constructors shared by the node (server side) and the CLI (which prints them).
//!
//! Contract: codes and messages are Substrate's (`sc-rpc-api`), so a wallet that matches on them
//! (e.g. `1010 "Invalid Transaction"`) behaves the same against Metanode. The human-readable reason
//! goes into `data` as a string where Substrate puts it there. Base codes: author 1000, system 2000,
//! chain 3000, state 4000; JSON-RPC's own codes for malformed requests.

use std::fmt::Display;

use jsonrpsee::types::{ErrorObject, ErrorObjectOwned};
use primitive_types::H256;

use crate::types::bytes::to_hex;
use crate::types::NumberTooLarge;

/// JSON-RPC: the method does not exist (or is not supported yet).
pub const METHOD_NOT_FOUND: i32 = -32601;
/// JSON-RPC: the parameters are wrong; `data` says what is wrong.
pub const INVALID_PARAMS: i32 = -32602;
/// JSON-RPC: the node failed internally; `data` says how.
pub const INTERNAL_ERROR: i32 = -32603;

/// `system_accountNextIndex`: the nonce could not be read (frame-rpc-system's code 1).
pub const SYSTEM_RUNTIME_ERROR: i32 = 1;

/// Author: the extrinsic bytes do not decode.
pub const AUTHOR_BAD_FORMAT: i32 = 1001;
/// Author: the runtime could not verify the extrinsic.
pub const AUTHOR_VERIFICATION_ERROR: i32 = 1002;
/// Pool: the transaction is invalid (`data` = the `InvalidTransaction` reason).
pub const POOL_INVALID_TX: i32 = 1010;
/// Pool: the transaction's validity cannot be determined.
pub const POOL_UNKNOWN_VALIDITY: i32 = 1011;
/// Pool: the transaction is temporarily banned.
pub const POOL_TEMPORARILY_BANNED: i32 = 1012;
/// Pool: the transaction is already in the pool.
pub const POOL_ALREADY_IMPORTED: i32 = 1013;
/// Pool: priority too low to replace the transaction with the same tags.
pub const POOL_TOO_LOW_PRIORITY: i32 = 1014;
/// Pool: a dependency cycle was detected.
pub const POOL_CYCLE_DETECTED: i32 = 1015;
/// Pool: the transaction did not fit the pool's limits.
pub const POOL_IMMEDIATELY_DROPPED: i32 = 1016;
/// Pool: the pool does not accept future transactions.
pub const POOL_FUTURE_TX: i32 = 1021;
/// Author: any other failure.
pub const AUTHOR_OTHER: i32 = 1040;

/// Chain: a bad block number or other request fault.
pub const CHAIN_OTHER: i32 = 3001;
/// Chain: the node's block store failed.
pub const CHAIN_CLIENT: i32 = 3002;

/// State: a block range could not be resolved.
pub const STATE_INVALID_BLOCK_RANGE: i32 = 4001;
/// State: `count` exceeds the maximum (`state_getKeysPaged`).
pub const STATE_INVALID_COUNT: i32 = 4002;
/// State: client error (unknown block, state discarded, runtime call failed).
pub const STATE_CLIENT: i32 = 4003;

/// Wrong parameters: code -32602, message "Invalid params", `data` = `reason`.
pub fn invalid_params(reason: impl Display) -> ErrorObjectOwned {
    ErrorObject::owned(INVALID_PARAMS, "Invalid params", Some(reason.to_string()))
}

/// Internal failure: code -32603, message "Internal error", `data` = `reason`.
pub fn internal(reason: impl Display) -> ErrorObjectOwned {
    ErrorObject::owned(INTERNAL_ERROR, "Internal error", Some(reason.to_string()))
}

/// A method or subscription this node does not serve yet: code -32601.
pub fn not_supported(method: &str) -> ErrorObjectOwned {
    ErrorObject::owned(
        METHOD_NOT_FOUND,
        "Method not found",
        Some(format!("{method} is not supported by this node yet")),
    )
}

/// `system_accountNextIndex` failed: code 1, "Unable to query nonce.", `data` = `reason`.
pub fn nonce_query_failed(reason: impl Display) -> ErrorObjectOwned {
    ErrorObject::owned(
        SYSTEM_RUNTIME_ERROR,
        "Unable to query nonce.",
        Some(reason.to_string()),
    )
}

/// The extrinsic does not decode: code 1001, "Extrinsic has invalid format: <reason>".
pub fn bad_format(reason: impl Display) -> ErrorObjectOwned {
    ErrorObject::owned(
        AUTHOR_BAD_FORMAT,
        format!("Extrinsic has invalid format: {reason}"),
        None::<()>,
    )
}

/// Verification failed: code 1002, "Verification Error: <reason>", `data` = `reason`.
pub fn verification_error(reason: impl Display) -> ErrorObjectOwned {
    ErrorObject::owned(
        AUTHOR_VERIFICATION_ERROR,
        format!("Verification Error: {reason}"),
        Some(reason.to_string()),
    )
}

/// Invalid transaction: code 1010, "Invalid Transaction", `data` = `reason` — Substrate's
/// `InvalidTransaction` text, e.g. "Transaction is outdated", "Transaction has a bad signature",
/// "Inability to pay some fees (e.g. account balance too low)", or "Custom error: <n>".
pub fn invalid_transaction(reason: impl Display) -> ErrorObjectOwned {
    ErrorObject::owned(
        POOL_INVALID_TX,
        "Invalid Transaction",
        Some(reason.to_string()),
    )
}

/// Unknown validity: code 1011, "Unknown Transaction Validity", `data` = `reason`.
pub fn unknown_transaction(reason: impl Display) -> ErrorObjectOwned {
    ErrorObject::owned(
        POOL_UNKNOWN_VALIDITY,
        "Unknown Transaction Validity",
        Some(reason.to_string()),
    )
}

/// Banned: code 1012, "Transaction is temporarily banned".
pub fn temporarily_banned() -> ErrorObjectOwned {
    ErrorObject::owned(
        POOL_TEMPORARILY_BANNED,
        "Transaction is temporarily banned",
        None::<()>,
    )
}

/// Duplicate: code 1013, "Transaction Already Imported", `data` = the tx hash.
pub fn already_imported(hash: H256) -> ErrorObjectOwned {
    ErrorObject::owned(
        POOL_ALREADY_IMPORTED,
        "Transaction Already Imported",
        Some(to_hex(hash.as_bytes())),
    )
}

/// Replacement refused: code 1014, "Priority is too low: (<old> vs <new>)".
pub fn too_low_priority(old: u64, new: u64) -> ErrorObjectOwned {
    ErrorObject::owned(
        POOL_TOO_LOW_PRIORITY,
        format!("Priority is too low: ({old} vs {new})"),
        Some("The transaction has too low priority to replace another transaction already in the pool."),
    )
}

/// Pool full (or the transaction over the size limit): code 1016, "Immediately Dropped", with Substrate's data text
/// followed by which limit, e.g. `…because of the limit: transaction pool is full (transaction count limit); retry
/// later`.
pub fn immediately_dropped(limit: impl Display) -> ErrorObjectOwned {
    ErrorObject::owned(
        POOL_IMMEDIATELY_DROPPED,
        "Immediately Dropped",
        Some(format!(
            "The transaction couldn't enter the pool because of the limit: {limit}"
        )),
    )
}

/// Future transactions refused: code 1021.
pub fn future_rejected() -> ErrorObjectOwned {
    ErrorObject::owned(
        POOL_FUTURE_TX,
        "The pool is not accepting future transactions",
        None::<()>,
    )
}

/// A block number above `u32::MAX`: code 3001 with Substrate's message.
pub fn block_number_too_large(err: &NumberTooLarge) -> ErrorObjectOwned {
    ErrorObject::owned(CHAIN_OTHER, err.to_string(), None::<()>)
}

/// The block store failed while serving `chain_*`: code 3002, "Blockchain error: <reason>".
pub fn chain_client(reason: impl Display) -> ErrorObjectOwned {
    ErrorObject::owned(
        CHAIN_CLIENT,
        format!("Blockchain error: {reason}"),
        None::<()>,
    )
}

/// A state query at a block the node does not know (or has pruned): code 4003.
pub fn unknown_block(hash: H256) -> ErrorObjectOwned {
    ErrorObject::owned(
        STATE_CLIENT,
        format!(
            "Client error: UnknownBlock: header not found for {}",
            to_hex(hash.as_bytes())
        ),
        None::<()>,
    )
}

/// Any other state failure (e.g. a runtime call that failed): code 4003, "Client error: <reason>".
pub fn state_client(reason: impl Display) -> ErrorObjectOwned {
    ErrorObject::owned(STATE_CLIENT, format!("Client error: {reason}"), None::<()>)
}

/// `state_getKeysPaged` with too large a `count`: code 4002.
pub fn invalid_count(value: u32, max: u32) -> ErrorObjectOwned {
    ErrorObject::owned(
        STATE_INVALID_COUNT,
        format!("count exceeds maximum value. value: {value}, max: {max}"),
        None::<()>,
    )
}

/// One line for a person: `<message> (code <code>)`, plus `: <data>` when there is data.
pub fn describe(err: &ErrorObjectOwned) -> String {
    match err.data() {
        Some(data) => {
            let data = serde_json::from_str::<String>(data.get())
                .unwrap_or_else(|_| data.get().to_string());
            format!("{}: {} (code {})", err.message(), data, err.code())
        }
        None => format!("{} (code {})", err.message(), err.code()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(err: ErrorObjectOwned) -> String {
        serde_json::to_string(&err).unwrap()
    }

    #[test]
    fn golden_json() {
        assert_eq!(
            json(invalid_transaction("Transaction is outdated")),
            r#"{"code":1010,"message":"Invalid Transaction","data":"Transaction is outdated"}"#
        );
        assert_eq!(
            json(unknown_transaction("CannotLookup")),
            r#"{"code":1011,"message":"Unknown Transaction Validity","data":"CannotLookup"}"#
        );
        assert_eq!(
            json(temporarily_banned()),
            r#"{"code":1012,"message":"Transaction is temporarily banned"}"#
        );
        assert_eq!(
            json(already_imported(H256::zero())),
            format!(
                r#"{{"code":1013,"message":"Transaction Already Imported","data":"0x{}"}}"#,
                "00".repeat(32)
            )
        );
        assert_eq!(
            json(too_low_priority(5, 3)),
            r#"{"code":1014,"message":"Priority is too low: (5 vs 3)","data":"The transaction has too low priority to replace another transaction already in the pool."}"#
        );
        assert_eq!(
            json(bad_format("Could not decode `Call`")),
            r#"{"code":1001,"message":"Extrinsic has invalid format: Could not decode `Call`"}"#
        );
        assert_eq!(
            json(invalid_params("expected 0x-hex")),
            r#"{"code":-32602,"message":"Invalid params","data":"expected 0x-hex"}"#
        );
        assert_eq!(
            json(invalid_count(2000, 1000)),
            r#"{"code":4002,"message":"count exceeds maximum value. value: 2000, max: 1000"}"#
        );
    }

    #[test]
    fn codes() {
        assert_eq!(immediately_dropped("byte limit").code(), 1016);
        assert_eq!(future_rejected().code(), 1021);
        assert_eq!(verification_error("x").code(), 1002);
        assert_eq!(unknown_block(H256::zero()).code(), 4003);
        assert_eq!(state_client("x").code(), 4003);
        assert_eq!(chain_client("x").code(), 3002);
        assert_eq!(nonce_query_failed("x").code(), 1);
        assert_eq!(not_supported("state_subscribeStorage").code(), -32601);
        assert_eq!(internal("x").code(), -32603);
        let too_large = crate::types::NumberOrHex::Number(1 << 40)
            .to_block_number()
            .unwrap_err();
        assert_eq!(block_number_too_large(&too_large).code(), 3001);
    }

    #[test]
    fn describe_is_one_line() {
        assert_eq!(
            describe(&invalid_transaction("Transaction has a bad signature")),
            "Invalid Transaction: Transaction has a bad signature (code 1010)"
        );
        assert_eq!(
            describe(&temporarily_banned()),
            "Transaction is temporarily banned (code 1012)"
        );
    }
}
