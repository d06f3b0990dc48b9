//! The extrinsic's description: v4 `UncheckedExtrinsic<MultiAddress, RuntimeCall, MultiSignature, SignedExtra>`
//! with the signed extensions in wire order (from `metanode_primitives::extrinsic::metadata`).

use frame_metadata::{v14, v15};
use metanode_primitives::extrinsic::{signed_extensions, UncheckedExtrinsicType};
use metanode_primitives::{MultiAddress, MultiSignature, SignedExtra};
use metanode_support::scale_info::meta_type;

use crate::RuntimeCall;

/// The extrinsic format version.
pub const EXTRINSIC_VERSION: u8 = 4;

/// V14's extrinsic metadata.
pub fn extrinsic_v14() -> v14::ExtrinsicMetadata {
    v14::ExtrinsicMetadata {
        ty: meta_type::<UncheckedExtrinsicType<RuntimeCall>>(),
        version: EXTRINSIC_VERSION,
        signed_extensions: signed_extensions()
            .into_iter()
            .map(|e| v14::SignedExtensionMetadata {
                identifier: e.identifier,
                ty: e.ty,
                additional_signed: e.additional_signed,
            })
            .collect(),
    }
}

/// V15's extrinsic metadata.
pub fn extrinsic_v15() -> v15::ExtrinsicMetadata {
    v15::ExtrinsicMetadata {
        version: EXTRINSIC_VERSION,
        address_ty: meta_type::<MultiAddress>(),
        call_ty: meta_type::<RuntimeCall>(),
        signature_ty: meta_type::<MultiSignature>(),
        extra_ty: meta_type::<SignedExtra>(),
        signed_extensions: signed_extensions()
            .into_iter()
            .map(|e| v15::SignedExtensionMetadata {
                identifier: e.identifier,
                ty: e.ty,
                additional_signed: e.additional_signed,
            })
            .collect(),
    }
}
