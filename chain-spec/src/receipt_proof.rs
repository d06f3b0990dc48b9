//! Offline verification of a receipt proof against a chain spec: nothing but the spec (the trusted input) and the
//! proof's bytes; no node, no database, no network.
//!
//! It lives here because it needs the chain spec's genesis validator set (this crate), the receipt and header types
//! (`metanode-runtime`, `metanode-primitives`) and certificate checking (`metanode-consensus`), none of which link
//! rocksdb or libp2p, so `metanode-cli` and third-party auditors can use it (DESIGN.md §2).
//!
//! Contract of [`verify_receipt_proof`], in order, each failure its own [`ReceiptVerifyError`] variant:
//! 1. the receipt, the headers and the certificate decode (SCALE, no trailing bytes);
//! 2. the receipt names the header's block number, and its index is the proof's leaf index;
//! 3. `leaf_hash(SCALE(receipt))` with the Merkle path reaches the receipts root in the header's `Consensus(RCPT, ..)`
//!    digest item;
//! 4. the header, then each ancestry header in order, is the parent of the next (parent hash and number);
//! 5. the proof's genesis hash is the one the spec determines ([`check_genesis`]: the spec's genesis state, its
//!    Jellyfish Merkle root and the genesis header, computed here);
//! 6. the proof's validator-set history verifies from the spec's genesis set
//!    ([`verify_set_history`](crate::verify_set_history)), and reaches the certificate's epoch;
//! 7. the certificate verifies ([`CommitCertificate::verify`]) against the set of its epoch and the genesis hash;
//! 8. the block the certificate commits is the last header (hash and height).
//!
//! Trust: the chain spec is the only trusted input. Its genesis determines the genesis hash that every certificate
//! signs over, its validators are the epoch-0 set, and later sets are trusted only through the certified chain of
//! set changes (see [`crate::set_history`]).

use metanode_consensus::messages::MAX_DECODE_DEPTH;
use metanode_consensus::{CertificateError, CommitCertificate, PublicKey, ValidatorSet};
use metanode_primitives::{verify_merkle_proof, Header, MerkleProof, H256};
use metanode_runtime::{queries, Receipt};
use parity_scale_codec::{DecodeAll, DecodeLimit};

use crate::set_history::{verify_set_history, SetChangeProof, VerifiedSets};
use crate::ChainSpec;

/// A receipt proof as bytes (the decoded form of the `receipts_proof` RPC answer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptProof {
    /// SCALE `Receipt`.
    pub receipt: Vec<u8>,
    /// Merkle path from the receipt's leaf to the receipts root.
    pub proof: MerkleProof,
    /// SCALE header of the receipt's block.
    pub header: Vec<u8>,
    /// SCALE headers from the receipt block's child up to the certified block, in order.
    pub ancestry: Vec<Vec<u8>>,
    /// SCALE `CommitCertificate`.
    pub certificate: Vec<u8>,
    /// Epoch the certificate claims to be signed in.
    pub epoch: u64,
    /// The chain's genesis hash.
    pub genesis_hash: H256,
    /// The validator-set changes from genesis up to (at least) `epoch`, in order; empty for epoch 0.
    pub set_history: Vec<SetChangeProof>,
}

/// What a verified proof shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedReceipt {
    /// The receipt.
    pub receipt: Receipt,
    /// Its block's hash.
    pub block_hash: H256,
    /// The block the certificate commits (the receipt's block or a descendant).
    pub certified_hash: H256,
    /// Its number.
    pub certified_number: u32,
    /// The genesis hash the certificate is signed for.
    pub genesis_hash: H256,
    /// How many validators signed the certificate.
    pub signers: usize,
    /// The epoch of the set that signed it.
    pub epoch: u64,
    /// The size of that set.
    pub set_size: usize,
}

/// Why a receipt proof does not verify.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ReceiptVerifyError {
    /// The receipt bytes are not a SCALE `Receipt`.
    #[error("the receipt does not decode: {0}")]
    ReceiptUndecodable(String),
    /// A header does not decode (`position` 0 = the receipt's block, then the ancestry).
    #[error("header {position} does not decode: {reason}")]
    HeaderUndecodable {
        /// Position in the chain of headers.
        position: usize,
        /// Codec error.
        reason: String,
    },
    /// The certificate bytes are not a SCALE `CommitCertificate`.
    #[error("the commit certificate does not decode: {0}")]
    CertificateUndecodable(String),
    /// The receipt names another block or position than the header and the proof.
    #[error("the receipt is for block #{receipt_block} index {receipt_index}, the proof for block #{header_block} leaf {leaf_index}")]
    ReceiptPosition {
        /// Block number in the receipt.
        receipt_block: u32,
        /// Index in the receipt.
        receipt_index: u32,
        /// The header's number.
        header_block: u32,
        /// The proof's leaf index.
        leaf_index: u32,
    },
    /// The header has no receipts root digest item.
    #[error("block #{block} has no receipts root in its header digest")]
    NoReceiptsRoot {
        /// The block number.
        block: u32,
    },
    /// The Merkle path does not lead from the receipt to the header's receipts root.
    #[error("the receipt is not in the receipts root {root:?} of block #{block}: the receipt or its Merkle path was altered")]
    NotInReceiptsRoot {
        /// Block number.
        block: u32,
        /// The header's receipts root.
        root: H256,
    },
    /// Two consecutive headers do not link.
    #[error("header chain broken at block #{number}: its parent hash is {parent:?}, the previous header hashes to {expected:?} (#{expected_number})")]
    BrokenChain {
        /// The child's number.
        number: u32,
        /// Its parent hash.
        parent: H256,
        /// The previous header's hash.
        expected: H256,
        /// The previous header's number.
        expected_number: u32,
    },
    /// The certificate's epoch is beyond the validator-set history given.
    #[error("the certificate is signed by the validator set of epoch {epoch}, but the validator-set history only proves epochs 0..={reaches}")]
    NoSetHistory {
        /// The certificate's epoch.
        epoch: u64,
        /// The last epoch the history proves.
        reaches: u64,
    },
    /// A set change is out of order: a gap, a skipped or a repeated epoch.
    #[error("validator-set history gap: the next change must start epoch {expected}, this one claims epoch {got}")]
    SetHistoryGap {
        /// The epoch the next change must start.
        expected: u64,
        /// The epoch it claims.
        got: u64,
    },
    /// A set change without headers.
    #[error("the change to epoch {epoch} carries no headers")]
    SetChangeNoHeaders {
        /// The epoch the change starts.
        epoch: u64,
    },
    /// Part of a set change does not decode.
    #[error("the change to epoch {epoch}: {what} does not decode: {reason}")]
    SetChangeUndecodable {
        /// The epoch the change starts.
        epoch: u64,
        /// Which part.
        what: String,
        /// Codec error.
        reason: String,
    },
    /// The headers of a set change do not link.
    #[error("the change to epoch {epoch}: header chain broken at block #{number}: its parent hash is {parent:?}, the previous header hashes to {expected:?}")]
    SetChangeBrokenChain {
        /// The epoch the change starts.
        epoch: u64,
        /// The child's number.
        number: u32,
        /// Its parent hash.
        parent: H256,
        /// The previous header's hash.
        expected: H256,
    },
    /// The certificate of a set change does not verify against the previous epoch's set.
    #[error("the change to epoch {epoch}: its certificate is not valid for the validator set of epoch {}: {source}", epoch - 1)]
    SetChangeCertificate {
        /// The epoch the change starts.
        epoch: u64,
        /// Why.
        source: CertificateError,
    },
    /// The certificate of a set change commits another block than its last header.
    #[error("the change to epoch {epoch}: the certificate commits {certified:?} at height {height}, the headers end at {last:?} (#{last_number})")]
    SetChangeNotCertified {
        /// The epoch the change starts.
        epoch: u64,
        /// What the certificate commits.
        certified: H256,
        /// Its height.
        height: u64,
        /// The last header's hash.
        last: H256,
        /// Its number.
        last_number: u32,
    },
    /// The set-changing block was not proposed in the epoch that ends.
    #[error("the change to epoch {epoch}: block #{block} was proposed in epoch {proposed_in:?}, not {}", epoch - 1)]
    SetChangeBlockEpoch {
        /// The epoch the change starts.
        epoch: u64,
        /// The set-changing block.
        block: u32,
        /// Its pre-digest epoch (`None` without a pre-digest).
        proposed_in: Option<u64>,
    },
    /// The set-changing block's header has no next-validator-set digest item.
    #[error("the change to epoch {epoch}: block #{block} has no next-validator-set item in its header digest")]
    SetChangeDigestMissing {
        /// The epoch the change starts.
        epoch: u64,
        /// The block.
        block: u32,
    },
    /// The next-validator-set item is duplicated or does not decode.
    #[error("the change to epoch {epoch}: block #{block}'s next-validator-set item is malformed: {reason}")]
    SetChangeDigestMalformed {
        /// The epoch the change starts.
        epoch: u64,
        /// The block.
        block: u32,
        /// Why.
        reason: String,
    },
    /// The next-validator-set item names another epoch.
    #[error("the change to epoch {epoch}: block #{block}'s header announces the set of epoch {digest_epoch}")]
    SetChangeDigestEpoch {
        /// The epoch the change starts.
        epoch: u64,
        /// The block.
        block: u32,
        /// The epoch in the digest.
        digest_epoch: u64,
    },
    /// The announced set is not a valid validator set.
    #[error("the change to epoch {epoch}: the announced set is invalid: {reason}")]
    SetChangeBadSet {
        /// The epoch the change starts.
        epoch: u64,
        /// Why.
        reason: String,
    },
    /// The proof's epoch field disagrees with the certificate.
    #[error("the proof says epoch {claimed}, its certificate is of epoch {actual}")]
    EpochMismatch {
        /// The proof's claim.
        claimed: u64,
        /// The certificate's epoch.
        actual: u64,
    },
    /// The chain spec's validator set is unusable.
    /// The chain spec's genesis cannot be built (so its genesis hash is unknown).
    #[error("the chain spec's genesis cannot be computed: {0}")]
    SpecGenesis(String),
    /// The proof is of another chain: its genesis hash is not the one the chain spec determines.
    #[error("the proof is of the chain with genesis {proof:?}, but the chain spec's genesis is {spec:?}")]
    GenesisMismatch {
        /// The genesis hash the proof names.
        proof: H256,
        /// The genesis hash computed from the chain spec.
        spec: H256,
    },
    #[error("the chain spec's validator set is invalid: {0}")]
    BadValidatorSet(String),
    /// The certificate does not verify against the validator set of its epoch.
    #[error("the commit certificate is invalid: {0}")]
    Certificate(#[from] CertificateError),
    /// The certificate commits a block other than the last header.
    #[error("the certificate commits block {certified:?} at height {height}, the headers end at {last:?} (#{last_number})")]
    CertifiedBlockMismatch {
        /// What the certificate commits.
        certified: H256,
        /// Its height.
        height: u64,
        /// The last header's hash.
        last: H256,
        /// Its number.
        last_number: u32,
    },
}

/// The spec's genesis validator set (epoch 0), as consensus wants it.
pub fn genesis_validator_set(spec: &ChainSpec) -> Result<ValidatorSet, ReceiptVerifyError> {
    let keys = spec
        .validator_keys()
        .into_iter()
        .map(|k| PublicKey(k.0))
        .collect();
    ValidatorSet::new(0, keys).map_err(|e| ReceiptVerifyError::BadValidatorSet(format!("{e:?}")))
}

/// The genesis hash `claimed` is the one `spec` determines ([`ChainSpec::genesis_hash`], computed from the spec's
/// genesis state): a proof of another chain, or of a chain started from an altered spec, is refused before any
/// signature is checked.
pub fn check_genesis(spec: &ChainSpec, claimed: &H256) -> Result<(), ReceiptVerifyError> {
    let expected = spec
        .genesis_hash()
        .map_err(|e| ReceiptVerifyError::SpecGenesis(e.to_string()))?;
    if *claimed != expected {
        return Err(ReceiptVerifyError::GenesisMismatch {
            proof: *claimed,
            spec: expected,
        });
    }
    Ok(())
}

fn decode_header(position: usize, bytes: &[u8]) -> Result<Header, ReceiptVerifyError> {
    Header::decode_all(&mut &bytes[..]).map_err(|e| ReceiptVerifyError::HeaderUndecodable {
        position,
        reason: e.to_string(),
    })
}

/// Verifies `proof` against `spec` (see the module docs for what is checked, in which order).
pub fn verify_receipt_proof(
    proof: &ReceiptProof,
    spec: &ChainSpec,
) -> Result<VerifiedReceipt, ReceiptVerifyError> {
    let receipt = decode_receipt(&proof.receipt)?;
    let block = decode_block(&proof.header, &proof.ancestry, &proof.certificate)?;
    check_receipt_in_block(&receipt, &proof.proof, &block.header)?;
    check_genesis(spec, &proof.genesis_hash)?;
    let sets = verify_set_history(
        genesis_validator_set(spec)?,
        &proof.set_history,
        &proof.genesis_hash,
    )?;
    let certified = certify_block(&block, proof.epoch, &sets, &proof.genesis_hash)?;
    Ok(VerifiedReceipt {
        receipt,
        block_hash: certified.block_hash,
        certified_hash: certified.certified_hash,
        certified_number: certified.certified_number,
        genesis_hash: proof.genesis_hash,
        signers: certified.signers,
        epoch: certified.epoch,
        set_size: certified.set_size,
    })
}

/// Step 1 for the receipt: its bytes are a SCALE `Receipt`.
pub(crate) fn decode_receipt(bytes: &[u8]) -> Result<Receipt, ReceiptVerifyError> {
    Receipt::decode_all(&mut &bytes[..])
        .map_err(|e| ReceiptVerifyError::ReceiptUndecodable(e.to_string()))
}

/// A block's header, the headers up to the certified block, and the certificate, decoded.
pub(crate) struct DecodedBlock {
    pub(crate) header: Header,
    pub(crate) ancestry: Vec<Header>,
    pub(crate) certificate: CommitCertificate,
}

/// Step 1 for the block: the header, the ancestry and the certificate decode.
pub(crate) fn decode_block(
    header: &[u8],
    ancestry: &[impl AsRef<[u8]>],
    certificate: &[u8],
) -> Result<DecodedBlock, ReceiptVerifyError> {
    let header = decode_header(0, header)?;
    let ancestry = ancestry
        .iter()
        .enumerate()
        .map(|(i, bytes)| decode_header(i + 1, bytes.as_ref()))
        .collect::<Result<Vec<_>, _>>()?;
    let certificate =
        CommitCertificate::decode_all_with_depth_limit(MAX_DECODE_DEPTH, &mut &certificate[..])
            .map_err(|e| ReceiptVerifyError::CertificateUndecodable(e.to_string()))?;
    Ok(DecodedBlock {
        header,
        ancestry,
        certificate,
    })
}

/// Steps 2 and 3: the receipt sits at the proof's leaf index of `header`'s block and its Merkle path reaches the
/// header's receipts root.
pub(crate) fn check_receipt_in_block(
    receipt: &Receipt,
    proof: &MerkleProof,
    header: &Header,
) -> Result<(), ReceiptVerifyError> {
    if receipt.block != header.number || receipt.index != proof.leaf_index {
        return Err(ReceiptVerifyError::ReceiptPosition {
            receipt_block: receipt.block,
            receipt_index: receipt.index,
            header_block: header.number,
            leaf_index: proof.leaf_index,
        });
    }
    let root = header
        .digest
        .receipts_root()
        .ok_or(ReceiptVerifyError::NoReceiptsRoot {
            block: header.number,
        })?;
    let leaf = queries::receipt_leaf(receipt);
    if !verify_merkle_proof(&root.0, &leaf.0, proof) {
        return Err(ReceiptVerifyError::NotInReceiptsRoot {
            block: header.number,
            root,
        });
    }
    Ok(())
}

/// What steps 4 to 6 establish about a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CertifiedBlock {
    pub(crate) block_hash: H256,
    pub(crate) certified_hash: H256,
    pub(crate) certified_number: u32,
    pub(crate) signers: usize,
    pub(crate) epoch: u64,
    pub(crate) set_size: usize,
}

/// Steps 4, 6 and 7: the headers link, the certificate is of the epoch `epoch` claims, verifies against that epoch's
/// set in `sets` (already verified from genesis) and `genesis_hash`, and commits the last header.
pub(crate) fn certify_block(
    block: &DecodedBlock,
    epoch: u64,
    sets: &VerifiedSets,
    genesis_hash: &H256,
) -> Result<CertifiedBlock, ReceiptVerifyError> {
    let header = &block.header;
    let block_hash = header.hash();
    let (mut last_hash, mut last_number) = (block_hash, header.number);
    for child in &block.ancestry {
        if child.parent_hash != last_hash || Some(child.number) != last_number.checked_add(1) {
            return Err(ReceiptVerifyError::BrokenChain {
                number: child.number,
                parent: child.parent_hash,
                expected: last_hash,
                expected_number: last_number,
            });
        }
        (last_hash, last_number) = (child.hash(), child.number);
    }

    let certificate = &block.certificate;
    let actual = certificate.qc.vote.epoch;
    if actual != epoch {
        return Err(ReceiptVerifyError::EpochMismatch {
            claimed: epoch,
            actual,
        });
    }
    let set = sets.get(actual)?;
    let committed = certificate.verify(set, &genesis_hash.0)?;
    if committed.id != last_hash.0 || committed.height != u64::from(last_number) {
        return Err(ReceiptVerifyError::CertifiedBlockMismatch {
            certified: H256(committed.id),
            height: committed.height,
            last: last_hash,
            last_number,
        });
    }
    Ok(CertifiedBlock {
        block_hash,
        certified_hash: last_hash,
        certified_number: last_number,
        signers: certificate.qc.signatures.len(),
        epoch: actual,
        set_size: set.len(),
    })
}
