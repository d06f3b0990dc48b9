//! Proposals and block verification: the leader's payload → proposal path, receiving proposals
//! (first per round kept, equivocation reported), storing blocks, and the VerifyBlock → Verdict
//! pipeline (a block is sent for execution only after its parent was found valid).

use super::blocks::Status;
use super::{Core, Output};
use crate::crypto::proposal_bytes;
use crate::messages::{EquivocationEvidence, Message, Proposal, ProposedBlock};
use crate::safety;
use crate::types::{Hash, Round};

impl Core {
    /// The driver built the block we asked for: sign and broadcast the proposal.
    pub(super) fn on_payload(
        &mut self,
        round: Round,
        id: Hash,
        payload: Vec<u8>,
        out: &mut Vec<Output>,
    ) {
        let Some(req) = self.pending_payload.take() else {
            return;
        };
        if req.round != round || round != self.round {
            self.pending_payload = (req.round == self.round).then_some(req);
            return;
        }
        let (Some(me), Some(signer)) = (self.me, self.signer.as_ref()) else {
            return;
        };
        if !safety::may_propose(&self.safety, self.epoch(), round) {
            return;
        }
        let block = ProposedBlock {
            id,
            parent: req.justify.vote.block,
            round,
            height: req.justify.vote.height + 1,
            justify: req.justify,
            payload,
        };
        let last_tc = self.highest_tc.clone().filter(|tc| tc.round + 1 == round);
        let mut proposal = Proposal {
            epoch: self.epoch(),
            block,
            last_tc,
            author: me,
            signature: [0u8; 64],
        };
        proposal.signature = signer.sign(&proposal_bytes(&self.config.genesis, &proposal));
        safety::record_proposal(&mut self.safety, round);
        tracing::debug!(target: "consensus", round, id = %hex::encode(id), "propose");
        // S7/S8: persist the proposal round before the proposal leaves.
        out.push(Output::PersistSafety(self.safety.clone()));
        out.push(Output::Broadcast(Message::Proposal(proposal)));
    }

    pub(super) fn on_proposal(&mut self, p: Proposal, out: &mut Vec<Output>) {
        if p.epoch != self.epoch() {
            return;
        }
        let round = p.block.round;
        if let Some(first) = self.proposals.get(&round) {
            if first.block.id != p.block.id
                && first.author == p.author
                && self.equivocations.insert(round)
            {
                tracing::warn!(target: "consensus", round, author = p.author, "equivocating proposal");
                out.push(Output::Equivocation(EquivocationEvidence::Proposal {
                    first: Box::new(first.clone()),
                    second: Box::new(p),
                }));
            }
            return;
        }
        self.process_qc(&p.block.justify, out);
        if let Some(tc) = &p.last_tc {
            self.process_tc(tc, out);
        }
        if p.epoch != self.epoch() {
            return; // its certificate ended the epoch
        }
        if round < self.round {
            self.help_laggard(p.author, round, out);
        }
        let window = self.config.future_round_window;
        if round > self.round.saturating_add(window) || round.saturating_add(window) < self.round {
            return;
        }
        self.proposals.insert(round, p.clone());
        let id = p.block.id;
        self.insert_block(p.block, out);
        if round == self.round {
            self.vote_candidate = Some((id, p.last_tc));
            self.try_vote(out);
        }
    }

    /// Store a block whose parent edge is certified (by its justify QC); start its verification if
    /// the parent is valid, otherwise fetch the parent if it is missing.
    pub(super) fn insert_block(&mut self, block: ProposedBlock, out: &mut Vec<Output>) {
        if block.height <= self.committed.height
            || self.blocks.contains(&block.id)
            || block.justify.vote.epoch != self.epoch()
        {
            return;
        }
        if self.blocks.len() >= self.config.max_pending_blocks {
            tracing::warn!(target: "consensus", held = self.blocks.len(), "block store full; catch up through sync");
            return;
        }
        self.note_certified(&block.justify.vote);
        self.fetches.remove(&block.id);
        let (id, parent) = (block.id, block.parent);
        self.blocks.insert(block);
        if self.is_valid(&parent) {
            self.request_verify(&id, out);
        } else {
            self.fetch_missing_ancestor(id, out);
        }
    }

    /// Committed root or a block with a valid verdict.
    pub(super) fn is_valid(&self, id: &Hash) -> bool {
        *id == self.committed.id || self.blocks.status(id) == Some(Status::Valid)
    }

    fn request_verify(&mut self, id: &Hash, out: &mut Vec<Output>) {
        if self.blocks.status(id) != Some(Status::Unverified) {
            return;
        }
        if let Some(e) = self.blocks.entry(id) {
            out.push(Output::VerifyBlock(e.block.clone()));
        }
        self.blocks.set_status(id, Status::Verifying);
    }

    pub(super) fn verify_children_of(&mut self, parent: Hash, out: &mut Vec<Output>) {
        for child in self.blocks.children(&parent) {
            self.request_verify(&child, out);
        }
    }

    pub(super) fn on_verdict(&mut self, id: Hash, valid: bool, out: &mut Vec<Output>) {
        if self.blocks.status(&id) != Some(Status::Verifying) {
            return;
        }
        if !valid {
            tracing::warn!(target: "consensus", id = %hex::encode(id), "block rejected by the application");
            if self.certified.contains_key(&id) {
                // A certified block we cannot execute: our copy is bad. Drop it and fetch it again.
                self.blocks.remove(&id);
                self.fetch(id, out);
            } else {
                self.blocks.set_status(&id, Status::Invalid);
            }
            return;
        }
        self.blocks.set_status(&id, Status::Valid);
        self.verify_children_of(id, out);
        if self.vote_candidate.as_ref().is_some_and(|(c, _)| *c == id) {
            self.try_vote(out);
        }
        if self.highest_qc.vote.block == id {
            self.maybe_propose(out);
        }
        self.try_commit(out);
    }
}
