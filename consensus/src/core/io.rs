//! What goes into and comes out of [`crate::Core::handle`].

use crate::messages::{
    CommitCertificate, EquivocationEvidence, Message, ProposedBlock, QuorumCert,
};
use crate::safety::SafetyData;
use crate::types::{BlockRef, Epoch, Hash, Round, ValidatorIndex};
use crate::validators::ValidatorSet;
use crate::verify::Verified;

/// An event the driver feeds to the core.
// Inputs and outputs are moved once, right away; boxing would only add allocations.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Input {
    /// Arm the round timer; request a payload if leader; re-verify recovered blocks.
    Start,
    /// A message that passed [`crate::verify_message`] (including the core's own, looped back).
    Message(Verified<Message>),
    /// A timer asked for with [`Output::ScheduleTimer`] fired.
    TimerFired {
        /// The round it was armed for.
        round: Round,
    },
    /// Answer to [`Output::RequestPayload`].
    Payload {
        /// The round it was requested for.
        round: Round,
        /// Application id of the block built.
        id: Hash,
        /// Opaque block bytes.
        payload: Vec<u8>,
    },
    /// Answer to [`Output::VerifyBlock`]: executed and roots match.
    Verdict {
        /// The block.
        id: Hash,
        /// Whether it is valid.
        valid: bool,
    },
    /// Executing block `id` changed the validator set: send it *before* the block's `Verdict`. The new
    /// set (epoch + 1) takes over once `id` is committed; later blocks of the old epoch are never
    /// committed.
    Reconfigure {
        /// The epoch's last block.
        id: Hash,
        /// Validators of the next epoch.
        next: ValidatorSet,
    },
}

/// An effect the driver executes, in order.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Output {
    /// Durably store the safety data; ALWAYS before the Send/Broadcast of the vote/timeout it protects.
    PersistSafety(SafetyData),
    /// Store a block the node is about to vote for, before the vote leaves.
    PersistBlock(ProposedBlock),
    /// Send to all validators (the driver also loops it back to this core).
    Broadcast(Message),
    /// Send to one validator (may be ourselves: the driver loops it back).
    SendTo {
        /// Recipient.
        to: ValidatorIndex,
        /// The message.
        message: Message,
    },
    /// Fire `Input::TimerFired { round }` after `after_ms`.
    ScheduleTimer {
        /// Round the timer belongs to.
        round: Round,
        /// Delay.
        after_ms: u64,
    },
    /// We lead `round`: build a block on `parent` and answer with `Input::Payload`.
    RequestPayload {
        /// The round.
        round: Round,
        /// The block to build on (already verified locally).
        parent: BlockRef,
        /// The QC certifying `parent`.
        justify: QuorumCert,
    },
    /// Execute this block (its parent was verified before) and answer with `Input::Verdict`.
    VerifyBlock(ProposedBlock),
    /// `block` is final. Emitted in height order, each exactly once; for ancestors committed
    /// transitively, `certificate` is the descendant's (follow parent links from its committed block).
    Commit {
        /// The final block.
        block: ProposedBlock,
        /// The proof.
        certificate: CommitCertificate,
    },
    /// A validator signed conflicting messages.
    Equivocation(EquivocationEvidence),
    /// The core switched to a new epoch (verify messages with [`crate::Core::validators`] from now on).
    EpochStarted {
        /// The new epoch.
        epoch: Epoch,
        /// Its root block (the last block of the previous epoch).
        root: BlockRef,
    },
}
