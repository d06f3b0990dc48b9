//! Certificates and rounds: every verified QC/TC is processed here; the round is always
//! `max(highest QC round, highest TC round) + 1`, and entering a round arms its timer and, for its
//! leader, asks for a payload (responsiveness: a round ends as soon as its QC or TC exists).
//!
//! Timer: `round_timeout_ms * 2^k`, capped at `max_round_timeout_ms`, where `k` is the number of rounds
//! since the last QC (0 after a round that ended with a QC).

use super::{Core, Output, PayloadRequest};
use crate::messages::{CommitCertificate, QuorumCert, TimeoutCert};
use crate::types::Round;

impl Core {
    /// Process a verified QC: note it, raise the highest QC, apply the commit rule, advance the round.
    pub(super) fn process_qc(&mut self, qc: &QuorumCert, out: &mut Vec<Output>) {
        if qc.vote.epoch != self.epoch() {
            return;
        }
        self.note_certified(&qc.vote);
        if qc.round() > self.highest_qc.round() {
            self.highest_qc = qc.clone();
            let certified = qc.certified();
            if certified.height > self.committed.height && !self.blocks.contains(&certified.id) {
                self.fetch(certified.id, out);
            }
        }
        if self.note_commit(qc) {
            self.try_commit(out);
            if qc.vote.epoch != self.epoch() {
                return; // the commit ended the epoch
            }
        }
        self.advance_round(qc.round() + 1, out);
    }

    /// Process a verified TC: its QC, then the TC itself.
    pub(super) fn process_tc(&mut self, tc: &TimeoutCert, out: &mut Vec<Output>) {
        if tc.epoch != self.epoch() {
            return;
        }
        self.process_qc(&tc.high_qc, out);
        if tc.epoch != self.epoch() {
            return;
        }
        if self.highest_tc.as_ref().is_none_or(|h| h.round < tc.round) {
            self.highest_tc = Some(tc.clone());
        }
        self.advance_round(tc.round + 1, out);
    }

    /// C1: remember the highest QC that commits a block above our committed height. True if it is new.
    pub(super) fn note_commit(&mut self, qc: &QuorumCert) -> bool {
        let Some(block) = qc.commits() else {
            return false;
        };
        if block.height <= self.committed.height || qc.vote.epoch != self.epoch() {
            return false;
        }
        let better = self
            .commit_target
            .as_ref()
            .and_then(|c| c.committed())
            .is_none_or(|current| current.height < block.height);
        if better {
            self.commit_target = Some(CommitCertificate { qc: qc.clone() });
        }
        better
    }

    pub(super) fn advance_round(&mut self, to: Round, out: &mut Vec<Output>) {
        if to <= self.round {
            return;
        }
        tracing::debug!(target: "consensus", from = self.round, to, "new round");
        self.round = to;
        self.pending_payload = None;
        self.vote_candidate = None;
        // Votes for rounds at or below the highest QC can no longer form a new QC.
        self.votes
            .prune_below(self.highest_qc.round().saturating_add(1));
        self.timeouts.prune_below(to);
        let keep_from = to.saturating_sub(self.config.future_round_window);
        self.proposals = self.proposals.split_off(&keep_from);
        self.equivocations = self.equivocations.split_off(&keep_from);
        self.schedule_timer(out);
        self.maybe_propose(out);
    }

    /// Current round's timeout.
    pub(super) fn timeout_ms(&self) -> u64 {
        let since_qc = self
            .round
            .saturating_sub(self.highest_qc.round().saturating_add(1))
            .min(20);
        let factor = 1u64 << since_qc;
        self.config
            .round_timeout_ms
            .saturating_mul(factor)
            .min(self.config.max_round_timeout_ms)
    }

    pub(super) fn schedule_timer(&self, out: &mut Vec<Output>) {
        out.push(Output::ScheduleTimer {
            round: self.round,
            after_ms: self.timeout_ms(),
        });
    }

    /// If we lead the current round and have not asked yet, ask for a payload on the highest QC's block
    /// once that block is verified locally (or is the committed root).
    pub(super) fn maybe_propose(&mut self, out: &mut Vec<Output>) {
        let Some(me) = self.me else { return };
        if self.validators.leader(self.round) != me
            || !crate::safety::may_propose(&self.safety, self.epoch(), self.round)
            || self
                .pending_payload
                .as_ref()
                .is_some_and(|p| p.round == self.round)
        {
            return;
        }
        let parent = self.highest_qc.certified();
        if !self.is_valid(&parent.id) {
            if parent.height > self.committed.height && !self.blocks.contains(&parent.id) {
                self.fetch(parent.id, out);
            }
            return;
        }
        let justify = self.highest_qc.clone();
        self.pending_payload = Some(PayloadRequest {
            round: self.round,
            justify: justify.clone(),
        });
        out.push(Output::RequestPayload {
            round: self.round,
            parent,
            justify,
        });
    }
}
