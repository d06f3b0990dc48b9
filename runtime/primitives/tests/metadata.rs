//! The types describe themselves to `scale-info` under the paths Substrate clients match on.

use metanode_primitives::extrinsic::{signed_extensions, UncheckedExtrinsicType};
use metanode_primitives::scale_info::{meta_type, PortableRegistry, Registry, TypeDef};
use metanode_primitives::{
    AccountId32, Era, Header, MultiAddress, MultiSignature, Signature, UncheckedExtrinsic,
};

fn describe<T: metanode_primitives::scale_info::TypeInfo + 'static>() -> (PortableRegistry, u32) {
    let mut registry = Registry::new();
    let id = registry.register_type(&meta_type::<T>()).id;
    (registry.into(), id)
}

fn path_of<T: metanode_primitives::scale_info::TypeInfo + 'static>() -> String {
    let (registry, id) = describe::<T>();
    registry
        .resolve(id)
        .expect("registered")
        .path
        .segments
        .join("::")
}

#[test]
fn well_known_paths() {
    assert_eq!(path_of::<AccountId32>(), "sp_core::crypto::AccountId32");
    assert_eq!(
        path_of::<MultiAddress>(),
        "sp_runtime::multiaddress::MultiAddress"
    );
    assert_eq!(path_of::<MultiSignature>(), "sp_runtime::MultiSignature");
    assert_eq!(path_of::<Era>(), "sp_runtime::generic::era::Era");
    assert_eq!(path_of::<Signature>(), "sp_core::sr25519::Signature");
    assert_eq!(
        path_of::<UncheckedExtrinsic>(),
        "sp_runtime::generic::unchecked_extrinsic::UncheckedExtrinsic"
    );
    assert_eq!(
        path_of::<UncheckedExtrinsicType<u8>>(),
        path_of::<UncheckedExtrinsic>()
    );
    let _ = describe::<Header>();
}

#[test]
fn era_has_substrates_256_variants_and_multiaddress_two_params() {
    let (registry, id) = describe::<Era>();
    let TypeDef::Variant(era) = &registry.resolve(id).expect("era").type_def else {
        panic!("variant expected")
    };
    assert_eq!(era.variants.len(), 256);
    assert_eq!(era.variants[255].name, "Mortal255");
    assert_eq!(era.variants[255].index, 255);

    let (registry, id) = describe::<MultiAddress>();
    let ty = registry.resolve(id).expect("address");
    let params: Vec<&str> = ty.type_params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(params, ["AccountId", "AccountIndex"]);
}

#[test]
fn signed_extensions_in_order() {
    let names: Vec<&str> = signed_extensions().iter().map(|e| e.identifier).collect();
    assert_eq!(
        names,
        [
            "CheckNonZeroSender",
            "CheckSpecVersion",
            "CheckTxVersion",
            "CheckGenesis",
            "CheckMortality",
            "CheckNonce",
            "CheckWeight",
            "ChargeTransactionPayment",
            "CheckMetadataHash",
        ]
    );
    let mut registry = Registry::new();
    for extension in signed_extensions() {
        registry.register_type(&extension.ty);
        registry.register_type(&extension.additional_signed);
    }
    let portable: PortableRegistry = registry.into();
    assert!(portable.types.len() >= 9);
}
