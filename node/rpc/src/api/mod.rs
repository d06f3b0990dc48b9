//! The API traits, one per namespace. With the `server` feature each `XApi` yields an
//! `XApiServer` trait (the node implements it and calls `.into_rpc()`); with `client`, an
//! `XApiClient` extension trait implemented for every jsonrpsee client.
//!
//! Every method is `async` and returns `RpcResult<T>`; subscriptions return
//! `SubscriptionResult` and receive a `PendingSubscriptionSink` on the server side.

pub mod author;
pub mod chain;
pub mod hotstuff;
pub mod payment;
pub mod receipts;
pub mod rpc_methods;
pub mod state;
pub mod system;
