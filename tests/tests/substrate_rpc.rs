//! The Substrate JSON-RPC surface over real WebSocket connections, in the shapes `@polkadot/api` and subxt read.
//!
//! Dev node: `system_*` (properties with the four tokens, health, roles, sync state, no peer id without P2P),
//! a transfer watched through `ready` → `inBlock` → `finalized`, `chain_getBlock` justifications (`HSQC`, a commit
//! certificate that verifies against the dev validator set), `hotstuff_proveFinality` for every finalized block and
//! its errors, every head subscription alias, runtime-version and storage subscriptions, and `rpc_methods`.
//!
//! Two validators: `system_peers` on each shows the other's `system_localPeerId`; after a stall (one validator
//! killed long enough for rounds to time out, then restarted) some block is committed together with its
//! descendants, carries no justification of its own, and `hotstuff_proveFinality` proves it with the linking
//! headers.

use std::time::{Duration, Instant};

use jsonrpsee::core::client::{ClientT, Subscription, SubscriptionClientT};
use jsonrpsee::rpc_params;
use jsonrpsee::ws_client::WsClient;
use metanode_chain_spec::{dev_spec, genesis_validator_set, ChainSpec};
use metanode_consensus::{CommitCertificate, ValidatorSet};
use metanode_primitives::{AccountId32, Header, Pair, H256};
use metanode_rpc::{
    Bytes, ChainApiClient, FinalityProof, HashOrNumber, HotstuffApiClient, NumberOrHex,
    SystemApiClient,
};
use metanode_tests::signing::{flx_transfer_call, sign_for};
use metanode_tests::{Node, NodeOptions, Testnet};
use parity_scale_codec::DecodeAll;
use serde_json::Value;

const STARTUP: Duration = Duration::from_secs(60);
const UNIT: u128 = 1_000_000_000_000;

fn pair(suri: &str) -> Pair {
    Pair::from_string(suri, None).expect("dev key")
}

async fn genesis_hash(client: &WsClient) -> H256 {
    metanode_tests::chain::hash_at(client, 0)
        .await
        .expect("genesis hash")
}

/// `Balances.transfer_keep_alive(dest, 1 unit)` signed by `signer` (immortal era).
async fn signed_transfer(
    client: &WsClient,
    signer: &Pair,
    dest: &AccountId32,
    nonce: u32,
) -> Vec<u8> {
    sign_for(client, signer, flx_transfer_call(dest, UNIT), nonce).await
}

async fn raw(
    client: &WsClient,
    method: &str,
    params: jsonrpsee::core::params::ArrayParams,
) -> Value {
    client
        .request(method, params)
        .await
        .unwrap_or_else(|e| panic!("{method}: {e}"))
}

/// The `HSQC` justification of block `hash` from `chain_getBlock`, checking Substrate's JSON shape on the way:
/// `[[[72,83,81,67],[<bytes as numbers>]]]` or `null`.
async fn justification(client: &WsClient, hash: H256) -> Option<Vec<u8>> {
    let block = raw(client, "chain_getBlock", rpc_params![hash]).await;
    assert!(block["block"]["header"].is_object(), "{block}");
    assert!(block["block"]["extrinsics"].is_array(), "{block}");
    let justifications = &block["justifications"];
    if justifications.is_null() {
        return None;
    }
    let list = justifications.as_array().expect("justifications is a list");
    assert_eq!(list.len(), 1, "{justifications}");
    assert_eq!(
        list[0][0],
        serde_json::json!([72, 83, 81, 67]),
        "engine id HSQC"
    );
    let payload = list[0][1]
        .as_array()
        .expect("payload is an array of numbers")
        .iter()
        .map(|n| u8::try_from(n.as_u64().expect("number")).expect("byte"))
        .collect();
    Some(payload)
}

/// Checks a finality proof offline: the certificate verifies against `set` and names the last of the block and
/// its ancestry, which link parent to child. Returns the certificate.
async fn check_proof(
    client: &WsClient,
    proof: &FinalityProof,
    set: &ValidatorSet,
    genesis: H256,
) -> CommitCertificate {
    let cert =
        CommitCertificate::decode_all(&mut &proof.certificate.0[..]).expect("certificate decodes");
    let named = cert.verify(set, &genesis.0).expect("certificate verifies");
    assert_eq!(proof.epoch, 0);
    let header = client
        .header(Some(proof.block))
        .await
        .unwrap()
        .expect("proven block's header");
    assert_eq!(header.number, proof.block_number);
    let mut last = proof.block;
    for raw in &proof.ancestry {
        let h = Header::decode_all(&mut &raw.0[..]).expect("ancestry header decodes");
        assert_eq!(h.parent_hash, last, "ancestry links parent to child");
        last = h.hash();
    }
    assert_eq!(
        H256(named.id),
        last,
        "the certificate names the last linked block"
    );
    assert_eq!(
        named.height,
        u64::from(proof.block_number) + proof.ancestry.len() as u64
    );
    cert
}

async fn next_json(sub: &mut Subscription<Value>, what: &str) -> Value {
    tokio::time::timeout(STARTUP, sub.next())
        .await
        .unwrap_or_else(|_| panic!("{what}: no notification"))
        .unwrap_or_else(|| panic!("{what}: subscription closed"))
        .unwrap_or_else(|e| panic!("{what}: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dev_node_serves_substrate_rpc_shapes() {
    let node = Node::start(NodeOptions::dev());
    let client = node.client(STARTUP).await;
    node.wait_finalized(&client, 2, STARTUP).await;
    let genesis = genesis_hash(&client).await;
    let set = genesis_validator_set(&dev_spec()).expect("dev validator set");

    // system_*
    let props = raw(&client, "system_properties", rpc_params![]).await;
    assert_eq!(
        props["tokenSymbol"],
        serde_json::json!(["FLX", "GEN", "NEX", "AUR"])
    );
    let decimals = props["tokenDecimals"]
        .as_array()
        .expect("tokenDecimals list");
    assert_eq!(decimals.len(), 4);
    assert_eq!(decimals[0], 12, "FLX has 12 decimals on the dev chain");
    assert!(props["ss58Format"].is_u64(), "{props}");
    let health = raw(&client, "system_health", rpc_params![]).await;
    assert_eq!(
        health,
        serde_json::json!({"peers": 0, "isSyncing": false, "shouldHavePeers": false})
    );
    assert_eq!(
        raw(&client, "system_nodeRoles", rpc_params![]).await,
        serde_json::json!(["Authority"])
    );
    let sync = raw(&client, "system_syncState", rpc_params![]).await;
    let (start, current, highest) = (
        sync["startingBlock"].as_u64().expect("startingBlock"),
        sync["currentBlock"].as_u64().expect("currentBlock"),
        sync["highestBlock"].as_u64().expect("highestBlock"),
    );
    assert!(start <= current && current == highest, "{sync}");
    assert!(
        client.system_local_peer_id().await.is_err(),
        "no peer id without P2P"
    );
    assert!(client.system_peers().await.unwrap().is_empty());
    assert!(client
        .system_local_listen_addresses()
        .await
        .unwrap()
        .is_empty());

    // author_submitAndWatchExtrinsic: ready → inBlock → finalized.
    let alice = pair("//Alice");
    let dave = metanode_chain_spec::dev_account("Dave");
    let nonce = client
        .system_account_next_index(alice.public().to_string())
        .await
        .unwrap();
    let xt = signed_transfer(&client, &alice, &dave, nonce).await;
    let mut watch: Subscription<Value> = client
        .subscribe(
            "author_submitAndWatchExtrinsic",
            rpc_params![Bytes(xt.clone())],
            "author_unwatchExtrinsic",
        )
        .await
        .expect("watch");
    let mut statuses = Vec::new();
    loop {
        let status = next_json(&mut watch, "extrinsic status").await;
        let done = status.get("finalized").is_some();
        statuses.push(status);
        if done {
            break;
        }
    }
    assert_eq!(statuses[0], "ready", "{statuses:?}");
    let finalized: H256 =
        serde_json::from_value(statuses.last().unwrap()["finalized"].clone()).unwrap();
    let in_block: Vec<H256> = statuses
        .iter()
        .filter_map(|s| s.get("inBlock"))
        .map(|h| serde_json::from_value(h.clone()).unwrap())
        .collect();
    assert_eq!(in_block.last(), Some(&finalized), "{statuses:?}");
    let block = client.block(Some(finalized)).await.unwrap().expect("block");
    assert!(
        block.block.extrinsics.contains(&Bytes(xt)),
        "the watched extrinsic is in the block"
    );
    drop(watch);

    // Justifications: blocks named by their certificate carry it (HSQC); it verifies against the dev set.
    let head = node
        .wait_finalized(&client, block.block.header.number + 1, STARTUP)
        .await;
    let mut justified = 0;
    for number in 1..=head.number {
        let hash = metanode_tests::chain::hash_at(&client, number)
            .await
            .expect("finalized hash");
        let proof = client
            .prove_finality(HashOrNumber::Number(NumberOrHex::Number(number.into())))
            .await
            .unwrap_or_else(|e| panic!("proveFinality #{number}: {e}"));
        assert_eq!(proof.block, hash);
        let cert = check_proof(&client, &proof, &set, genesis).await;
        match justification(&client, hash).await {
            Some(bytes) => {
                justified += 1;
                assert!(
                    proof.ancestry.is_empty(),
                    "a justified block's certificate names it"
                );
                assert_eq!(bytes, proof.certificate.0);
                assert_eq!(H256(cert.committed().unwrap().id), hash);
            }
            None => assert!(
                !proof.ancestry.is_empty(),
                "#{number} has no justification of its own"
            ),
        }
    }
    assert!(justified > 0, "no finalized block carries a justification");
    let by_hash = client
        .prove_finality(HashOrNumber::Hash(finalized))
        .await
        .unwrap();
    assert_eq!(by_hash.block, finalized);
    // Errors: genesis, a block not final yet, an unknown hash.
    for bad in [
        HashOrNumber::Number(NumberOrHex::Number(0)),
        HashOrNumber::Number(NumberOrHex::Number(u64::from(head.number) + 1_000)),
        HashOrNumber::Hash(H256::repeat_byte(0x11)),
    ] {
        let err = client.prove_finality(bad).await.expect_err("not provable");
        assert!(err.to_string().contains("3001"), "{err}");
    }

    // chain_getHead / chain_getFinalisedHead aliases.
    let via_alias = raw(&client, "chain_getHead", rpc_params![0]).await;
    assert_eq!(via_alias, serde_json::to_value(genesis).unwrap());
    let finalised = raw(&client, "chain_getFinalisedHead", rpc_params![]).await;
    assert!(
        finalised.as_str().is_some_and(|s| s.len() == 66),
        "{finalised}"
    );

    // Every head subscription name and its unsubscribe alias; each sends headers in Substrate's shape.
    for (sub, unsub) in [
        ("chain_subscribeAllHeads", "chain_unsubscribeAllHeads"),
        ("chain_subscribeNewHeads", "chain_unsubscribeNewHeads"),
        ("chain_subscribeNewHead", "chain_unsubscribeNewHead"),
        ("subscribe_newHead", "unsubscribe_newHead"),
        (
            "chain_subscribeFinalizedHeads",
            "chain_unsubscribeFinalizedHeads",
        ),
        (
            "chain_subscribeFinalisedHeads",
            "chain_unsubscribeFinalisedHeads",
        ),
    ] {
        let mut heads: Subscription<Value> = client
            .subscribe(sub, rpc_params![], unsub)
            .await
            .expect(sub);
        let first = next_json(&mut heads, sub).await;
        let second = next_json(&mut heads, sub).await;
        for h in [&first, &second] {
            assert!(
                h["number"].as_str().is_some_and(|n| n.starts_with("0x")),
                "{sub}: {h}"
            );
            assert!(
                h["parentHash"].is_string() && h["digest"]["logs"].is_array(),
                "{sub}: {h}"
            );
        }
        heads.unsubscribe().await.expect(unsub);
    }
    for (sub, unsub) in [
        (
            "state_subscribeRuntimeVersion",
            "state_unsubscribeRuntimeVersion",
        ),
        (
            "chain_subscribeRuntimeVersion",
            "chain_unsubscribeRuntimeVersion",
        ),
    ] {
        let mut versions: Subscription<Value> = client
            .subscribe(sub, rpc_params![], unsub)
            .await
            .expect(sub);
        let version = next_json(&mut versions, sub).await;
        assert!(version["specVersion"].is_u64(), "{sub}: {version}");
        versions.unsubscribe().await.expect(unsub);
    }
    let key = Bytes(metanode_runtime::queries::account_key(&dave));
    let mut storage: Subscription<Value> = client
        .subscribe(
            "state_subscribeStorage",
            rpc_params![vec![key.clone()]],
            "state_unsubscribeStorage",
        )
        .await
        .expect("state_subscribeStorage");
    let change = next_json(&mut storage, "state_subscribeStorage").await;
    assert_eq!(
        change["changes"][0][0],
        serde_json::to_value(&key).unwrap(),
        "{change}"
    );
    storage
        .unsubscribe()
        .await
        .expect("state_unsubscribeStorage");

    // rpc_methods lists every method above.
    let methods = raw(&client, "rpc_methods", rpc_params![]).await;
    let names: Vec<&str> = methods["methods"]
        .as_array()
        .expect("methods")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    for name in [
        "system_peers",
        "system_localPeerId",
        "system_localListenAddresses",
        "system_syncState",
        "system_nodeRoles",
        "system_health",
        "system_properties",
        "author_submitAndWatchExtrinsic",
        "author_unwatchExtrinsic",
        "author_pendingExtrinsics",
        "chain_getHead",
        "chain_getFinalisedHead",
        "chain_subscribeFinalisedHeads",
        "chain_unsubscribeFinalisedHeads",
        "subscribe_newHead",
        "unsubscribe_newHead",
        "hotstuff_proveFinality",
        "rpc_methods",
    ] {
        assert!(names.contains(&name), "rpc_methods lacks {name}");
    }
}

/// Polls `system_peers` on `client` until it lists a peer (peers appear once connected and answering).
async fn wait_peers(client: &WsClient, node: &Node) -> Vec<metanode_rpc::PeerInfo> {
    let deadline = Instant::now() + STARTUP;
    loop {
        let peers = client.system_peers().await.expect("system_peers");
        if !peers.is_empty() {
            return peers;
        }
        assert!(Instant::now() < deadline, "no peers listed\n{}", node.log());
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_validators_list_each_other_and_prove_blocks_committed_together() {
    let net = Testnet::generate(2, 0);
    let spec = ChainSpec::from_file(&net.spec()).expect("testnet spec");
    let set = genesis_validator_set(&spec).expect("testnet validator set");
    let mut nodes = [net.start_validator(0), net.start_validator(1)];
    let c0 = nodes[0].client(STARTUP).await;
    let c1 = nodes[1].client(STARTUP).await;
    nodes[0].wait_finalized(&c0, 2, STARTUP).await;

    let id0 = c0.system_local_peer_id().await.expect("peer id 0");
    let id1 = c1.system_local_peer_id().await.expect("peer id 1");
    assert!(id0.starts_with("12D3KooW") && id0 != id1, "{id0} {id1}");
    for (client, node, other) in [(&c0, &nodes[0], &id1), (&c1, &nodes[1], &id0)] {
        let peers = wait_peers(client, node).await;
        assert_eq!(peers.len(), 1, "{peers:?}");
        assert_eq!(&peers[0].peer_id, other);
        assert_eq!(peers[0].roles, "AUTHORITY");
        let health = client.system_health().await.unwrap();
        assert!(health.should_have_peers && health.peers >= 1, "{health:?}");
    }
    let addrs = c1.system_local_listen_addresses().await.unwrap();
    assert!(
        !addrs.is_empty() && addrs.iter().all(|a| a.ends_with(&format!("/p2p/{id1}"))),
        "{addrs:?}"
    );

    // Stall: with one of two validators down no quorum forms and rounds time out; back up, the first commit takes
    // the blocks certified before the stall with it.
    let before = nodes[0].wait_finalized(&c0, 3, STARTUP).await.number;
    drop(c1);
    nodes[1].kill9();
    tokio::time::sleep(Duration::from_millis(3 * spec.consensus.round_timeout_ms)).await;
    nodes[1].restart();
    let head = nodes[0]
        .wait_finalized(&c0, before + 4, Duration::from_secs(120))
        .await;
    let genesis = genesis_hash(&c0).await;
    let mut linked = 0;
    for number in 1..=head.number {
        let hash = metanode_tests::chain::hash_at(&c0, number)
            .await
            .expect("finalized hash");
        let proof = c0
            .prove_finality(HashOrNumber::Hash(hash))
            .await
            .expect("proveFinality");
        check_proof(&c0, &proof, &set, genesis).await;
        let own = justification(&c0, hash).await;
        assert_eq!(own.is_some(), proof.ancestry.is_empty(), "#{number}");
        if !proof.ancestry.is_empty() {
            linked += 1;
        }
    }
    assert!(
        linked > 0,
        "no block was committed together with its descendants\n{}",
        nodes[0].log()
    );
}
