//! `validators list | add | remove`: the on-chain validator set (Validators pallet).
//!
//! Contract: `list` reads `Validators.Validators` and `Validators.Epoch` at the last finalized block
//! (`state_getStorage`) and prints the set in leader order (index, session address in the chain's SS58
//! format, network peer id) with its epoch. `add` and `remove` submit `Admin.sudo(Validators.<call>)`
//! signed by `--from` through [`submit`](crate::commands::submit), wait for finality, and succeed only if
//! the block records `Admin.Sudid { sudo_result: Ok }` for the extrinsic. Otherwise they exit non-zero
//! naming the error: the inner call's (`Validators.AlreadyValidator`, ...) or the outer one's
//! (`Admin.RequireSudo` when `--from` is not the admin key). Nothing is sent unless the key, the session
//! account and the network key are valid.

use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use metanode_primitives::AccountId32;
use metanode_rpc::{Bytes, StateApiClient};
use metanode_runtime::{admin, queries, validators, RuntimeCall, ValidatorInfo};

use crate::args::{RpcArgs, ValidatorsAddArgs, ValidatorsCommand, ValidatorsRemoveArgs};
use crate::chain::{connect, finalized, rpc_error, ss58_prefix};
use crate::commands::outcome::{epoch_scheduled, sudo_result};
use crate::commands::submit::{build_extrinsic, included, wait_finalized};
use crate::keysource::{load_signer, parse_account};

/// `Admin.sudo(Validators.add_validator { session_key, network_key })`.
pub fn add_call(session_key: AccountId32, network_key: &str) -> RuntimeCall {
    sudo(validators::Call::add_validator {
        session_key,
        network_key: network_key.as_bytes().to_vec(),
    })
}

/// `Admin.sudo(Validators.remove_validator { session_key })`.
pub fn remove_call(session_key: AccountId32) -> RuntimeCall {
    sudo(validators::Call::remove_validator { session_key })
}

fn sudo(call: validators::Call) -> RuntimeCall {
    RuntimeCall::Admin(admin::Call::sudo {
        call: Box::new(RuntimeCall::Validators(call)),
    })
}

/// Runs a `validators` subcommand.
pub async fn run(rpc: &RpcArgs, cmd: &ValidatorsCommand) -> anyhow::Result<()> {
    match cmd {
        ValidatorsCommand::List => list(rpc).await,
        ValidatorsCommand::Add(args) => add(rpc, args).await,
        ValidatorsCommand::Remove(args) => remove(rpc, args).await,
    }
}

async fn list(rpc: &RpcArgs) -> anyhow::Result<()> {
    let client = &connect(&rpc.url).await?;
    let prefix = ss58_prefix(client).await?;
    let (number, hash) = finalized(client).await?;
    let raw = client
        .storage(Bytes(queries::validators_key()), Some(hash))
        .await
        .map_err(|e| rpc_error("state_getStorage", e))?
        .ok_or_else(|| anyhow!("finalized block #{number} has no Validators.Validators"))?;
    let set = queries::decode_validators(&raw).context("Validators.Validators does not decode")?;
    let epoch = match client
        .storage(Bytes(queries::validator_epoch_key()), Some(hash))
        .await
        .map_err(|e| rpc_error("state_getStorage", e))?
    {
        Some(raw) => {
            queries::decode_validator_epoch(&raw).context("Validators.Epoch does not decode")?
        }
        None => 0,
    };
    println!("Finalized block #{number} {hash:?}: epoch {epoch}");
    print!("{}", render_set(&set, prefix));
    Ok(())
}

/// The set as a table: index, session address (SS58 with `prefix`), network peer id (`-` if none).
pub fn render_set(set: &[ValidatorInfo], prefix: u16) -> String {
    let mut out = format!(
        "{:>5}  {:<48}  {}\n",
        "Index", "Session address", "Network peer id"
    );
    for (i, v) in set.iter().enumerate() {
        let network = match std::str::from_utf8(&v.network_key) {
            Ok("") => "-".to_string(),
            Ok(text) => text.to_string(),
            Err(_) => format!("0x{}", hex::encode(&v.network_key)),
        };
        out.push_str(&format!(
            "{i:>5}  {:<48}  {network}\n",
            v.session_key.to_ss58(prefix)
        ));
    }
    out.push_str(&format!("{} validator(s)\n", set.len()));
    out
}

async fn add(rpc: &RpcArgs, args: &ValidatorsAddArgs) -> anyhow::Result<()> {
    let session = parse_account(&args.session).context("--session")?;
    let call = add_call(session, &args.network_key);
    let summary = format!(
        "Adding validator {session} (network key {})",
        args.network_key
    );
    change(rpc, &args.from, call, &summary, args.timeout).await
}

async fn remove(rpc: &RpcArgs, args: &ValidatorsRemoveArgs) -> anyhow::Result<()> {
    let session = parse_account(&args.session).context("--session")?;
    let summary = format!("Removing validator {session}");
    change(
        rpc,
        &args.from,
        remove_call(session),
        &summary,
        args.timeout,
    )
    .await
}

/// Signs `call` with `--from`, submits it, waits for finality and reports the sudo outcome.
async fn change(
    rpc: &RpcArgs,
    from: &str,
    call: RuntimeCall,
    summary: &str,
    timeout: u64,
) -> anyhow::Result<()> {
    let signer = load_signer(from).context("--from")?;
    if let Some(warning) = &signer.warning {
        tracing::warn!("{warning}");
    }
    let from = signer.pair.public();
    let client = &connect(&rpc.url).await?;
    let xt = build_extrinsic(client, &signer.pair, call).await?;
    let tx_hash = xt.hash();
    println!("{summary}, signed by {from}");
    println!("  Tx hash:  {tx_hash:?}");
    let block = wait_finalized(
        client,
        xt.encode(),
        Duration::from_secs(timeout),
        "validator change",
    )
    .await?;
    let included = included(client, block, tx_hash, &from).await?;
    let index = included.outcome.index;
    println!(
        "  Block:    #{} {block:?} (extrinsic {index})",
        included.number
    );
    if let Some(id) = included.receipt {
        println!("  Receipt:  {id}");
    }
    if let Err(error) = included.outcome.result {
        println!("  Outcome:  failed: {error}");
        bail!("the validator change failed: {error}");
    }
    match sudo_result(&included.events, index) {
        Some(Ok(())) => {
            println!("  Outcome:  success");
            if let Some((epoch, size)) = epoch_scheduled(&included.events, index) {
                println!(
                    "  Epoch:    {epoch} ({size} validators) starts when block #{} commits",
                    included.number
                );
            }
            Ok(())
        }
        Some(Err(error)) => {
            println!("  Outcome:  failed: {error}");
            bail!("the validator change failed: {error}")
        }
        None => bail!("block {block:?} has no Admin.Sudid event for extrinsic {index}"),
    }
}
