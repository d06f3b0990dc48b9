//! What the chain announces to RPC subscribers and the transaction pool.

use std::sync::Arc;

use metanode_primitives::{Header, H256};

/// A change of the chain, in the order it happened.
#[derive(Clone, Debug)]
pub enum ChainEvent {
    /// A block was executed and accepted (voted for or built); `best` when it became the new best block.
    Imported {
        /// Block hash.
        hash: H256,
        /// Its header.
        header: Header,
        /// Hashes of its extrinsics, in block order.
        extrinsics: Arc<Vec<H256>>,
        /// Whether it is the new best block.
        best: bool,
    },
    /// A block was committed and is durable.
    Finalized {
        /// Block hash.
        hash: H256,
        /// Its header.
        header: Header,
        /// Hashes of its extrinsics, in block order.
        extrinsics: Arc<Vec<H256>>,
    },
}
