//! `hotstuff_*`: Metanode's finality proofs (not a Substrate namespace).

use jsonrpsee::proc_macros::rpc;

use crate::types::{FinalityProof, HashOrNumber};

/// The `hotstuff` namespace.
#[cfg_attr(
    all(feature = "server", feature = "client"),
    rpc(server, client, namespace = "hotstuff")
)]
#[cfg_attr(
    all(feature = "server", not(feature = "client")),
    rpc(server, namespace = "hotstuff")
)]
#[cfg_attr(
    all(feature = "client", not(feature = "server")),
    rpc(client, namespace = "hotstuff")
)]
pub trait HotstuffApi {
    /// `hotstuff_proveFinality`: for finalized block `block` (a hash, or a number on the finalized chain), the
    /// commit certificate that finalized it and the headers linking it to the block that certificate names (see
    /// [`FinalityProof`]). An unknown block, or one not final yet, is error 3001 saying which.
    #[method(name = "proveFinality")]
    async fn prove_finality(
        &self,
        block: HashOrNumber,
    ) -> jsonrpsee::core::RpcResult<FinalityProof>;
}
