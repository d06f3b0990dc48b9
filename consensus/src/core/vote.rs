//! Voting and vote collection.
//!
//! We vote for the current round's proposal once the application found it valid and the safety rules
//! (S1–S6, [`crate::safety`]) allow it; outputs are `PersistBlock`, then `PersistSafety`, then the vote,
//! broadcast to every validator (S7). Votes we receive are collected per round; 2f+1 equal votes form a QC.
//!
//! Votes are broadcast, not sent to the next leader only (a deliberate change from Jolteon, see
//! `docs/consensus.md`): every validator forms the QC itself, so a replica learns that a block committed the
//! moment the block's child is certified, not one proposal later (after the next leader built its block and the
//! replica executed it). The cost is n² small messages per round instead of n.

use super::aggregate::VoteAdded;
use super::blocks::Status;
use super::{Core, Output};
use crate::crypto::vote_bytes;
use crate::messages::{EquivocationEvidence, Message, Vote};
use crate::safety::{self, VoteDecision};

impl Core {
    pub(super) fn try_vote(&mut self, out: &mut Vec<Output>) {
        // A commit in this same step may have ended the epoch and cleared the candidate.
        let Some((id, last_tc)) = self.vote_candidate.clone() else {
            return;
        };
        let (Some(me), Some(signer)) = (self.me, self.signer.as_ref()) else {
            self.vote_candidate = None;
            return;
        };
        let Some(entry) = self.blocks.entry(&id) else {
            return;
        };
        if entry.status != Status::Valid {
            return; // wait for the verdict
        }
        self.vote_candidate = None;
        let block = entry.block.clone();
        if block.round != self.round {
            return;
        }
        match safety::decide_vote(&self.safety, self.epoch(), &block, last_tc.as_ref()) {
            Ok(VoteDecision::Repeat(vote)) => {
                out.push(Output::Broadcast(Message::Vote(vote)));
            }
            Ok(VoteDecision::New(data)) => {
                let signature = signer.sign(&vote_bytes(&self.config.genesis, &data));
                let vote = Vote {
                    data,
                    author: me,
                    signature,
                };
                safety::record_vote(&mut self.safety, &vote, last_tc.as_ref());
                tracing::debug!(target: "consensus", round = block.round, "vote");
                out.push(Output::PersistBlock(block));
                // S7: the safety data goes out before the vote it protects.
                out.push(Output::PersistSafety(self.safety.clone()));
                out.push(Output::Broadcast(Message::Vote(vote)));
            }
            Err(e) => {
                tracing::debug!(target: "consensus", round = block.round, error = %e, "not voting");
            }
        }
    }

    pub(super) fn on_vote(&mut self, vote: Vote, out: &mut Vec<Output>) {
        let round = vote.data.round;
        if vote.data.epoch != self.epoch()
            || round <= self.highest_qc.round()
            || round > self.round.saturating_add(self.config.future_round_window)
        {
            return;
        }
        match self.votes.add(vote, self.validators.quorum()) {
            VoteAdded::Ignored | VoteAdded::Counted => {}
            VoteAdded::Equivocation(pair) => {
                let (first, second) = *pair;
                tracing::warn!(target: "consensus", round, author = first.author, "double vote");
                out.push(Output::Equivocation(EquivocationEvidence::Vote {
                    first,
                    second,
                }));
            }
            VoteAdded::Quorum(qc) => {
                tracing::debug!(target: "consensus", round, "QC formed");
                self.process_qc(&qc, out);
            }
        }
    }
}
