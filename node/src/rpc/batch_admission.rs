//! Batched signature checks for JSON-RPC batches of `author_submitExtrinsic`.
//!
//! jsonrpsee runs the calls of a batch one by one, so each submitted extrinsic would have its signature verified on
//! its own. This middleware looks at a batch before it runs: the extrinsics of its `author_submitExtrinsic` calls
//! are handed to the pool's batch pre-verification ([`metanode_runtime::executive::preverify_for_pool`]), which
//! verifies the signatures this node does not know yet in one schnorrkel batch and records them in the node's
//! signature cache. The calls then run unchanged and find their signature already verified.
//!
//! Contract: it changes no verdict and no response. A call it cannot read (params not a hex string) or an
//! extrinsic that does not decode is left to the method, which answers it as usual; a batch holding a bad signature
//! records nothing and each call checks its own signature.

use std::future::Future;
use std::sync::Arc;

use jsonrpsee::server::middleware::rpc::{Batch, BatchEntry, Notification, RpcServiceT};
use jsonrpsee::types::Request;
use metanode_rpc::Bytes;
use metanode_runtime::{executive, ChainContext};

use crate::chain::Chain;
use crate::pool::{signatures, TxPool};

/// The method whose extrinsics are pre-verified.
const SUBMIT: &str = "author_submitExtrinsic";

/// What pre-verification reads: the best block's state.
#[derive(Clone)]
pub struct AdmissionDeps {
    /// The chain.
    pub chain: Arc<Chain>,
    /// The pool (only as many extrinsics as it has room for are pre-verified).
    pub pool: Arc<TxPool>,
    /// Runtime context.
    pub ctx: ChainContext,
}

/// The middleware around the RPC service `S`.
#[derive(Clone)]
pub struct BatchAdmission<S> {
    service: S,
    deps: AdmissionDeps,
}

impl<S> BatchAdmission<S> {
    /// Wraps `service`.
    pub fn new(service: S, deps: AdmissionDeps) -> Self {
        BatchAdmission { service, deps }
    }
}

/// The extrinsics of the batch's first `limit` `author_submitExtrinsic` calls whose single param is a hex string
/// (later ones are not decoded).
fn submitted_extrinsics(batch: &Batch<'_>, limit: usize) -> Vec<Vec<u8>> {
    batch
        .iter()
        .filter_map(|entry| match entry {
            Ok(BatchEntry::Call(request)) if request.method_name() == SUBMIT => {
                request.params().sequence().next::<Bytes>().ok()
            }
            _ => None,
        })
        .take(limit)
        .map(Bytes::into_inner)
        .collect()
}

impl AdmissionDeps {
    /// Batch-verifies the signatures of `xts` against the best block's state; returns how many were recorded.
    fn preverify(&self, xts: &[Vec<u8>]) -> usize {
        let best = self.chain.best_hash();
        let Some(view) = self.chain.view_at(&best) else {
            return 0;
        };
        let refs: Vec<&[u8]> = xts.iter().map(Vec::as_slice).collect();
        executive::preverify_for_pool(&view, &self.ctx, best, &refs, signatures::shared())
    }
}

impl<S> RpcServiceT for BatchAdmission<S>
where
    S: RpcServiceT + Send + Sync + Clone + 'static,
{
    type MethodResponse = S::MethodResponse;
    type NotificationResponse = S::NotificationResponse;
    type BatchResponse = S::BatchResponse;

    fn call<'a>(
        &self,
        request: Request<'a>,
    ) -> impl Future<Output = Self::MethodResponse> + Send + 'a {
        self.service.call(request)
    }

    fn batch<'a>(&self, batch: Batch<'a>) -> impl Future<Output = Self::BatchResponse> + Send + 'a {
        // Only as many as the pool has room for: it turns the rest away before validation.
        let xts = submitted_extrinsics(&batch, self.deps.pool.room());
        if xts.len() > 1 {
            let recorded = self.deps.preverify(&xts);
            tracing::trace!(target: "rpc", submitted = xts.len(), recorded, "batch signatures pre-verified");
        }
        self.service.batch(batch)
    }

    fn notification<'a>(
        &self,
        n: Notification<'a>,
    ) -> impl Future<Output = Self::NotificationResponse> + Send + 'a {
        self.service.notification(n)
    }
}
