//! Following finality: the finalized-heads subscription, each newly finalized block fetched with `chain_getBlock`,
//! its extrinsics hashed (blake2_256 of their bytes) and matched against the phase's transactions.
//!
//! Contract: a transaction's finalized time is when the notification of the first finalized head at or above its
//! block arrived; heads the subscription skipped are fetched by number, so no finalized block is missed.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use anyhow::{anyhow, bail, Context};
use jsonrpsee::ws_client::WsClient;
use metanode_primitives::blake2_256;
use metanode_rpc::{ChainApiClient, ListOrValue, NumberOrHex, H256};
use tokio::sync::watch;

/// A transaction seen in a finalized block.
#[derive(Clone, Copy, Debug)]
pub struct Seen {
    /// The finalized block's number.
    pub block: u32,
    /// When its finality was notified.
    pub at: Instant,
}

/// What the tracker saw.
#[derive(Debug, Default)]
pub struct Tracked {
    /// Transaction index -> where it was finalized.
    pub seen: HashMap<usize, Seen>,
    /// Per finalized block after the start: (number, phase transactions in it, all extrinsics in it).
    pub blocks: Vec<(u32, usize, usize)>,
}

/// The finalized head's number now.
pub async fn finalized_number(client: &WsClient) -> anyhow::Result<u32> {
    let hash = client
        .finalized_head()
        .await
        .context("chain_getFinalizedHead")?;
    let header = client
        .header(Some(hash))
        .await
        .context("chain_getHeader")?
        .ok_or_else(|| anyhow!("the finalized head {hash:?} has no header"))?;
    Ok(header.number)
}

/// Follows finality on `client` from the current finalized head until `stop` turns true; counts matches in
/// `matched` as they come.
pub async fn track(
    client: WsClient,
    hashes: Arc<HashMap<[u8; 32], usize>>,
    matched: Arc<AtomicUsize>,
    mut stop: watch::Receiver<bool>,
) -> anyhow::Result<Tracked> {
    let mut sub = client
        .subscribe_finalized_heads()
        .await
        .context("chain_subscribeFinalizedHeads")?;
    let mut last = finalized_number(&client).await?;
    let mut tracked = Tracked::default();
    loop {
        let header = tokio::select! {
            next = sub.next() => match next {
                Some(Ok(header)) => header,
                Some(Err(e)) => bail!("malformed finalized head notification: {e}"),
                None => bail!("the node closed the finalized heads subscription"),
            },
            _ = stop.changed() => return Ok(tracked),
        };
        let at = Instant::now();
        for number in last + 1..=header.number {
            let hash = block_hash(&client, number).await?;
            let block = client
                .block(Some(hash))
                .await
                .with_context(|| format!("chain_getBlock #{number}"))?
                .ok_or_else(|| anyhow!("finalized block #{number} not found"))?;
            let mut ours = 0;
            for xt in &block.block.extrinsics {
                if let Some(&j) = hashes.get(&blake2_256(&xt.0)) {
                    if tracked.seen.insert(j, Seen { block: number, at }).is_none() {
                        ours += 1;
                    }
                }
            }
            matched.fetch_add(ours, Ordering::SeqCst);
            tracked
                .blocks
                .push((number, ours, block.block.extrinsics.len()));
        }
        last = last.max(header.number);
    }
}

async fn block_hash(client: &WsClient, number: u32) -> anyhow::Result<H256> {
    match client
        .block_hash(Some(ListOrValue::Value(NumberOrHex::Number(u64::from(
            number,
        )))))
        .await
        .with_context(|| format!("chain_getBlockHash({number})"))?
    {
        ListOrValue::Value(Some(hash)) => Ok(hash),
        other => bail!("chain_getBlockHash({number}) returned {other:?}"),
    }
}
