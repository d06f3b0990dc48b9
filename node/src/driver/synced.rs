//! Committing blocks that sync fetched from a peer: the batch must be one chain extending the finalized head; each
//! block's commit certificate must verify against the validator set in force at the block and commit the block
//! itself or a descendant (HotStuff commits a block's uncommitted ancestors with it, so they share its certificate);
//! and each block must re-execute to its state root.
//!
//! Epoch changes: when block `B` changes the validator set, the epoch ends at `B`, but the epoch-`e` certificate
//! that committed `B` may certify a descendant `T` of `B` (after a timeout), and the blocks `B+1..=T` are never
//! committed: the new epoch's first block is a child of `B`. So the peer's blocks after `B` are no evidence for `B`'s
//! certificate; the peer sends the headers `B+1..=T` with `B` ([`SyncedBlock::linking`]). A block's certificate is
//! checked against the chain that continues from the block through the batch up to the first block that announces
//! a new set (header digest `Consensus(HSVS, ..)`), then through that block's linking headers, and nowhere further.

use metanode_consensus::{CommitCertificate, ProposedBlock, QuorumCert};
use metanode_network::PeerId;
use metanode_primitives::{Block, Header, H256};
use parity_scale_codec::DecodeAll;
use tokio::sync::oneshot;

use super::{leader_account, verifier, Driver, DriverError};
use crate::p2p::wire::{SyncedBlock, MAX_LINKING_HEADERS};

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
#[derive(Debug)]
struct Checked {
    block: Block,
    hash: H256,
    certificate: Vec<u8>,
    /// The certificate, decoded; verified against the set in force when its block is committed.
    decoded: CommitCertificate,
    /// The block the certificate names: this one, or a descendant (ancestors are committed with it).
    commits: (H256, u64),
    /// Headers from this block's child to the block its certificate commits, when this block ended an epoch and
    /// that block is off the committed chain (checked to link up).
    linking: Vec<Header>,
    /// Whether the certificate's block was found on this block's chain (else it lies beyond the batch: the next
    /// request starts here).
    proven: bool,
    payload: Vec<u8>,
}

impl Driver {
    /// Verifies and commits `batch`; a failure reports the peer. Rebuilds the core when anything was committed.
    pub(super) fn import_synced(&mut self, batch: SyncBatch) -> Result<(), DriverError> {
        self.flush()?;
        self.commit_deferred()?;
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

    /// Checks `entries` against this node's finalized head ([`check_batch`]).
    fn check_batch(&self, entries: &[SyncedBlock]) -> Result<Vec<Checked>, String> {
        let head = self.parts.chain.finalized();
        check_batch((head.number, head.hash), entries)
    }

    /// Executes and commits checked blocks in order, stopping before a block whose certificate commits a descendant
    /// outside the batch (the next request starts there). `Ok(Err(_))` means the peer's data is wrong.
    fn commit_checked(
        &mut self,
        checked: Vec<Checked>,
        imported: &mut usize,
    ) -> Result<Result<(), String>, DriverError> {
        for item in checked {
            let number = item.block.header.number;
            if !item.proven {
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
            self.commit_hash(item.hash, item.certificate, &item.linking)?;
            *imported += 1;
            // A committed block that changed the set ends the epoch: later certificates are the new set's.
            let epoch_after = metanode_runtime::queries::validator_epoch(
                &self
                    .parts
                    .chain
                    .view_at(&item.hash)
                    .ok_or(DriverError::UnknownParent(item.hash))?,
            );
            if epoch_after != epoch_before {
                tracing::info!(target: "sync", number, epoch = epoch_after, linking = item.linking.len(), "synced across a validator-set change");
                self.adopt_set_after(&item.hash)?;
            }
        }
        Ok(Ok(()))
    }
}

/// Decodes `entries` and checks that they form one chain extending `head` (number, hash) whose certificates each
/// commit a block on the chain that continues from their own block (see the module docs): through the batch, and
/// past a block that announces a new validator set only through that block's linking headers. A certificate
/// naming a block beyond the batch leaves its block unproven (not an error); naming another block at a height the
/// batch or the linking headers cover, or anything beyond an announced set change, is an error. Blocks at or below
/// `head` are skipped. Signatures are not checked here (see [`Driver::commit_checked`]).
fn check_batch(head: (u32, H256), entries: &[SyncedBlock]) -> Result<Vec<Checked>, String> {
    let mut parent = head;
    let mut checked = Vec::new();
    for entry in entries {
        if entry.block.len() > verifier::MAX_BLOCK_BYTES {
            return Err(format!("block of {} bytes", entry.block.len()));
        }
        let block = Block::decode_all(&mut &entry.block[..])
            .map_err(|e| format!("block does not decode: {e}"))?;
        let hash = block.header.hash();
        let number = block.header.number;
        if number <= head.0 {
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
        let announces_set = match block.header.digest.next_validator_set() {
            Ok(next) => next.is_some(),
            Err(e) => {
                return Err(format!(
                    "block #{number} has a malformed next-validator-set item: {e}"
                ))
            }
        };
        let linking = decode_linking(&block.header, hash, announces_set, &entry.linking)?;
        if let Some(last) = linking.last() {
            if H256(committed.id) != last.hash() || committed.height != u64::from(last.number) {
                return Err(format!(
                    "certificate of #{number} commits {:?} at height {}, not the last of its linking headers",
                    H256(committed.id),
                    committed.height
                ));
            }
        }
        parent = (number, hash);
        checked.push(Checked {
            block,
            hash,
            certificate: entry.certificate.clone(),
            decoded: certificate,
            commits: (H256(committed.id), committed.height),
            linking,
            proven: false,
            payload: entry.block.clone(),
        });
    }
    for i in 0..checked.len() {
        let (id, height) = checked[i].commits;
        let number = checked[i].block.header.number;
        match block_on_chain_from(&checked, i, height) {
            OnChain::Found(found) if found == id => checked[i].proven = true,
            OnChain::Found(found) => {
                return Err(format!(
                    "certificate of #{number} commits {id:?} at height {height}, but the peer's block there is {found:?}"
                ))
            }
            OnChain::BeyondBatch => {}
            OnChain::BeyondEpoch { last } => {
                return Err(format!(
                    "certificate of #{number} commits {id:?} at height {height}, beyond #{last} where the epoch \
                     ended, and the peer sent no headers linking them"
                ))
            }
        }
    }
    Ok(checked)
}

/// Decodes and checks an entry's linking headers: only a block announcing a new set carries them, at most
/// [`MAX_LINKING_HEADERS`], each the child of the one before, the first a child of the block.
fn decode_linking(
    header: &Header,
    hash: H256,
    announces_set: bool,
    raw: &[Vec<u8>],
) -> Result<Vec<Header>, String> {
    let number = header.number;
    if raw.is_empty() {
        return Ok(Vec::new());
    }
    if !announces_set {
        return Err(format!(
            "block #{number} carries linking headers but announces no validator-set change"
        ));
    }
    if raw.len() > MAX_LINKING_HEADERS {
        return Err(format!(
            "block #{number} carries {} linking headers (at most {MAX_LINKING_HEADERS})",
            raw.len()
        ));
    }
    let mut linking = Vec::with_capacity(raw.len());
    let mut parent = (number, hash);
    for (position, bytes) in raw.iter().enumerate() {
        let child = Header::decode_all(&mut &bytes[..])
            .map_err(|e| format!("linking header {position} of #{number} does not decode: {e}"))?;
        if child.parent_hash != parent.1 || Some(child.number) != parent.0.checked_add(1) {
            return Err(format!(
                "linking header {position} of #{number} (#{} with parent {:?}) does not extend #{} {:?}",
                child.number, child.parent_hash, parent.0, parent.1
            ));
        }
        parent = (child.number, child.hash());
        linking.push(child);
    }
    Ok(linking)
}

/// Where a height falls on the chain continuing from `checked[from]`.
#[derive(Debug, PartialEq, Eq)]
enum OnChain {
    /// The block there.
    Found(H256),
    /// Above the batch's last block, with no epoch end on the way.
    BeyondBatch,
    /// Above the last block of the epoch (and its linking headers): no certificate of that epoch reaches there.
    BeyondEpoch {
        /// The epoch's last block (or linking header).
        last: u32,
    },
}

/// The block at `height` on the chain that continues from `checked[from]`: the batch's blocks up to and including
/// the first that announces a new validator set, then that block's linking headers.
fn block_on_chain_from(checked: &[Checked], from: usize, height: u64) -> OnChain {
    for item in &checked[from..] {
        let number = u64::from(item.block.header.number);
        if number == height {
            return OnChain::Found(item.hash);
        }
        if item
            .block
            .header
            .digest
            .next_validator_set()
            .ok()
            .flatten()
            .is_some()
        {
            if let Some(h) = item.linking.iter().find(|h| u64::from(h.number) == height) {
                return OnChain::Found(h.hash());
            }
            let last = item
                .linking
                .last()
                .map_or(item.block.header.number, |h| h.number);
            return OnChain::BeyondEpoch { last };
        }
    }
    OnChain::BeyondBatch
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

#[cfg(test)]
mod tests {
    use parity_scale_codec::Encode;

    use super::*;

    use crate::test_fixtures::header;

    /// An (unsigned) epoch-`epoch` commit certificate for `committed`, as the QC of its child in the next round.
    fn certificate(epoch: u64, committed: &Header) -> Vec<u8> {
        crate::test_fixtures::unsigned_certificate(
            epoch,
            committed,
            u64::from(committed.number) * 10,
        )
    }

    fn entry(header: &Header, certificate: Vec<u8>, linking: &[Header]) -> SyncedBlock {
        SyncedBlock {
            block: Block {
                header: header.clone(),
                extrinsics: Vec::new(),
            }
            .encode(),
            certificate,
            linking: linking.iter().map(Encode::encode).collect(),
        }
    }

    fn genesis() -> (u32, H256) {
        (0, H256::repeat_byte(0x11))
    }

    fn proven(checked: &[Checked]) -> Vec<bool> {
        checked.iter().map(|c| c.proven).collect()
    }

    /// Epoch 0: #1, #2 (changes the set). Epoch 1 builds on #2: #3, #4, #5.
    struct EpochChange {
        b1: Header,
        b2: Header,
        c3: Header,
        c4: Header,
        c5: Header,
    }

    fn epoch_change() -> EpochChange {
        let b1 = header(1, genesis().1, 1, None);
        let b2 = header(2, b1.hash(), 2, Some(1));
        let c3 = header(3, b2.hash(), 3, None);
        let c4 = header(4, c3.hash(), 4, None);
        let c5 = header(5, c4.hash(), 5, None);
        EpochChange { b1, b2, c3, c4, c5 }
    }

    #[test]
    fn epoch_change_certified_at_the_set_changing_block() {
        let EpochChange {
            b1, b2, c3, c4, c5, ..
        } = epoch_change();
        // T = B: #1 and #2 share the epoch-0 certificate committing #2; the new epoch certifies #3, then #5 commits
        // #4 with it (beyond the batch).
        let batch = [
            entry(&b1, certificate(0, &b2), &[]),
            entry(&b2, certificate(0, &b2), &[]),
            entry(&c3, certificate(1, &c3), &[]),
            entry(&c4, certificate(1, &c5), &[]),
        ];
        let checked = check_batch(genesis(), &batch).unwrap();
        assert_eq!(proven(&checked), vec![true, true, true, false]);
        assert!(checked.iter().all(|c| c.linking.is_empty()));
    }

    #[test]
    fn epoch_change_certified_at_a_later_block_of_the_old_epoch() {
        let EpochChange {
            b1, b2, c3, c4, c5, ..
        } = epoch_change();
        // T != B: after a timeout the epoch-0 certificate commits x4, a grandchild of #2 that never became part of
        // the committed chain; the peer's #3 and #4 are epoch-1 blocks on #2.
        let x3 = header(3, b2.hash(), 33, None);
        let x4 = header(4, x3.hash(), 44, None);
        let cert = certificate(0, &x4);
        let batch = [
            entry(&b1, cert.clone(), &[]),
            entry(&b2, cert.clone(), &[x3.clone(), x4.clone()]),
            entry(&c3, certificate(1, &c3), &[]),
            entry(&c4, certificate(1, &c4), &[]),
            entry(&c5, certificate(1, &c5), &[]),
        ];
        let checked = check_batch(genesis(), &batch).unwrap();
        assert_eq!(proven(&checked), vec![true; 5]);
        assert_eq!(checked[1].linking, vec![x3.clone(), x4.clone()]);
        assert_eq!(checked[1].commits, (x4.hash(), 4));

        // The same batch without the linking headers (what a peer without them, or the old protocol, sends) is
        // refused however far the batch reaches: the peer's #4 is the new epoch's, no evidence for the old one.
        let mut bare = batch.clone();
        bare[1].linking.clear();
        let err = check_batch(genesis(), &bare).unwrap_err();
        assert!(err.contains("beyond #2 where the epoch ended"), "{err}");
        let err = check_batch(genesis(), &bare[..2]).unwrap_err();
        assert!(err.contains("beyond #2 where the epoch ended"), "{err}");

        // Already final up to #2 here: the rest of the batch is the new epoch's and needs no linking headers.
        let checked = check_batch((2, b2.hash()), &bare).unwrap();
        assert_eq!(proven(&checked), vec![true; 3]);
    }

    #[test]
    fn linking_headers_must_link_and_be_certified() {
        let EpochChange { b1, b2, c3, .. } = epoch_change();
        let x3 = header(3, b2.hash(), 33, None);
        let x4 = header(4, x3.hash(), 44, None);
        let stray = header(4, H256::repeat_byte(9), 44, None);
        let cert = certificate(0, &x4);

        // A gap in the linking headers.
        let batch = [
            entry(&b1, cert.clone(), &[]),
            entry(&b2, cert.clone(), &[x3.clone(), stray.clone()]),
        ];
        let err = check_batch(genesis(), &batch).unwrap_err();
        assert!(err.contains("linking header 1 of #2"), "{err}");

        // The certificate does not commit the last linking header.
        let batch = [entry(&b2, cert.clone(), std::slice::from_ref(&x3))];
        let err = check_batch((1, b1.hash()), &batch).unwrap_err();
        assert!(err.contains("not the last of its linking headers"), "{err}");

        // Linking headers on a block that changes no set.
        let y2 = header(2, c3.hash(), 3, None);
        let batch = [
            entry(&b1, certificate(0, &y2), std::slice::from_ref(&y2)),
            entry(&c3, certificate(0, &c3), &[]),
        ];
        let err = check_batch(genesis(), &batch).unwrap_err();
        assert!(err.contains("announces no validator-set change"), "{err}");

        // A certificate naming another block where the batch has one is refused as before.
        let batch = [
            entry(&b1, certificate(0, &stray), &[]),
            entry(&b2, certificate(0, &b2), &[]),
        ];
        let err = check_batch(genesis(), &batch).unwrap_err();
        assert!(err.contains("beyond #2 where the epoch ended"), "{err}");
        let plain2 = header(2, b1.hash(), 2, None);
        let other2 = header(2, b1.hash(), 99, None);
        let batch = [
            entry(&b1, certificate(0, &other2), &[]),
            entry(&plain2, certificate(0, &plain2), &[]),
        ];
        let err = check_batch(genesis(), &batch).unwrap_err();
        assert!(err.contains("but the peer's block there is"), "{err}");
    }
}
