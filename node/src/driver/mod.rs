//! The consensus driver: runs the pure HotStuff core (metanode-consensus) against real time, storage, the
//! transaction pool and the network.
//!
//! Contract (DESIGN.md §4):
//! - Outputs are executed in the order the core emits them, except commits (below). Safety data and to-be-voted
//!   blocks are collected into one batch that is written with sync before the next message leaves the node (or
//!   loops back to it).
//! - A proposed block is executed, and its state root checked, before the core gets a `Verdict`.
//! - Commits go to [`Chain::commit`], which returns only when the block is durable. They are deferred, in order,
//!   until the inputs queued with them are processed (so a replica executes the next proposal and sends its vote
//!   first, and a leader whose block is due builds it first): writing a committed block is not on the round's
//!   critical path. The committed block stays readable as a pending block meanwhile; deferred commits run before
//!   an epoch change is adopted, before synced blocks are imported, and at shutdown.
//! - Cadence: asked for a payload, the driver answers after `min_block_interval` when the pool or an uncommitted
//!   block holds transactions, else after `idle_block_interval`.

mod builder;
mod epochs;
mod network;
mod recovery;
mod synced;
mod verifier;

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use metanode_chain_spec::ConsensusParams;
use metanode_consensus::{
    BlockRef, Core, Input, Message, Output, ProposedBlock, QuorumCert, RecoveryState, Round,
    ValidatorIndex, ValidatorSet, VerifyError,
};
use metanode_network::PeerId;
use metanode_primitives::{AccountId32, H256};
use metanode_runtime::{queries, ChainContext};
use metanode_storage::{Column, StorageError, WriteBatch};
use parity_scale_codec::Encode;
use tokio::sync::{mpsc, watch};
use tokio::time::Instant;

pub use builder::BlockLimits;
pub use epochs::set_after;
pub use network::{ConsensusNetwork, NoPeers};
pub use recovery::recover;
pub use synced::SyncBatch;
pub use verifier::MAX_BLOCK_BYTES;

use crate::chain::{Chain, ChainError, SAFETY_KEY};
use crate::metrics::Metrics;
use crate::pool::TxPool;

/// Failures that stop the driver (and so the node).
#[derive(Debug, thiserror::Error)]
pub enum DriverError {
    /// The store failed.
    #[error("storage: {0}")]
    Storage(#[from] StorageError),
    /// The chain failed.
    #[error("chain: {0}")]
    Chain(#[from] ChainError),
    /// A persisted record does not decode.
    #[error("corrupt {what}: {reason}")]
    Corrupt {
        /// Which record.
        what: &'static str,
        /// The codec error.
        reason: String,
    },
    /// Asked to build on a block this node does not have.
    #[error("unknown parent block {0:?}")]
    UnknownParent(H256),
    /// The runtime refused an inherent it produced itself.
    #[error("inherent rejected: {0}")]
    Inherent(String),
}

/// This node as a validator.
#[derive(Clone, Copy, Debug)]
pub struct LocalValidator {
    /// Position in the validator set.
    pub index: ValidatorIndex,
    /// Its session key as an account.
    pub account: AccountId32,
}

/// A consensus message from the network, with the peer that delivered it.
pub struct Inbound {
    /// The message, not yet verified.
    pub message: Message,
    /// Who delivered it.
    pub from: Option<PeerId>,
}

/// Builds a consensus core from a recovery state (at start, and after sync committed blocks behind its back).
pub type CoreFactory = Box<dyn Fn(ValidatorSet, RecoveryState) -> Core + Send>;

struct PayloadRequest {
    round: Round,
    parent: BlockRef,
    justify: QuorumCert,
    /// The parent block's timestamp (ms), read once when the request arrives.
    parent_ms: u64,
}

/// Everything the driver runs with.
pub struct DriverParts {
    /// The core, already recovered.
    pub core: Core,
    /// The chain.
    pub chain: Arc<Chain>,
    /// The pool.
    pub pool: Arc<TxPool>,
    /// Runtime context.
    pub ctx: ChainContext,
    /// The current validator set.
    pub validators: ValidatorSet,
    /// Our session key, when we run as a validator (we vote while it is in the current set).
    pub session: Option<AccountId32>,
    /// Block cadence.
    pub cadence: ConsensusParams,
    /// Block bounds.
    pub limits: BlockLimits,
    /// The other validators.
    pub network: Arc<dyn ConsensusNetwork>,
    /// Messages from other validators.
    pub inbox: mpsc::Receiver<Inbound>,
    /// Committed blocks fetched by sync, to verify and commit.
    pub synced: mpsc::Receiver<SyncBatch>,
    /// Rebuilds the core after sync.
    pub make_core: CoreFactory,
    /// Consensus and chain metrics.
    pub metrics: Arc<Metrics>,
}

/// The running driver.
pub struct Driver {
    parts: DriverParts,
    timers: BTreeSet<(Instant, Round)>,
    payload: Option<PayloadRequest>,
    queue: VecDeque<Input>,
    persist: WriteBatch,
    /// Commits the core decided, not yet written (oldest first), with their encoded certificates.
    deferred_commits: VecDeque<(ProposedBlock, Vec<u8>)>,
}

impl Driver {
    /// A driver that has not started yet.
    pub fn new(parts: DriverParts) -> Self {
        Driver {
            parts,
            timers: BTreeSet::new(),
            payload: None,
            queue: VecDeque::new(),
            persist: WriteBatch::default(),
            deferred_commits: VecDeque::new(),
        }
    }

    /// Runs until `shutdown` turns true or a fatal error.
    pub async fn run(mut self, mut shutdown: watch::Receiver<bool>) -> Result<(), DriverError> {
        self.queue.push_back(Input::Start);
        self.process()?;
        loop {
            let next_timer = self.timers.first().map(|(at, _)| *at);
            let payload_due = self.payload_due();
            let waiting_for_work = self.payload.is_some();
            tokio::select! {
                _ = shutdown.changed() => break,
                Some(inbound) = self.parts.inbox.recv() => self.on_network_message(inbound),
                Some(batch) = self.parts.synced.recv() => self.import_synced(batch)?,
                _ = sleep_until(next_timer) => self.fire_timers(),
                _ = sleep_until(payload_due) => self.propose()?,
                _ = self.parts.pool.added(), if waiting_for_work => {}
            }
            self.process()?;
        }
        self.flush()?;
        self.commit_deferred()?;
        tracing::info!(target: "consensus", "consensus driver stopped");
        Ok(())
    }

    fn on_network_message(&mut self, inbound: Inbound) {
        let carries_tc = matches!(&inbound.message, Message::Proposal(p) if p.last_tc.is_some());
        match self.parts.core.verify(inbound.message) {
            Ok(verified) => {
                if carries_tc {
                    self.parts.metrics.tcs_formed.inc();
                }
                self.queue.push_back(Input::Message(verified))
            }
            Err(error) => {
                let provably_bad = matches!(
                    error,
                    VerifyError::BadSignature { .. }
                        | VerifyError::Certificate { .. }
                        | VerifyError::UnknownAuthor { .. }
                );
                match inbound.from {
                    Some(peer) if provably_bad => self
                        .parts
                        .network
                        .report(&peer, format!("consensus message: {error}")),
                    _ => tracing::debug!(target: "consensus", %error, "consensus message not used"),
                }
            }
        }
    }

    /// Replaces the core by one recovered from storage (after sync committed blocks it did not see).
    fn rebuild_core(&mut self) -> Result<(), DriverError> {
        self.flush()?;
        let validators = self.parts.validators.clone();
        let recovery = recover(&self.parts.chain, &self.parts.ctx, &validators, |round| {
            leader_account(&validators, round)
        })?;
        self.parts.core = (self.parts.make_core)(validators, recovery);
        self.timers.clear();
        self.payload = None;
        self.queue.clear();
        self.queue.push_back(Input::Start);
        Ok(())
    }

    fn fire_timers(&mut self) {
        let now = Instant::now();
        while let Some(&(at, round)) = self.timers.first() {
            if at > now {
                break;
            }
            self.timers.pop_first();
            self.queue.push_back(Input::TimerFired { round });
        }
    }

    /// When to answer the pending payload request: `min_block_interval` after the parent block's timestamp when
    /// there is work (pool or uncommitted blocks with transactions), else `idle_block_interval` after it. Using the
    /// parent's timestamp, not this node's last proposal, keeps the cadence whichever validator leads.
    fn payload_due(&self) -> Option<Instant> {
        let request = self.payload.as_ref()?;
        let parent = H256(request.parent.id);
        let busy = !self.parts.pool.is_empty() || self.parts.chain.uncommitted_work(&parent);
        let wait = if busy {
            self.parts.cadence.min_block_interval_ms
        } else {
            self.parts.cadence.idle_block_interval_ms
        };
        let due_ms = request.parent_ms.saturating_add(wait);
        let delay = due_ms.saturating_sub(now_ms());
        Some(Instant::now() + Duration::from_millis(delay.min(wait)))
    }

    fn propose(&mut self) -> Result<(), DriverError> {
        let Some(request) = self.payload.take() else {
            return Ok(());
        };
        let Some(me) = self.me() else {
            return Ok(());
        };
        if self.parts.core.round() != request.round {
            return Ok(());
        }
        let proposal = builder::Proposal {
            parent: H256(request.parent.id),
            round: request.round,
            epoch: self.parts.validators.epoch(),
            proposer: me.account,
            justify: &request.justify,
            now_ms: now_ms(),
        };
        let started = std::time::Instant::now();
        let built = builder::build_block(
            &self.parts.chain,
            &self.parts.pool,
            &self.parts.ctx,
            proposal,
            self.parts.limits,
        )?;
        self.parts.pool.remove(&built.invalid);
        let block = built.block;
        tracing::debug!(
            target: "consensus",
            round = request.round,
            number = block.number(),
            extrinsics = block.block.extrinsics.len(),
            build_ms = started.elapsed().as_millis() as u64,
            "built block"
        );
        let id = block.hash.0;
        let best = self
            .parts
            .metrics
            .best_height
            .get()
            .max(i64::from(block.number()));
        self.parts.metrics.best_height.set(best);
        let payload = block.block.encode();
        self.parts.chain.insert_pending(block);
        self.queue.push_back(Input::Payload {
            round: request.round,
            id,
            payload,
        });
        self.reconfigure_if_changed(&H256(request.parent.id), &H256(id));
        Ok(())
    }

    fn process(&mut self) -> Result<(), DriverError> {
        while let Some(input) = self.queue.pop_front() {
            for output in self.parts.core.handle(input) {
                self.execute(output)?;
            }
        }
        self.flush()?;
        // A proposal due now is built first (the run loop proposes next, then comes back here).
        if self.payload_due().is_none_or(|due| due > Instant::now()) {
            self.commit_deferred()?;
        }
        self.update_metrics();
        Ok(())
    }

    /// Writes the deferred commits, oldest first.
    fn commit_deferred(&mut self) -> Result<(), DriverError> {
        if self.deferred_commits.is_empty() {
            return Ok(());
        }
        self.flush()?;
        while let Some((block, certificate)) = self.deferred_commits.pop_front() {
            self.commit(&block, certificate)?;
        }
        Ok(())
    }

    fn update_metrics(&self) {
        let m = &self.parts.metrics;
        let core = &self.parts.core;
        m.round.set(core.round() as i64);
        let qc_round = core.highest_qc().vote.round as i64;
        if qc_round > m.highest_qc_round.get() {
            m.qcs_formed.inc();
            m.highest_qc_round.set(qc_round);
        }
        m.pool_size.set(self.parts.pool.len() as i64);
    }

    fn execute(&mut self, output: Output) -> Result<(), DriverError> {
        match output {
            Output::PersistSafety(safety) => {
                self.persist
                    .put(Column::Safety, SAFETY_KEY, safety.encode());
            }
            Output::PersistBlock(block) => {
                self.persist.put(Column::Pending, block.id, block.encode());
            }
            Output::Broadcast(message) => {
                self.flush()?;
                if matches!(message, Message::Timeout(_)) {
                    self.parts.metrics.timeouts.inc();
                }
                self.parts.network.broadcast(&message);
                self.loop_back(message);
            }
            Output::SendTo { to, message } => {
                self.flush()?;
                if self.me().is_some_and(|me| me.index == to) {
                    self.loop_back(message);
                } else {
                    self.parts.network.send_to(to, &message);
                }
            }
            Output::ScheduleTimer { round, after_ms } => {
                self.timers
                    .insert((Instant::now() + Duration::from_millis(after_ms), round));
            }
            Output::RequestPayload {
                round,
                parent,
                justify,
            } => {
                let parent_ms = self
                    .parts
                    .chain
                    .view_at(&H256(parent.id))
                    .map_or(0, |view| queries::timestamp_now(&view));
                self.payload = Some(PayloadRequest {
                    round,
                    parent,
                    justify,
                    parent_ms,
                });
            }
            Output::VerifyBlock(block) => {
                let valid = self.verify(&block)?;
                if valid {
                    self.reconfigure_if_changed(&H256(block.parent), &H256(block.id));
                }
                self.queue.push_back(Input::Verdict {
                    id: block.id,
                    valid,
                });
            }
            Output::Commit { block, certificate } => {
                self.deferred_commits
                    .push_back((block, certificate.encode()));
            }
            Output::EpochStarted { epoch, root } => {
                tracing::info!(target: "consensus", epoch, root = ?H256(root.id), height = root.height, "epoch started");
                self.commit_deferred()?;
                self.flush()?;
                self.adopt_set_after(&H256(root.id))?;
            }
            Output::Equivocation(evidence) => {
                tracing::warn!(target: "consensus", ?evidence, "equivocation detected");
            }
        }
        Ok(())
    }

    fn verify(&mut self, block: &ProposedBlock) -> Result<bool, DriverError> {
        if self.parts.chain.pending(&H256(block.id)).is_some() {
            return Ok(true);
        }
        let leader = self.leader_account(block.round);
        let started = std::time::Instant::now();
        let result = verifier::execute_proposed(&self.parts.chain, &self.parts.ctx, block, leader)?;
        let elapsed = started.elapsed();
        self.parts
            .metrics
            .block_import_seconds
            .observe(elapsed.as_secs_f64());
        tracing::debug!(
            target: "consensus",
            round = block.round,
            height = block.height,
            import_ms = elapsed.as_millis() as u64,
            "imported proposed block"
        );
        match result {
            Ok(executed) => {
                self.parts.metrics.best_height.set(
                    self.parts
                        .metrics
                        .best_height
                        .get()
                        .max(block.height as i64),
                );
                self.parts.chain.insert_pending(executed);
                Ok(true)
            }
            Err(reason) => {
                tracing::warn!(target: "consensus", round = block.round, id = ?H256(block.id), %reason, "rejected proposed block");
                Ok(false)
            }
        }
    }

    fn commit(&mut self, block: &ProposedBlock, certificate: Vec<u8>) -> Result<(), DriverError> {
        self.commit_hash(H256(block.id), certificate, &[])
    }

    /// Commits pending block `hash`; `linking` as in [`Chain::commit_linked`] (empty outside sync).
    fn commit_hash(
        &mut self,
        hash: H256,
        certificate: Vec<u8>,
        linking: &[metanode_primitives::Header],
    ) -> Result<(), DriverError> {
        let started = std::time::Instant::now();
        let pending = self.parts.chain.pending(&hash);
        let head = if linking.is_empty() {
            self.parts.chain.commit(&hash, certificate)?
        } else {
            self.parts
                .chain
                .commit_linked(&hash, certificate, linking)?
        };
        let chain = &self.parts.chain;
        match (pending, chain.view_at(&head.hash)) {
            (Some(pending), Some(view)) => self.parts.pool.remove_committed(
                &pending.block.extrinsics,
                &pending.extrinsic_hashes,
                |who| queries::account_nonce(&view, who),
            ),
            (Some(pending), None) => self.parts.pool.remove(&pending.extrinsic_hashes),
            (None, Some(view)) => self
                .parts
                .pool
                .prune_stale(|who| queries::account_nonce(&view, who)),
            (None, None) => {}
        }
        self.parts
            .metrics
            .finalized_height
            .set(i64::from(head.number));
        let best = self
            .parts
            .metrics
            .best_height
            .get()
            .max(i64::from(head.number));
        self.parts.metrics.best_height.set(best);
        tracing::info!(
            target: "consensus",
            number = head.number,
            hash = ?head.hash,
            round = head.round,
            commit_ms = started.elapsed().as_millis() as u64,
            "finalized"
        );
        Ok(())
    }

    /// Us, while our session key is in the current set.
    fn me(&self) -> Option<LocalValidator> {
        let account = self.parts.session?;
        let index = self.parts.core.index()?;
        Some(LocalValidator { index, account })
    }

    /// Tells the core when executing block `id` changed the validator set (it then ends its epoch).
    fn reconfigure_if_changed(&mut self, parent: &H256, id: &H256) {
        if let Some(next) = epochs::changed_by(&self.parts.chain, parent, id) {
            tracing::info!(target: "consensus", block = ?id, epoch = next.epoch(), validators = next.len(), "block changes the validator set");
            self.queue.push_back(Input::Reconfigure { id: id.0, next });
        }
    }

    /// Adopts the set in force after committed block `root` (an epoch began there).
    fn adopt_set_after(&mut self, root: &H256) -> Result<(), DriverError> {
        let on_chain = epochs::set_after(&self.parts.chain, root)?;
        tracing::info!(
            target: "consensus",
            epoch = on_chain.set.epoch(),
            validators = on_chain.set.len(),
            voting = self.parts.session.is_some_and(|s| on_chain.set.index_of(&metanode_consensus::PublicKey(s.0)).is_some()),
            "validator set changed"
        );
        self.parts
            .network
            .validators_changed(&on_chain.network_keys);
        self.parts.validators = on_chain.set;
        Ok(())
    }

    fn leader_account(&self, round: Round) -> AccountId32 {
        leader_account(&self.parts.validators, round)
    }

    fn loop_back(&mut self, message: Message) {
        if self.me().is_none() {
            return;
        }
        match self.parts.core.verify(message) {
            Ok(verified) => self.queue.push_back(Input::Message(verified)),
            Err(error) => {
                tracing::error!(target: "consensus", %error, "own message failed verification")
            }
        }
    }

    fn flush(&mut self) -> Result<(), DriverError> {
        if self.persist.is_empty() {
            return Ok(());
        }
        let batch = std::mem::take(&mut self.persist);
        self.parts.chain.store().write(batch, true)?;
        Ok(())
    }
}

/// The account of the leader of `round`.
pub fn leader_account(validators: &ValidatorSet, round: Round) -> AccountId32 {
    let index = validators.leader(round);
    let key = validators
        .get(index)
        .expect("leader index is within the validator set");
    AccountId32(key.0)
}

async fn sleep_until(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at).await,
        None => std::future::pending().await,
    }
}

fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64)
}
