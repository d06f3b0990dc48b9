//! `transfer`: sign, submit, wait for finality, report block, tx hash, fee and outcome.
//!
//! Contract: nothing is sent unless the sender key, the recipient and the amount are all valid.
//! The extrinsic is `Wallets.transfer(token, dest, amount)` (one call for all four tokens), built,
//! signed and followed to finality by [`submit`](crate::commands::submit) (mortal for 64 blocks from
//! the finalized head, nonce from `system_accountNextIndex`, genesis hash from
//! `chain_getBlockHash(0)`, versions from `state_getRuntimeVersion`, submitted with
//! `author_submitAndWatchExtrinsic`); the command returns an error (exit status 1) if the node
//! rejects it, if it becomes `invalid`, `dropped` or `usurped`, if finality does not come within
//! `--timeout`, or if the finalized block records `ExtrinsicFailed` (named, e.g.
//! `Wallets.InsufficientBalance`). Block, tx hash and fee are printed in every included case.

use std::time::Duration;

use anyhow::Context;
use metanode_primitives::{AccountId32, MultiAddress};
use metanode_rpc::SystemApiClient;
use metanode_runtime::{wallets, RuntimeCall, Token};

use crate::amount::{check_amount_form, format_amount, parse_amount};
use crate::args::{RpcArgs, TokenArg, TransferArgs};
use crate::chain::{connect, decimals_of, rpc_error, token_metas};
use crate::commands::submit::{build_extrinsic, report, wait_finalized};
use crate::keysource::{load_signer, parse_account};

pub use crate::commands::submit::{sign, MORTALITY_PERIOD};

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
    let flx_decimals = decimals_of(&token_metas(&props)?, Token::FLX.symbol())?;

    let xt = build_extrinsic(client, &signer.pair, transfer_call(token, dest, amount)).await?;
    let tx_hash = xt.hash();
    println!(
        "Sending {} {token} from {from} to {dest}",
        format_amount(amount, decimals)
    );
    println!("  Tx hash:  {tx_hash:?}");

    let block = wait_finalized(
        client,
        xt.encode(),
        Duration::from_secs(args.timeout),
        "transfer",
    )
    .await?;
    report(client, block, tx_hash, &from, flx_decimals, "transfer").await?;
    Ok(())
}
