//! [`RuntimeVersion`]: SCALE-encoded as Substrate's `sp_version::RuntimeVersion` (for `Core_version`) and
//! serialised with Substrate's JSON names (for `state_getRuntimeVersion`): `specName`, `implName`,
//! `authoringVersion`, `specVersion`, `implVersion`, `apis` as `[["0x<8-byte id>", version], ...]`,
//! `transactionVersion`, `systemVersion` (`stateVersion` accepted when reading).

use metanode_support::codec::{Decode, Encode};
use metanode_support::scale_info::{build::Fields, Path, Type, TypeInfo};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Runtime API ids (`blake2_64` of the trait name) and the versions whose encodings
/// [`crate::runtime_api::call`] implements. `BlockBuilder` is not listed: blocks are built by the node, not through
/// runtime calls.
pub const RUNTIME_APIS: [([u8; 8], u32); 5] = [
    // Core
    ([0xdf, 0x6a, 0xcb, 0x68, 0x99, 0x07, 0x60, 0x9b], 5),
    // Metadata
    ([0x37, 0xe3, 0x97, 0xfc, 0x7c, 0x91, 0xf5, 0xe4], 2),
    // TaggedTransactionQueue
    ([0xd2, 0xbc, 0x98, 0x97, 0xee, 0xd0, 0x8f, 0x15], 3),
    // AccountNonceApi
    ([0xbc, 0x9d, 0x89, 0x90, 0x4f, 0x5b, 0x92, 0x3f], 1),
    // TransactionPaymentApi
    ([0x37, 0xc8, 0xbb, 0x13, 0x50, 0xa9, 0xa2, 0xa8], 4),
];

/// The runtime's version. `spec_version` and `transaction_version` are signed into every extrinsic.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuntimeVersion {
    /// Chain logic identity.
    pub spec_name: String,
    /// Implementation name.
    pub impl_name: String,
    /// Authoring version.
    pub authoring_version: u32,
    /// Bumped when the state transition function changes.
    pub spec_version: u32,
    /// Bumped for implementation-only changes.
    pub impl_version: u32,
    /// Runtime APIs: id and version.
    #[serde(
        serialize_with = "serialize_apis",
        deserialize_with = "deserialize_apis"
    )]
    pub apis: Vec<([u8; 8], u32)>,
    /// Bumped when extrinsic formats change (invalidates signed transactions).
    pub transaction_version: u32,
    /// State/system version.
    #[serde(alias = "stateVersion")]
    pub system_version: u8,
}

/// This runtime's version.
pub fn version() -> RuntimeVersion {
    RuntimeVersion {
        spec_name: "metanode".into(),
        impl_name: "metanode-node".into(),
        authoring_version: 1,
        spec_version: SPEC_VERSION,
        impl_version: 1,
        apis: RUNTIME_APIS.to_vec(),
        transaction_version: TRANSACTION_VERSION,
        system_version: 1,
    }
}

/// Described as Substrate's `sp_version::RuntimeVersion` (the `System.Version` constant): names are `Cow<str>`
/// (encoded as `str`), `apis` is `ApisVec` (a sequence of `([u8; 8], u32)`).
impl TypeInfo for RuntimeVersion {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("RuntimeVersion", "sp_version"))
            .composite(
                Fields::named()
                    .field(|f| {
                        f.ty::<String>()
                            .name("spec_name")
                            .type_name("Cow<'static, str>")
                    })
                    .field(|f| {
                        f.ty::<String>()
                            .name("impl_name")
                            .type_name("Cow<'static, str>")
                    })
                    .field(|f| f.ty::<u32>().name("authoring_version").type_name("u32"))
                    .field(|f| f.ty::<u32>().name("spec_version").type_name("u32"))
                    .field(|f| f.ty::<u32>().name("impl_version").type_name("u32"))
                    .field(|f| {
                        f.ty::<Vec<([u8; 8], u32)>>()
                            .name("apis")
                            .type_name("ApisVec")
                    })
                    .field(|f| f.ty::<u32>().name("transaction_version").type_name("u32"))
                    .field(|f| f.ty::<u8>().name("system_version").type_name("u8")),
            )
    }
}

/// The spec version signed into extrinsics.
pub const SPEC_VERSION: u32 = 2;
/// The transaction version signed into extrinsics.
pub const TRANSACTION_VERSION: u32 = 1;

fn serialize_apis<S: Serializer>(apis: &[([u8; 8], u32)], s: S) -> Result<S::Ok, S::Error> {
    let list: Vec<(String, u32)> = apis
        .iter()
        .map(|(id, v)| (format!("0x{}", hex::encode(id)), *v))
        .collect();
    list.serialize(s)
}

fn deserialize_apis<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<([u8; 8], u32)>, D::Error> {
    let list = Vec::<(String, u32)>::deserialize(d)?;
    list.into_iter()
        .map(|(id, v)| {
            let bytes = hex::decode(id.strip_prefix("0x").unwrap_or(&id))
                .map_err(serde::de::Error::custom)?;
            let id: [u8; 8] = bytes
                .try_into()
                .map_err(|_| serde::de::Error::custom("runtime API id must be 8 bytes"))?;
            Ok((id, v))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use blake2::digest::{consts::U8, Digest};

    #[test]
    fn api_ids_are_blake2_64_of_the_trait_names() {
        let names = [
            "Core",
            "Metadata",
            "TaggedTransactionQueue",
            "AccountNonceApi",
            "TransactionPaymentApi",
        ];
        for (name, (id, _)) in names.iter().zip(RUNTIME_APIS) {
            let hash = blake2::Blake2b::<U8>::digest(name.as_bytes());
            assert_eq!(hash.as_slice(), &id, "{name}");
        }
    }

    #[test]
    fn json_uses_substrate_names() {
        let json = serde_json::to_value(version()).unwrap();
        assert_eq!(json["specName"], "metanode");
        assert_eq!(json["apis"][0][0], "0xdf6acb689907609b");
        assert_eq!(json["apis"][0][1], 5);
        assert_eq!(json["transactionVersion"], 1);
        assert_eq!(json["systemVersion"], 1);
        let back: RuntimeVersion = serde_json::from_value(json).unwrap();
        assert_eq!(back, version());
        let decoded = RuntimeVersion::decode(&mut &version().encode()[..]).unwrap();
        assert_eq!(decoded, version());
    }
}
