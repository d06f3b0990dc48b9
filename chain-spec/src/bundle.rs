//! Evidence bundles: many receipt proofs in one self-contained JSON document, each block's header, ancestry and
//! certificate stored once however many receipts it holds, verified offline by [`verify_bundle`] against a chain
//! spec.
//!
//! Contract of [`verify_bundle`]: the bundle is version 1 (no validator-set changes, epoch 0 only) or
//! [`BUNDLE_VERSION`] (2: `validatorSets` holds the certified chain of set changes from genesis, once for all
//! receipts); its chain id, when given, is the spec's; the set history verifies from the spec's genesis set
//! ([`verify_set_history`]); every receipt names a block the bundle holds under its header's hash; then each
//! receipt passes exactly the checks of [`verify_receipt_proof`](crate::verify_receipt_proof) (the same functions
//! run), a block's chain and certificate checked once against the set of the certificate's epoch. The first failure is returned naming the receipt (id, or position when it does not decode) and
//! what failed.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;

use metanode_primitives::{MerkleProof, H256};
use serde::{Deserialize, Serialize};

use crate::receipt_proof::{
    certify_block, check_genesis, check_receipt_in_block, decode_block, decode_receipt,
    genesis_validator_set, CertifiedBlock, DecodedBlock, ReceiptVerifyError,
};
use crate::set_history::{verify_set_history, SetChangeProof};
use crate::ChainSpec;

/// The bundle format version this crate writes (it also reads version 1).
pub const BUNDLE_VERSION: u32 = 2;
/// Versions [`verify_bundle`] reads.
pub const READABLE_BUNDLE_VERSIONS: [u32; 2] = [1, 2];

/// Bytes as `0x` hex in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HexBytes(pub Vec<u8>);

impl Serialize for HexBytes {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("0x{}", hex::encode(&self.0)))
    }
}

impl AsRef<[u8]> for HexBytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl<'de> Deserialize<'de> for HexBytes {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        let digits = text
            .strip_prefix("0x")
            .ok_or_else(|| serde::de::Error::custom("hex bytes must start with 0x"))?;
        hex::decode(digits)
            .map(HexBytes)
            .map_err(|e| serde::de::Error::custom(format!("invalid hex: {e}")))
    }
}

/// An evidence bundle (`{"version":2, "chain", "validatorSets", "blocks", "receipts"}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Bundle {
    /// [`BUNDLE_VERSION`].
    pub version: u32,
    /// Which chain the receipts are from.
    pub chain: BundleChain,
    /// The certified chain of validator-set changes from genesis, in epoch order: entry `i` starts epoch `i + 1`.
    /// It reaches the highest epoch of any certificate in `blocks` (empty when all are epoch 0; always empty in
    /// version 1).
    #[serde(default)]
    pub validator_sets: Vec<BundleSetChange>,
    /// Blocks by `0x` header hash.
    pub blocks: BTreeMap<String, BundleBlock>,
    /// The receipts.
    pub receipts: Vec<BundleReceipt>,
}

/// The chain a bundle is from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleChain {
    /// The chain's name (`system_chain`).
    pub name: String,
    /// The chain spec id, when the exporter knew it; checked against the spec's.
    #[serde(default)]
    pub id: Option<String>,
    /// The genesis hash the certificates are signed for.
    pub genesis_hash: H256,
}

/// One block: the header, the headers up to the certified block, the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleBlock {
    /// SCALE header.
    pub header: HexBytes,
    /// SCALE headers from the block's child up to the certified block.
    pub ancestry: Vec<HexBytes>,
    /// SCALE `CommitCertificate`.
    pub certificate: HexBytes,
    /// The certificate's validator-set epoch.
    pub epoch: u64,
}

/// One validator-set change: the set-changing block's header (its digest announces the new set), the headers up to
/// the block the certificate commits, and that certificate, signed by the previous epoch's set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BundleSetChange {
    /// The epoch this change starts.
    pub epoch: u64,
    /// SCALE headers, the set-changing block first.
    pub headers: Vec<HexBytes>,
    /// SCALE `CommitCertificate` of epoch `epoch - 1`.
    pub certificate: HexBytes,
}

impl BundleSetChange {
    /// The change as the verifier takes it.
    pub fn to_proof(&self) -> SetChangeProof {
        SetChangeProof {
            epoch: self.epoch,
            headers: self.headers.iter().map(|h| h.0.clone()).collect(),
            certificate: self.certificate.0.clone(),
        }
    }
}

/// One receipt with its Merkle path and its block's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BundleReceipt {
    /// SCALE `Receipt`.
    pub receipt: HexBytes,
    /// Its leaf index (extrinsic index).
    pub leaf_index: u32,
    /// Merkle path to the block's receipts root.
    pub proof: MerkleProof,
    /// Its block, a key of `blocks`.
    pub block: H256,
}

/// What a verified bundle shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleReport {
    /// Receipts verified.
    pub receipts: usize,
    /// Distinct blocks they are in.
    pub blocks: usize,
    /// The genesis hash every certificate is signed for.
    pub genesis_hash: H256,
    /// The fewest signers on any certificate used.
    pub min_signers: usize,
    /// The validator-set changes verified (the last epoch the history proves).
    pub set_changes: usize,
    /// The highest epoch of any receipt's certificate.
    pub max_epoch: u64,
}

/// Why a bundle does not verify.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum BundleVerifyError {
    /// Not JSON of the bundle's shape.
    #[error("not an evidence bundle: {0}")]
    Json(String),
    /// Another format version.
    #[error(
        "unsupported bundle version {found} (this verifier reads versions 1 and {BUNDLE_VERSION})"
    )]
    Version {
        /// The bundle's version.
        found: u64,
    },
    /// A version-1 bundle carries validator-set changes (only version 2 may).
    #[error("a version-1 bundle may not carry validator-set changes, this one has {0}")]
    ValidatorSets(usize),
    /// The validator-set history does not verify.
    #[error("validator-set history: {0}")]
    SetHistory(Box<ReceiptVerifyError>),
    /// The bundle's genesis hash is not the one the chain spec determines (or the spec's genesis cannot be built).
    #[error("genesis: {0}")]
    Genesis(Box<ReceiptVerifyError>),
    /// The bundle names another chain than the spec.
    #[error("the bundle is from chain `{bundle}`, the chain spec is `{spec}`")]
    ChainMismatch {
        /// The bundle's chain id.
        bundle: String,
        /// The spec's id.
        spec: String,
    },
    /// A `blocks` key is not a 32-byte `0x` hash.
    #[error("block key `{0}` is not a 0x-prefixed 32-byte hash")]
    BadBlockKey(String),
    /// A receipt's block is not in the bundle.
    #[error("receipt {receipt}: its block {block:?} is not in the bundle")]
    MissingBlock {
        /// The receipt (id, or `#position`).
        receipt: String,
        /// The block hash it names.
        block: H256,
    },
    /// A block's header does not hash to its key.
    #[error("receipt {receipt}: the bundle's block {key:?} has a header hashing to {actual:?}")]
    BlockKeyMismatch {
        /// The receipt.
        receipt: String,
        /// The key.
        key: H256,
        /// The header's hash.
        actual: H256,
    },
    /// A receipt failed a check.
    #[error("receipt {receipt} (block {block:?}): {error}")]
    Receipt {
        /// The receipt (id, or `#position` when it does not decode).
        receipt: String,
        /// Its block.
        block: H256,
        /// What failed.
        error: Box<ReceiptVerifyError>,
    },
}

impl Bundle {
    /// Parses a bundle, checking the version before the shape.
    pub fn from_json(text: &str) -> Result<Bundle, BundleVerifyError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| BundleVerifyError::Json(e.to_string()))?;
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if READABLE_BUNDLE_VERSIONS.iter().any(|r| u64::from(*r) == v) => {}
            Some(found) => return Err(BundleVerifyError::Version { found }),
            None => return Err(BundleVerifyError::Json("no numeric `version` field".into())),
        }
        serde_json::from_value(value).map_err(|e| BundleVerifyError::Json(e.to_string()))
    }

    /// The bundle as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a bundle serializes")
    }
}

fn parse_key(key: &str) -> Result<H256, BundleVerifyError> {
    let bad = || BundleVerifyError::BadBlockKey(key.chars().take(80).collect());
    let digits = key.strip_prefix("0x").ok_or_else(bad)?;
    let bytes = hex::decode(digits).map_err(|_| bad())?;
    let arr: [u8; 32] = bytes.try_into().map_err(|_| bad())?;
    Ok(H256(arr))
}

/// Verifies every receipt of `bundle` against `spec` (see the module docs).
pub fn verify_bundle(bundle: &Bundle, spec: &ChainSpec) -> Result<BundleReport, BundleVerifyError> {
    if !READABLE_BUNDLE_VERSIONS.contains(&bundle.version) {
        return Err(BundleVerifyError::Version {
            found: u64::from(bundle.version),
        });
    }
    if bundle.version == 1 && !bundle.validator_sets.is_empty() {
        return Err(BundleVerifyError::ValidatorSets(
            bundle.validator_sets.len(),
        ));
    }
    if let Some(id) = &bundle.chain.id {
        if *id != spec.id {
            return Err(BundleVerifyError::ChainMismatch {
                bundle: id.clone(),
                spec: spec.id.clone(),
            });
        }
    }
    let blocks = bundle
        .blocks
        .iter()
        .map(|(k, b)| Ok((parse_key(k)?, b)))
        .collect::<Result<BTreeMap<H256, &BundleBlock>, BundleVerifyError>>()?;
    let genesis = bundle.chain.genesis_hash;
    check_genesis(spec, &genesis).map_err(|e| BundleVerifyError::Genesis(Box::new(e)))?;
    let history: Vec<SetChangeProof> = bundle
        .validator_sets
        .iter()
        .map(BundleSetChange::to_proof)
        .collect();
    let sets = genesis_validator_set(spec)
        .and_then(|genesis_set| verify_set_history(genesis_set, &history, &genesis))
        .map_err(|e| BundleVerifyError::SetHistory(Box::new(e)))?;
    let mut checked: BTreeMap<H256, (DecodedBlock, CertifiedBlock)> = BTreeMap::new();
    for (position, item) in bundle.receipts.iter().enumerate() {
        let fail = |receipt: String, error| BundleVerifyError::Receipt {
            receipt,
            block: item.block,
            error: Box::new(error),
        };
        let receipt =
            decode_receipt(&item.receipt.0).map_err(|e| fail(format!("#{position}"), e))?;
        let name = receipt.id.to_string();
        if let Entry::Vacant(slot) = checked.entry(item.block) {
            let block = blocks
                .get(&item.block)
                .ok_or_else(|| BundleVerifyError::MissingBlock {
                    receipt: name.clone(),
                    block: item.block,
                })?;
            let decoded = decode_block(&block.header.0, &block.ancestry, &block.certificate.0)
                .map_err(|e| fail(name.clone(), e))?;
            let actual = decoded.header.hash();
            if actual != item.block {
                return Err(BundleVerifyError::BlockKeyMismatch {
                    receipt: name,
                    key: item.block,
                    actual,
                });
            }
            let certified = certify_block(&decoded, block.epoch, &sets, &genesis)
                .map_err(|e| fail(name.clone(), e))?;
            slot.insert((decoded, certified));
        }
        let (decoded, _) = &checked[&item.block];
        if item.leaf_index != item.proof.leaf_index {
            return Err(fail(
                name,
                ReceiptVerifyError::ReceiptPosition {
                    receipt_block: receipt.block,
                    receipt_index: receipt.index,
                    header_block: decoded.header.number,
                    leaf_index: item.leaf_index,
                },
            ));
        }
        check_receipt_in_block(&receipt, &item.proof, &decoded.header)
            .map_err(|e| fail(name.clone(), e))?;
    }
    Ok(BundleReport {
        receipts: bundle.receipts.len(),
        blocks: checked.len(),
        genesis_hash: genesis,
        min_signers: checked.values().map(|(_, c)| c.signers).min().unwrap_or(0),
        set_changes: history.len(),
        max_epoch: checked.values().map(|(_, c)| c.epoch).max().unwrap_or(0),
    })
}
