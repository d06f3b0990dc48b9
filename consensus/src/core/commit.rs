//! Commit rule C1 and epoch changes.
//!
//! C1: a QC for block `B'` with `B'.round == B'.parent_round + 1` commits its parent `B` and, with it,
//! every uncommitted ancestor. Commits are emitted in height order, each exactly once, and only for
//! blocks the application found valid; missing ancestors are fetched first. When a committed block
//! ended its epoch (`Input::Reconfigure`), nothing after it in that epoch ever commits: the core
//! switches to the next validator set, rooted at that block, and restarts at round 1.

use super::{Core, Output};
use crate::messages::QuorumCert;
use crate::safety;
use crate::types::{BlockRef, Hash};
use crate::validators::ValidatorSet;

use super::blocks::Status;

impl Core {
    pub(super) fn try_commit(&mut self, out: &mut Vec<Output>) {
        let Some(cert) = self.commit_target.clone() else {
            return;
        };
        let Some(target) = cert.committed() else {
            self.commit_target = None;
            return;
        };
        if target.height <= self.committed.height {
            self.commit_target = None;
            return;
        }
        // Walk from the target down to the committed block.
        let mut chain: Vec<Hash> = Vec::new();
        let mut id = target.id;
        loop {
            let Some(entry) = self.blocks.entry(&id) else {
                self.fetch(id, out);
                return;
            };
            let block = &entry.block;
            if block.height <= self.committed.height {
                tracing::error!(target: "consensus", height = block.height, "commit target does not extend the committed chain");
                self.commit_target = None;
                return;
            }
            chain.push(id);
            if block.height == self.committed.height + 1 {
                if block.parent != self.committed.id {
                    tracing::error!(target: "consensus", height = block.height, "conflicting commit certificate: safety violated by more than f validators");
                    self.commit_target = None;
                    return;
                }
                break;
            }
            id = block.parent;
        }
        let mut done = true;
        for id in chain.into_iter().rev() {
            if self.blocks.status(&id) != Some(Status::Valid) {
                done = false; // its verdict (or its parent's) is pending; try again on the verdict
                break;
            }
            let Some(block) = self.blocks.mark_committed(&id, self.config.committed_cache) else {
                break;
            };
            tracing::info!(target: "consensus", height = block.height, round = block.round, id = %hex::encode(block.id), "commit");
            self.committed = block.block_ref();
            self.committed_cert = Some(cert.clone());
            out.push(Output::Commit {
                block,
                certificate: cert.clone(),
            });
            if let Some(next) = self.next_epochs.remove(&id) {
                self.keep_for_laggards(cert.qc.vote.block);
                self.epoch_proof = Some(cert.qc.clone());
                self.switch_epoch(next, out);
                return;
            }
        }
        if done {
            self.commit_target = None;
        }
        self.after_commit();
    }

    fn after_commit(&mut self) {
        let committed = self.committed;
        self.blocks.prune(&committed);
        self.certified.retain(|_, k| k.height > committed.height);
        let certified = &self.certified;
        self.fetches.retain(|id, _| certified.contains_key(id));
        let pending: Vec<Hash> = self.blocks.pending_ids();
        self.next_epochs.retain(|id, _| pending.contains(id));
    }

    /// Validators still in the ending epoch will be shown the certificate that ended it; keep the
    /// old-epoch blocks it names (above the epoch's last block) so they can fetch them from us.
    fn keep_for_laggards(&mut self, certified: Hash) {
        let mut chain = Vec::new();
        let mut id = certified;
        while let Some(entry) = self.blocks.entry(&id) {
            if entry.block.height <= self.committed.height {
                break;
            }
            chain.push(id);
            id = entry.block.parent;
        }
        for id in chain.into_iter().rev() {
            self.blocks.mark_committed(&id, self.config.committed_cache);
        }
    }

    fn switch_epoch(&mut self, next: ValidatorSet, out: &mut Vec<Output>) {
        let root = BlockRef {
            id: self.committed.id,
            round: 0,
            height: self.committed.height,
        };
        let epoch = next.epoch();
        tracing::info!(target: "consensus", epoch, height = root.height, "epoch change");
        // Validators still in the old epoch learn that it ended from the certificate that ended it.
        if let Some(proof) = self.epoch_change_proof() {
            out.push(Output::Broadcast(proof));
        }
        let previous = std::mem::replace(&mut self.validators, next.with_start(root));
        self.previous_set = Some(previous);
        self.me = self
            .signer
            .as_ref()
            .and_then(|s| self.validators.index_of(&s.public()));
        self.safety = safety::for_epoch(epoch);
        out.push(Output::PersistSafety(self.safety.clone()));
        self.committed = root;
        self.highest_qc = QuorumCert::epoch_start(epoch, root);
        self.highest_tc = None;
        self.commit_target = None;
        self.blocks.clear_pending();
        self.certified.clear();
        self.votes.clear();
        self.timeouts.clear();
        self.proposals.clear();
        self.equivocations.clear();
        self.pending_payload = None;
        self.vote_candidate = None;
        self.fetches.clear();
        self.next_epochs.clear();
        self.sync_sent.clear();
        self.round = 0;
        out.push(Output::EpochStarted { epoch, root });
        self.advance_round(1, out);
    }
}
