//! `receipts <account>`, `receipts show <id>` and `verify <id> --chain <spec>`.
//!
//! Contract of `verify`: the proof comes from the node (`receipts_proof`), the verdict does not: it is
//! [`metanode_chain_spec::verify_receipt_proof`] against the chain spec named by `--chain` (the trusted input: its
//! genesis validator set, and through the proof's certified chain of validator-set changes, each later epoch's set).
//! The proof's genesis hash is printed and must equal the node's `chain_getBlockHash(0)`.
//! Prints `verified` and succeeds, or says what failed and returns an error (non-zero exit).

use std::path::Path;

use anyhow::{anyhow, bail, Context};
use jsonrpsee::ws_client::WsClient;
use metanode_chain_spec::{
    dev_spec, verify_receipt_proof, ChainSpec, ReceiptProof, SetChangeProof,
};
use metanode_rpc::{
    ChainApiClient, ListOrValue, NumberOrHex, ReceiptJson, ReceiptOutcomeJson, ReceiptProofJson,
    ReceiptsApiClient, SetChangeJson, SystemApiClient,
};
use metanode_runtime::Token;

use crate::amount::format_amount;
use crate::args::{ReceiptsAction, ReceiptsCommand, RpcArgs, VerifyArgs};
use crate::chain::{connect, decimals_of, rpc_error, token_metas};
use crate::keysource::parse_account;

/// `receipts`.
pub async fn run(rpc: &RpcArgs, cmd: &ReceiptsCommand) -> anyhow::Result<()> {
    let client = &connect(&rpc.url).await?;
    let decimals = flx_decimals(client).await?;
    if let Some(ReceiptsAction::Show(args)) = &cmd.action {
        let receipt = client
            .receipts_get(args.id.clone())
            .await
            .map_err(|e| rpc_error("receipts_get", e))?
            .ok_or_else(|| anyhow!("no finalized block holds receipt {}", args.id))?;
        show(&receipt, decimals);
        return Ok(());
    }
    let text = cmd
        .account
        .as_deref()
        .ok_or_else(|| anyhow!("name an account, or `receipts show <id>`"))?;
    let who = parse_account(text)?;
    let page = client
        .receipts_by_account(who.to_string(), Some(cmd.page), Some(cmd.page_size))
        .await
        .map_err(|e| rpc_error("receipts_byAccount", e))?;
    println!("Receipts of {who} (page {}, newest first)", cmd.page);
    println!(
        "{:<26} {:>8} {:>4}  {:<26} {:<28} {:>14}",
        "ID", "BLOCK", "IDX", "CALL", "OUTCOME", "FEE (FLX)"
    );
    for r in &page.receipts {
        println!(
            "{:<26} {:>8} {:>4}  {:<26} {:<28} {:>14}",
            r.id,
            r.block_number,
            r.index,
            format!("{}.{}", r.pallet, r.call),
            outcome_text(&r.outcome),
            fee_text(&r.fee, decimals)
        );
    }
    if page.receipts.is_empty() {
        println!("(none)");
    }
    if let Some(next) = page.next_page {
        println!("More: --page {next}");
    }
    Ok(())
}

/// `verify`.
pub async fn verify(rpc: &RpcArgs, args: &VerifyArgs) -> anyhow::Result<()> {
    let id = args
        .id
        .as_deref()
        .ok_or_else(|| anyhow!("name a receipt id, or --bundle <file>"))?;
    let spec = load_spec(&args.chain)?;
    let client = &connect(&rpc.url).await?;
    let json = client
        .receipts_proof(id.to_string())
        .await
        .map_err(|e| rpc_error("receipts_proof", e))?
        .ok_or_else(|| anyhow!("no finalized block holds receipt {}", id))?;
    let genesis = match client
        .block_hash(Some(ListOrValue::Value(NumberOrHex::Number(0))))
        .await
        .map_err(|e| rpc_error("chain_getBlockHash", e))?
    {
        ListOrValue::Value(Some(hash)) => hash,
        other => bail!("chain_getBlockHash(0) returned {other:?} instead of the genesis hash"),
    };
    println!("Receipt:  {}", id);
    println!("Genesis:  {:?} (from the proof)", json.genesis_hash);
    if json.genesis_hash != genesis {
        bail!(
            "not verified: the proof is for genesis {:?}, the node's chain_getBlockHash(0) is {genesis:?}",
            json.genesis_hash
        );
    }
    let proof = proof_from_json(json);
    let verified = verify_receipt_proof(&proof, &spec)
        .map_err(|e| anyhow!("not verified against chain spec `{}`: {e}", spec.name))?;
    if verified.receipt.id.to_string() != id {
        bail!(
            "not verified: the node proved receipt {} instead of {}",
            verified.receipt.id,
            id
        );
    }
    println!(
        "Block:    #{} {:?} (extrinsic {})",
        verified.receipt.block, verified.block_hash, verified.receipt.index
    );
    if verified.epoch > 0 {
        println!(
            "Sets:     {} validator-set changes verified from the genesis set of `{}`",
            verified.epoch, spec.name
        );
    }
    println!(
        "Final:    certificate for #{} {:?} signed by {} of {} validators of epoch {} ({})",
        verified.certified_number,
        verified.certified_hash,
        verified.signers,
        verified.set_size,
        verified.epoch,
        if verified.epoch == 0 {
            format!("the genesis set of `{}`", spec.name)
        } else {
            "proven from genesis".to_string()
        }
    );
    println!("verified");
    Ok(())
}

/// The bytes of a `receipts_proof` answer, as the verifier takes them.
pub fn proof_from_json(json: ReceiptProofJson) -> ReceiptProof {
    ReceiptProof {
        receipt: json.receipt.0,
        proof: json.proof,
        header: json.header.0,
        ancestry: json.ancestry.into_iter().map(|b| b.0).collect(),
        certificate: json.certificate.0,
        epoch: json.epoch,
        genesis_hash: json.genesis_hash,
        set_history: json.set_history.iter().map(set_change_from_json).collect(),
    }
}

/// The bytes of one validator-set change, as the verifier takes them.
pub fn set_change_from_json(json: &SetChangeJson) -> SetChangeProof {
    SetChangeProof {
        epoch: json.epoch,
        headers: json.headers.iter().map(|b| b.0.clone()).collect(),
        certificate: json.certificate.0.clone(),
    }
}

/// `dev` (the embedded development spec) or a chain spec JSON file.
pub fn load_spec(name: &str) -> anyhow::Result<ChainSpec> {
    if name == "dev" {
        return Ok(dev_spec());
    }
    ChainSpec::from_file(Path::new(name)).with_context(|| format!("--chain {name}"))
}

fn show(r: &ReceiptJson, decimals: u8) {
    println!("Receipt:  {}", r.id);
    println!(
        "  Block:    #{} {:?} (extrinsic {})",
        r.block_number, r.block_hash, r.index
    );
    println!(
        "  Signer:   {}",
        r.signer.as_deref().unwrap_or("none (inherent)")
    );
    println!("  Call:     {}.{}", r.pallet, r.call);
    println!("  Outcome:  {}", outcome_text(&r.outcome));
    println!("  Fee:      {} FLX", fee_text(&r.fee, decimals));
    println!("  Time:     {} ms since the Unix epoch", r.timestamp);
}

fn outcome_text(outcome: &ReceiptOutcomeJson) -> String {
    match outcome {
        ReceiptOutcomeJson::Success => "success".into(),
        ReceiptOutcomeJson::Failed { error, .. } => format!("failed: {error}"),
    }
}

fn fee_text(fee: &str, decimals: u8) -> String {
    fee.parse::<u128>()
        .map(|units| format_amount(units, decimals))
        .unwrap_or_else(|_| fee.to_string())
}

async fn flx_decimals(client: &WsClient) -> anyhow::Result<u8> {
    let props = client
        .system_properties()
        .await
        .map_err(|e| rpc_error("system_properties", e))?;
    decimals_of(&token_metas(&props)?, Token::FLX.symbol())
}
