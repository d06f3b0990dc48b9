//! The dev chain end to end: `metanode start --dev` on free ports with a real RocksDB directory, `metanode-cli`
//! transfers of FLX and GEN, rejections that change nothing, then kill -9 and restart on the same base path.

use std::time::Duration;

use jsonrpsee::core::client::ClientT;
use jsonrpsee::rpc_params;
use jsonrpsee::ws_client::WsClient;
use metanode_primitives::{AccountId32, MultiAddress, Pair, H256};
use metanode_rpc::{AuthorApiClient, Bytes, ChainApiClient, StateApiClient, SystemApiClient};
use metanode_runtime::system::Phase;
use metanode_runtime::{balances, queries, system, wallets, RuntimeEvent};
use metanode_tests::signing::{flx_transfer_call, sign_for};
use metanode_tests::{cli, Node, NodeOptions};
use parity_scale_codec::{Compact, Encode};

const STARTUP: Duration = Duration::from_secs(60);
/// One whole FLX/GEN/NEX (12 decimals on the dev chain).
const UNIT: u128 = 1_000_000_000_000;

fn pair(suri: &str) -> Pair {
    Pair::from_string(suri, None).expect("dev key")
}

async fn storage(client: &WsClient, key: Vec<u8>, at: Option<H256>) -> Option<Vec<u8>> {
    client
        .storage(Bytes(key), at)
        .await
        .expect("state_getStorage")
        .map(|b| b.0)
}

/// FLX free balance and nonce from System.Account.
async fn account(client: &WsClient, who: &AccountId32, at: Option<H256>) -> (u128, u32) {
    match storage(client, queries::account_key(who), at).await {
        Some(raw) => {
            let info = queries::decode_account(&raw).expect("AccountInfo decodes");
            (info.data.free, info.nonce)
        }
        None => (0, 0),
    }
}

/// `Mining.TotalMinted`: all FLX minted as block rewards.
async fn total_minted(client: &WsClient, at: Option<H256>) -> u128 {
    storage(
        client,
        metanode_runtime::mining::storage::TOTAL_MINTED.final_key(),
        at,
    )
    .await
    .map(|raw| queries::decode_balance(&raw).expect("u128"))
    .unwrap_or(0)
}

/// GEN balance from Wallets.
async fn gen_balance(client: &WsClient, who: &AccountId32, at: Option<H256>) -> u128 {
    storage(
        client,
        queries::token_balance_key(metanode_runtime::Token::GEN, who),
        at,
    )
    .await
    .map(|raw| queries::decode_balance(&raw).expect("u128"))
    .unwrap_or(0)
}

/// `Wallets.transfer(token, dest, amount)` with a raw token index: pallet 3, call 0.
fn wallets_transfer_call(token: u8, dest: &AccountId32, amount: u128) -> Vec<u8> {
    let mut call = vec![3u8, 0u8, token];
    MultiAddress::Id(*dest).encode_to(&mut call);
    Compact(amount).encode_to(&mut call);
    call
}

/// The block hash in the CLI's `Block:    #N 0x… (extrinsic i)` line, and the extrinsic index.
fn included_at(stdout: &str) -> (H256, u32) {
    let line = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("Block:"))
        .unwrap_or_else(|| panic!("no Block: line in {stdout}"));
    let words: Vec<&str> = line.split_whitespace().collect();
    let hash: H256 = words[2].parse().expect("block hash");
    let index = words[4]
        .trim_end_matches(')')
        .parse()
        .expect("extrinsic index");
    (hash, index)
}

/// The events the extrinsic at `index` emitted in block `at`.
async fn extrinsic_events(client: &WsClient, at: H256, index: u32) -> Vec<RuntimeEvent> {
    let raw = storage(client, queries::events_key(), Some(at))
        .await
        .expect("System.Events is set in a block with extrinsics");
    queries::decode_events(&raw)
        .expect("System.Events decodes")
        .into_iter()
        .filter(|r| r.phase == Phase::ApplyExtrinsic(index))
        .map(|r| r.event)
        .collect()
}

/// The block's `Receipts.BlockReceipts` holds a receipt for the transfer at `index` (Wallets.transfer by
/// `signer`, success, the fee the tip-less fee formula gives for its bytes), and the header's receipts root is
/// the root of the block's receipts.
async fn assert_transfer_receipt(client: &WsClient, at: H256, index: u32, signer: &AccountId32) {
    let raw = storage(client, queries::block_receipts_key(), Some(at))
        .await
        .expect("Receipts.BlockReceipts is set in every block");
    let receipts = queries::decode_receipts(&raw).expect("Receipts.BlockReceipts decodes");
    let receipt = receipts
        .iter()
        .find(|r| r.index == index)
        .unwrap_or_else(|| panic!("no receipt for extrinsic {index}: {receipts:?}"));
    let block = client
        .block(Some(at))
        .await
        .expect("chain_getBlock")
        .expect("the block exists")
        .block;
    let header = metanode_primitives::Header::try_from(&block.header).expect("header converts");
    assert_eq!(receipt.block, header.number);
    assert_eq!(receipt.signer.as_ref(), Some(signer));
    assert_eq!(receipt.pallet, b"Wallets");
    assert_eq!(receipt.call, b"transfer");
    assert_eq!(
        receipt.outcome,
        metanode_runtime::receipts::Outcome::Success
    );
    let xt = block.extrinsics[index as usize].clone().into_inner();
    let info = metanode_runtime::fees::query_info(
        &std::collections::BTreeMap::<Vec<u8>, Vec<u8>>::new(),
        &xt,
    )
    .expect("fee info");
    assert_eq!(receipt.fee, info.partial_fee, "the CLI signs without a tip");
    assert!(receipt.id.to_string().starts_with("rx_"));
    assert_eq!(
        header.digest.receipts_root(),
        Some(queries::receipts_root(&receipts)),
        "header receipts root"
    );
}

async fn submit_error(client: &WsClient, xt: Vec<u8>) -> String {
    match client.submit_extrinsic(Bytes(xt)).await {
        Ok(hash) => panic!("extrinsic {hash:?} was accepted but must be rejected"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dev_node_transfers_rejections_and_crash_recovery() {
    let mut node = Node::start(NodeOptions::dev());
    let client = node.client(STARTUP).await;
    node.wait_finalized(&client, 2, STARTUP).await;
    assert_eq!(client.system_chain().await.unwrap(), "Metanode Development");
    let url = node.url();
    let alice = pair("//Alice").public();
    let bob = pair("//Bob").public();

    // FLX: 1.5 FLX from //Alice to //Bob through the CLI, waiting for finality.
    let before = client.finalized_head().await.unwrap();
    let (bob_flx_before, _) = account(&client, &bob, Some(before)).await;
    let (alice_flx_before, alice_nonce_before) = account(&client, &alice, Some(before)).await;
    let minted_before = total_minted(&client, Some(before)).await;
    let out = cli(
        &url,
        &[
            "transfer", "--from", "//Alice", "--to", "//Bob", "--token", "FLX", "1.5",
        ],
    );
    assert!(out.success, "FLX transfer failed: {out:?}\n{}", node.log());
    let finalized = client.finalized_head().await.unwrap();
    let (bob_flx, _) = account(&client, &bob, Some(finalized)).await;
    let (alice_flx, alice_nonce) = account(&client, &alice, Some(finalized)).await;
    assert_eq!(bob_flx, bob_flx_before + 3 * UNIT / 2);
    assert_eq!(alice_nonce, alice_nonce_before + 1);
    // //Alice is the dev validator and so the block author: the fee comes back to her, and every block's mining
    // reward (proposer and only signer) is hers.
    let minted = total_minted(&client, Some(finalized)).await - minted_before;
    assert!(minted > 0, "blocks were rewarded");
    assert_eq!(alice_flx, alice_flx_before - 3 * UNIT / 2 + minted);
    // The block's events say what happened: the transfer, then success.
    let (block, index) = included_at(&out.stdout);
    let events = extrinsic_events(&client, block, index).await;
    assert!(
        events.iter().any(|e| matches!(e,
            RuntimeEvent::Balances(balances::Event::Transfer { from, to, amount })
                if *from == alice && *to == bob && *amount == 3 * UNIT / 2)
            || matches!(e,
            RuntimeEvent::Wallets(wallets::Event::Transfer { from, to, amount, .. })
                if *from == alice && *to == bob && *amount == 3 * UNIT / 2)),
        "no transfer event: {events:?}"
    );
    assert!(
        matches!(
            events.last(),
            Some(RuntimeEvent::System(system::Event::ExtrinsicSuccess { .. }))
        ),
        "{events:?}"
    );
    assert_transfer_receipt(&client, block, index, &alice).await;

    // GEN: 10 GEN.
    let bob_gen_before = gen_balance(&client, &bob, None).await;
    let out = cli(
        &url,
        &[
            "transfer", "--from", "//Alice", "--to", "//Bob", "--token", "GEN", "10",
        ],
    );
    assert!(out.success, "GEN transfer failed: {out:?}");
    assert_eq!(
        gen_balance(&client, &bob, None).await,
        bob_gen_before + 10 * UNIT
    );

    // The balance command shows the new amounts.
    let out = cli(&url, &["balance", "//Bob"]);
    assert!(out.success, "{out:?}");
    assert!(out.stdout.contains("GEN"), "{}", out.stdout);

    // Rejections: nothing about them changes state.
    let charlie = pair("//Charlie");
    let dave = pair("//Dave").public();
    let (charlie_flx, charlie_nonce) = account(&client, &charlie.public(), None).await;
    let (dave_flx, _) = account(&client, &dave, None).await;

    // A bad signature.
    let mut xt = sign_for(
        &client,
        &charlie,
        flx_transfer_call(&dave, UNIT),
        charlie_nonce,
    )
    .await;
    let sig_at = xt.len() - flx_transfer_call(&dave, UNIT).len() - 10;
    xt[sig_at] ^= 0x01;
    let err = submit_error(&client, xt).await;
    assert!(
        err.contains("1010") || err.contains("Invalid Transaction"),
        "{err}"
    );

    // A stale nonce (Alice has sent transactions, so nonce 0 is used up).
    let xt = sign_for(&client, &pair("//Alice"), flx_transfer_call(&dave, UNIT), 0).await;
    let err = submit_error(&client, xt).await;
    assert!(
        err.to_lowercase().contains("outdated") || err.contains("Stale"),
        "{err}"
    );

    // An unknown token.
    let xt = sign_for(
        &client,
        &charlie,
        wallets_transfer_call(9, &dave, UNIT),
        charlie_nonce,
    )
    .await;
    let err = submit_error(&client, xt).await;
    assert!(err.contains("1010"), "{err}");

    // A garbage extrinsic.
    let err = submit_error(&client, vec![0x10, 0xff, 0x00, 0x01, 0x02]).await;
    assert!(!err.is_empty());

    // An overspend: included, fails with a module error, only the fee is paid.
    let out = cli(
        &url,
        &[
            "transfer",
            "--from",
            "//Charlie",
            "--to",
            "//Dave",
            "--token",
            "FLX",
            "999999999",
        ],
    );
    assert!(!out.success, "overspend must fail: {out:?}");
    let said = format!("{}{}", out.stdout, out.stderr);
    let (block, index) = included_at(&out.stdout);
    let events = extrinsic_events(&client, block, index).await;
    assert!(
        matches!(
            events.last(),
            Some(RuntimeEvent::System(system::Event::ExtrinsicFailed { .. }))
        ),
        "{events:?}"
    );
    assert!(
        said.contains("InsufficientBalance") || said.contains("insufficient"),
        "{said}"
    );
    let (charlie_flx_after, charlie_nonce_after) = account(&client, &charlie.public(), None).await;
    let (dave_flx_after, _) = account(&client, &dave, None).await;
    assert_eq!(dave_flx_after, dave_flx, "the payee got nothing");
    assert_eq!(
        charlie_nonce_after,
        charlie_nonce + 1,
        "a failed call still uses its nonce"
    );
    assert!(charlie_flx_after < charlie_flx, "the fee was paid");
    assert!(
        charlie_flx - charlie_flx_after < UNIT,
        "only the fee was paid"
    );

    // A malformed RPC call gets an error, and the node keeps running.
    let bad: Result<serde_json::Value, _> = client
        .request("chain_getBlockHash", rpc_params!["not a number"])
        .await;
    assert!(bad.is_err());

    // kill -9, restart on the same base path: finalized blocks and balances are still there; finality resumes.
    let head = client.finalized_head().await.unwrap();
    let head_header = client
        .header(Some(head))
        .await
        .unwrap()
        .expect("finalized header");
    let (bob_flx_final, _) = account(&client, &bob, Some(head)).await;
    drop(client);
    node.kill9();
    node.restart();
    let client = node.client(STARTUP).await;
    let same = client
        .header(Some(head))
        .await
        .unwrap()
        .expect("finalized block survives kill -9");
    assert_eq!(same, head_header);
    let hash_at = client
        .block_hash(Some(metanode_rpc::ListOrValue::Value(
            metanode_rpc::NumberOrHex::Number(u64::from(head_header.number)),
        )))
        .await
        .unwrap();
    assert_eq!(hash_at, metanode_rpc::ListOrValue::Value(Some(head)));
    assert_eq!(account(&client, &bob, Some(head)).await.0, bob_flx_final);
    node.wait_finalized(&client, head_header.number + 3, STARTUP)
        .await;
    assert_eq!(account(&client, &bob, None).await.0, bob_flx_final);

    // Metrics follow the chain.
    let finalized_metric = node
        .metric("metanode_finalized_height")
        .expect("finalized height exported");
    assert!(
        finalized_metric >= f64::from(head_header.number + 3),
        "metric {finalized_metric}"
    );
    assert!(node.metrics().contains("metanode_block_import_seconds"));

    // A clean stop exits with success.
    drop(client);
    assert!(
        node.stop(),
        "SIGTERM must stop the node cleanly\n{}",
        node.log()
    );
}
