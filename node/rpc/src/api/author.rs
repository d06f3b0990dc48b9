//! `author_*`: submitting and watching extrinsics, and listing the pool.
//!
//! Rejections use Substrate's author error codes (see [`crate::errors`]): 1001 bad format,
//! 1010 invalid (data = reason), 1011 unknown validity, 1012 banned, 1013 already imported,
//! 1014 priority too low, 1016 pool full.

use jsonrpsee::proc_macros::rpc;
use primitive_types::H256;

use crate::types::Bytes;

/// Substrate's `author` namespace (the subset Metanode serves).
#[cfg_attr(
    all(feature = "server", feature = "client"),
    rpc(server, client, namespace = "author")
)]
#[cfg_attr(
    all(feature = "server", not(feature = "client")),
    rpc(server, namespace = "author")
)]
#[cfg_attr(
    all(feature = "client", not(feature = "server")),
    rpc(client, namespace = "author")
)]
pub trait AuthorApi {
    /// `author_submitExtrinsic`: validates `extrinsic` (its full encoding, length prefix
    /// included) and adds it to the pool; returns its hash (blake2_256 of those bytes).
    #[method(name = "submitExtrinsic")]
    async fn submit_extrinsic(&self, extrinsic: Bytes) -> jsonrpsee::core::RpcResult<H256>;

    /// `author_pendingExtrinsics`: every extrinsic in the pool (ready ones first).
    #[method(name = "pendingExtrinsics")]
    async fn pending_extrinsics(&self) -> jsonrpsee::core::RpcResult<Vec<Bytes>>;

    /// `author_submitAndWatchExtrinsic`: like `author_submitExtrinsic`, then streams the
    /// transaction's [`TransactionStatus`](crate::types::TransactionStatus) (`ready`, `inBlock`, `finalized`, ...) until a final
    /// one; notifications `author_extrinsicUpdate`; unsubscribe with `author_unwatchExtrinsic`.
    /// An invalid extrinsic rejects the subscription call itself with the submit error.
    #[subscription(
        name = "submitAndWatchExtrinsic" => "extrinsicUpdate",
        unsubscribe = "unwatchExtrinsic",
        item = crate::types::TransactionStatus
    )]
    async fn watch_extrinsic(&self, extrinsic: Bytes) -> jsonrpsee::core::SubscriptionResult;
}
