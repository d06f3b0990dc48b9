//! `payment_*`: transaction fee queries (Substrate's pallet-transaction-payment RPC).

use jsonrpsee::proc_macros::rpc;
use primitive_types::H256;

use crate::types::{Bytes, RuntimeDispatchInfoJson};

/// Substrate's `payment` namespace (`payment_queryInfo`).
#[cfg_attr(
    all(feature = "server", feature = "client"),
    rpc(server, client, namespace = "payment")
)]
#[cfg_attr(
    all(feature = "server", not(feature = "client")),
    rpc(server, namespace = "payment")
)]
#[cfg_attr(
    all(feature = "client", not(feature = "server")),
    rpc(client, namespace = "payment")
)]
pub trait PaymentApi {
    /// `payment_queryInfo`: weight, class and tip-less fee of the encoded extrinsic `extrinsic` (with its
    /// `Compact<len>` prefix, as `author_submitExtrinsic` takes it) at block `at` (default: best). The fee is the
    /// one the runtime withdraws when the extrinsic is applied (without its tip). Bytes that are not a v4
    /// extrinsic with a known call are an error.
    #[method(name = "queryInfo")]
    async fn query_info(
        &self,
        extrinsic: Bytes,
        at: Option<H256>,
    ) -> jsonrpsee::core::RpcResult<RuntimeDispatchInfoJson>;
}
