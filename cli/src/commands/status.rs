//! `status`: chain, node, best and finalized blocks, peers.

use metanode_rpc::{ChainType, SystemApiClient};

use crate::args::RpcArgs;
use crate::chain::{block_at, connect, finalized, rpc_error};

/// Prints the node's status.
pub async fn run(rpc: &RpcArgs) -> anyhow::Result<()> {
    let client = &connect(&rpc.url).await?;
    let chain = client
        .system_chain()
        .await
        .map_err(|e| rpc_error("system_chain", e))?;
    let chain_type = client
        .system_chain_type()
        .await
        .map_err(|e| rpc_error("system_chainType", e))?;
    let name = client
        .system_name()
        .await
        .map_err(|e| rpc_error("system_name", e))?;
    let version = client
        .system_version()
        .await
        .map_err(|e| rpc_error("system_version", e))?;
    let health = client
        .system_health()
        .await
        .map_err(|e| rpc_error("system_health", e))?;
    let (best_number, best_hash) = block_at(client, None).await?;
    let (fin_number, fin_hash) = finalized(client).await?;
    let chain_type = match chain_type {
        ChainType::Custom(name) => name,
        other => format!("{other:?}"),
    };
    println!("Chain:      {chain} ({chain_type})");
    println!("Node:       {name} {version}");
    println!("Best:       #{best_number} {best_hash:?}");
    println!("Finalized:  #{fin_number} {fin_hash:?}");
    println!(
        "Peers:      {} (syncing: {})",
        health.peers,
        if health.is_syncing { "yes" } else { "no" }
    );
    Ok(())
}
