//! `export-receipts` (writes an evidence bundle from the node) and `verify --bundle` (checks one offline).
//!
//! Contract of `export-receipts`: pages through `receipts_byAccount` for every `--account` and `receipts_byApp` for
//! every `--app` with one loop ([`ReceiptSource::page`]; newest first, stopping below `--from`), fetches
//! `receipts_proof` of each receipt in `[--from, --to]` once (a receipt of both an account and an app is exported
//! once), stores each block's header, ancestry and certificate once, adds the certified validator-set changes from
//! genesis up to the highest epoch of any certificate (`receipts_validatorSetHistory`, once), and writes a
//! version-2 bundle (docs/receipts.md). Every account and app name is checked before connecting.
//!
//! Contract of `verify --bundle`: reads the file and the `--chain` spec, opens no connection, runs
//! [`metanode_chain_spec::verify_bundle`]; prints `verified N receipts from M blocks` and succeeds, or returns an
//! error naming the receipt and what failed.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::time::Instant;

use anyhow::{anyhow, bail, Context};
use metanode_chain_spec::{
    verify_bundle, Bundle, BundleBlock, BundleChain, BundleReceipt, BundleSetChange, HexBytes,
    BUNDLE_VERSION,
};
use metanode_rpc::{ReceiptsApiClient, SystemApiClient, H256};

use crate::args::{ExportReceiptsArgs, RpcArgs};
use crate::chain::{connect, rpc_error};
use crate::commands::receipts::{load_spec, ReceiptSource};
use crate::keysource::parse_account;

/// Page size used when paging through `receipts_byAccount` and `receipts_byApp` (their maximum).
const PAGE_SIZE: u32 = 100;

/// `export-receipts`.
pub async fn export(rpc: &RpcArgs, args: &ExportReceiptsArgs) -> anyhow::Result<()> {
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if from > to {
            bail!("--from {from} is after --to {to}");
        }
    }
    let mut sources = args
        .accounts
        .iter()
        .map(|a| {
            parse_account(a)
                .map(ReceiptSource::Account)
                .with_context(|| format!("--account {a}"))
        })
        .collect::<anyhow::Result<Vec<_>>>()?;
    sources.extend(args.apps.iter().cloned().map(ReceiptSource::App));
    let client = &connect(&rpc.url).await?;
    let name = client
        .system_chain()
        .await
        .map_err(|e| rpc_error("system_chain", e))?;

    let mut genesis: Option<H256> = None;
    let mut blocks: BTreeMap<String, BundleBlock> = BTreeMap::new();
    let mut receipts: Vec<(u32, u32, BundleReceipt)> = Vec::new();
    let mut seen = HashSet::new();
    let mut max_epoch = 0u64;
    for source in &sources {
        let mut page = 0;
        'pages: loop {
            let answer = source.page(client, page, PAGE_SIZE).await?;
            for r in &answer.receipts {
                if args.to.is_some_and(|to| r.block_number > to) {
                    continue;
                }
                if args.from.is_some_and(|from| r.block_number < from) {
                    break 'pages; // newest first: the rest are older still
                }
                if !seen.insert(r.id.clone()) {
                    continue;
                }
                let proof = client
                    .receipts_proof(r.id.clone())
                    .await
                    .map_err(|e| rpc_error("receipts_proof", e))?
                    .ok_or_else(|| {
                        anyhow!("the node listed receipt {} but has no proof of it", r.id)
                    })?;
                max_epoch = max_epoch.max(proof.epoch);
                match genesis {
                    None => genesis = Some(proof.genesis_hash),
                    Some(g) if g != proof.genesis_hash => bail!(
                        "receipt {}'s proof is for genesis {:?}, earlier ones for {g:?}",
                        r.id,
                        proof.genesis_hash
                    ),
                    Some(_) => {}
                }
                blocks
                    .entry(format!("{:?}", r.block_hash))
                    .or_insert_with(|| BundleBlock {
                        header: HexBytes(proof.header.0),
                        ancestry: proof.ancestry.into_iter().map(|b| HexBytes(b.0)).collect(),
                        certificate: HexBytes(proof.certificate.0),
                        epoch: proof.epoch,
                    });
                receipts.push((
                    r.block_number,
                    r.index,
                    BundleReceipt {
                        receipt: HexBytes(proof.receipt.0),
                        leaf_index: proof.leaf_index,
                        proof: proof.proof,
                        block: r.block_hash,
                    },
                ));
            }
            match answer.next_page {
                Some(next) => page = next,
                None => break,
            }
        }
    }
    let genesis =
        genesis.ok_or_else(|| anyhow!("no receipts of these accounts or apps in that range"))?;
    receipts.sort_by_key(|(block, index, _)| (*block, *index));
    let validator_sets = if max_epoch == 0 {
        Vec::new()
    } else {
        client
            .receipts_validator_set_history(Some(max_epoch))
            .await
            .map_err(|e| rpc_error("receipts_validatorSetHistory", e))?
            .into_iter()
            .map(|change| BundleSetChange {
                epoch: change.epoch,
                headers: change.headers.into_iter().map(|h| HexBytes(h.0)).collect(),
                certificate: HexBytes(change.certificate.0),
            })
            .collect()
    };
    let bundle = Bundle {
        version: BUNDLE_VERSION,
        chain: BundleChain {
            name,
            id: None,
            genesis_hash: genesis,
        },
        validator_sets,
        blocks,
        receipts: receipts.into_iter().map(|(_, _, r)| r).collect(),
    };
    let json = bundle.to_json();
    std::fs::write(&args.out, &json)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "exported {} receipts from {} blocks and {} validator-set changes to {} ({} bytes)",
        bundle.receipts.len(),
        bundle.blocks.len(),
        bundle.validator_sets.len(),
        args.out.display(),
        json.len()
    );
    Ok(())
}

/// `verify --bundle`: offline.
pub fn verify(path: &Path, chain: &str) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read bundle {}", path.display()))?;
    let bundle = Bundle::from_json(&text).map_err(|e| anyhow!("{}: {e}", path.display()))?;
    let spec = load_spec(chain)?;
    let started = Instant::now();
    let report = verify_bundle(&bundle, &spec)
        .map_err(|e| anyhow!("not verified against chain spec `{}`: {e}", spec.name))?;
    println!(
        "Chain:    {} (genesis {:?}, from the bundle)",
        bundle.chain.name, report.genesis_hash
    );
    if report.set_changes > 0 {
        println!(
            "Sets:     {} validator-set changes verified from the genesis set of `{}` (receipts up to epoch {})",
            report.set_changes, spec.name, report.max_epoch
        );
    }
    println!(
        "Signers:  every certificate signed by a quorum of its epoch's set, at least {} signers ({} genesis validators in `{}`)",
        report.min_signers,
        spec.validators.len(),
        spec.name
    );
    println!("Time:     {} ms", started.elapsed().as_millis());
    println!(
        "verified {} receipts from {} blocks",
        report.receipts, report.blocks
    );
    Ok(())
}
