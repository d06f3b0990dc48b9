//! How the extrinsic format describes itself in V14/V15 metadata, with the type paths Substrate uses so that
//! `@polkadot/api` and `subxt` recognise it.
//!
//! The runtime's metadata builder uses [`UncheckedExtrinsicType`] (with its own `RuntimeCall`) as the extrinsic
//! type and [`signed_extensions`] as the signed-extension list.

use super::{SignedExtra, UncheckedExtrinsic};
use crate::era::Era;
use crate::hashing::H256;
use crate::multi::{MultiAddress, MultiSignature};
use scale_info::{
    build::{Fields, Variants},
    meta_type, MetaType, Path, Type, TypeInfo, TypeParameter,
};
use std::marker::PhantomData;

/// Describes `sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic<MultiAddress, Call, MultiSignature,
/// SignedExtra>` as Substrate does: opaque `Vec<u8>` bytes plus the four type parameters.
pub struct UncheckedExtrinsicType<Call>(PhantomData<Call>);

impl<Call: TypeInfo + 'static> TypeInfo for UncheckedExtrinsicType<Call> {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new(
                "UncheckedExtrinsic",
                "sp_runtime::generic::unchecked_extrinsic",
            ))
            .type_params(vec![
                TypeParameter::new("Address", Some(meta_type::<MultiAddress>())),
                TypeParameter::new("Call", Some(meta_type::<Call>())),
                TypeParameter::new("Signature", Some(meta_type::<MultiSignature>())),
                TypeParameter::new("Extra", Some(meta_type::<SignedExtra>())),
            ])
            .docs(&["UncheckedExtrinsic raw bytes, requires custom decoding routine"])
            .composite(Fields::unnamed().field(|f| f.ty::<Vec<u8>>()))
    }
}

impl TypeInfo for UncheckedExtrinsic {
    type Identity = Self;
    fn type_info() -> Type {
        UncheckedExtrinsicType::<Vec<u8>>::type_info()
    }
}

/// One entry of the metadata's signed-extension list.
#[derive(Debug, Clone)]
pub struct SignedExtensionInfo {
    /// The identifier clients match on (e.g. `"CheckMortality"`).
    pub identifier: &'static str,
    /// The type of the data the extension adds to the extrinsic.
    pub ty: MetaType,
    /// The type of the data the extension adds to the signing payload only.
    pub additional_signed: MetaType,
}

/// The signed extensions, in order, with their explicit and implicit types.
pub fn signed_extensions() -> Vec<SignedExtensionInfo> {
    let entry = |identifier, ty, additional_signed| SignedExtensionInfo {
        identifier,
        ty,
        additional_signed,
    };
    vec![
        entry(
            "CheckNonZeroSender",
            meta_type::<CheckNonZeroSender>(),
            meta_type::<()>(),
        ),
        entry(
            "CheckSpecVersion",
            meta_type::<CheckSpecVersion>(),
            meta_type::<u32>(),
        ),
        entry(
            "CheckTxVersion",
            meta_type::<CheckTxVersion>(),
            meta_type::<u32>(),
        ),
        entry(
            "CheckGenesis",
            meta_type::<CheckGenesis>(),
            meta_type::<H256>(),
        ),
        entry(
            "CheckMortality",
            meta_type::<CheckMortality>(),
            meta_type::<H256>(),
        ),
        entry("CheckNonce", meta_type::<CheckNonce>(), meta_type::<()>()),
        entry("CheckWeight", meta_type::<CheckWeight>(), meta_type::<()>()),
        entry(
            "ChargeTransactionPayment",
            meta_type::<ChargeTransactionPayment>(),
            meta_type::<()>(),
        ),
        entry(
            "CheckMetadataHash",
            meta_type::<CheckMetadataHash>(),
            meta_type::<Option<[u8; 32]>>(),
        ),
    ]
}

macro_rules! empty_extension {
    ($name:ident, $module:literal) => {
        #[doc = concat!("Metadata marker for `", $module, "::", stringify!($name), "` (no explicit data).")]
        pub struct $name;
        impl TypeInfo for $name {
            type Identity = Self;
            fn type_info() -> Type {
                Type::builder().path(Path::new(stringify!($name), $module)).composite(Fields::unit())
            }
        }
    };
}

empty_extension!(
    CheckNonZeroSender,
    "frame_system::extensions::check_non_zero_sender"
);
empty_extension!(
    CheckSpecVersion,
    "frame_system::extensions::check_spec_version"
);
empty_extension!(CheckTxVersion, "frame_system::extensions::check_tx_version");
empty_extension!(CheckGenesis, "frame_system::extensions::check_genesis");
empty_extension!(CheckWeight, "frame_system::extensions::check_weight");

/// Metadata marker for `frame_system::extensions::check_mortality::CheckMortality` (an [`Era`]).
pub struct CheckMortality;
impl TypeInfo for CheckMortality {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new(
                "CheckMortality",
                "frame_system::extensions::check_mortality",
            ))
            .composite(Fields::unnamed().field(|f| f.ty::<Era>().type_name("Era")))
    }
}

/// Metadata marker for `frame_system::extensions::check_nonce::CheckNonce` (a compact `u32`).
pub struct CheckNonce;
impl TypeInfo for CheckNonce {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new(
                "CheckNonce",
                "frame_system::extensions::check_nonce",
            ))
            .composite(Fields::unnamed().field(|f| f.compact::<u32>().type_name("T::Nonce")))
    }
}

/// Metadata marker for `pallet_transaction_payment::ChargeTransactionPayment` (a compact `u128` tip).
pub struct ChargeTransactionPayment;
impl TypeInfo for ChargeTransactionPayment {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new(
                "ChargeTransactionPayment",
                "pallet_transaction_payment",
            ))
            .composite(Fields::unnamed().field(|f| f.compact::<u128>().type_name("BalanceOf<T>")))
    }
}

/// Metadata marker for `frame_metadata_hash_extension::CheckMetadataHash` (`{ mode: Mode }`).
pub struct CheckMetadataHash;
impl TypeInfo for CheckMetadataHash {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new(
                "CheckMetadataHash",
                "frame_metadata_hash_extension",
            ))
            .composite(
                Fields::named()
                    .field(|f| f.ty::<MetadataHashMode>().name("mode").type_name("Mode")),
            )
    }
}

/// Metadata marker for `frame_metadata_hash_extension::Mode`: `Disabled` (0) or `Enabled` (1).
pub struct MetadataHashMode;
impl TypeInfo for MetadataHashMode {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("Mode", "frame_metadata_hash_extension"))
            .variant(
                Variants::new()
                    .variant("Disabled", |v| v.index(0))
                    .variant("Enabled", |v| v.index(1)),
            )
    }
}
