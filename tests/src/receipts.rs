//! Receipts through the CLI and the node's index: a transfer that returns its receipt id once the node has it final.

use std::time::{Duration, Instant};

use jsonrpsee::ws_client::WsClient;
use metanode_rpc::ReceiptsApiClient;

use crate::{cli, CliOutput, Node};

/// Sends 1 FLX from //Alice to //Bob with `metanode-cli transfer` through `node`; returns the command's output and
/// the receipt id it printed.
pub fn cli_transfer(node: &Node) -> (CliOutput, String) {
    let out = cli(
        &node.url(),
        &[
            "transfer", "--from", "//Alice", "--to", "//Bob", "--token", "FLX", "1",
        ],
    );
    assert!(out.success, "transfer: {out:?}\n{}", node.log());
    let id = out
        .stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("Receipt:"))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| panic!("no receipt id in {out:?}"));
    (out, id)
}

/// [`cli_transfer`], then waits until `client`'s node has the receipt in a finalized block (at most `timeout`) and
/// returns its id. A block dropped at an epoch change may carry the transfer again later, so the index, not the
/// CLI's block, is what is waited for.
pub async fn transfer_with_receipt(node: &Node, client: &WsClient, timeout: Duration) -> String {
    let (_, id) = cli_transfer(node);
    wait_receipt_indexed(node, client, &id, timeout).await;
    id
}

/// Waits until `client`'s node has receipt `id` in a finalized block, at most `timeout`.
pub async fn wait_receipt_indexed(node: &Node, client: &WsClient, id: &str, timeout: Duration) {
    let deadline = Instant::now() + timeout;
    while client
        .receipts_get(id.to_string())
        .await
        .unwrap_or_else(|e| panic!("receipts_get {id}: {e}"))
        .is_none()
    {
        assert!(
            Instant::now() < deadline,
            "receipt {id} not final after {timeout:?}\n{}",
            node.log()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
