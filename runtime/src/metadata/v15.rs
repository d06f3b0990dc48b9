//! V15: the pallets with docs, the extrinsic's parts, runtime API descriptions and the outer enums.

use frame_metadata::v15::{CustomMetadata, OuterEnums, RuntimeMetadataV15};
use frame_metadata::{RuntimeMetadata, RuntimeMetadataPrefixed, META_RESERVED};
use metanode_support::scale_info::meta_type;

use super::{apis::apis, extrinsic::extrinsic_v15, outer::RuntimeError, pallets::pallets};
use crate::{Runtime, RuntimeCall, RuntimeEvent};

/// The V15 metadata, `"meta"`-prefixed.
pub fn metadata_v15() -> RuntimeMetadataPrefixed {
    let metadata = RuntimeMetadataV15::new(
        pallets(),
        extrinsic_v15(),
        meta_type::<Runtime>(),
        apis(),
        OuterEnums {
            call_enum_ty: meta_type::<RuntimeCall>(),
            event_enum_ty: meta_type::<RuntimeEvent>(),
            error_enum_ty: meta_type::<RuntimeError>(),
        },
        CustomMetadata {
            map: Default::default(),
        },
    );
    RuntimeMetadataPrefixed(META_RESERVED, RuntimeMetadata::V15(metadata))
}
