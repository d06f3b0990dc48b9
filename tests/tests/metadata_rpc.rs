//! Metadata and runtime APIs over JSON-RPC on a real dev node: `state_getMetadata` (V14), `state_call` for
//! `Metadata_*` and `AccountNonceApi_account_nonce` (at the head and at an older block), and `payment_queryInfo`
//! of a signed transfer whose `partialFee` is exactly the FLX the sender pays when it is applied.

use std::time::{Duration, Instant};

use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed};
use jsonrpsee::core::client::ClientT;
use jsonrpsee::rpc_params;
use jsonrpsee::ws_client::WsClient;
use metanode_primitives::{AccountId32, Era, MultiAddress, Pair, H256};
use metanode_rpc::{AuthorApiClient, Bytes, ChainApiClient, StateApiClient};
use metanode_runtime::{balances, queries, sign_call, RuntimeCall, SigningContext};
use metanode_tests::{Node, NodeOptions};
use parity_scale_codec::{Decode, Encode};

const STARTUP: Duration = Duration::from_secs(60);
const UNIT: u128 = 1_000_000_000_000;

fn pair(suri: &str) -> Pair {
    Pair::from_string(suri, None).expect("dev key")
}

async fn state_call(client: &WsClient, method: &str, input: Vec<u8>, at: Option<H256>) -> Vec<u8> {
    client
        .call(method.to_string(), Bytes(input), at)
        .await
        .unwrap_or_else(|e| panic!("state_call {method}: {e}"))
        .0
}

/// `(free FLX, nonce)` of `who` at `at`.
async fn account(client: &WsClient, who: &AccountId32, at: H256) -> (u128, u32) {
    let raw = client
        .storage(Bytes(queries::account_key(who)), Some(at))
        .await
        .expect("state_getStorage")
        .expect("the account exists");
    let info = queries::decode_account(&raw.0).expect("AccountInfo");
    (info.data.free, info.nonce)
}

fn pallets(metadata: &RuntimeMetadata) -> Vec<(String, u8)> {
    match metadata {
        RuntimeMetadata::V14(m) => m
            .pallets
            .iter()
            .map(|p| (p.name.clone(), p.index))
            .collect(),
        RuntimeMetadata::V15(m) => m
            .pallets
            .iter()
            .map(|p| (p.name.clone(), p.index))
            .collect(),
        other => panic!("unexpected metadata version {}", other.version()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metadata_runtime_apis_and_fee_query() {
    let node = Node::start(NodeOptions::dev());
    let client = node.client(STARTUP).await;
    node.wait_finalized(&client, 2, STARTUP).await;
    let expected: Vec<(String, u8)> = [
        ("System", 0),
        ("Timestamp", 1),
        ("Balances", 2),
        ("Wallets", 3),
        ("Validators", 4),
        ("Admin", 5),
        ("Receipts", 6),
        ("Containers", 8),
        ("Mining", 9),
    ]
    .iter()
    .map(|(n, i)| (n.to_string(), *i))
    .collect();

    // state_getMetadata: V14 with all nine pallets.
    let raw = client.metadata(None).await.expect("state_getMetadata").0;
    assert_eq!(&raw[..4], b"meta");
    let v14 = RuntimeMetadataPrefixed::decode(&mut &raw[..])
        .expect("metadata decodes")
        .1;
    assert!(
        matches!(v14, RuntimeMetadata::V14(_)),
        "state_getMetadata is V14"
    );
    assert_eq!(pallets(&v14), expected);

    // Metadata_* runtime APIs.
    let versions = state_call(&client, "Metadata_metadata_versions", vec![], None).await;
    assert_eq!(
        Vec::<u32>::decode(&mut &versions[..]).unwrap(),
        vec![14, 15]
    );
    let at15 = state_call(
        &client,
        "Metadata_metadata_at_version",
        15u32.encode(),
        None,
    )
    .await;
    let at15 = Option::<Vec<u8>>::decode(&mut &at15[..])
        .unwrap()
        .expect("V15 is served");
    let v15 = RuntimeMetadataPrefixed::decode(&mut &at15[..])
        .expect("V15 decodes")
        .1;
    assert!(matches!(v15, RuntimeMetadata::V15(_)));
    assert_eq!(pallets(&v15), expected);
    let opaque = state_call(&client, "Metadata_metadata", vec![], None).await;
    assert_eq!(Vec::<u8>::decode(&mut &opaque[..]).unwrap(), raw);

    // AccountNonceApi agrees with System.Account.
    let alice = pair("//Alice").public();
    let head = client.finalized_head().await.unwrap();
    let nonce = state_call(
        &client,
        "AccountNonceApi_account_nonce",
        alice.encode(),
        Some(head),
    )
    .await;
    assert_eq!(
        u32::decode(&mut &nonce[..]).unwrap(),
        account(&client, &alice, head).await.1
    );

    // payment_queryInfo of a signed transfer from //Bob (not the dev block author, so his balance moves only by
    // the transfer and the fee).
    let bob = pair("//Bob");
    let charlie = pair("//Charlie").public();
    let before_hash = client.finalized_head().await.unwrap();
    let (bob_before, bob_nonce) = account(&client, &bob.public(), before_hash).await;
    let genesis = match client
        .block_hash(Some(metanode_rpc::ListOrValue::Value(
            metanode_rpc::NumberOrHex::Number(0),
        )))
        .await
        .expect("genesis hash")
    {
        metanode_rpc::ListOrValue::Value(Some(h)) => h,
        other => panic!("no genesis hash: {other:?}"),
    };
    let value = 2 * UNIT;
    let call = RuntimeCall::Balances(balances::Call::transfer_keep_alive {
        dest: MultiAddress::Id(charlie),
        value,
    });
    let xt = sign_call(
        &call,
        &bob,
        bob_nonce,
        Era::Immortal,
        0,
        &SigningContext::immortal(genesis),
    )
    .encode();
    let info: serde_json::Value = client
        .request(
            "payment_queryInfo",
            rpc_params![format!("0x{}", hex_of(&xt))],
        )
        .await
        .expect("payment_queryInfo");
    assert_eq!(info["class"], "normal", "{info}");
    assert!(info["weight"]["ref_time"].as_u64().unwrap() > 0, "{info}");
    let partial_fee: u128 = info["partialFee"]
        .as_str()
        .expect("decimal string")
        .parse()
        .unwrap();
    assert!(partial_fee > 0);
    // The runtime API gives the same fee.
    let raw_info = state_call(
        &client,
        "TransactionPaymentApi_query_info",
        metanode_runtime::runtime_api::payment_query_input(&xt),
        None,
    )
    .await;
    let decoded = metanode_runtime::fees::RuntimeDispatchInfo::decode(&mut &raw_info[..]).unwrap();
    assert_eq!(decoded.partial_fee, partial_fee);

    // Submit it and wait until it is final: Bob paid exactly value + partialFee.
    client
        .submit_extrinsic(Bytes(xt))
        .await
        .expect("author_submitExtrinsic");
    let deadline = Instant::now() + STARTUP;
    let (bob_after, after_hash) = loop {
        let head = client.finalized_head().await.unwrap();
        let (free, nonce) = account(&client, &bob.public(), head).await;
        if nonce == bob_nonce + 1 {
            break (free, head);
        }
        assert!(
            Instant::now() < deadline,
            "transfer never finalized\n{}",
            node.log()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_ne!(after_hash, before_hash);
    assert_eq!(
        bob_before - bob_after,
        value + partial_fee,
        "fee charged = payment_queryInfo's partialFee"
    );

    // A runtime call at the older block reads that block's state (history path once it is below the head).
    node.wait_finalized(
        &client,
        client
            .header(Some(after_hash))
            .await
            .unwrap()
            .unwrap()
            .number
            + 1,
        STARTUP,
    )
    .await;
    let old = state_call(
        &client,
        "AccountNonceApi_account_nonce",
        bob.public().encode(),
        Some(before_hash),
    )
    .await;
    assert_eq!(u32::decode(&mut &old[..]).unwrap(), bob_nonce);
    // Unknown methods are clear errors and the node keeps serving.
    let err = client
        .call(
            "BlockBuilder_apply_extrinsic".to_string(),
            Bytes(vec![]),
            None,
        )
        .await
        .expect_err("not served");
    assert!(err.to_string().contains("not served"), "{err}");
    assert!(client.metadata(None).await.is_ok());
}

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
