//! `rpc_methods`: the list of every method the node answers.
//!
//! jsonrpsee has no such built-in, so the node registers it itself after merging its modules:
//! server side, [`rpc_methods_of`] builds the answer from the merged module; client side,
//! [`RpcMethodsApiClient`] calls it.

#[cfg(feature = "server")]
use crate::types::RpcMethods;

/// The `rpc_methods` answer for `module`: version 1, every registered name (aliases and
/// unsubscribe methods included) plus `rpc_methods` itself, sorted and de-duplicated.
#[cfg(feature = "server")]
pub fn rpc_methods_of<Context>(module: &jsonrpsee::RpcModule<Context>) -> RpcMethods {
    let mut methods: Vec<String> = module.method_names().map(str::to_string).collect();
    methods.push("rpc_methods".to_string());
    methods.sort();
    methods.dedup();
    RpcMethods {
        version: 1,
        methods,
    }
}

#[cfg(feature = "client")]
mod client {
    use jsonrpsee::proc_macros::rpc;

    use crate::types::RpcMethods;

    /// Client side of `rpc_methods` (the server side is [`super::rpc_methods_of`]).
    #[rpc(client)]
    pub trait RpcMethodsApi {
        /// `rpc_methods`: `{"version": 1, "methods": [..]}`.
        #[method(name = "rpc_methods")]
        async fn rpc_methods(&self) -> jsonrpsee::core::RpcResult<RpcMethods>;
    }
}

#[cfg(feature = "client")]
pub use client::RpcMethodsApiClient;
