//! A 4-validator testnet from `metanode testnet`, real processes on 127.0.0.1: the validators finalize together and
//! agree on every block; transfers sent to different nodes finalize exactly once; one crashed validator does not stop
//! finality and catches up; two crashed validators (f + 1) stop finality without a fork; all four crashed and
//! restarted lose nothing; a full node started later syncs from genesis; a node whose key is not allowed gets no peer.

use std::time::{Duration, Instant};

use jsonrpsee::ws_client::WsClient;
use metanode_primitives::{AccountId32, Pair};
use metanode_rpc::{Bytes, ChainApiClient, StateApiClient, SystemApiClient};
use metanode_runtime::queries;
use metanode_tests::chain::{assert_agree, finalized, hash_at};
use metanode_tests::{cli, free_port, Node, Testnet};

const STARTUP: Duration = Duration::from_secs(60);
/// Long enough for a view change after a crashed leader (round timeouts start at 4 s and double).
const PROGRESS: Duration = Duration::from_secs(120);
const UNIT: u128 = 1_000_000_000_000;

async fn flx(client: &WsClient, who: &AccountId32) -> u128 {
    let at = client.finalized_head().await.expect("finalized head");
    client
        .storage(Bytes(queries::account_key(who)), Some(at))
        .await
        .expect("state_getStorage")
        .map(|raw| {
            queries::decode_account(&raw.0)
                .expect("AccountInfo")
                .data
                .free
        })
        .unwrap_or(0)
}

/// Waits until every node's finalized head is at least `number`.
async fn wait_all(nodes: &[(&Node, &WsClient)], number: u32, timeout: Duration) {
    for (node, client) in nodes {
        node.wait_finalized(client, number, timeout).await;
    }
}

fn account(suri: &str) -> AccountId32 {
    Pair::from_string(suri, None).expect("dev key").public()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_validators_finalize_survive_crashes_and_a_full_node_syncs() {
    let net = Testnet::generate(4, 1);
    let mut nodes: Vec<Node> = (0..4).map(|i| net.start_validator(i)).collect();
    let mut clients = Vec::new();
    for node in &nodes {
        clients.push(node.client(STARTUP).await);
    }
    // All four finalize together and agree.
    for i in 0..4 {
        nodes[i].wait_finalized(&clients[i], 3, STARTUP).await;
    }
    let health = clients[0].system_health().await.unwrap();
    assert!(
        health.peers >= 3,
        "node0 has {} peers\n{}",
        health.peers,
        nodes[0].log()
    );
    assert_agree(&clients.iter().collect::<Vec<_>>()).await;
    assert_eq!(nodes[0].metric("metanode_peers"), Some(3.0));
    assert!(nodes[1].metric("metanode_finalized_height").unwrap_or(0.0) >= 3.0);
    assert!(nodes[2].metric("metanode_qcs_formed_total").unwrap_or(0.0) >= 3.0);

    // Transfers submitted to different nodes finalize exactly once.
    let bob = account("//Bob");
    let dave = account("//Dave");
    let bob_before = flx(&clients[0], &bob).await;
    let dave_before = flx(&clients[0], &dave).await;
    let out = cli(
        &nodes[1].url(),
        &[
            "transfer", "--from", "//Alice", "--to", "//Bob", "--token", "FLX", "2",
        ],
    );
    assert!(
        out.success,
        "transfer via node1: {out:?}\n{}",
        nodes[1].log()
    );
    let out = cli(
        &nodes[3].url(),
        &[
            "transfer",
            "--from",
            "//Charlie",
            "--to",
            "//Dave",
            "--token",
            "FLX",
            "3",
        ],
    );
    assert!(
        out.success,
        "transfer via node3: {out:?}\n{}",
        nodes[3].log()
    );
    let head = finalized(&clients[3]).await;
    wait_all(
        &[(&nodes[0], &clients[0]), (&nodes[2], &clients[2])],
        head,
        PROGRESS,
    )
    .await;
    for client in &clients {
        let client_head = finalized(client).await;
        assert!(client_head >= head);
        assert_eq!(flx(client, &bob).await, bob_before + 2 * UNIT);
        assert_eq!(flx(client, &dave).await, dave_before + 3 * UNIT);
    }

    // kill -9 one validator: the other three keep finalizing.
    nodes[3].kill9();
    let before = finalized(&clients[0]).await;
    wait_all(
        &[
            (&nodes[0], &clients[0]),
            (&nodes[1], &clients[1]),
            (&nodes[2], &clients[2]),
        ],
        before + 3,
        PROGRESS,
    )
    .await;
    assert!(
        nodes[0].metric("metanode_timeouts_total").unwrap_or(0.0) >= 1.0,
        "a crashed leader makes rounds time out"
    );
    // Restarted, it catches up ...
    nodes[3].restart();
    clients[3] = nodes[3].client(STARTUP).await;
    let head = finalized(&clients[0]).await;
    nodes[3].wait_finalized(&clients[3], head, PROGRESS).await;
    // ... and votes again: with node2 down, finality needs node3.
    nodes[2].kill9();
    let before = finalized(&clients[0]).await;
    wait_all(
        &[
            (&nodes[0], &clients[0]),
            (&nodes[1], &clients[1]),
            (&nodes[3], &clients[3]),
        ],
        before + 3,
        PROGRESS,
    )
    .await;
    nodes[2].restart();
    clients[2] = nodes[2].client(STARTUP).await;

    // kill -9 two (f + 1): finality stops, and nobody forks.
    let head = finalized(&clients[0]).await;
    nodes[2].wait_finalized(&clients[2], head, PROGRESS).await;
    nodes[1].kill9();
    nodes[2].kill9();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let stopped_at = finalized(&clients[0]).await;
    tokio::time::sleep(Duration::from_secs(8)).await;
    let later = finalized(&clients[0]).await;
    assert!(
        later <= stopped_at + 1,
        "finality went on with two of four validators down: #{stopped_at} -> #{later}"
    );
    let survivors_agree = assert_agree(&[&clients[0], &clients[3]]).await;
    let mut kept = Vec::new();
    for n in 0..=survivors_agree {
        kept.push(hash_at(&clients[0], n).await);
    }
    // Restarted, finality resumes; every block finalized before is unchanged.
    nodes[1].restart();
    nodes[2].restart();
    clients[1] = nodes[1].client(STARTUP).await;
    clients[2] = nodes[2].client(STARTUP).await;
    let target = later + 3;
    for i in 0..4 {
        nodes[i].wait_finalized(&clients[i], target, PROGRESS).await;
    }
    for (n, hash) in kept.iter().enumerate() {
        assert_eq!(
            &hash_at(&clients[1], n as u32).await,
            hash,
            "block #{n} changed"
        );
    }

    // kill -9 all four at once and restart: no finalized block lost; finality resumes.
    let mut before_crash = Vec::new();
    for client in &clients {
        before_crash.push(finalized(client).await);
    }
    let reference_head = *before_crash.iter().max().unwrap();
    let reference_hash = hash_at(&clients[0], before_crash[0]).await;
    drop(clients);
    for node in nodes.iter_mut() {
        node.kill9();
    }
    for node in nodes.iter_mut() {
        node.restart();
    }
    let mut clients = Vec::new();
    for node in &nodes {
        clients.push(node.client(STARTUP).await);
    }
    for (i, client) in clients.iter().enumerate() {
        assert!(
            finalized(client).await >= before_crash[i],
            "node{i} lost finalized blocks"
        );
    }
    assert_eq!(hash_at(&clients[1], before_crash[0]).await, reference_hash);
    for i in 0..4 {
        nodes[i]
            .wait_finalized(&clients[i], reference_head + 3, PROGRESS)
            .await;
    }
    assert_agree(&clients.iter().collect::<Vec<_>>()).await;

    // A full node started now syncs from genesis to the head.
    let full = net.start_full_node(0);
    let full_client = full.client(STARTUP).await;
    let head = finalized(&clients[0]).await;
    full.wait_finalized(&full_client, head, PROGRESS).await;
    let mut all: Vec<&WsClient> = clients.iter().collect();
    all.push(&full_client);
    assert_agree(&all).await;
    assert_eq!(flx(&full_client, &bob).await, bob_before + 2 * UNIT);

    // A node whose key nobody allowed gets no peer and no block.
    let stranger_dir = tempfile::tempdir().unwrap();
    let stranger = net.start_stranger(stranger_dir.path(), free_port(), free_port());
    let stranger_client = stranger.client(STARTUP).await;
    let deadline = Instant::now() + Duration::from_secs(6);
    while Instant::now() < deadline {
        let health = stranger_client.system_health().await.unwrap();
        assert_eq!(
            health.peers,
            0,
            "a peer outside the allowed set got connected\n{}",
            stranger.log()
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(finalized(&stranger_client).await, 0);
    assert!(
        nodes
            .iter()
            .any(|n| n.log().contains("not in the allowed set")),
        "no validator logged the refusal"
    );
}
