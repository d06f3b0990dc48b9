//! Receipts on a 4-validator testnet: a CLI transfer prints its receipt id; `metanode-cli verify <id> --chain
//! <spec>` checks the node's proof locally and says `verified`; `receipts <account>` lists it; the RPCs reject
//! malformed ids; a proof with a flipped receipt byte fails the library verifier. Then 1,000 transfers submitted
//! straight over RPC from four dev accounts become final, `export-receipts` writes their evidence bundle, the nodes
//! stop, and `verify --bundle` verifies all 1,000 offline.

use std::time::{Duration, Instant};

use jsonrpsee::ws_client::WsClient;
use metanode_chain_spec::{verify_receipt_proof, ChainSpec, ReceiptProof, ReceiptVerifyError};
use metanode_primitives::{AccountId32, Pair, H256};
use metanode_rpc::{AuthorApiClient, Bytes, ChainApiClient, ReceiptsApiClient, StateApiClient};
use metanode_runtime::queries;
use metanode_tests::receipts::cli_transfer;
use metanode_tests::signing::{flx_transfer_call, immortal_additional, sign_with};
use metanode_tests::{cli, Testnet};

const STARTUP: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transfer_receipt_verifies_offline_and_a_tampered_one_does_not() {
    let net = Testnet::generate(4, 0);
    let mut nodes: Vec<_> = (0..4).map(|i| net.start_validator(i)).collect();
    let client = nodes[0].client(STARTUP).await;
    nodes[0].wait_finalized(&client, 2, STARTUP).await;

    let (out, id) = cli_transfer(&nodes[1]);
    assert!(id.starts_with("rx_"), "{id}");

    // The receipt is in node0's index once node0 has the block.
    let number: u32 = out
        .stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("Block:    #"))
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("block number");
    nodes[0].wait_finalized(&client, number, STARTUP).await;
    let receipt = client
        .receipts_get(id.clone())
        .await
        .unwrap()
        .expect("indexed receipt");
    assert_eq!(
        (receipt.pallet.as_str(), receipt.call.as_str()),
        ("Wallets", "transfer")
    );
    assert_eq!(receipt.block_number, number);

    let spec = net.spec();
    let spec_arg = spec.to_str().unwrap();
    let out = cli(&nodes[0].url(), &["verify", &id, "--chain", spec_arg]);
    assert!(out.success, "verify: {out:?}");
    assert!(out.stdout.lines().any(|l| l == "verified"), "{out:?}");
    // Against another chain's validators it does not verify.
    let out = cli(&nodes[0].url(), &["verify", &id, "--chain", "dev"]);
    assert!(
        !out.success && out.stderr.contains("not verified"),
        "{out:?}"
    );

    let out = cli(&nodes[2].url(), &["receipts", "//Alice"]);
    assert!(out.success && out.stdout.contains(&id), "receipts: {out:?}");
    let out = cli(&nodes[2].url(), &["receipts", "show", &id]);
    assert!(
        out.success && out.stdout.contains("Wallets.transfer"),
        "show: {out:?}"
    );

    let err = client.receipts_get("rx_0OIl".into()).await.unwrap_err();
    assert!(err.to_string().contains("not base58"), "{err}");
    let err = client
        .receipts_by_account("nope".into(), None, Some(500))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("address"), "{err}");

    // The proof through the library: sound, then with one receipt byte flipped.
    let json = client
        .receipts_proof(id.clone())
        .await
        .unwrap()
        .expect("proof");
    let mut proof = ReceiptProof {
        receipt: json.receipt.0,
        proof: json.proof,
        header: json.header.0,
        ancestry: json.ancestry.into_iter().map(|b| b.0).collect(),
        certificate: json.certificate.0,
        epoch: json.epoch,
        genesis_hash: json.genesis_hash,
        set_history: Vec::new(),
    };
    assert!(json.set_history.is_empty(), "epoch 0 needs no set history");
    let spec = ChainSpec::from_file(&spec).unwrap();
    let verified = verify_receipt_proof(&proof, &spec).expect("sound proof");
    assert_eq!(verified.receipt.id.to_string(), id);
    // The timestamp's last byte (the very last one is the `effect` option tag, whose flip does not decode).
    let at = proof.receipt.len() - 2;
    proof.receipt[at] ^= 0x01;
    assert!(matches!(
        verify_receipt_proof(&proof, &spec),
        Err(ReceiptVerifyError::NotInReceiptsRoot { .. })
    ));

    // ---- 1,000 receipts in one evidence bundle, verified with no node running ----
    let senders = ["//Alice", "//Bob", "//Charlie", "//Dave"];
    let from_block = number + 1;
    submit_transfers(&client, &senders, PER_SENDER).await;
    let exported = net.dir().join("bundle.json");
    let mut args = vec!["export-receipts".to_string()];
    for s in senders {
        args.extend(["--account".to_string(), s.to_string()]);
    }
    args.extend([
        "--from".to_string(),
        from_block.to_string(),
        "--out".to_string(),
        exported.to_str().unwrap().to_string(),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let started = Instant::now();
    let out = cli(&nodes[0].url(), &args);
    assert!(out.success, "export-receipts: {out:?}");
    eprintln!(
        "export-receipts: {} ({:?})",
        out.stdout.trim(),
        started.elapsed()
    );

    drop(client);
    for node in &mut nodes {
        node.stop();
    }
    let size = std::fs::metadata(&exported).unwrap().len();
    let bundle_arg = exported.to_str().unwrap();
    let started = Instant::now();
    let out = cli(
        &nodes[0].url(),
        &["verify", "--bundle", bundle_arg, "--chain", spec_arg],
    );
    let took = started.elapsed();
    assert!(out.success, "verify --bundle: {out:?}");
    let total = senders.len() as u32 * PER_SENDER;
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("verified "))
        .unwrap_or_else(|| panic!("{out:?}"));
    assert!(
        line.starts_with(&format!("verified {total} receipts from ")),
        "{line}"
    );
    eprintln!(
        "bundle of {total} receipts: {size} bytes; offline `metanode-cli verify --bundle` took {took:?} ({line}; {})",
        out.stdout.lines().find(|l| l.starts_with("Time:")).unwrap_or("")
    );
    // Against another chain spec it does not verify (its genesis hash, computed from the spec, differs), and a
    // truncated file is named as such.
    let out = cli(
        &nodes[0].url(),
        &["verify", "--bundle", bundle_arg, "--chain", "dev"],
    );
    assert!(
        !out.success && out.stderr.contains("not verified") && out.stderr.contains("genesis"),
        "{out:?}"
    );
    let text = std::fs::read_to_string(&exported).unwrap();
    let cut = net.dir().join("cut.json");
    std::fs::write(&cut, &text[..text.len() / 2]).unwrap();
    let out = cli(
        &nodes[0].url(),
        &[
            "verify",
            "--bundle",
            cut.to_str().unwrap(),
            "--chain",
            spec_arg,
        ],
    );
    assert!(
        !out.success && out.stderr.contains("not an evidence bundle"),
        "{out:?}"
    );
}

/// Transfers per sender (the pool holds up to 256 per sender).
const PER_SENDER: u32 = 250;

/// Signs `per_sender` FLX transfers to //Eve from each of `senders` with consecutive nonces, submits them all with
/// `author_submitExtrinsic`, and waits until the finalized state has every sender's nonce past the last one.
async fn submit_transfers(client: &WsClient, senders: &[&str], per_sender: u32) {
    let additional = immortal_additional(client).await;
    let eve = Pair::from_string("//Eve", None).unwrap().public();
    let call = flx_transfer_call(&eve, 1_000_000);
    let mut targets = Vec::new();
    for suri in senders {
        let pair = Pair::from_string(suri, None).unwrap();
        let start = nonce(client, &pair.public(), None).await;
        for i in 0..per_sender {
            let xt = sign_with(call.clone(), &pair, start + i, &additional);
            client
                .submit_extrinsic(Bytes(xt))
                .await
                .unwrap_or_else(|e| panic!("{suri} nonce {}: {e}", start + i));
        }
        targets.push((pair.public(), start + per_sender));
    }
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let head = client.finalized_head().await.expect("finalized head");
        let mut done = true;
        for (who, target) in &targets {
            done &= nonce(client, who, Some(head)).await >= *target;
        }
        if done {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "1,000 transfers not final in 90 s"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

async fn nonce(client: &WsClient, who: &AccountId32, at: Option<H256>) -> u32 {
    client
        .storage(Bytes(queries::account_key(who)), at)
        .await
        .expect("state_getStorage")
        .map(|raw| queries::decode_account(&raw.0).expect("AccountInfo").nonce)
        .unwrap_or(0)
}
