//! Building a block on top of a (possibly uncommitted) parent, from the inherents and the pool.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use metanode_consensus::QuorumCert;
use metanode_primitives::{
    extrinsics_root, AccountId32, Block, ConsensusPreDigest, Digest, DigestItem, Header,
    OpaqueExtrinsic, H256, HOTSTUFF_ENGINE_ID,
};
use metanode_runtime::{executive, ChainContext, InvalidTransaction, TransactionValidityError};
use metanode_support::OverlayState;
use parity_scale_codec::Encode;

use super::DriverError;
use crate::chain::{Chain, PendingBlock, StateView};
use crate::pool::{signatures, TxPool};

/// Bounds of one block.
#[derive(Clone, Copy, Debug)]
pub struct BlockLimits {
    /// Extrinsics per block (inherents included).
    pub max_extrinsics: usize,
    /// Bytes of all extrinsics.
    pub max_bytes: usize,
    /// Time the builder may spend applying pool transactions: every validator executes the block again before it
    /// votes, so a block that takes longer than a fraction of a round to build risks the round timing out under
    /// load; the rest of the pool waits for the next block.
    pub max_build_time: Duration,
}

impl Default for BlockLimits {
    fn default() -> Self {
        BlockLimits {
            max_extrinsics: 4_096,
            max_bytes: 4 * 1024 * 1024,
            max_build_time: Duration::from_millis(500),
        }
    }
}

/// What the proposer needs to know to build a block.
pub struct Proposal<'a> {
    /// The parent block.
    pub parent: H256,
    /// The round being led.
    pub round: u64,
    /// The validator-set epoch.
    pub epoch: u64,
    /// Our account (fees go to it).
    pub proposer: AccountId32,
    /// The certificate of the parent, carried in the header digest.
    pub justify: &'a QuorumCert,
    /// Wall-clock time for the timestamp inherent, in ms since the Unix epoch.
    pub now_ms: u64,
}

/// A built block, and pool extrinsics found unincludable for good.
pub struct BuiltBlock {
    /// The executed block.
    pub block: PendingBlock,
    /// Extrinsics to drop from the pool.
    pub invalid: Vec<H256>,
}

/// The consensus part of the digest every Metanode block carries: the pre-digest and the parent's QC. The builder
/// appends the receipts root (`Consensus(RCPT, ..)`) after executing the extrinsics.
pub fn consensus_digest(
    round: u64,
    epoch: u64,
    proposer: AccountId32,
    justify: &QuorumCert,
) -> Digest {
    let pre = ConsensusPreDigest {
        round,
        epoch,
        proposer,
    };
    Digest {
        logs: vec![
            DigestItem::PreRuntime(HOTSTUFF_ENGINE_ID, pre.encode()),
            DigestItem::Consensus(HOTSTUFF_ENGINE_ID, justify.encode()),
        ],
    }
}

/// Builds and executes a block: inherents first, then pool extrinsics in pool order while they fit.
pub fn build_block(
    chain: &Chain,
    pool: &TxPool,
    ctx: &ChainContext,
    proposal: Proposal<'_>,
    limits: BlockLimits,
) -> Result<BuiltBlock, DriverError> {
    let layers = chain
        .uncommitted_chain(&proposal.parent)
        .ok_or(DriverError::UnknownParent(proposal.parent))?;
    let parent_header = chain
        .header(&proposal.parent)?
        .ok_or(DriverError::UnknownParent(proposal.parent))?;
    let mut header = Header {
        parent_hash: proposal.parent,
        number: parent_header.number + 1,
        state_root: H256::zero(),
        extrinsics_root: H256::zero(),
        digest: consensus_digest(
            proposal.round,
            proposal.epoch,
            proposal.proposer,
            proposal.justify,
        ),
    };
    let ancestors: Vec<_> = layers.iter().rev().cloned().collect();
    let view = StateView::new(chain.state_db(), layers);
    let mut overlay = OverlayState::new(&view);
    executive::initialize_block(&mut overlay, &header);

    let mut extrinsics: Vec<OpaqueExtrinsic> = Vec::new();
    for inherent in executive::inherents(proposal.now_ms) {
        let bytes = inherent.encode();
        executive::apply_extrinsic(&mut overlay, ctx, &bytes)
            .map_err(|e| DriverError::Inherent(e.to_string()))?
            .map_err(|e| DriverError::Inherent(format!("{e:?}")))?;
        extrinsics.push(inherent);
    }
    let mut bytes_used: usize = extrinsics.iter().map(|x| x.0.len()).sum();
    let mut invalid = Vec::new();
    // Transactions in the uncommitted ancestors stay in the pool until their block commits: skip them here (they
    // would only fail as stale) so they do not take the places of transactions that can go in.
    let in_ancestors: HashSet<H256> = ancestors
        .iter()
        .flat_map(|b| b.extrinsic_hashes.iter().copied())
        .collect();
    // A sender whose next transaction is not includable yet (nonce gap, fees) cannot have a later one included.
    let mut blocked: HashSet<AccountId32> = HashSet::new();
    let started = Instant::now();
    for tx in pool.ready(usize::MAX) {
        if extrinsics.len() >= limits.max_extrinsics
            || bytes_used + tx.bytes.len() > limits.max_bytes
            || started.elapsed() >= limits.max_build_time
        {
            break;
        }
        if in_ancestors.contains(&tx.hash) || blocked.contains(&tx.sender) {
            continue;
        }
        // Signatures the pool verified at admission are not verified again (every other check runs).
        match executive::apply_extrinsic_with(&mut overlay, ctx, &tx.bytes, signatures::shared()) {
            Ok(_) => {
                bytes_used += tx.bytes.len();
                extrinsics.push(opaque(&tx.bytes)?);
            }
            Err(TransactionValidityError::Invalid(InvalidTransaction::ExhaustsResources)) => break,
            Err(TransactionValidityError::Invalid(reason)) if is_final(&reason) => {
                tracing::debug!(target: "txpool", hash = ?tx.hash, ?reason, "dropping unincludable transaction");
                invalid.push(tx.hash);
            }
            // Future nonces, stale nonces already in an uncommitted ancestor, fees not payable yet: keep waiting.
            Err(_) => {
                blocked.insert(tx.sender);
            }
        }
    }
    let seal = executive::finalize_block(&mut overlay, ctx);
    // Digest order: pre-digest, parent QC, receipts root, then the next validator set when this block changed it.
    seal.push_to(&mut header.digest);
    let changes = overlay.into_changes();
    let ancestor_updates: Vec<_> = ancestors.iter().map(|b| &b.update).collect();
    let update = chain
        .state_db()
        .apply(&ancestor_updates, u64::from(header.number), changes)?;
    header.state_root = H256::from(update.root);
    header.extrinsics_root = extrinsics_root(&extrinsics);
    let block = Block { header, extrinsics };
    Ok(BuiltBlock {
        block: PendingBlock::new(block, proposal.round, update),
        invalid,
    })
}

/// Rejections that no later block can cure.
fn is_final(reason: &InvalidTransaction) -> bool {
    matches!(
        reason,
        InvalidTransaction::BadProof
            | InvalidTransaction::Call
            | InvalidTransaction::AncientBirthBlock
            | InvalidTransaction::BadSigner
    )
}

/// The inner bytes of an encoded extrinsic (without its compact length prefix).
fn opaque(encoded: &[u8]) -> Result<OpaqueExtrinsic, DriverError> {
    use parity_scale_codec::DecodeAll;
    OpaqueExtrinsic::decode_all(&mut &encoded[..]).map_err(|e| DriverError::Inherent(e.to_string()))
}

#[cfg(test)]
#[path = "builder_tests.rs"]
mod tests;
