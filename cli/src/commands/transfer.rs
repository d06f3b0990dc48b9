//! `transfer`: sign, submit, wait for finality, report block, tx hash, fee and outcome.
//!
//! Contract: nothing is sent unless the sender key, the recipient and the amount are all valid.
//! The extrinsic is `Wallets.transfer(token, dest, amount)` (one call for all four tokens), mortal
//! for 64 blocks from the finalized head, with the nonce from `system_accountNextIndex`, the genesis
//! hash from `chain_getBlockHash(0)` and the versions from `state_getRuntimeVersion`. It is submitted
//! with `author_submitAndWatchExtrinsic`; the command returns an error (exit status 1) if the node
//! rejects it, if it becomes `invalid`, `dropped` or `usurped`, if finality does not come within
//! `--timeout`, or if the finalized block records `ExtrinsicFailed` (named, e.g.
//! `Wallets.InsufficientBalance`). Block, tx hash and fee are printed in every included case.

use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use jsonrpsee::ws_client::WsClient;
use metanode_primitives::{AccountId32, Era, MultiAddress, UncheckedExtrinsic};
use metanode_rpc::{
    AuthorApiClient, Bytes, ChainApiClient, ListOrValue, NumberOrHex, StateApiClient,
    SystemApiClient, TransactionStatus, H256,
};
use metanode_runtime::{queries, wallets, RuntimeCall, SigningContext, Token};

use crate::amount::{check_amount_form, format_amount, parse_amount};
use crate::args::{RpcArgs, TokenArg, TransferArgs};
use crate::chain::{block_at, connect, decimals_of, finalized, rpc_error, token_metas};
use crate::commands::outcome::{find_index, outcome};
use crate::keysource::{load_signer, parse_account};

/// Blocks a transfer stays valid for, counted from the finalized head.
pub const MORTALITY_PERIOD: u64 = 64;

/// The runtime token for a `--token` value.
pub fn token_of(arg: TokenArg) -> Token {
    match arg {
        TokenArg::Gen => Token::GEN,
        TokenArg::Nex => Token::NEX,
        TokenArg::Flx => Token::FLX,
        TokenArg::Aur => Token::AUR,
    }
}

/// The call a transfer submits.
pub fn transfer_call(token: Token, dest: AccountId32, amount: u128) -> RuntimeCall {
    RuntimeCall::Wallets(wallets::Call::transfer {
        token,
        dest: MultiAddress::Id(dest),
        amount,
    })
}

/// Runs a transfer end to end.
pub async fn run(rpc: &RpcArgs, args: &TransferArgs) -> anyhow::Result<()> {
    let signer = load_signer(&args.from).context("--from")?;
    if let Some(warning) = &signer.warning {
        tracing::warn!("{warning}");
    }
    let from = signer.pair.public();
    let dest = parse_account(&args.to).context("--to")?;
    let token = token_of(args.token);
    // Reject malformed, negative and zero amounts before touching the network; the token's
    // real decimals are checked once the node has told us them.
    check_amount_form(&args.amount)?;
    let client = &connect(&rpc.url).await?;
    let props = client
        .system_properties()
        .await
        .map_err(|e| rpc_error("system_properties", e))?;
    let decimals = decimals_of(&token_metas(&props)?, token.symbol())?;
    let amount = parse_amount(&args.amount, decimals)?;

    let xt = build_extrinsic(client, &signer.pair, transfer_call(token, dest, amount)).await?;
    let tx_hash = xt.hash();
    println!(
        "Sending {} {token} from {from} to {dest}",
        format_amount(amount, decimals)
    );
    println!("  Tx hash:  {tx_hash:?}");

    let block = wait_finalized(client, xt.encode(), Duration::from_secs(args.timeout)).await?;
    report(client, block, tx_hash, &from, &props).await
}

/// Builds and signs the extrinsic: nonce, genesis hash, versions, mortal era from the finalized head.
async fn build_extrinsic(
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

/// Submits `bytes` and follows its status until it is finalized (returns the block hash).
async fn wait_finalized(
    client: &WsClient,
    bytes: Vec<u8>,
    timeout: Duration,
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
                    bail!("the node closed the transaction watch before the transfer was final")
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
            "the transfer was not finalized within {} s (see --timeout); it may still be included",
            timeout.as_secs()
        )
    })?
}

/// Prints block, tx hash, fee and outcome; fails if the dispatch failed.
async fn report(
    client: &WsClient,
    block: H256,
    tx_hash: H256,
    from: &AccountId32,
    props: &metanode_rpc::Properties,
) -> anyhow::Result<()> {
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
    let result = outcome(&events, block, index, from)?;
    let flx_decimals = decimals_of(&token_metas(props)?, Token::FLX.symbol())?;
    println!("  Block:    #{number} {block:?} (extrinsic {index})");
    match result.fee {
        Some(fee) => println!("  Fee:      {} FLX", format_amount(fee, flx_decimals)),
        None => println!("  Fee:      none"),
    }
    match result.result {
        Ok(()) => {
            println!("  Outcome:  success");
            Ok(())
        }
        Err(error) => {
            println!("  Outcome:  failed: {error}");
            bail!("the transfer failed: {error} (the fee was still charged)")
        }
    }
}
