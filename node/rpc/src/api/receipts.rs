//! `receipts_*`: Metanode's receipt index and receipt proofs (not a Substrate namespace).

use jsonrpsee::proc_macros::rpc;

use crate::types::{ReceiptJson, ReceiptPage, ReceiptProofJson, SetChangeJson};

/// Largest `pageSize` of `receipts_byAccount` and `receipts_byApp`.
pub const MAX_PAGE_SIZE: u32 = 100;
/// `pageSize` of `receipts_byAccount` and `receipts_byApp` when none is given.
pub const DEFAULT_PAGE_SIZE: u32 = 20;
/// Most validator-set changes one `receipts_validatorSetHistory` or `receipts_proof` answer carries.
pub const MAX_SET_HISTORY: u64 = 4096;

/// The `receipts` namespace. Only committed (finalized) blocks are indexed.
#[cfg_attr(
    all(feature = "server", feature = "client"),
    rpc(server, client, namespace = "receipts")
)]
#[cfg_attr(
    all(feature = "server", not(feature = "client")),
    rpc(server, namespace = "receipts")
)]
#[cfg_attr(
    all(feature = "client", not(feature = "server")),
    rpc(client, namespace = "receipts")
)]
pub trait ReceiptsApi {
    /// `receipts_get`: the receipt with id `id` (`rx_…`), `null` if no finalized block holds it. A malformed id is
    /// an invalid-params error (-32602) saying what is wrong.
    #[method(name = "get")]
    async fn receipts_get(&self, id: String) -> jsonrpsee::core::RpcResult<Option<ReceiptJson>>;

    /// `receipts_byAccount`: receipts signed by `address` (SS58 or `0x` public key), or of the runtime's own actions
    /// that paid or charged it (mining rewards), newest first, page `page` (from 0, default 0) of `pageSize`
    /// (1..=100, default 20) receipts.
    #[method(name = "byAccount")]
    async fn receipts_by_account(
        &self,
        address: String,
        page: Option<u32>,
        #[argument(rename = "pageSize")] page_size: Option<u32>,
    ) -> jsonrpsee::core::RpcResult<ReceiptPage>;

    /// `receipts_byApp`: receipts of calls that concern the app `app` (Containers calls name it; a receipt's
    /// `related` is `{"app": app}`), newest first, paged as `receipts_byAccount`. A malformed app name is an
    /// invalid-params error (-32602); an app with no receipts gives an empty page.
    #[method(name = "byApp")]
    async fn receipts_by_app(
        &self,
        app: String,
        page: Option<u32>,
        #[argument(rename = "pageSize")] page_size: Option<u32>,
    ) -> jsonrpsee::core::RpcResult<ReceiptPage>;

    /// `receipts_proof`: the receipt `id` with its Merkle path, its block's header, the headers up to the block the
    /// stored certificate names, that certificate, and the validator-set changes from genesis up to the
    /// certificate's epoch; `null` if no finalized block holds it.
    #[method(name = "proof")]
    async fn receipts_proof(
        &self,
        id: String,
    ) -> jsonrpsee::core::RpcResult<Option<ReceiptProofJson>>;

    /// `receipts_validatorSetHistory`: the certified validator-set changes that started epochs `1..=upToEpoch`
    /// (default: the finalized block's epoch), in order. `upToEpoch` beyond the finalized epoch, or above
    /// [`MAX_SET_HISTORY`], is an invalid-params error (-32602).
    #[method(name = "validatorSetHistory")]
    async fn receipts_validator_set_history(
        &self,
        #[argument(rename = "upToEpoch")] up_to_epoch: Option<u64>,
    ) -> jsonrpsee::core::RpcResult<Vec<SetChangeJson>>;
}
