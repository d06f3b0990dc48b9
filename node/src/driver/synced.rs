//! Committing blocks that sync fetched from a peer: each must extend the finalized head, carry a commit certificate
//! that verifies against the validator set and names exactly this block, and re-execute to its state root.

use metanode_consensus::{CommitCertificate, ProposedBlock, QuorumCert};
use metanode_network::PeerId;
use metanode_primitives::{Block, H256};
use parity_scale_codec::DecodeAll;
use tokio::sync::oneshot;

use super::{leader_account, verifier, Driver, DriverError};
use crate::p2p::wire::SyncedBlock;

/// A batch of consecutive committed blocks from one peer, and where to say how it went.
pub struct SyncBatch {
    /// The peer that sent them (reported if they fail).
    pub peer: PeerId,
    /// The blocks, lowest first.
    pub blocks: Vec<SyncedBlock>,
    /// Receives the new finalized number, or why the batch was refused.
    pub done: oneshot::Sender<Result<u32, String>>,
}

impl Driver {
    /// Verifies and commits `batch`; a failure reports the peer. Rebuilds the core when anything was committed.
    pub(super) fn import_synced(&mut self, batch: SyncBatch) -> Result<(), DriverError> {
        self.flush()?;
        let mut imported = 0usize;
        let mut outcome = Ok(());
        for entry in &batch.blocks {
            match self.import_one(entry)? {
                Ok(true) => imported += 1,
                Ok(false) => {}
                Err(reason) => {
                    outcome = Err(reason);
                    break;
                }
            }
        }
        if imported > 0 {
            let head = self.parts.chain.finalized();
            tracing::info!(target: "sync", imported, finalized = head.number, hash = ?head.hash, "committed synced blocks");
            self.rebuild_core()?;
        }
        let reply = match outcome {
            Ok(()) => Ok(self.parts.chain.finalized().number),
            Err(reason) => {
                self.parts
                    .network
                    .report(&batch.peer, format!("sync: {reason}"));
                Err(reason)
            }
        };
        let _ = batch.done.send(reply);
        Ok(())
    }

    /// `Ok(Ok(true))` committed, `Ok(Ok(false))` already had it, `Ok(Err(_))` the peer's data is wrong.
    fn import_one(&mut self, entry: &SyncedBlock) -> Result<Result<bool, String>, DriverError> {
        if entry.block.len() > verifier::MAX_BLOCK_BYTES {
            return Ok(Err(format!("block of {} bytes", entry.block.len())));
        }
        let block = match Block::decode_all(&mut &entry.block[..]) {
            Ok(block) => block,
            Err(e) => return Ok(Err(format!("block does not decode: {e}"))),
        };
        let hash = block.header.hash();
        let number = block.header.number;
        let head = self.parts.chain.finalized();
        if number <= head.number {
            return Ok(Ok(false));
        }
        if number != head.number + 1 || block.header.parent_hash != head.hash {
            return Ok(Err(format!(
                "block #{number} {hash:?} does not extend the finalized head #{} {:?}",
                head.number, head.hash
            )));
        }
        let certificate = match CommitCertificate::decode_all(&mut &entry.certificate[..]) {
            Ok(certificate) => certificate,
            Err(e) => return Ok(Err(format!("certificate of #{number} does not decode: {e}"))),
        };
        let genesis = self.parts.chain.genesis_hash().0;
        let committed = match certificate.verify(&self.parts.validators, &genesis) {
            Ok(committed) => committed,
            Err(e) => return Ok(Err(format!("certificate of #{number} is invalid: {e}"))),
        };
        if H256(committed.id) != hash || committed.height != u64::from(number) {
            return Ok(Err(format!(
                "certificate of #{number} commits another block ({:?} at height {})",
                H256(committed.id),
                committed.height
            )));
        }
        if self.parts.chain.pending(&hash).is_none() {
            let proposed = match proposed_from(&block, hash, entry) {
                Ok(proposed) => proposed,
                Err(reason) => return Ok(Err(reason)),
            };
            let leader = leader_account(&self.parts.validators, proposed.round);
            match verifier::execute_proposed(
                &self.parts.chain,
                &self.parts.ctx,
                &proposed,
                leader,
            )? {
                Ok(executed) => {
                    self.parts.chain.insert_pending(executed);
                }
                Err(rejected) => return Ok(Err(format!("block #{number}: {rejected}"))),
            }
        }
        self.commit_hash(hash, entry.certificate.clone())?;
        Ok(Ok(true))
    }
}

/// The consensus view of a committed block: round and parent QC come from its header digest.
fn proposed_from(block: &Block, hash: H256, entry: &SyncedBlock) -> Result<ProposedBlock, String> {
    let number = block.header.number;
    let pre = block
        .header
        .digest
        .pre_digest()
        .ok_or_else(|| format!("block #{number} has no consensus pre-digest"))?;
    let qc_bytes = block
        .header
        .digest
        .parent_qc()
        .ok_or_else(|| format!("block #{number} has no parent QC"))?;
    let justify = QuorumCert::decode_all(&mut &qc_bytes[..])
        .map_err(|e| format!("parent QC of #{number} does not decode: {e}"))?;
    Ok(ProposedBlock {
        id: hash.0,
        parent: block.header.parent_hash.0,
        round: pre.round,
        height: u64::from(number),
        justify,
        payload: entry.block.clone(),
    })
}
