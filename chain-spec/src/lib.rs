//! Metanode chain specifications.
//!
//! A chain spec is the JSON document every node of one chain starts from: names, the SS58 prefix, the four tokens'
//! symbols and decimals, block cadence, the genesis validator set, bootnodes and the genesis state — either as the
//! runtime's typed [`GenesisConfig`](metanode_runtime::GenesisConfig) or, after `build-spec --raw`, as raw storage.
//! Two specs that produce the same genesis storage produce the same genesis block, so the raw form is the one to
//! publish for a live network.

mod bundle;
mod dev;
mod error;
mod receipt_proof;
pub mod set_history;
mod spec;
mod testnet;

pub use bundle::{
    verify_bundle, Bundle, BundleBlock, BundleChain, BundleReceipt, BundleReport, BundleSetChange,
    BundleVerifyError, HexBytes, BUNDLE_VERSION, READABLE_BUNDLE_VERSIONS,
};
pub use dev::{dev_account, dev_spec, DEV_ACCOUNTS};
pub use error::ChainSpecError;
pub use receipt_proof::{
    check_genesis, genesis_validator_set, verify_receipt_proof, ReceiptProof, ReceiptVerifyError,
    VerifiedReceipt,
};
pub use set_history::{verify_set_history, SetChangeProof, VerifiedSets};
pub use spec::{
    ChainSpec, ChainType, ConsensusParams, Genesis, Properties, RawGenesis, ValidatorSpec,
    TOKEN_ORDER,
};
pub use testnet::{local_testnet_spec, TestnetValidator};
