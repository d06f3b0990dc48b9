//! The round timer and timeouts.
//!
//! When the current round's timer fires we sign a timeout (S4–S6) — `PersistSafety` first (S7) — and
//! broadcast it, re-broadcasting the same timeout every time the timer fires again (message loss).
//! Timeouts of others are collected per round; 2f+1 form a TC; f+1 for our round make us time out too
//! (a correct node is among them).

use super::aggregate::TimeoutAdded;
use super::{Core, Output};
use crate::crypto::timeout_bytes;
use crate::messages::{Message, Timeout};
use crate::safety::{self, TimeoutDecision};
use crate::types::Round;

impl Core {
    pub(super) fn on_timer(&mut self, round: Round, out: &mut Vec<Output>) {
        if round != self.round {
            return;
        }
        tracing::debug!(target: "consensus", round, "round timer fired");
        self.local_timeout(out);
        self.retry_fetches(out);
        if self
            .validators
            .start()
            .is_some_and(|root| root.id == self.committed.id)
        {
            // Nothing committed in this epoch yet: some validators may still be in the previous one.
            if let Some(proof) = self.epoch_change_proof() {
                out.push(Output::Broadcast(proof));
            }
        }
        self.schedule_timer(out);
    }

    pub(super) fn local_timeout(&mut self, out: &mut Vec<Output>) {
        let (Some(me), Some(signer)) = (self.me, self.signer.as_ref()) else {
            return;
        };
        let round = self.round;
        let last_tc = self.highest_tc.clone().filter(|tc| tc.round + 1 == round);
        match safety::decide_timeout(
            &self.safety,
            self.epoch(),
            round,
            &self.highest_qc,
            last_tc.as_ref(),
        ) {
            Ok(TimeoutDecision::Repeat(t)) => out.push(Output::Broadcast(Message::Timeout(t))),
            Ok(TimeoutDecision::New) => {
                let bytes = timeout_bytes(
                    &self.config.genesis,
                    self.epoch(),
                    round,
                    self.highest_qc.round(),
                );
                let timeout = Timeout {
                    epoch: self.epoch(),
                    round,
                    high_qc: self.highest_qc.clone(),
                    last_tc,
                    author: me,
                    signature: signer.sign(&bytes),
                };
                safety::record_timeout(&mut self.safety, &timeout);
                // S7: persist before the timeout leaves.
                out.push(Output::PersistSafety(self.safety.clone()));
                out.push(Output::Broadcast(Message::Timeout(timeout)));
            }
            Err(e) => tracing::debug!(target: "consensus", round, error = %e, "not timing out"),
        }
    }

    pub(super) fn on_timeout(&mut self, t: Timeout, out: &mut Vec<Output>) {
        if t.epoch != self.epoch() {
            return;
        }
        self.process_qc(&t.high_qc, out);
        if let Some(tc) = &t.last_tc {
            self.process_tc(tc, out);
        }
        if t.epoch != self.epoch()
            || t.round > self.round.saturating_add(self.config.future_round_window)
        {
            return;
        }
        if t.round < self.round {
            self.help_laggard(t.author, t.round, out);
            return;
        }
        match self
            .timeouts
            .add(self.epoch(), &t, self.validators.quorum())
        {
            TimeoutAdded::Ignored => {}
            TimeoutAdded::Counted(count) => {
                let joined = self
                    .safety
                    .last_timeout
                    .as_ref()
                    .is_some_and(|own| own.round == t.round);
                if t.round == self.round && count > self.validators.max_faulty() && !joined {
                    self.local_timeout(out);
                }
            }
            TimeoutAdded::Quorum(tc) => {
                tracing::debug!(target: "consensus", round = tc.round, "TC formed");
                self.process_tc(&tc, out);
            }
        }
    }
}
