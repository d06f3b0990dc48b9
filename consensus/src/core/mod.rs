//! The consensus core: a pure state machine, `handle(Input) -> Vec<Output>`.
//!
//! No clock, no I/O, no randomness: time enters as [`Input::TimerFired`], the network as
//! [`Input::Message`] (already verified), the application as [`Input::Payload`] / [`Input::Verdict`].
//! Each input kind is handled in its own file: `proposal.rs`, `vote.rs`, `timeout.rs` (and the round
//! timer), `sync.rs` (block requests), `commit.rs` (commit rule C1 and epoch changes), `pacemaker.rs`
//! (certificates and round changes). Signing rules live in [`crate::safety`].

mod aggregate;
mod blocks;
mod commit;
mod io;
mod pacemaker;
mod proposal;
mod sync;
mod timeout;
mod vote;

pub use io::{Input, Output};

use std::collections::{BTreeMap, BTreeSet};

use crate::config::Config;
use crate::crypto::Signer;
use crate::messages::{CommitCertificate, Message, Proposal, QuorumCert, TimeoutCert, VoteData};
use crate::recovery::RecoveryState;
use crate::safety::{self, SafetyData};
use crate::types::{BlockRef, Epoch, Hash, Height, Round, ValidatorIndex};
use crate::validators::ValidatorSet;
use crate::verify::{verify_message, verify_message_trusting, Trusted, Verified, VerifyError};

use aggregate::{TimeoutCollector, VoteCollector};
use blocks::BlockStore;

/// A block known from a certificate: fully from its own QC, partly as the parent named in a child's.
#[derive(Clone, Copy, Debug)]
struct Known {
    round: Round,
    height: Height,
    /// Parent id and round, when the block's own QC was seen.
    parent: Option<(Hash, Round)>,
}

/// A payload we asked the driver for.
#[derive(Clone, Debug)]
struct PayloadRequest {
    round: Round,
    justify: QuorumCert,
}

/// Sizes of the core's collections (each is bounded; see the crate README).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Footprint {
    /// Uncommitted blocks held (≤ `max_pending_blocks`).
    pub pending_blocks: usize,
    /// Certified ids above the committed height.
    pub certified: usize,
    /// Proposals kept for equivocation detection (≤ 2 · window + 1).
    pub proposals: usize,
    /// Block requests in flight (≤ 16).
    pub fetches: usize,
    /// Rounds with collected votes (≤ window + 1).
    pub vote_rounds: usize,
    /// Votes held (≤ n per round).
    pub votes: usize,
    /// Rounds with collected timeouts (≤ window + 1).
    pub timeout_rounds: usize,
}

/// The consensus state machine of one node.
pub struct Core {
    config: Config,
    validators: ValidatorSet,
    signer: Option<Signer>,
    me: Option<ValidatorIndex>,
    safety: SafetyData,
    round: Round,
    highest_qc: QuorumCert,
    highest_tc: Option<TimeoutCert>,
    committed: BlockRef,
    committed_cert: Option<CommitCertificate>,
    /// Highest commit certificate whose block is not committed locally yet.
    commit_target: Option<CommitCertificate>,
    blocks: BlockStore,
    /// What certificates tell about blocks above the committed height (authenticates fetched blocks).
    certified: BTreeMap<Hash, Known>,
    votes: VoteCollector,
    timeouts: TimeoutCollector,
    /// First proposal seen per round (equivocation detection), within the round window.
    proposals: BTreeMap<Round, Proposal>,
    equivocations: BTreeSet<Round>,
    pending_payload: Option<PayloadRequest>,
    /// Proposal of the current round waiting for its verdict before we vote.
    vote_candidate: Option<(Hash, Option<TimeoutCert>)>,
    /// Block requests in flight: id -> attempts.
    fetches: BTreeMap<Hash, u32>,
    /// Blocks whose execution changes the validator set.
    next_epochs: BTreeMap<Hash, ValidatorSet>,
    /// Sync replies sent per validator: (their round, our round, replies).
    sync_sent: BTreeMap<ValidatorIndex, (Round, Round, u8)>,
    /// The QC that committed the previous epoch's last block (shown to validators still in it).
    epoch_proof: Option<QuorumCert>,
    /// The previous epoch's set, to serve block requests of validators still in it.
    previous_set: Option<ValidatorSet>,
}

impl Core {
    /// Build a core from persisted state (`signer` None = follower).
    pub fn new(
        config: Config,
        validators: ValidatorSet,
        signer: Option<Signer>,
        recovery: RecoveryState,
    ) -> Self {
        let epoch = validators.epoch();
        let me = signer
            .as_ref()
            .and_then(|s| validators.index_of(&s.public()));
        let mut safety = recovery.safety;
        if safety.epoch < epoch {
            safety = safety::for_epoch(epoch);
        }
        let in_epoch = |qc: &QuorumCert| qc.vote.epoch == epoch;
        let mut highest_qc = if in_epoch(&recovery.highest_qc) {
            recovery.highest_qc.clone()
        } else {
            match validators.start() {
                Some(root) => QuorumCert::epoch_start(epoch, root),
                None => QuorumCert::genesis(config.genesis),
            }
        };
        let mut candidates: Vec<&QuorumCert> = recovery.blocks.iter().map(|b| &b.justify).collect();
        if let Some(t) = &safety.last_timeout {
            candidates.push(&t.high_qc);
        }
        if let Some(tc) = &safety.last_tc {
            candidates.push(&tc.high_qc);
        }
        if let Some(c) = &recovery.committed_cert {
            candidates.push(&c.qc);
        }
        for qc in candidates {
            if in_epoch(qc) && qc.round() > highest_qc.round() {
                highest_qc = qc.clone();
            }
        }
        let mut highest_tc = safety.last_tc.clone().filter(|tc| tc.epoch == epoch);
        if let Some(tc) = safety.last_timeout.as_ref().and_then(|t| t.last_tc.clone()) {
            if tc.epoch == epoch && highest_tc.as_ref().is_none_or(|h| h.round < tc.round) {
                highest_tc = Some(tc);
            }
        }
        let round = highest_qc
            .round()
            .max(highest_tc.as_ref().map_or(0, |tc| tc.round))
            + 1;
        let mut core = Core {
            config,
            validators,
            signer,
            me,
            safety,
            round,
            highest_qc,
            highest_tc,
            committed: recovery.committed,
            committed_cert: recovery.committed_cert,
            commit_target: None,
            blocks: BlockStore::default(),
            certified: BTreeMap::new(),
            votes: VoteCollector::default(),
            timeouts: TimeoutCollector::default(),
            proposals: BTreeMap::new(),
            equivocations: BTreeSet::new(),
            pending_payload: None,
            vote_candidate: None,
            fetches: BTreeMap::new(),
            next_epochs: BTreeMap::new(),
            sync_sent: BTreeMap::new(),
            epoch_proof: None,
            previous_set: None,
        };
        core.epoch_proof = core
            .committed_cert
            .as_ref()
            .filter(|c| {
                c.qc.vote.epoch + 1 == epoch
                    && c.committed().map(|b| b.id) == Some(core.committed.id)
            })
            .map(|c| c.qc.clone());
        for block in recovery.blocks {
            if block.height > core.committed.height && block.justify.vote.epoch == epoch {
                core.note_certified(&block.justify.vote);
                core.blocks.insert(block);
            }
        }
        let qcs: Vec<QuorumCert> = std::iter::once(core.highest_qc.clone())
            .chain(
                core.blocks
                    .pending_ids()
                    .iter()
                    .filter_map(|id| core.blocks.entry(id).map(|e| e.block.justify.clone())),
            )
            .collect();
        for qc in qcs {
            core.note_certified(&qc.vote);
            core.note_commit(&qc);
        }
        core
    }

    /// Recovery state of a fresh chain: committed = genesis (round 0, height 0).
    pub fn genesis_recovery(genesis: BlockRef) -> RecoveryState {
        RecoveryState {
            safety: SafetyData::default(),
            committed: genesis,
            committed_cert: None,
            highest_qc: QuorumCert::genesis(genesis.id),
            blocks: Vec::new(),
        }
    }

    /// Feed one input; returns the effects to execute, in order.
    pub fn handle(&mut self, input: Input) -> Vec<Output> {
        let mut out = Vec::new();
        match input {
            Input::Start => self.on_start(&mut out),
            Input::Message(msg) => match msg.into_inner() {
                Message::Proposal(p) => self.on_proposal(p, &mut out),
                Message::Vote(v) => self.on_vote(v, &mut out),
                Message::Timeout(t) => self.on_timeout(t, &mut out),
                Message::BlockRequest(r) => self.on_block_request(r, &mut out),
                Message::BlockResponse(r) => self.on_block_response(r, &mut out),
                Message::Sync(s) => self.on_sync(s, &mut out),
            },
            Input::TimerFired { round } => self.on_timer(round, &mut out),
            Input::Payload { round, id, payload } => self.on_payload(round, id, payload, &mut out),
            Input::Verdict { id, valid } => self.on_verdict(id, valid, &mut out),
            Input::Reconfigure { id, next } => self.on_reconfigure(id, next),
        }
        out
    }

    fn on_start(&mut self, out: &mut Vec<Output>) {
        tracing::debug!(target: "consensus", round = self.round, epoch = self.epoch(), "start");
        self.verify_children_of(self.committed.id, out);
        self.schedule_timer(out);
        self.maybe_propose(out);
        self.fetch_missing_ancestor(self.highest_qc.vote.block, out);
        for id in self.blocks.pending_ids() {
            self.fetch_missing_ancestor(id, out);
        }
        self.try_commit(out);
    }

    fn on_reconfigure(&mut self, id: Hash, next: ValidatorSet) {
        if next.epoch() != self.epoch() + 1 {
            tracing::warn!(target: "consensus", epoch = next.epoch(), "reconfigure to a non-successor epoch ignored");
            return;
        }
        if self.blocks.contains(&id) {
            self.next_epochs.insert(id, next);
        }
    }

    /// Current round.
    pub fn round(&self) -> Round {
        self.round
    }

    /// Current epoch.
    pub fn epoch(&self) -> Epoch {
        self.validators.epoch()
    }

    /// Highest QC known.
    pub fn highest_qc(&self) -> &QuorumCert {
        &self.highest_qc
    }

    /// Highest TC known.
    pub fn highest_tc(&self) -> Option<&TimeoutCert> {
        self.highest_tc.as_ref()
    }

    /// Last committed block.
    pub fn committed(&self) -> BlockRef {
        self.committed
    }

    /// Certificate of the last commit (None at genesis or an epoch root).
    pub fn committed_cert(&self) -> Option<&CommitCertificate> {
        self.committed_cert.as_ref()
    }

    /// Validator set of the current epoch (verify incoming messages against it).
    pub fn validators(&self) -> &ValidatorSet {
        &self.validators
    }

    /// The in-memory safety data (what was last emitted with `PersistSafety`, or newer).
    pub fn safety(&self) -> &SafetyData {
        &self.safety
    }

    /// Verify a message for this core: [`verify_message`] against the current set, except that block
    /// requests of validators still in the previous epoch are checked against that epoch's set (so
    /// they can fetch the blocks that end it).
    ///
    /// Unsigned messages are pre-filtered so that floods cost no signature checks: a block response
    /// must answer one of our requests, a sync message must carry a certificate above ours.
    pub fn verify(&self, msg: Message) -> Result<Verified<Message>, VerifyError> {
        let not_needed = |reason| Err(VerifyError::NotNeeded { reason });
        match &msg {
            Message::BlockRequest(r) => {
                if let Some(prev) = self.previous_set.as_ref().filter(|p| p.epoch() == r.epoch) {
                    return verify_message(msg, prev, &self.config);
                }
            }
            Message::BlockResponse(r) if !self.requested(r) => {
                return not_needed("unsolicited block response");
            }
            Message::Sync(i) if i.epoch == self.epoch() && !self.news(i) => {
                return not_needed("sync carries nothing new");
            }
            _ => {}
        }
        // Certificates identical to ours were verified when we got them.
        let qcs = [&self.highest_qc];
        let trusted = Trusted {
            qcs: &qcs,
            tc: self.highest_tc.as_ref(),
        };
        verify_message_trusting(msg, &self.validators, &self.config, trusted)
    }

    fn requested(&self, r: &crate::messages::BlockResponse) -> bool {
        r.blocks
            .first()
            .is_some_and(|b| self.fetches.contains_key(&b.id))
    }

    fn news(&self, i: &crate::messages::SyncInfo) -> bool {
        let higher_tc =
            |tc: &TimeoutCert| self.highest_tc.as_ref().is_none_or(|h| h.round < tc.round);
        i.highest_qc.round() > self.highest_qc.round()
            || i.highest_tc.as_ref().is_some_and(higher_tc)
    }

    /// For validators still in the previous epoch: the certificate that ended it, as a message they
    /// verify with their (old) set. A driver that rejects a message with `VerifyError::WrongEpoch`
    /// whose epoch is below ours may send this to its sender.
    pub fn epoch_change_proof(&self) -> Option<Message> {
        let qc = self.epoch_proof.clone()?;
        Some(Message::Sync(crate::messages::SyncInfo {
            epoch: qc.vote.epoch,
            highest_qc: qc,
            highest_tc: None,
        }))
    }

    /// Our index in the current set, if we are a validator.
    pub fn index(&self) -> Option<ValidatorIndex> {
        self.me
    }

    /// Number of uncommitted blocks held (memory bound checks).
    pub fn pending_blocks(&self) -> usize {
        self.blocks.len()
    }

    /// Sizes of the core's bounded collections.
    pub fn memory_footprint(&self) -> Footprint {
        Footprint {
            pending_blocks: self.blocks.len(),
            certified: self.certified.len(),
            proposals: self.proposals.len(),
            fetches: self.fetches.len(),
            vote_rounds: self.votes.rounds(),
            votes: self.votes.len(),
            timeout_rounds: self.timeouts.rounds(),
        }
    }

    /// Remember what `vote` (a certified vote) says about its block and its block's parent.
    fn note_certified(&mut self, vote: &VoteData) {
        if vote.round == 0 || vote.epoch != self.epoch() {
            return;
        }
        if vote.height > self.committed.height {
            let full = Known {
                round: vote.round,
                height: vote.height,
                parent: Some((vote.parent, vote.parent_round)),
            };
            self.certified.insert(vote.block, full);
        }
        let parent_height = vote.height - 1;
        if parent_height > self.committed.height && !self.certified.contains_key(&vote.parent) {
            let partial = Known {
                round: vote.parent_round,
                height: parent_height,
                parent: None,
            };
            self.certified.insert(vote.parent, partial);
        }
    }
}
