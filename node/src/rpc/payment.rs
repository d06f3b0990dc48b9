//! `payment_queryInfo`: the fee of an extrinsic through `TransactionPaymentApi_query_info`, as JSON.

use jsonrpsee::core::{async_trait, RpcResult};
use metanode_primitives::H256;
use metanode_rpc::{
    errors, Bytes, DispatchClassJson, PaymentApiServer, RuntimeDispatchInfoJson, WeightJson,
};
use metanode_runtime::fees::RuntimeDispatchInfo;
use metanode_runtime::runtime_api::payment_query_input;
use metanode_runtime::support::DispatchClass;
use parity_scale_codec::DecodeAll;

use super::state::{call_runtime_api, resolve};
use super::RpcDeps;

/// The `payment` namespace.
pub struct PaymentRpc {
    deps: RpcDeps,
}

impl PaymentRpc {
    /// Over the node's parts.
    pub fn new(deps: RpcDeps) -> Self {
        PaymentRpc { deps }
    }
}

#[async_trait]
impl PaymentApiServer for PaymentRpc {
    async fn query_info(
        &self,
        extrinsic: Bytes,
        at: Option<H256>,
    ) -> RpcResult<RuntimeDispatchInfoJson> {
        let at = resolve(&self.deps.chain, at)?;
        let input = payment_query_input(extrinsic.as_slice());
        let out = call_runtime_api(&self.deps, "TransactionPaymentApi_query_info", &input, at)?;
        let info = RuntimeDispatchInfo::decode_all(&mut out.as_slice())
            .map_err(|e| errors::internal(format!("query_info answer does not decode: {e}")))?;
        Ok(RuntimeDispatchInfoJson {
            weight: WeightJson {
                ref_time: info.weight.ref_time,
                proof_size: info.weight.proof_size,
            },
            class: match info.class {
                DispatchClass::Normal => DispatchClassJson::Normal,
                DispatchClass::Operational => DispatchClassJson::Operational,
                DispatchClass::Mandatory => DispatchClassJson::Mandatory,
            },
            partial_fee: info.partial_fee,
        })
    }
}
