//! An allowed peer that sends consensus messages it may not send: a vote claiming to be validator 0 but signed by
//! another key, and a vote from an index that is not a validator. Neither counts: the sender is banned, finality goes
//! on, and every validator still agrees on every block.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use metanode_consensus::crypto::vote_bytes;
use metanode_consensus::{Message, Signer, Vote, VoteData};
use metanode_network::{NetworkConfig, Topic};
use metanode_primitives::Pair;
use metanode_tests::chain::{assert_agree, finalized, hash_at};
use metanode_tests::Testnet;
use parity_scale_codec::Encode;

const STARTUP: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn votes_not_signed_by_a_validator_change_nothing_and_get_the_sender_banned() {
    let net = Testnet::generate(4, 1);
    let nodes: Vec<_> = (0..4).map(|i| net.start_validator(i)).collect();
    let mut clients = Vec::new();
    for node in &nodes {
        clients.push(node.client(STARTUP).await);
    }
    let head = nodes[0].wait_finalized(&clients[0], 2, STARTUP).await;
    let genesis = hash_at(&clients[0], 0).await.expect("genesis");

    // The rogue holds the full node's network key, so the validators let it connect.
    let spec: serde_json::Value =
        serde_json::from_slice(&std::fs::read(net.spec()).unwrap()).unwrap();
    let key_path = net
        .dir()
        .join("full0/chains/local_testnet/network/secret_ed25519");
    let keypair = metanode_network::load_or_generate_node_key(&key_path).unwrap();
    let mut config = NetworkConfig::new(keypair, genesis.0);
    config.listen = vec!["/ip4/127.0.0.1/tcp/0".parse().unwrap()];
    config.bootnodes = spec["bootNodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().parse().unwrap())
        .collect();
    config.allowed = spec["validators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| metanode_network::parse_peer_id(v["networkKey"].as_str().unwrap()).unwrap())
        .collect::<HashSet<_>>();
    let (rogue, _events) = metanode_network::start(config).unwrap();
    let deadline = Instant::now() + STARTUP;
    while rogue.peers().await.len() < 4 {
        assert!(
            Instant::now() < deadline,
            "the rogue never connected to all validators"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    // Votes for the next rounds, as if from validator 0, signed by a key that is not validator 0's.
    let impostor = Signer::from_keypair(Pair::generate_with_phrase(12).0.keypair().clone());
    let base_round = u64::from(head.number) * 4 + 8;
    for (round, author) in [(base_round, 0u16), (base_round + 1, 9u16)] {
        let data = VoteData {
            epoch: 0,
            round,
            block: [7u8; 32],
            height: u64::from(head.number) + 1,
            parent: head.parent_hash.0,
            parent_round: round - 1,
        };
        let signature = impostor.sign(&vote_bytes(&genesis.0, &data));
        let vote = Message::Vote(Vote {
            data,
            author,
            signature,
        });
        rogue.broadcast(Topic::Consensus, vote.encode());
    }

    // The rogue is banned: every validator drops it.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !rogue.peers().await.is_empty() {
        assert!(
            Instant::now() < deadline,
            "validators kept talking to a peer that forged votes"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let logs: String = nodes.iter().map(|n| n.log()).collect();
    assert!(
        logs.contains("invalid signature"),
        "no validator named the bad signature"
    );

    // Finality goes on and the validators agree on every block.
    let before = finalized(&clients[0]).await;
    for (node, client) in nodes.iter().zip(&clients) {
        node.wait_finalized(client, before + 3, STARTUP).await;
    }
    assert_agree(&clients.iter().collect::<Vec<_>>()).await;
    rogue.shutdown();
}
