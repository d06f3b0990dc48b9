//! V14: the pallets without docs, the extrinsic, the `Runtime` type.

use frame_metadata::v14::{PalletMetadata, RuntimeMetadataV14};
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed, META_RESERVED};
use metanode_support::scale_info::meta_type;

use super::{extrinsic::extrinsic_v14, pallets::pallets};
use crate::Runtime;

/// The V14 metadata, `"meta"`-prefixed.
pub fn metadata_v14() -> RuntimeMetadataPrefixed {
    let pallets = pallets()
        .into_iter()
        .map(|p| PalletMetadata {
            name: p.name,
            storage: p.storage,
            calls: p.calls,
            event: p.event,
            constants: p.constants,
            error: p.error,
            index: p.index,
        })
        .collect();
    let metadata = RuntimeMetadataV14::new(pallets, extrinsic_v14(), meta_type::<Runtime>());
    RuntimeMetadataPrefixed(META_RESERVED, RuntimeMetadata::V14(metadata))
}
