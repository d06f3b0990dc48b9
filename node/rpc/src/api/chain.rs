//! `chain_*`: headers, blocks, block hashes, finality, and head subscriptions.
//!
//! Method names and alias lists are Substrate's (`sc-rpc-api` chain module). Subscriptions send
//! [`Header`] items; the node sends the current head first, then one item per new head.

use jsonrpsee::proc_macros::rpc;
use primitive_types::H256;

use crate::types::{Header, ListOrValue, NumberOrHex, SignedBlock};

/// Substrate's `chain` namespace.
#[cfg_attr(
    all(feature = "server", feature = "client"),
    rpc(server, client, namespace = "chain")
)]
#[cfg_attr(
    all(feature = "server", not(feature = "client")),
    rpc(server, namespace = "chain")
)]
#[cfg_attr(
    all(feature = "client", not(feature = "server")),
    rpc(client, namespace = "chain")
)]
pub trait ChainApi {
    /// `chain_getHeader`: the header of block `hash` (default: the best block); `null` if unknown.
    #[method(name = "getHeader")]
    async fn header(&self, hash: Option<H256>) -> jsonrpsee::core::RpcResult<Option<Header>>;

    /// `chain_getBlock`: header, extrinsics and justifications of block `hash` (default: best);
    /// `null` if unknown.
    #[method(name = "getBlock")]
    async fn block(&self, hash: Option<H256>) -> jsonrpsee::core::RpcResult<Option<SignedBlock>>;

    /// `chain_getBlockHash` (alias `chain_getHead`): the hash of the canonical block at `number`
    /// (a JSON number or `0x`-hex; default: the best block), or a list for a list of numbers.
    /// `null` where there is no such block; a number above `u32::MAX` is error 3001.
    #[method(name = "getBlockHash", aliases = ["chain_getHead"])]
    async fn block_hash(
        &self,
        number: Option<ListOrValue<NumberOrHex>>,
    ) -> jsonrpsee::core::RpcResult<ListOrValue<Option<H256>>>;

    /// `chain_getFinalizedHead` (alias `chain_getFinalisedHead`): the hash of the last
    /// finalized block (the last block committed by HotStuff).
    #[method(name = "getFinalizedHead", aliases = ["chain_getFinalisedHead"])]
    async fn finalized_head(&self) -> jsonrpsee::core::RpcResult<H256>;

    /// `chain_subscribeAllHeads`: every imported header, best or not; notifications
    /// `chain_allHead`; unsubscribe with `chain_unsubscribeAllHeads`.
    #[subscription(
        name = "subscribeAllHeads" => "allHead",
        unsubscribe = "unsubscribeAllHeads",
        item = Header
    )]
    async fn subscribe_all_heads(&self) -> jsonrpsee::core::SubscriptionResult;

    /// `chain_subscribeNewHeads` (aliases `subscribe_newHead`, `chain_subscribeNewHead`): each new
    /// best header; notifications `chain_newHead`; unsubscribe with `chain_unsubscribeNewHeads`
    /// (aliases `unsubscribe_newHead`, `chain_unsubscribeNewHead`).
    #[subscription(
        name = "subscribeNewHeads" => "newHead",
        aliases = ["subscribe_newHead", "chain_subscribeNewHead"],
        unsubscribe = "unsubscribeNewHeads",
        unsubscribe_aliases = ["unsubscribe_newHead", "chain_unsubscribeNewHead"],
        item = Header
    )]
    async fn subscribe_new_heads(&self) -> jsonrpsee::core::SubscriptionResult;

    /// `chain_subscribeFinalizedHeads` (alias `chain_subscribeFinalisedHeads`): each newly
    /// finalized header, in order; notifications `chain_finalizedHead`; unsubscribe with
    /// `chain_unsubscribeFinalizedHeads` (alias `chain_unsubscribeFinalisedHeads`).
    #[subscription(
        name = "subscribeFinalizedHeads" => "finalizedHead",
        aliases = ["chain_subscribeFinalisedHeads"],
        unsubscribe = "unsubscribeFinalizedHeads",
        unsubscribe_aliases = ["chain_unsubscribeFinalisedHeads"],
        item = Header
    )]
    async fn subscribe_finalized_heads(&self) -> jsonrpsee::core::SubscriptionResult;
}
