//! Changing the validator set of a running chain through Admin: a fifth validator is added (it votes from the next
//! epoch on: with one old validator down, finality needs it), then a validator is removed; finality goes on throughout
//! and every node agrees on every block.

use std::time::Duration;

use jsonrpsee::ws_client::WsClient;
use metanode_primitives::Pair;
use metanode_tests::chain::{assert_agree, finalized};
use metanode_tests::{cli, Node, Testnet};

const STARTUP: Duration = Duration::from_secs(60);
const PROGRESS: Duration = Duration::from_secs(120);

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
    let newcomer = net.start_full_node_as_validator(0);
    let mut clients = Vec::new();
    for node in &nodes {
        clients.push(node.client(STARTUP).await);
    }
    let newcomer_client = newcomer.client(STARTUP).await;
    nodes[0].wait_finalized(&clients[0], 2, STARTUP).await;

    let out = cli(&nodes[0].url(), &["validators", "list"]);
    assert!(out.success, "{out:?}");
    assert_eq!(out.stdout.matches("12D3KooW").count(), 4, "{}", out.stdout);

    // Add the newcomer (session //Validator5, the full node's peer id).
    let session = Pair::from_string("//Validator5", None)
        .unwrap()
        .public()
        .to_string();
    let out = cli(
        &nodes[1].url(),
        &[
            "validators",
            "add",
            "--from",
            "//Alice",
            "--session",
            &session,
            "--network-key",
            &full_peer,
        ],
    );
    assert!(out.success, "add failed: {out:?}\n{}", nodes[1].log());
    progress(&[&nodes[0], &newcomer], &[&clients[0], &newcomer_client], 3).await;
    let out = cli(&nodes[2].url(), &["validators", "list"]);
    assert!(out.stdout.contains(&full_peer), "{}", out.stdout);

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
}
