//! Signing, submitting and following an extrinsic to finality, then reading what happened to it: the path every
//! transaction-sending command shares (`transfer`, `validators add|remove`, `deploy`, `app update|scale|stop|remove`).
//!
//! Contract: [`build_extrinsic`] signs with the nonce from `system_accountNextIndex`, the genesis hash from
//! `chain_getBlockHash(0)`, the versions from `state_getRuntimeVersion` and a mortal era of [`MORTALITY_PERIOD`]
//! blocks from the finalized head. [`wait_finalized`] submits with `author_submitAndWatchExtrinsic` and returns the
//! finalized block, or an error if the node rejects the transaction, it becomes `invalid`, `dropped` or `usurped`,
//! or finality does not come within the timeout. [`included`] finds the extrinsic in that block by hash and reads
//! its events, [`Outcome`] and receipt id; [`report`] prints them the way `transfer` and the app commands do and
//! fails (non-zero exit) when the dispatch failed.

use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use jsonrpsee::ws_client::WsClient;
use metanode_primitives::{AccountId32, Era, UncheckedExtrinsic};
use metanode_rpc::{
    AuthorApiClient, Bytes, ChainApiClient, ListOrValue, NumberOrHex, StateApiClient,
    SystemApiClient, TransactionStatus, H256,
};
use metanode_runtime::{queries, EventRecord, ReceiptId, RuntimeCall, SigningContext};

use crate::amount::format_amount;
use crate::chain::{block_at, finalized, rpc_error};
use crate::commands::outcome::{find_index, outcome, Outcome};

/// Blocks a transaction stays valid for, counted from the finalized head.
pub const MORTALITY_PERIOD: u64 = 64;

/// Builds and signs the extrinsic: nonce, genesis hash, versions, mortal era from the finalized head.
pub async fn build_extrinsic(
    client: &WsClient,
    pair: &metanode_primitives::Pair,
    call: RuntimeCall,
) -> anyhow::Result<UncheckedExtrinsic> {
    let from = pair.public();
    let nonce = client
        .system_account_next_index(from.to_string())
        .await
        .map_err(|e| rpc_error("system_accountNextIndex", e))?;
    let genesis = match client
        .block_hash(Some(ListOrValue::Value(NumberOrHex::Number(0))))
        .await
        .map_err(|e| rpc_error("chain_getBlockHash", e))?
    {
        ListOrValue::Value(Some(hash)) => hash,
        other => bail!("chain_getBlockHash(0) returned {other:?} instead of the genesis hash"),
    };
    let version = client
        .runtime_version(None)
        .await
        .map_err(|e| rpc_error("state_getRuntimeVersion", e))?;
    let birth = finalized(client).await?;
    Ok(sign(&call, pair, nonce, genesis, birth, &version))
}

/// Signs `call` with a mortal era of [`MORTALITY_PERIOD`] blocks born at `birth` (number, hash),
/// for the chain with `genesis` hash running runtime `version`.
pub fn sign(
    call: &RuntimeCall,
    pair: &metanode_primitives::Pair,
    nonce: u32,
    genesis: H256,
    birth: (u32, H256),
    version: &metanode_rpc::RuntimeVersionJson,
) -> UncheckedExtrinsic {
    let ctx = SigningContext {
        genesis_hash: genesis,
        era_block_hash: birth.1,
        spec_version: version.spec_version,
        tx_version: version.transaction_version,
    };
    let era = Era::mortal(MORTALITY_PERIOD, u64::from(birth.0));
    metanode_runtime::sign_call(call, pair, nonce, era, 0, &ctx)
}

/// Submits `bytes` and follows its status until it is finalized (returns the block hash). `what` names the
/// transaction in messages ("transfer", "validator change").
pub async fn wait_finalized(
    client: &WsClient,
    bytes: Vec<u8>,
    timeout: Duration,
    what: &str,
) -> anyhow::Result<H256> {
    let mut sub = client
        .watch_extrinsic(Bytes(bytes))
        .await
        .map_err(|e| rpc_error("author_submitAndWatchExtrinsic", e))?;
    let follow = async {
        loop {
            let status = match sub.next().await {
                Some(Ok(status)) => status,
                Some(Err(e)) => bail!("the node sent a malformed transaction status: {e}"),
                None => {
                    bail!("the node closed the transaction watch before the {what} was final")
                }
            };
            tracing::info!(?status, "transaction status");
            match status {
                TransactionStatus::Finalized(block) => return Ok(block),
                TransactionStatus::InBlock(_)
                | TransactionStatus::Retracted(_)
                | TransactionStatus::Future
                | TransactionStatus::Ready
                | TransactionStatus::Broadcast(_) => {}
                TransactionStatus::Invalid => {
                    bail!("the transaction became invalid before it was included (nonce reused or balance spent?)")
                }
                TransactionStatus::Dropped => {
                    bail!("the node dropped the transaction (transaction pool full?)")
                }
                TransactionStatus::Usurped(by) => {
                    bail!("the transaction was replaced by {by:?} (same sender and nonce)")
                }
                TransactionStatus::FinalityTimeout(block) => {
                    bail!("the node gave up waiting for block {block:?} to be finalized")
                }
            }
        }
    };
    tokio::time::timeout(timeout, follow).await.map_err(|_| {
        anyhow!(
            "the {what} was not finalized within {} s (see --timeout); it may still be included",
            timeout.as_secs()
        )
    })?
}

/// An extrinsic as its finalized block records it.
#[derive(Debug, Clone)]
pub struct Included {
    /// The block's number.
    pub number: u32,
    /// The block's hash.
    pub block: H256,
    /// All events of the block.
    pub events: Vec<EventRecord>,
    /// The extrinsic's position, fee and dispatch result.
    pub outcome: Outcome,
    /// The id of its receipt (`Receipts.BlockReceipts[index]` of the block's post-state); `None` if the block holds
    /// no receipt for it (a node older than the Receipts pallet).
    pub receipt: Option<ReceiptId>,
}

/// Finds extrinsic `tx_hash` (signed by `from`) in finalized `block` and reads its outcome from the block's events.
pub async fn included(
    client: &WsClient,
    block: H256,
    tx_hash: H256,
    from: &AccountId32,
) -> anyhow::Result<Included> {
    let (number, _) = block_at(client, Some(block)).await?;
    let signed = client
        .block(Some(block))
        .await
        .map_err(|e| rpc_error("chain_getBlock", e))?
        .ok_or_else(|| anyhow!("the node does not have finalized block {block:?}"))?;
    let index = find_index(&signed.block.extrinsics, tx_hash)
        .ok_or_else(|| anyhow!("finalized block {block:?} does not contain the transaction"))?;
    let raw = client
        .storage(Bytes(queries::events_key()), Some(block))
        .await
        .map_err(|e| rpc_error("state_getStorage", e))?
        .ok_or_else(|| anyhow!("block {block:?} has no System.Events"))?;
    let events = queries::decode_events(&raw).context("System.Events does not decode")?;
    let outcome = outcome(&events, block, index, from)?;
    let receipt = client
        .storage(Bytes(queries::block_receipts_key()), Some(block))
        .await
        .map_err(|e| rpc_error("state_getStorage", e))?
        .map(|raw| queries::decode_receipts(&raw))
        .transpose()
        .context("Receipts.BlockReceipts does not decode")?
        .and_then(|receipts| receipts.get(index as usize).map(|r| r.id));
    Ok(Included {
        number,
        block,
        events,
        outcome,
        receipt,
    })
}

/// Reads extrinsic `tx_hash` (signed by `from`) from finalized `block` and prints its block, receipt id, fee
/// (`flx_decimals` decimals) and outcome. Fails if the dispatch failed, naming the error
/// (`the {what} failed: Containers.NotOwner (the fee was still charged)`).
pub async fn report(
    client: &WsClient,
    block: H256,
    tx_hash: H256,
    from: &AccountId32,
    flx_decimals: u8,
    what: &str,
) -> anyhow::Result<Included> {
    let included = included(client, block, tx_hash, from).await?;
    let result = &included.outcome;
    println!(
        "  Block:    #{} {block:?} (extrinsic {})",
        included.number, result.index
    );
    if let Some(id) = included.receipt {
        println!("  Receipt:  {id}");
    }
    match result.fee {
        Some(fee) => println!("  Fee:      {} FLX", format_amount(fee, flx_decimals)),
        None => println!("  Fee:      none"),
    }
    match &result.result {
        Ok(()) => {
            println!("  Outcome:  success");
            Ok(included)
        }
        Err(error) => {
            println!("  Outcome:  failed: {error}");
            bail!("the {what} failed: {error} (the fee was still charged)")
        }
    }
}
