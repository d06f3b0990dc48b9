//! Changing the validator set of a running chain through Admin: a fifth validator is added (it votes from the next
//! epoch on: with one old validator down, finality needs it), then a validator is removed; finality goes on throughout
//! and every node agrees on every block. Receipts across the set changes: a transfer in each of epochs 0, 1 and 2
//! verifies with `metanode-cli verify <id> --chain <spec>` (the proof carries the certified set changes), and a bundle
//! spanning epochs 0..=2 exported with `export-receipts` verifies offline with `verify --bundle` after every node has
//! stopped.

use std::time::Duration;

use jsonrpsee::ws_client::WsClient;
use metanode_primitives::Pair;
use metanode_rpc::ReceiptsApiClient;
use metanode_tests::chain::{assert_agree, finalized};
use metanode_tests::receipts::{transfer_with_receipt, wait_receipt_indexed};
use metanode_tests::{cli, validators_add, Node, Testnet};

const STARTUP: Duration = Duration::from_secs(60);
const PROGRESS: Duration = Duration::from_secs(120);

/// `metanode-cli verify <id> --chain <spec>` succeeds and reports the epoch whose set signed the certificate.
async fn verify_receipt(node: &Node, client: &WsClient, spec: &str, id: &str, epoch: u64) {
    let proof = client
        .receipts_proof(id.to_string())
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no proof of final receipt {id} (epoch {epoch})"));
    assert_eq!(proof.epoch, epoch, "receipt {id}");
    assert_eq!(proof.set_history.len() as u64, epoch, "receipt {id}");
    let out = cli(&node.url(), &["verify", id, "--chain", spec]);
    assert!(out.success, "verify {id}: {out:?}");
    assert!(out.stdout.lines().any(|l| l == "verified"), "{out:?}");
    assert!(
        out.stdout.contains(&format!("validators of epoch {epoch}")),
        "{out:?}"
    );
}

async fn progress(nodes: &[&Node], clients: &[&WsClient], blocks: u32) {
    let target = finalized(clients[0]).await + blocks;
    for (node, client) in nodes.iter().zip(clients) {
        node.wait_finalized(client, target, PROGRESS).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_validator_is_added_and_one_removed_with_finality_throughout() {
    let net = Testnet::generate(4, 1);
    let spec: serde_json::Value =
        serde_json::from_slice(&std::fs::read(net.spec()).unwrap()).unwrap();
    let full_peer = spec["allowedPeers"][0].as_str().unwrap().to_string();
    let node3_session = spec["validators"][3]["sessionKey"]
        .as_str()
        .unwrap()
        .to_string();

    let mut nodes: Vec<Node> = (0..4).map(|i| net.start_validator(i)).collect();
    net.insert_session_key(0, "//Validator5");
    let mut newcomer = net.start_full_node_as_validator(0);
    let mut clients = Vec::new();
    for node in &nodes {
        clients.push(node.client(STARTUP).await);
    }
    let newcomer_client = newcomer.client(STARTUP).await;
    nodes[0].wait_finalized(&clients[0], 2, STARTUP).await;

    let out = cli(&nodes[0].url(), &["validators", "list"]);
    assert!(out.success, "{out:?}");
    assert_eq!(out.stdout.matches("12D3KooW").count(), 4, "{}", out.stdout);
    let spec_path = net.spec();
    let spec_arg = spec_path.to_str().unwrap();
    let first = transfer_with_receipt(&nodes[0], &clients[0], PROGRESS).await;
    let first_block = clients[0]
        .receipts_get(first.clone())
        .await
        .unwrap()
        .expect("indexed")
        .block_number;

    // Add the newcomer (session //Validator5, the full node's peer id).
    let session = Pair::from_string("//Validator5", None)
        .unwrap()
        .public()
        .to_string();
    let out = validators_add(&nodes[1].url(), &session, &full_peer);
    assert!(out.success, "add failed: {out:?}\n{}", nodes[1].log());
    progress(&[&nodes[0], &newcomer], &[&clients[0], &newcomer_client], 3).await;
    let out = cli(&nodes[2].url(), &["validators", "list"]);
    assert!(out.stdout.contains(&full_peer), "{}", out.stdout);
    let second = transfer_with_receipt(&nodes[0], &clients[0], PROGRESS).await;

    // Only an admin may change the set.
    let out = cli(
        &nodes[1].url(),
        &[
            "validators",
            "remove",
            "--from",
            "//Bob",
            "--session",
            &node3_session,
        ],
    );
    assert!(!out.success, "a non-admin removed a validator: {out:?}");

    // With five validators one may be down: kill node3; the remaining four (including the newcomer) finalize.
    nodes[3].kill9();
    let up: Vec<&Node> = vec![&nodes[0], &nodes[1], &nodes[2], &newcomer];
    let up_clients: Vec<&WsClient> = vec![&clients[0], &clients[1], &clients[2], &newcomer_client];
    progress(&up, &up_clients, 3).await;

    // Remove node3 from the set; finality goes on with four validators.
    let out = cli(
        &nodes[0].url(),
        &[
            "validators",
            "remove",
            "--from",
            "//Alice",
            "--session",
            &node3_session,
        ],
    );
    assert!(out.success, "remove failed: {out:?}\n{}", nodes[0].log());
    progress(&up, &up_clients, 3).await;
    let out = cli(&nodes[0].url(), &["validators", "list"]);
    assert_eq!(out.stdout.matches("12D3KooW").count(), 4, "{}", out.stdout);
    assert!(out.stdout.contains(&full_peer));
    assert_agree(&up_clients).await;

    // ---- receipts across the set changes ----
    let third = transfer_with_receipt(&nodes[0], &clients[0], PROGRESS).await;
    let history = clients[0]
        .receipts_validator_set_history(None)
        .await
        .unwrap();
    assert_eq!(
        history.iter().map(|c| c.epoch).collect::<Vec<_>>(),
        vec![1, 2]
    );
    for (id, epoch) in [(&first, 0), (&second, 1), (&third, 2)] {
        verify_receipt(&nodes[0], &clients[0], spec_arg, id, epoch).await;
    }
    // The newcomer (a full node turned validator) serves the same proofs.
    wait_receipt_indexed(&newcomer, &newcomer_client, &third, PROGRESS).await;
    verify_receipt(&newcomer, &newcomer_client, spec_arg, &third, 2).await;
    let err = clients[0]
        .receipts_validator_set_history(Some(3))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("finalized epoch"), "{err}");

    let exported = net.dir().join("epochs-bundle.json");
    let out = cli(
        &nodes[0].url(),
        &[
            "export-receipts",
            "--account",
            "//Alice",
            "--from",
            &first_block.to_string(),
            "--out",
            exported.to_str().unwrap(),
        ],
    );
    assert!(out.success, "export-receipts: {out:?}");
    assert!(
        out.stdout.contains("and 2 validator-set changes"),
        "{out:?}"
    );
    drop(clients);
    drop(newcomer_client);
    for node in &mut nodes {
        node.stop();
    }
    newcomer.stop();
    let size = std::fs::metadata(&exported).unwrap().len();
    // Offline: every node is stopped.
    let verify_bundle = |chain: &str| {
        cli(
            &nodes[0].url(),
            &[
                "verify",
                "--bundle",
                exported.to_str().unwrap(),
                "--chain",
                chain,
            ],
        )
    };
    let out = verify_bundle(spec_arg);
    assert!(out.success, "verify --bundle: {out:?}");
    assert!(
        out.stdout.contains("2 validator-set changes verified"),
        "{out:?}"
    );
    let line = out
        .stdout
        .lines()
        .find(|l| l.starts_with("verified "))
        .unwrap_or_else(|| panic!("{out:?}"));
    let bundle: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&exported).unwrap()).unwrap();
    let history_bytes = serde_json::to_string_pretty(&bundle["validatorSets"])
        .unwrap()
        .len();
    eprintln!(
        "epochs 0..=2 bundle: {size} bytes, of which validatorSets {history_bytes} bytes; {line}"
    );
    // Against another chain spec the bundle is refused: its genesis hash, computed from the spec, differs.
    let out = verify_bundle("dev");
    assert!(!out.success && out.stderr.contains("genesis"), "{out:?}");
}
