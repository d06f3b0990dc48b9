//! Metanode's JSON-RPC API: one jsonrpsee trait per namespace (`system`, `chain`, `state`,
//! `author`, Metanode's own `receipts` and `hotstuff`, plus `rpc_methods`) and the JSON types they carry. No implementations live here.
//!
//! Contract: method names, aliases, subscription notification names and JSON shapes are exactly
//! Substrate's, so `@polkadot/api` and `subxt` work against a Metanode node unchanged.
//!
//! Features: `server` generates the `*ApiServer` traits (the node implements them); `client`
//! generates the `*ApiClient` extension traits (the CLI, with jsonrpsee's `ws-client`). With
//! neither, only [`types`] and [`errors`] are built.

#[cfg(any(feature = "server", feature = "client"))]
pub mod api;
pub mod convert;
pub mod errors;
pub mod types;

#[cfg(feature = "client")]
pub use api::payment::PaymentApiClient;
#[cfg(feature = "server")]
pub use api::payment::PaymentApiServer;
#[cfg(feature = "server")]
pub use api::{
    author::AuthorApiServer, chain::ChainApiServer, hotstuff::HotstuffApiServer,
    receipts::ReceiptsApiServer, rpc_methods::rpc_methods_of, state::StateApiServer,
    system::SystemApiServer,
};

#[cfg(feature = "client")]
pub use api::{
    author::AuthorApiClient, chain::ChainApiClient, hotstuff::HotstuffApiClient,
    receipts::ReceiptsApiClient, rpc_methods::RpcMethodsApiClient, state::StateApiClient,
    system::SystemApiClient,
};

pub use primitive_types::H256;
pub use types::*;
