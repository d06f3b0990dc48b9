//! `receipts <account|app>`, `receipts show <id>` and `verify <id> --chain <spec>`.
//!
//! Contract of `receipts`: the text names an account if [`parse_account`] accepts it, else an app if it is a valid
//! app name (`--app` forces the app reading), else it is refused before connecting ([`ReceiptSource::classify`]);
//! one page comes from `receipts_byAccount` or `receipts_byApp`. The runtime's own actions (mining rewards: no
//! signer, an `effect`) show what they did in place of `success`; `receipts show` prints `Related:` and `Effect:`
//! when present and tells a runtime action (it has an effect) from an inherent when there is no signer.
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
use metanode_primitives::AccountId32;
use metanode_rpc::{
    ChainApiClient, EffectJson, ListOrValue, NumberOrHex, ReceiptJson, ReceiptOutcomeJson,
    ReceiptPage, ReceiptProofJson, ReceiptsApiClient, RelatedJson, SetChangeJson,
};
use metanode_runtime::containers;

use crate::amount::format_amount;
use crate::args::{ReceiptsAction, ReceiptsCommand, RpcArgs, VerifyArgs};
use crate::chain::{connect, flx_decimals, rpc_error};
use crate::keysource::{parse_account, KeySourceError};

/// Whose receipts to list or export: an account's (`receipts_byAccount`) or an app's (`receipts_byApp`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiptSource {
    /// The receipts the account signed, and the runtime actions that paid it.
    Account(AccountId32),
    /// The receipts of the calls that name the app.
    App(String),
}

impl ReceiptSource {
    /// Reads `text` as an account if [`parse_account`] accepts it (SS58, `0x` key, `//Name`), else as an app name
    /// if it is a valid one; otherwise an error saying it is neither.
    pub fn classify(text: &str) -> anyhow::Result<Self> {
        let reason = match parse_account(text) {
            Ok(who) => return Ok(Self::Account(who)),
            Err(KeySourceError::BadAccount { reason, .. }) => reason,
            Err(other) => other.to_string(),
        };
        if containers::validate_name(text.as_bytes()).is_ok() {
            return Ok(Self::App(text.to_string()));
        }
        bail!(
            "{text:?} is neither an account (an SS58 address, 0x + 64 hex digits, or a dev name like //Bob; {reason}) \
             nor an app name ({} to {} of a-z, 0-9 and `-`, not starting or ending with `-`)",
            containers::MIN_NAME_LEN,
            containers::MAX_NAME_LEN
        )
    }

    /// Page `page` (newest first) of `page_size` receipts.
    pub async fn page(
        &self,
        client: &WsClient,
        page: u32,
        page_size: u32,
    ) -> anyhow::Result<ReceiptPage> {
        match self {
            Self::Account(who) => client
                .receipts_by_account(who.to_string(), Some(page), Some(page_size))
                .await
                .map_err(|e| rpc_error("receipts_byAccount", e)),
            Self::App(name) => client
                .receipts_by_app(name.clone(), Some(page), Some(page_size))
                .await
                .map_err(|e| rpc_error("receipts_byApp", e)),
        }
    }
}

impl std::fmt::Display for ReceiptSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Account(who) => write!(f, "account {who}"),
            Self::App(name) => write!(f, "app {name}"),
        }
    }
}

/// `receipts`.
pub async fn run(rpc: &RpcArgs, cmd: &ReceiptsCommand) -> anyhow::Result<()> {
    if let Some(ReceiptsAction::Show(args)) = &cmd.action {
        return show(rpc, &args.id).await;
    }
    // Read the subject before connecting, so bad input never reaches the node.
    let source = match (&cmd.app, &cmd.subject) {
        (Some(app), _) => ReceiptSource::App(app.clone()),
        (None, Some(text)) => ReceiptSource::classify(text)?,
        (None, None) => bail!("name an account or an app, or `receipts show <id>`"),
    };
    let client = &connect(&rpc.url).await?;
    let decimals = flx_decimals(client).await?;
    let page = source.page(client, cmd.page, cmd.page_size).await?;
    println!("Receipts of {source} (page {}, newest first)", cmd.page);
    print!("{}", render_table(&page.receipts, decimals));
    if let Some(next) = page.next_page {
        println!("More: --page {next}");
    }
    Ok(())
}

/// `receipts show <id>`.
async fn show(rpc: &RpcArgs, id: &str) -> anyhow::Result<()> {
    let client = &connect(&rpc.url).await?;
    let decimals = flx_decimals(client).await?;
    let receipt = client
        .receipts_get(id.to_string())
        .await
        .map_err(|e| rpc_error("receipts_get", e))?
        .ok_or_else(|| anyhow!("no finalized block holds receipt {id}"))?;
    print!("{}", show_text(&receipt, decimals));
    Ok(())
}

/// The receipts as a table: id, block, index, call, outcome (for the runtime's own actions, what they did), fee,
/// and the related app or agreement (`-` if none).
pub fn render_table(receipts: &[ReceiptJson], decimals: u8) -> String {
    let row = |id: &str,
               block: &str,
               index: &str,
               call: &str,
               outcome: &str,
               fee: &str,
               related: &str| {
        format!("{id:<26} {block:>8} {index:>4}  {call:<26} {outcome:<32} {fee:>14}  {related}\n")
    };
    let mut out = row(
        "ID",
        "BLOCK",
        "IDX",
        "CALL",
        "OUTCOME",
        "FEE (FLX)",
        "RELATED",
    );
    for r in receipts {
        out.push_str(&row(
            &r.id,
            &r.block_number.to_string(),
            &r.index.to_string(),
            &format!("{}.{}", r.pallet, r.call),
            &outcome_column(r, decimals),
            &fee_text(&r.fee, decimals),
            &r.related
                .as_ref()
                .map_or_else(|| "-".to_string(), related_text),
        ));
    }
    if receipts.is_empty() {
        out.push_str("(none)\n");
    }
    out
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

/// What `receipts show` prints.
pub fn show_text(r: &ReceiptJson, decimals: u8) -> String {
    let mut out = format!("Receipt:  {}\n", r.id);
    let position = if r.effect.is_some() {
        format!("runtime action, receipt {}", r.index)
    } else {
        format!("extrinsic {}", r.index)
    };
    out.push_str(&format!(
        "  Block:    #{} {:?} ({position})\n",
        r.block_number, r.block_hash
    ));
    out.push_str(&format!("  Signer:   {}\n", signer_text(r)));
    out.push_str(&format!("  Call:     {}.{}\n", r.pallet, r.call));
    if let Some(related) = &r.related {
        out.push_str(&format!("  Related:  {}\n", related_text(related)));
    }
    out.push_str(&format!("  Outcome:  {}\n", outcome_text(&r.outcome)));
    if let Some(effect) = &r.effect {
        out.push_str(&format!(
            "  Effect:   {}\n",
            effect_text(effect, decimals, false)
        ));
    }
    out.push_str(&format!("  Fee:      {} FLX\n", fee_text(&r.fee, decimals)));
    out.push_str(&format!(
        "  Time:     {} ms since the Unix epoch\n",
        r.timestamp
    ));
    out
}

/// The signer, or why there is none: the runtime's own actions carry an effect, inherents do not.
pub fn signer_text(r: &ReceiptJson) -> String {
    match (&r.signer, &r.effect) {
        (Some(signer), _) => signer.clone(),
        (None, Some(_)) => "none (runtime action)".into(),
        (None, None) => "none (inherent)".into(),
    }
}

/// The table's OUTCOME: a failure as `failed: …`; a successful runtime action as what it did
/// (`minted 0.2 FLX to 5FHneW…94ty`); otherwise `success`.
pub fn outcome_column(r: &ReceiptJson, decimals: u8) -> String {
    match (&r.outcome, &r.effect) {
        (ReceiptOutcomeJson::Success, Some(effect)) => effect_text(effect, decimals, true),
        (outcome, _) => outcome_text(outcome),
    }
}

/// What a runtime action did: `minted 0.2 FLX to <address>`, the address shortened to `5FHneW…94ty` when `short`.
pub fn effect_text(effect: &EffectJson, decimals: u8, short: bool) -> String {
    match effect {
        EffectJson::Minted { to, amount } => {
            let to = if short { short_address(to) } else { to.clone() };
            format!("minted {} FLX to {to}", fee_text(amount, decimals))
        }
    }
}

/// `app web-shop` or `agreement #7`.
pub fn related_text(related: &RelatedJson) -> String {
    match related {
        RelatedJson::App(name) => format!("app {name}"),
        RelatedJson::Agreement(id) => format!("agreement #{id}"),
    }
}

/// The first 6 and last 4 characters of a long address, `5FHneW…94ty`; a short one as it is.
fn short_address(address: &str) -> String {
    let chars: Vec<char> = address.chars().collect();
    if chars.len() <= 12 {
        return address.to_string();
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

fn outcome_text(outcome: &ReceiptOutcomeJson) -> String {
    match outcome {
        ReceiptOutcomeJson::Success => "success".into(),
        ReceiptOutcomeJson::Failed { error, .. } => format!("failed: {error}"),
    }
}

/// Base units (decimal string) as whole FLX; a string that is not a number as it is.
fn fee_text(fee: &str, decimals: u8) -> String {
    fee.parse::<u128>()
        .map(|units| format_amount(units, decimals))
        .unwrap_or_else(|_| fee.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt() -> ReceiptJson {
        ReceiptJson {
            id: "rx_1".into(),
            block_number: 5,
            block_hash: Default::default(),
            index: 2,
            signer: None,
            pallet: "Mining".into(),
            call: "proposer_reward".into(),
            outcome: ReceiptOutcomeJson::Success,
            fee: "0".into(),
            timestamp: 7,
            related: None,
            effect: Some(EffectJson::Minted {
                to: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty".into(),
                amount: "200000000000".into(),
            }),
        }
    }

    #[test]
    fn accounts_are_read_before_app_names() {
        let alice = parse_account("//Alice").unwrap();
        assert_eq!(
            ReceiptSource::classify("//Alice").unwrap(),
            ReceiptSource::Account(alice)
        );
        assert_eq!(
            ReceiptSource::classify(&alice.to_string()).unwrap(),
            ReceiptSource::Account(alice)
        );
        assert_eq!(
            ReceiptSource::classify("web-shop").unwrap(),
            ReceiptSource::App("web-shop".into())
        );
        let err = ReceiptSource::classify("Web_Shop").unwrap_err().to_string();
        assert!(
            err.contains("neither an account") && err.contains("nor an app name"),
            "{err}"
        );
    }

    #[test]
    fn runtime_actions_show_what_they_did() {
        let action = receipt();
        assert_eq!(outcome_column(&action, 12), "minted 0.2 FLX to 5FHneW…94ty");
        assert_eq!(signer_text(&action), "none (runtime action)");
        let text = show_text(&action, 12);
        assert!(text.contains("(runtime action, receipt 2)"), "{text}");
        assert!(
            text.contains(
                "  Effect:   minted 0.2 FLX to 5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty\n"
            ),
            "{text}"
        );
        assert!(!text.contains("Related:"), "{text}");
    }

    #[test]
    fn extrinsics_and_inherents_keep_their_outcome_and_show_the_related_app() {
        let mut deploy = receipt();
        deploy.effect = None;
        deploy.pallet = "Containers".into();
        deploy.call = "deploy".into();
        deploy.related = Some(RelatedJson::App("web-shop".into()));
        deploy.outcome = ReceiptOutcomeJson::Failed {
            error: "AppExists".into(),
            pallet_index: Some(8),
            error_index: Some(1),
        };
        assert_eq!(outcome_column(&deploy, 12), "failed: AppExists");
        assert_eq!(signer_text(&deploy), "none (inherent)");
        let text = show_text(&deploy, 12);
        assert!(
            text.contains("  Related:  app web-shop\n") && !text.contains("Effect:"),
            "{text}"
        );
        let table = render_table(&[deploy], 12);
        assert!(
            table.lines().nth(1).unwrap().ends_with("  app web-shop"),
            "{table}"
        );
        assert_eq!(related_text(&RelatedJson::Agreement(7)), "agreement #7");
    }
}
