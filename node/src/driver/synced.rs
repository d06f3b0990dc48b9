//! Committing blocks that sync fetched from a peer: the batch must be one chain extending the finalized head; each
//! block's commit certificate must verify against the validator set and commit the block itself or a descendant in
//! the batch (HotStuff commits a block's uncommitted ancestors with it, so they share its certificate); and each block
//! must re-execute to its state root.

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

/// A synced block, decoded, with what its certificate commits.
struct Checked {
    block: Block,
    hash: H256,
    certificate: Vec<u8>,
    /// The certificate, decoded; verified against the set in force when its block is committed.
    decoded: CommitCertificate,
    /// The block the certificate names: this one, or a descendant (ancestors are committed with it).
    commits: (H256, u64),
    payload: Vec<u8>,
}

impl Driver {
    /// Verifies and commits `batch`; a failure reports the peer. Rebuilds the core when anything was committed.
    pub(super) fn import_synced(&mut self, batch: SyncBatch) -> Result<(), DriverError> {
        self.flush()?;
        let mut imported = 0usize;
        let outcome = match self.check_batch(&batch.blocks) {
            Ok(checked) => self.commit_checked(checked, &mut imported),
            Err(reason) => Ok(Err(reason)),
        }?;
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

    /// Decodes the batch and checks that it is one chain extending the finalized head whose certificates name its
    /// own blocks. Signatures are checked in [`Self::commit_checked`], against the set in force at each block (an
    /// epoch may end inside the batch). Blocks already final here are skipped.
    fn check_batch(&self, entries: &[SyncedBlock]) -> Result<Vec<Checked>, String> {
        let head = self.parts.chain.finalized();
        let mut parent = (head.number, head.hash);
        let mut checked = Vec::new();
        for entry in entries {
            if entry.block.len() > verifier::MAX_BLOCK_BYTES {
                return Err(format!("block of {} bytes", entry.block.len()));
            }
            let block = Block::decode_all(&mut &entry.block[..])
                .map_err(|e| format!("block does not decode: {e}"))?;
            let hash = block.header.hash();
            let number = block.header.number;
            if number <= head.number {
                continue;
            }
            if number != parent.0 + 1 || block.header.parent_hash != parent.1 {
                return Err(format!(
                    "block #{number} {hash:?} does not extend #{} {:?}",
                    parent.0, parent.1
                ));
            }
            let certificate = CommitCertificate::decode_all(&mut &entry.certificate[..])
                .map_err(|e| format!("certificate of #{number} does not decode: {e}"))?;
            let committed = certificate.committed().ok_or_else(|| {
                format!("certificate of #{number} commits nothing (rounds not consecutive)")
            })?;
            if committed.height < u64::from(number)
                || (committed.height == u64::from(number) && H256(committed.id) != hash)
            {
                return Err(format!(
                    "certificate of #{number} commits {:?} at height {}, not this block or a descendant",
                    H256(committed.id),
                    committed.height
                ));
            }
            parent = (number, hash);
            checked.push(Checked {
                block,
                hash,
                certificate: entry.certificate.clone(),
                decoded: certificate,
                commits: (H256(committed.id), committed.height),
                payload: entry.block.clone(),
            });
        }
        // A certificate committing a descendant must name the batch's block at that height.
        for item in &checked {
            let (id, height) = item.commits;
            if let Some(target) = checked
                .iter()
                .find(|c| u64::from(c.block.header.number) == height)
            {
                if target.hash != id {
                    return Err(format!(
                        "certificate of #{} commits {id:?} at height {height}, but the peer's block there is {:?}",
                        item.block.header.number, target.hash
                    ));
                }
            }
        }
        Ok(checked)
    }

    /// Executes and commits checked blocks in order, stopping before a block whose certificate commits a descendant
    /// outside the batch (the next request starts there). `Ok(Err(_))` means the peer's data is wrong.
    fn commit_checked(
        &mut self,
        checked: Vec<Checked>,
        imported: &mut usize,
    ) -> Result<Result<(), String>, DriverError> {
        let last = checked
            .last()
            .map_or(0, |c| u64::from(c.block.header.number));
        for item in checked {
            let number = item.block.header.number;
            if item.commits.1 > last {
                break;
            }
            let genesis = self.parts.chain.genesis_hash().0;
            if let Err(e) = item.decoded.verify(&self.parts.validators, &genesis) {
                return Ok(Err(format!("certificate of #{number} is invalid: {e}")));
            }
            if self.parts.chain.pending(&item.hash).is_none() {
                let proposed = match proposed_from(&item.block, item.hash, item.payload) {
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
            let epoch_before = self.parts.validators.epoch();
            self.commit_hash(item.hash, item.certificate)?;
            *imported += 1;
            // A committed block that changed the set ends the epoch: later certificates are the new set's.
            if metanode_runtime::queries::validator_epoch(
                &self
                    .parts
                    .chain
                    .view_at(&item.hash)
                    .ok_or(DriverError::UnknownParent(item.hash))?,
            ) != epoch_before
            {
                self.adopt_set_after(&item.hash)?;
            }
        }
        Ok(Ok(()))
    }
}

/// The consensus view of a committed block: round and parent QC come from its header digest.
fn proposed_from(block: &Block, hash: H256, payload: Vec<u8>) -> Result<ProposedBlock, String> {
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
        payload,
    })
}
