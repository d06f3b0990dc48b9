//! Reading a node's chain over JSON-RPC: finalized heads, block hashes, and agreement between nodes.

use jsonrpsee::ws_client::WsClient;
use metanode_primitives::H256;
use metanode_rpc::{ChainApiClient, ListOrValue, NumberOrHex};

/// The number of the node's finalized head.
pub async fn finalized(client: &WsClient) -> u32 {
    let hash = client
        .finalized_head()
        .await
        .expect("chain_getFinalizedHead");
    client
        .header(Some(hash))
        .await
        .expect("chain_getHeader")
        .expect("the finalized header exists")
        .number
}

/// The hash of the node's block `number`, if it has one.
pub async fn hash_at(client: &WsClient, number: u32) -> Option<H256> {
    match client
        .block_hash(Some(ListOrValue::Value(NumberOrHex::Number(u64::from(
            number,
        )))))
        .await
        .expect("chain_getBlockHash")
    {
        ListOrValue::Value(hash) => hash,
        ListOrValue::List(_) => panic!("asked for one hash, got a list"),
    }
}

/// Asserts that every node has the same block at every height up to the lowest finalized head among them; returns
/// that height.
pub async fn assert_agree(clients: &[&WsClient]) -> u32 {
    let mut lowest = u32::MAX;
    for client in clients {
        lowest = lowest.min(finalized(client).await);
    }
    for number in 0..=lowest {
        let first = hash_at(clients[0], number).await;
        assert!(first.is_some(), "no finalized block #{number}");
        for client in &clients[1..] {
            assert_eq!(
                hash_at(client, number).await,
                first,
                "nodes disagree at #{number}"
            );
        }
    }
    lowest
}
