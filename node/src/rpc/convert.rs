//! Runtime types to their Substrate JSON shapes.

use metanode_primitives as primitives;
use metanode_rpc::{Header, RuntimeVersionJson, SignedBlock};

/// A header as JSON.
pub fn header_json(header: &primitives::Header) -> Header {
    Header::from(header)
}

/// A block with its commit certificate (engine `HSQC`) when it has one that names it.
pub fn signed_block_json(block: &primitives::Block, justification: Option<Vec<u8>>) -> SignedBlock {
    SignedBlock::new(
        block,
        justification.map(|cert| vec![(primitives::HOTSTUFF_ENGINE_ID, cert)]),
    )
}

/// The runtime version as JSON.
pub fn runtime_version_json() -> RuntimeVersionJson {
    let v = metanode_runtime::version();
    RuntimeVersionJson {
        spec_name: v.spec_name.to_string(),
        impl_name: v.impl_name.to_string(),
        authoring_version: v.authoring_version,
        spec_version: v.spec_version,
        impl_version: v.impl_version,
        apis: v.apis.iter().map(|(id, version)| (*id, *version)).collect(),
        transaction_version: v.transaction_version,
        system_version: v.system_version,
    }
}
