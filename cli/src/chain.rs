//! Talking to the node: connection, error wording, token metadata, the SS58 prefix, block lookups.
//!
//! Contract: every RPC failure becomes an `anyhow` error whose message names the method and
//! carries the node's reason (`Invalid Transaction: Transaction is outdated (code 1010)`);
//! token decimals come from `system_properties` (`tokenSymbol`/`tokenDecimals`, arrays or
//! single values, FLX first) and a token missing there is an error, never a guess.

use anyhow::{anyhow, bail, Context};
use jsonrpsee::core::ClientError;
use jsonrpsee::ws_client::{WsClient, WsClientBuilder};
use metanode_rpc::{errors, ChainApiClient, Properties, SystemApiClient, H256};
use metanode_runtime::Token;

/// Opens a WebSocket connection to `url`.
pub async fn connect(url: &str) -> anyhow::Result<WsClient> {
    WsClientBuilder::default().build(url).await.map_err(|e| {
        anyhow!("cannot connect to the node at {url}: {e} (is `metanode start` running? see --url)")
    })
}

/// Turns a client error from `method` into a message for people.
pub fn rpc_error(method: &str, err: ClientError) -> anyhow::Error {
    match err {
        ClientError::Call(obj) => anyhow!("{method} failed: {}", errors::describe(&obj)),
        other => anyhow!("{method} failed: {other}"),
    }
}

/// A token's symbol and decimals as the chain spec declares them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenMeta {
    /// E.g. `FLX`.
    pub symbol: String,
    /// Fraction digits of one whole token.
    pub decimals: u8,
}

/// Reads `tokenSymbol` and `tokenDecimals` (arrays or single values) from `system_properties`.
pub fn token_metas(props: &Properties) -> anyhow::Result<Vec<TokenMeta>> {
    fn list(value: Option<&serde_json::Value>) -> Vec<serde_json::Value> {
        match value {
            Some(serde_json::Value::Array(items)) => items.clone(),
            Some(other) => vec![other.clone()],
            None => Vec::new(),
        }
    }
    let symbols = list(props.get("tokenSymbol"));
    let decimals = list(props.get("tokenDecimals"));
    if symbols.is_empty() {
        bail!("the node's system_properties has no tokenSymbol");
    }
    if symbols.len() != decimals.len() {
        bail!(
            "the node's system_properties lists {} token symbols but {} token decimals",
            symbols.len(),
            decimals.len()
        );
    }
    symbols
        .iter()
        .zip(decimals.iter())
        .map(|(symbol, decimals)| {
            let symbol = symbol
                .as_str()
                .ok_or_else(|| anyhow!("tokenSymbol entry {symbol} is not a string"))?;
            let decimals = decimals
                .as_u64()
                .and_then(|d| u8::try_from(d).ok())
                .filter(|d| *d <= 38)
                .ok_or_else(|| {
                    anyhow!("tokenDecimals entry {decimals} for {symbol} is not a number in 0..=38")
                })?;
            Ok(TokenMeta {
                symbol: symbol.to_string(),
                decimals,
            })
        })
        .collect()
}

/// The decimals of `symbol` (case-insensitive).
pub fn decimals_of(metas: &[TokenMeta], symbol: &str) -> anyhow::Result<u8> {
    metas
        .iter()
        .find(|m| m.symbol.eq_ignore_ascii_case(symbol))
        .map(|m| m.decimals)
        .ok_or_else(|| {
            let known: Vec<&str> = metas.iter().map(|m| m.symbol.as_str()).collect();
            anyhow!(
                "the chain does not declare token {symbol} (its tokens: {})",
                known.join(", ")
            )
        })
}

/// The decimals of FLX (fees, mining rewards), from the node's `system_properties`.
pub async fn flx_decimals(client: &WsClient) -> anyhow::Result<u8> {
    let props = client
        .system_properties()
        .await
        .map_err(|e| rpc_error("system_properties", e))?;
    decimals_of(&token_metas(&props)?, Token::FLX.symbol())
}

/// The chain's SS58 prefix from `system_properties` (`ss58Format`), else the generic 42.
pub async fn ss58_prefix(client: &WsClient) -> anyhow::Result<u16> {
    let props = client
        .system_properties()
        .await
        .map_err(|e| rpc_error("system_properties", e))?;
    Ok(props
        .get("ss58Format")
        .and_then(|v| v.as_u64())
        .and_then(|v| u16::try_from(v).ok())
        .unwrap_or(metanode_primitives::DEFAULT_SS58_PREFIX))
}

/// Number and hash of block `hash`, or of the best block when `None`.
pub async fn block_at(client: &WsClient, hash: Option<H256>) -> anyhow::Result<(u32, H256)> {
    let header = client
        .header(hash)
        .await
        .map_err(|e| rpc_error("chain_getHeader", e))?
        .ok_or_else(|| anyhow!("the node does not know block {hash:?}"))?;
    let computed = header
        .hash()
        .context("the node sent a header whose digest does not decode")?;
    if let Some(hash) = hash {
        if computed != hash {
            bail!("the node sent header {computed:?} when asked for block {hash:?}");
        }
    }
    Ok((header.number, computed))
}

/// Number and hash of the last finalized block.
pub async fn finalized(client: &WsClient) -> anyhow::Result<(u32, H256)> {
    let hash = client
        .finalized_head()
        .await
        .map_err(|e| rpc_error("chain_getFinalizedHead", e))?;
    block_at(client, Some(hash)).await
}
