//! Runtime types to their Substrate JSON shapes.

use metanode_primitives as primitives;
use metanode_rpc::{Block, Bytes, Digest, Header, Justification, RuntimeVersionJson, SignedBlock};
use parity_scale_codec::Encode;

/// A header as JSON: digest items SCALE-encoded one by one.
pub fn header_json(header: &primitives::Header) -> Header {
    Header {
        parent_hash: header.parent_hash,
        number: header.number,
        state_root: header.state_root,
        extrinsics_root: header.extrinsics_root,
        digest: Digest {
            logs: header.digest.logs.iter().map(|item| Bytes(item.encode())).collect(),
        },
    }
}

/// A block with its commit certificate (engine `HSQC`) when it has one.
pub fn signed_block_json(block: &primitives::Block, justification: Option<Vec<u8>>) -> SignedBlock {
    SignedBlock {
        block: Block {
            header: header_json(&block.header),
            extrinsics: block.extrinsics.iter().map(|x| Bytes(x.encode())).collect(),
        },
        justifications: justification
            .map(|cert| vec![Justification(primitives::HOTSTUFF_ENGINE_ID, cert)]),
    }
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
