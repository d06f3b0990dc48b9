//! V15's runtime API descriptions: exactly the methods [`crate::runtime_api::call`] serves, with the types it
//! decodes and encodes.

use frame_metadata::v15::{
    RuntimeApiMetadata, RuntimeApiMethodMetadata, RuntimeApiMethodParamMetadata,
};
use metanode_primitives::extrinsic::UncheckedExtrinsicType;
use metanode_primitives::{AccountId32, H256};
use metanode_support::scale_info::{meta_type, MetaType};

use crate::fees::RuntimeDispatchInfo;
use crate::runtime_api::{FeeDetails, OpaqueMetadata, TransactionSource, TransactionValidity};
use crate::version::RuntimeVersion;
use crate::RuntimeCall;

/// The block's extrinsic type, as in Substrate (`Block::Extrinsic`): the same registry type as the metadata's
/// extrinsic, so clients map it to their extrinsic codec (a second `UncheckedExtrinsic` with another `Call`
/// parameter breaks `@polkadot/api`'s `paymentInfo`).
type Extrinsic = UncheckedExtrinsicType<RuntimeCall>;

fn method(
    name: &'static str,
    inputs: Vec<(&'static str, MetaType)>,
    output: MetaType,
    docs: &'static [&'static str],
) -> RuntimeApiMethodMetadata {
    RuntimeApiMethodMetadata {
        name,
        inputs: inputs
            .into_iter()
            .map(|(name, ty)| RuntimeApiMethodParamMetadata { name, ty })
            .collect(),
        output,
        docs: docs.to_vec(),
    }
}

fn api(
    name: &'static str,
    methods: Vec<RuntimeApiMethodMetadata>,
    docs: &'static [&'static str],
) -> RuntimeApiMetadata {
    RuntimeApiMetadata {
        name,
        methods,
        docs: docs.to_vec(),
    }
}

/// The runtime APIs, in the order `RUNTIME_APIS` lists them.
pub fn apis() -> Vec<RuntimeApiMetadata> {
    vec![
        api(
            "Core",
            vec![method("version", vec![], meta_type::<RuntimeVersion>(), &["The runtime's version."])],
            &["The `Core` runtime API (only `version` is served)."],
        ),
        api(
            "Metadata",
            vec![
                method("metadata", vec![], meta_type::<OpaqueMetadata>(), &["The V14 metadata."]),
                method(
                    "metadata_at_version",
                    vec![("version", meta_type::<u32>())],
                    meta_type::<Option<OpaqueMetadata>>(),
                    &["The metadata at `version`, if supported."],
                ),
                method("metadata_versions", vec![], meta_type::<Vec<u32>>(), &["Supported metadata versions."]),
            ],
            &["The runtime metadata."],
        ),
        api(
            "TaggedTransactionQueue",
            vec![method(
                "validate_transaction",
                vec![
                    ("source", meta_type::<TransactionSource>()),
                    ("tx", meta_type::<Extrinsic>()),
                    ("block_hash", meta_type::<H256>()),
                ],
                meta_type::<TransactionValidity>(),
                &["Validates a transaction for the block after `block_hash`."],
            )],
            &["Transaction-pool validation."],
        ),
        api(
            "AccountNonceApi",
            vec![method(
                "account_nonce",
                vec![("account", meta_type::<AccountId32>())],
                meta_type::<u32>(),
                &["The account's next nonce."],
            )],
            &["Account nonces."],
        ),
        api(
            "TransactionPaymentApi",
            vec![
                method(
                    "query_info",
                    vec![("uxt", meta_type::<Extrinsic>()), ("len", meta_type::<u32>())],
                    meta_type::<RuntimeDispatchInfo>(),
                    &["Weight, class and tip-less fee (FLX base units) of an extrinsic of `len` bytes."],
                ),
                method(
                    "query_fee_details",
                    vec![("uxt", meta_type::<Extrinsic>()), ("len", meta_type::<u32>())],
                    meta_type::<FeeDetails>(),
                    &["The tip-less fee by part."],
                ),
            ],
            &["Transaction fees."],
        ),
    ]
}
