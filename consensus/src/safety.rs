//! The safety rules: what a validator may sign, given what it signed before.
//!
//! [`SafetyData`] is the only state that protects safety; the core emits it as
//! [`crate::Output::PersistSafety`] *before* every vote or timeout it sends (rule S7), and a restarted
//! node hands the last persisted copy back. The rules (two-chain HotStuff, Jolteon / DiemBFT v4):
//!
//! - **S1 epoch** — sign only for the epoch of the safety data; an epoch change resets the rounds.
//! - **S2 vote round** — vote in round `r` only if `r > last_voted_round` (one vote per round).
//! - **S3 extension** — vote for block `B` only if `B.round == B.qc.round + 1`, or
//!   `B.round == tc.round + 1` and `B.qc.round >= tc.highest_qc_round` for the TC of round `B.round - 1`.
//! - **S4 preferred round** — `preferred_round` is the largest QC round in anything signed (the QC a voted
//!   block carries, the high QC of a timeout); a timeout's high QC round must be `>= preferred_round`.
//! - **S5 timeout** — time out round `r` only if `r >= last_voted_round` and `r == high_qc.round + 1` or
//!   `r == tc.round + 1`; afterwards `last_voted_round >= r` (no vote in a timed-out round) and
//!   `highest_timeout_round = r`.
//! - **S6 repeat** — asked again about the round of `last_vote` (same block) or of `last_timeout`, the node
//!   returns the stored message unchanged instead of signing anew; a different block in a voted round is
//!   refused.
//! - **S7 persist first** — the `PersistSafety` output precedes the vote, timeout or proposal it
//!   protects (enforced in `core/vote.rs`, `core/timeout.rs` and `core/proposal.rs`).
//! - **S8 one proposal per round** — a leader proposes in round `r` only if `r > last_proposed_round`,
//!   so a leader restarted mid-round never sends a second, different proposal.
//!
//! Commit rule (not a signing rule, see `core/commit.rs`): **C1** block `B` commits when a QC certifies
//! its child `B'` with `B'.parent == B` and `B'.round == B.round + 1`; its ancestors commit with it.

use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

use crate::messages::{ProposedBlock, QuorumCert, Timeout, TimeoutCert, Vote, VoteData};
use crate::types::{Epoch, Round};

/// What a validator must remember across restarts to stay safe.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug, Default)]
pub struct SafetyData {
    /// Epoch these rounds belong to (S1).
    pub epoch: Epoch,
    /// Highest round voted or timed out in (S2, S5).
    pub last_voted_round: Round,
    /// Highest QC round in anything signed (S4).
    pub preferred_round: Round,
    /// Highest round timed out in (S5).
    pub highest_timeout_round: Round,
    /// The last vote signed (S6).
    pub last_vote: Option<Vote>,
    /// The last timeout signed (S6).
    pub last_timeout: Option<Timeout>,
    /// The TC through which the node entered `last_voted_round`, if any: lets a restarted node resume in
    /// that round.
    pub last_tc: Option<TimeoutCert>,
    /// Highest round this node proposed in (S8).
    pub last_proposed_round: Round,
}

/// Why the rules refuse to sign.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone)]
pub enum SafetyError {
    /// S1.
    #[error("S1: message epoch {got}, safety data epoch {expected}")]
    WrongEpoch {
        /// Safety data epoch.
        expected: Epoch,
        /// Requested epoch.
        got: Epoch,
    },
    /// S2.
    #[error("S2: round {round} is not above the last voted round {last_voted_round}")]
    RoundNotNewer {
        /// Requested round.
        round: Round,
        /// Last voted round.
        last_voted_round: Round,
    },
    /// S3.
    #[error("S3: block of round {round} with QC round {qc_round} extends neither its QC nor a TC (tc round {tc_round:?}, tc high QC round {tc_qc_round:?})")]
    NotExtending {
        /// Block round.
        round: Round,
        /// Its QC round.
        qc_round: Round,
        /// The TC round, if any.
        tc_round: Option<Round>,
        /// The TC's highest QC round, if any.
        tc_qc_round: Option<Round>,
    },
    /// S4.
    #[error("S4: timeout high QC round {qc_round} is below the preferred round {preferred_round}")]
    BelowPreferred {
        /// Offered QC round.
        qc_round: Round,
        /// Preferred round.
        preferred_round: Round,
    },
    /// S5.
    #[error("S5: cannot time out round {round} (last voted {last_voted_round}, high QC {qc_round}, tc {tc_round:?})")]
    TimeoutNotAllowed {
        /// Requested round.
        round: Round,
        /// Last voted round.
        last_voted_round: Round,
        /// High QC round.
        qc_round: Round,
        /// TC round, if any.
        tc_round: Option<Round>,
    },
    /// S6.
    #[error("S6: already voted for another block in round {round}")]
    ConflictingVote {
        /// The round.
        round: Round,
    },
}

/// What the rules allow for a vote request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VoteDecision {
    /// S6: send this stored vote again (nothing to persist).
    Repeat(Vote),
    /// Sign this vote data, then [`record_vote`] before sending.
    New(VoteData),
}

/// What the rules allow for a timeout request.
#[allow(clippy::large_enum_variant)] // returned once, consumed at once
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeoutDecision {
    /// S6: send this stored timeout again.
    Repeat(Timeout),
    /// Sign a new timeout, then [`record_timeout`] before sending.
    New,
}

/// The vote data for `block` (what a vote signs).
pub fn vote_data(epoch: Epoch, block: &ProposedBlock) -> VoteData {
    VoteData {
        epoch,
        round: block.round,
        block: block.id,
        height: block.height,
        parent: block.parent,
        parent_round: block.justify.round(),
    }
}

/// Decide a vote for `block` (proposed with `last_tc`) in `epoch`.
pub fn decide_vote(
    data: &SafetyData,
    epoch: Epoch,
    block: &ProposedBlock,
    last_tc: Option<&TimeoutCert>,
) -> Result<VoteDecision, SafetyError> {
    // S1
    if data.epoch != epoch {
        return Err(SafetyError::WrongEpoch {
            expected: data.epoch,
            got: epoch,
        });
    }
    // S6
    if let Some(v) = &data.last_vote {
        if v.data.round == block.round {
            return if v.data.block == block.id {
                Ok(VoteDecision::Repeat(v.clone()))
            } else {
                Err(SafetyError::ConflictingVote { round: block.round })
            };
        }
    }
    // S2
    if block.round <= data.last_voted_round {
        return Err(SafetyError::RoundNotNewer {
            round: block.round,
            last_voted_round: data.last_voted_round,
        });
    }
    // S3
    let qc_round = block.justify.round();
    let direct = qc_round.checked_add(1) == Some(block.round);
    let via_tc = last_tc.is_some_and(|tc| {
        tc.round.checked_add(1) == Some(block.round) && qc_round >= tc.highest_qc_round()
    });
    if !direct && !via_tc {
        return Err(SafetyError::NotExtending {
            round: block.round,
            qc_round,
            tc_round: last_tc.map(|tc| tc.round),
            tc_qc_round: last_tc.map(|tc| tc.highest_qc_round()),
        });
    }
    Ok(VoteDecision::New(vote_data(epoch, block)))
}

/// Record a freshly signed vote (S2, S4, S6).
pub fn record_vote(data: &mut SafetyData, vote: &Vote, last_tc: Option<&TimeoutCert>) {
    data.last_voted_round = data.last_voted_round.max(vote.data.round);
    data.preferred_round = data.preferred_round.max(vote.data.parent_round);
    data.last_vote = Some(vote.clone());
    if let Some(tc) = last_tc {
        data.last_tc = Some(tc.clone());
    }
}

/// Decide a timeout of `round` carrying `high_qc` (and `last_tc`, the TC of `round - 1`, if any).
pub fn decide_timeout(
    data: &SafetyData,
    epoch: Epoch,
    round: Round,
    high_qc: &QuorumCert,
    last_tc: Option<&TimeoutCert>,
) -> Result<TimeoutDecision, SafetyError> {
    // S1
    if data.epoch != epoch {
        return Err(SafetyError::WrongEpoch {
            expected: data.epoch,
            got: epoch,
        });
    }
    // S6
    if let Some(t) = &data.last_timeout {
        if t.round == round {
            return Ok(TimeoutDecision::Repeat(t.clone()));
        }
    }
    // S4
    if high_qc.round() < data.preferred_round {
        return Err(SafetyError::BelowPreferred {
            qc_round: high_qc.round(),
            preferred_round: data.preferred_round,
        });
    }
    // S5
    let qc_round = high_qc.round();
    let justified = qc_round.checked_add(1) == Some(round)
        || last_tc.is_some_and(|tc| tc.round.checked_add(1) == Some(round));
    if round < data.last_voted_round || round <= data.highest_timeout_round || !justified {
        return Err(SafetyError::TimeoutNotAllowed {
            round,
            last_voted_round: data.last_voted_round,
            qc_round,
            tc_round: last_tc.map(|tc| tc.round),
        });
    }
    Ok(TimeoutDecision::New)
}

/// Record a freshly signed timeout (S4, S5, S6).
pub fn record_timeout(data: &mut SafetyData, timeout: &Timeout) {
    data.last_voted_round = data.last_voted_round.max(timeout.round);
    data.highest_timeout_round = data.highest_timeout_round.max(timeout.round);
    data.preferred_round = data.preferred_round.max(timeout.high_qc.round());
    data.last_timeout = Some(timeout.clone());
    if let Some(tc) = &timeout.last_tc {
        data.last_tc = Some(tc.clone());
    }
}

/// S8: may we propose in `round`?
pub fn may_propose(data: &SafetyData, epoch: Epoch, round: Round) -> bool {
    data.epoch == epoch && round > data.last_proposed_round
}

/// Record a proposal about to be sent (S8).
pub fn record_proposal(data: &mut SafetyData, round: Round) {
    data.last_proposed_round = data.last_proposed_round.max(round);
}

/// Safety data for a new epoch (S1): rounds restart at 0.
pub fn for_epoch(epoch: Epoch) -> SafetyData {
    SafetyData {
        epoch,
        ..SafetyData::default()
    }
}
