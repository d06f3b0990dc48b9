//! Rebuilding the consensus core after a restart from what was persisted (DESIGN.md §4–5).
//!
//! Persisted: the safety data (written with sync before any vote or timeout left), every block this node was about
//! to vote for (`Pending`), and committed blocks with their certificates. Uncommitted blocks are re-executed on
//! start so the node can keep building on them.

use metanode_consensus::{
    BlockRef, CommitCertificate, Core, ProposedBlock, QuorumCert, RecoveryState, SafetyData,
    ValidatorSet,
};
use metanode_primitives::{AccountId32, H256};
use metanode_runtime::ChainContext;
use metanode_storage::{Column, WriteBatch};
use parity_scale_codec::Decode;

use super::{verifier, DriverError};
use crate::chain::Chain;

/// Most stored pending blocks read back on start.
const MAX_PENDING_ON_START: usize = 10_000;

/// Loads the recovery state and re-executes stored uncommitted blocks into `chain`.
pub fn recover(
    chain: &Chain,
    ctx: &ChainContext,
    validators: &ValidatorSet,
    leader_of: impl Fn(u64) -> AccountId32,
) -> Result<RecoveryState, DriverError> {
    let store = chain.store();
    let safety = match store.get(Column::Safety, crate::chain::SAFETY_KEY)? {
        Some(raw) => SafetyData::decode(&mut &raw[..]).map_err(|e| DriverError::Corrupt {
            what: "safety data",
            reason: e.to_string(),
        })?,
        None => SafetyData::default(),
    };
    let finalized = chain.finalized();
    let committed = BlockRef {
        id: finalized.hash.0,
        round: finalized.round,
        height: u64::from(finalized.number),
    };
    let committed_cert =
        match chain.justification(&finalized.hash)? {
            Some(raw) => Some(CommitCertificate::decode(&mut &raw[..]).map_err(|e| {
                DriverError::Corrupt {
                    what: "commit certificate",
                    reason: e.to_string(),
                }
            })?),
            None => None,
        };

    let mut stored: Vec<ProposedBlock> = Vec::new();
    let mut stale = WriteBatch::default();
    for (key, raw) in store.scan(Column::Pending, &[], &[], MAX_PENDING_ON_START)? {
        match ProposedBlock::decode(&mut &raw[..]) {
            Ok(block)
                if block.height > committed.height
                    && block.justify.vote.epoch == validators.epoch() =>
            {
                stored.push(block)
            }
            _ => stale.delete(Column::Pending, key),
        }
    }
    stored.sort_by_key(|b| (b.height, b.round));
    let mut blocks = Vec::new();
    for block in stored {
        match verifier::execute_proposed(chain, ctx, &block, leader_of(block.round))? {
            Ok(executed) => {
                chain.insert_pending(executed);
                blocks.push(block);
            }
            Err(reason) => {
                tracing::warn!(target: "consensus", id = ?H256(block.id), %reason, "dropping stored block on recovery");
                stale.delete(Column::Pending, block.id);
            }
        }
    }
    if !stale.is_empty() {
        store.write(stale, true)?;
    }

    let highest_qc = blocks
        .iter()
        .map(|b| &b.justify)
        .chain(committed_cert.as_ref().map(|c| &c.qc))
        .max_by_key(|qc| qc.vote.round)
        .cloned()
        .unwrap_or_else(|| QuorumCert::genesis(committed.id));
    tracing::info!(
        target: "consensus",
        committed = committed.height,
        last_voted_round = safety.last_voted_round,
        uncommitted = blocks.len(),
        epoch = validators.epoch(),
        "recovered consensus state"
    );
    if committed.height == 0 && blocks.is_empty() && safety == SafetyData::default() {
        return Ok(Core::genesis_recovery(committed));
    }
    // The finalized block began the current epoch: the epoch starts from it at round 0, and the old epoch's
    // certificate that committed it certifies nothing in the new one.
    if let Some(root) = validators.start().filter(|root| root.id == committed.id) {
        let highest_qc = blocks
            .iter()
            .map(|b| &b.justify)
            .filter(|qc| qc.vote.epoch == validators.epoch())
            .max_by_key(|qc| qc.vote.round)
            .cloned()
            .unwrap_or_else(|| QuorumCert::epoch_start(validators.epoch(), root));
        return Ok(RecoveryState {
            safety,
            committed: root,
            committed_cert: None,
            highest_qc,
            blocks,
        });
    }
    Ok(RecoveryState {
        safety,
        committed,
        committed_cert,
        highest_qc,
        blocks,
    })
}
