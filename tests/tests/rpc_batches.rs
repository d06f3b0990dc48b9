//! JSON-RPC batches of `author_submitExtrinsic` against a real dev node: the node checks the batch's signatures in
//! one schnorrkel batch before the calls run, and every call still gets exactly its own verdict — a bad signature,
//! garbage, bad hex or an oversize extrinsic in the middle of a batch fails only that call (a pool limit is named in
//! the error), and the good ones are finalized.

use std::time::Duration;

use jsonrpsee::core::client::{BatchResponse, ClientT};
use jsonrpsee::core::params::BatchRequestBuilder;
use jsonrpsee::ws_client::WsClient;
use metanode_primitives::{Era, MultiAddress, Pair, H256};
use metanode_rpc::{AuthorApiClient, Bytes, ChainApiClient, StateApiClient};
use metanode_runtime::{balances, queries, sign_call, RuntimeCall, SigningContext};
use metanode_tests::chain::hash_at;
use metanode_tests::{Node, NodeOptions};

use serde_json::Value;

const STARTUP: Duration = Duration::from_secs(60);

fn pair(suri: &str) -> Pair {
    Pair::from_string(suri, None).expect("dev key")
}

/// A transfer of 1,000 plancks to Dave, signed by `from`.
fn transfer(genesis: H256, from: &Pair, nonce: u32) -> Vec<u8> {
    let call = RuntimeCall::Balances(balances::Call::transfer_keep_alive {
        dest: MultiAddress::Id(pair("//Dave").public()),
        value: 1_000,
    });
    let xt = sign_call(
        &call,
        from,
        nonce,
        Era::Immortal,
        0,
        &SigningContext::immortal(genesis),
    );
    xt.encode()
}

/// `xt` with one bit of its signature flipped (the signature starts after the compact length, the version byte,
/// the address type byte, 32 address bytes and the signature type byte).
fn flip_signature_bit(mut xt: Vec<u8>) -> Vec<u8> {
    let compact_len = match xt[0] & 0b11 {
        0 => 1,
        1 => 2,
        _ => 4,
    };
    xt[compact_len + 1 + 1 + 32 + 1 + 5] ^= 0x01;
    xt
}

/// `0x…` hex, as wallets send it.
fn hex(xt: Vec<u8>) -> String {
    match serde_json::to_value(Bytes(xt)).expect("serializes") {
        Value::String(text) => text,
        other => panic!("Bytes serialized as {other}"),
    }
}

/// `who`'s nonce at the finalized head.
async fn finalized_nonce(client: &WsClient, who: &Pair) -> u32 {
    let at = client
        .finalized_head()
        .await
        .expect("chain_getFinalizedHead");
    client
        .storage(Bytes(queries::account_key(&who.public())), Some(at))
        .await
        .expect("state_getStorage")
        .map_or(0, |raw| {
            queries::decode_account(&raw).expect("AccountInfo").nonce
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_batch_of_submissions_gets_one_verdict_per_call() {
    let node = Node::start(NodeOptions::dev());
    let client = node.client(STARTUP).await;
    let genesis = hash_at(&client, 0).await.expect("genesis hash");
    let charlie = pair("//Charlie");
    let eve = pair("//Eve");

    let good_0 = hex(transfer(genesis, &charlie, 0));
    let entries: Vec<(&str, String)> = vec![
        ("good 0", good_0.clone()),
        ("good 1", hex(transfer(genesis, &charlie, 1))),
        (
            "bad signature",
            hex(flip_signature_bit(transfer(genesis, &eve, 0))),
        ),
        ("garbage", "0x10ff000102".to_string()),
        ("bad hex", "0xzz".to_string()),
        ("good 2", hex(transfer(genesis, &charlie, 2))),
        ("same nonce as good 0", hex(transfer(genesis, &charlie, 0))),
        ("copy of good 0", good_0),
        ("oversize", hex(vec![0; 300 * 1024])),
    ];
    let mut batch = BatchRequestBuilder::new();
    for (_, param) in &entries {
        batch
            .insert("author_submitExtrinsic", vec![param.clone()])
            .expect("params");
    }
    let response: BatchResponse<'_, Value> =
        client.batch_request(batch).await.expect("batch answered");
    let verdicts: Vec<Result<Value, (i32, String)>> = response
        .into_iter()
        .map(|r| {
            r.map_err(|e| {
                let data = e.data().map(|d| d.get().to_string()).unwrap_or_default();
                (e.code(), format!("{} {data}", e.message()))
            })
        })
        .collect();
    assert_eq!(verdicts.len(), entries.len());
    for (i, ((name, _), verdict)) in entries.iter().zip(&verdicts).enumerate() {
        match *name {
            "good 0" | "good 1" | "good 2" => {
                assert!(
                    verdict.as_ref().is_ok_and(Value::is_string),
                    "{name}: {verdict:?}"
                )
            }
            "bad signature" => assert!(
                matches!(verdict, Err((1010, m)) if m.contains("bad signature")),
                "{name}: {verdict:?}"
            ),
            "garbage" => assert!(
                matches!(verdict, Err((1010 | 1011, _))),
                "{name}: {verdict:?}"
            ),
            "bad hex" => assert!(matches!(verdict, Err((-32602, _))), "{name}: {verdict:?}"),
            "same nonce as good 0" => {
                assert!(matches!(verdict, Err((1014, _))), "{name}: {verdict:?}")
            }
            "copy of good 0" => assert!(matches!(verdict, Err((1013, _))), "{name}: {verdict:?}"),
            "oversize" => assert!(
                matches!(verdict, Err((1016, m)) if m.contains("the limit is 262144")),
                "{name}: {verdict:?}"
            ),
            other => unreachable!("entry {i}: {other}"),
        }
    }

    // The three good transfers are finalized; the rejected ones changed nothing.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while finalized_nonce(&client, &charlie).await < 3 {
        assert!(
            tokio::time::Instant::now() < deadline,
            "Charlie's transfers were not finalized"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(finalized_nonce(&client, &eve).await, 0);
    let pending = client
        .pending_extrinsics()
        .await
        .expect("author_pendingExtrinsics");
    assert!(pending.is_empty(), "left in the pool: {pending:?}");
}
