//! `metanode status`: a running node's chain, heads and health.

use anyhow::Context;
use jsonrpsee::ws_client::WsClientBuilder;
use metanode_rpc::{ChainApiClient, SystemApiClient};

use crate::cli::StatusArgs;

/// Queries the node at `--url` and prints a summary.
pub fn run(args: StatusArgs) -> anyhow::Result<()> {
    super::runtime()?.block_on(async move {
        let client = WsClientBuilder::default()
            .build(&args.url)
            .await
            .with_context(|| format!("cannot reach a node at {}", args.url))?;
        let chain = client.system_chain().await?;
        let name = client.system_name().await?;
        let version = client.system_version().await?;
        let health = client.system_health().await?;
        let best = client
            .header(None)
            .await?
            .context("node returned no best header")?;
        let finalized_hash = client.finalized_head().await?;
        let finalized = client
            .header(Some(finalized_hash))
            .await?
            .context("node returned no finalized header")?;
        println!("chain:      {chain}");
        println!("node:       {name} {version}");
        let best_hash = best
            .hash()
            .context("the node's best header does not decode")?;
        println!("best:       #{} {best_hash:?}", best.number);
        println!("finalized:  #{} {finalized_hash:?}", finalized.number);
        println!("peers:      {}", health.peers);
        println!("syncing:    {}", health.is_syncing);
        Ok(())
    })
}
