//! Vote and timeout collection: one entry per (round, author), certificates at quorum.
//!
//! Contract: memory is bounded by the rounds the caller keeps (it prunes below and refuses far-future
//! rounds) times the validator count; a second, different vote from one author in one round is
//! reported once as equivocation and otherwise ignored; a certificate is formed once per round.

use std::collections::BTreeMap;

use crate::messages::{QuorumCert, Timeout, TimeoutCert, TimeoutSignature, Vote, VoteData};
use crate::types::{Epoch, Round, ValidatorIndex};

/// Result of adding a vote.
pub(crate) enum VoteAdded {
    /// Nothing new.
    Ignored,
    /// Second, different vote of its author in that round: (kept, new).
    Equivocation(Box<(Vote, Vote)>),
    /// Counted, no quorum yet.
    Counted,
    /// This vote completed a QC.
    Quorum(QuorumCert),
}

#[derive(Default)]
struct RoundVotes {
    by_author: BTreeMap<ValidatorIndex, Vote>,
    reported: bool,
    certified: bool,
}

#[derive(Default)]
pub(crate) struct VoteCollector {
    rounds: BTreeMap<Round, RoundVotes>,
}

impl VoteCollector {
    pub(crate) fn add(&mut self, vote: Vote, quorum: usize) -> VoteAdded {
        let entry = self.rounds.entry(vote.data.round).or_default();
        if let Some(first) = entry.by_author.get(&vote.author) {
            if first.data == vote.data {
                return VoteAdded::Ignored;
            }
            if entry.reported {
                return VoteAdded::Ignored;
            }
            entry.reported = true;
            return VoteAdded::Equivocation(Box::new((first.clone(), vote)));
        }
        let data: VoteData = vote.data;
        entry.by_author.insert(vote.author, vote);
        if entry.certified {
            return VoteAdded::Counted;
        }
        let signatures: Vec<_> = entry
            .by_author
            .values()
            .filter(|v| v.data == data)
            .map(|v| (v.author, v.signature))
            .collect();
        if signatures.len() >= quorum {
            entry.certified = true;
            return VoteAdded::Quorum(QuorumCert {
                vote: data,
                signatures,
            });
        }
        VoteAdded::Counted
    }

    /// Forget rounds below `round`.
    pub(crate) fn prune_below(&mut self, round: Round) {
        self.rounds = self.rounds.split_off(&round);
    }

    pub(crate) fn clear(&mut self) {
        self.rounds.clear();
    }

    pub(crate) fn rounds(&self) -> usize {
        self.rounds.len()
    }

    pub(crate) fn len(&self) -> usize {
        self.rounds.values().map(|r| r.by_author.len()).sum()
    }
}

#[derive(Default)]
struct RoundTimeouts {
    by_author: BTreeMap<ValidatorIndex, TimeoutSignature>,
    high_qc: Option<QuorumCert>,
    certified: bool,
}

/// Result of adding a timeout.
pub(crate) enum TimeoutAdded {
    /// Nothing new.
    Ignored,
    /// Counted; this many distinct authors so far.
    Counted(usize),
    /// This timeout completed a TC.
    Quorum(TimeoutCert),
}

#[derive(Default)]
pub(crate) struct TimeoutCollector {
    rounds: BTreeMap<Round, RoundTimeouts>,
}

impl TimeoutCollector {
    pub(crate) fn add(&mut self, epoch: Epoch, t: &Timeout, quorum: usize) -> TimeoutAdded {
        let entry = self.rounds.entry(t.round).or_default();
        if entry.by_author.contains_key(&t.author) {
            return TimeoutAdded::Ignored;
        }
        entry.by_author.insert(
            t.author,
            TimeoutSignature {
                signer: t.author,
                high_qc_round: t.high_qc.round(),
                signature: t.signature,
            },
        );
        if entry
            .high_qc
            .as_ref()
            .is_none_or(|q| q.round() < t.high_qc.round())
        {
            entry.high_qc = Some(t.high_qc.clone());
        }
        let count = entry.by_author.len();
        if entry.certified || count < quorum {
            return TimeoutAdded::Counted(count);
        }
        entry.certified = true;
        let Some(high_qc) = entry.high_qc.clone() else {
            return TimeoutAdded::Counted(count);
        };
        TimeoutAdded::Quorum(TimeoutCert {
            epoch,
            round: t.round,
            high_qc,
            signatures: entry.by_author.values().copied().collect(),
        })
    }

    pub(crate) fn prune_below(&mut self, round: Round) {
        self.rounds = self.rounds.split_off(&round);
    }

    pub(crate) fn clear(&mut self) {
        self.rounds.clear();
    }

    pub(crate) fn rounds(&self) -> usize {
        self.rounds.len()
    }
}
