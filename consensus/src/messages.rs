//! Wire types: blocks, votes, certificates and the [`Message`] enum exchanged between validators.
//!
//! Every type here is SCALE `Encode`/`Decode` and carries `TypeInfo`. Nothing here is trusted until it
//! went through [`crate::verify_message`]; the structural and cryptographic checks live in
//! [`crate::verify`] and [`crate::cert`].

use parity_scale_codec::{Decode, DecodeLimit, Encode};
use scale_info::TypeInfo;

use crate::types::{BlockRef, Epoch, Hash, Height, Round, SignatureBytes, ValidatorIndex};

/// A block as consensus sees it. `payload` is opaque application bytes (the node puts the SCALE-encoded
/// block there); `id` is chosen by the application (the node: the header hash) and is what votes sign.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct ProposedBlock {
    /// Application-chosen id.
    pub id: Hash,
    /// Id of the parent block; always equals `justify.vote.block`.
    pub parent: Hash,
    /// Round this block is proposed in.
    pub round: Round,
    /// Height; always `justify.vote.height + 1`.
    pub height: Height,
    /// The QC certifying the parent (the proposer's highest QC).
    pub justify: QuorumCert,
    /// Opaque application payload.
    pub payload: Vec<u8>,
}

impl ProposedBlock {
    /// This block as a [`BlockRef`].
    pub fn block_ref(&self) -> BlockRef {
        BlockRef {
            id: self.id,
            round: self.round,
            height: self.height,
        }
    }
}

/// What a vote signs: the voted block and its parent link, so a QC also certifies the parent edge.
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct VoteData {
    /// Epoch of the validator set that votes.
    pub epoch: Epoch,
    /// Round of the voted block.
    pub round: Round,
    /// Id of the voted block.
    pub block: Hash,
    /// Height of the voted block.
    pub height: Height,
    /// Id of the voted block's parent.
    pub parent: Hash,
    /// Round of the voted block's parent.
    pub parent_round: Round,
}

impl VoteData {
    /// The voted block as a [`BlockRef`].
    pub fn block_ref(&self) -> BlockRef {
        BlockRef {
            id: self.block,
            round: self.round,
            height: self.height,
        }
    }
}

/// A quorum certificate: 2f+1 signatures over one [`VoteData`]. Round-0 QCs are unsigned and name the
/// epoch's root block (the chain genesis for epoch 0).
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct QuorumCert {
    /// The signed vote data.
    pub vote: VoteData,
    /// Signers (strictly increasing indices) and their signatures.
    pub signatures: Vec<(ValidatorIndex, SignatureBytes)>,
}

impl QuorumCert {
    /// The round-0 certificate of epoch 0: it certifies the genesis block (height 0).
    pub fn genesis(genesis_id: Hash) -> Self {
        Self::epoch_start(
            0,
            BlockRef {
                id: genesis_id,
                round: 0,
                height: 0,
            },
        )
    }

    /// The round-0 certificate of `epoch`, certifying its root block (committed in the previous epoch).
    pub fn epoch_start(epoch: Epoch, root: BlockRef) -> Self {
        QuorumCert {
            vote: VoteData {
                epoch,
                round: 0,
                block: root.id,
                height: root.height,
                parent: root.id,
                parent_round: 0,
            },
            signatures: Vec::new(),
        }
    }

    /// Round of the certified block.
    pub fn round(&self) -> Round {
        self.vote.round
    }

    /// The certified block.
    pub fn certified(&self) -> BlockRef {
        self.vote.block_ref()
    }

    /// The block this QC commits by the two-chain rule (its certified block's parent, when the rounds
    /// are consecutive), if any.
    pub fn commits(&self) -> Option<BlockRef> {
        if self.vote.round > 0 && self.vote.parent_round.checked_add(1) == Some(self.vote.round) {
            Some(BlockRef {
                id: self.vote.parent,
                round: self.vote.parent_round,
                height: self.vote.height.saturating_sub(1),
            })
        } else {
            None
        }
    }
}

/// One signer's part of a [`TimeoutCert`]: it signed (epoch, round, `high_qc_round`).
#[derive(Encode, Decode, TypeInfo, Clone, Copy, PartialEq, Eq, Debug)]
pub struct TimeoutSignature {
    /// The signer.
    pub signer: ValidatorIndex,
    /// Round of the highest QC the signer held when it timed out.
    pub high_qc_round: Round,
    /// Signature over the timeout bytes.
    pub signature: SignatureBytes,
}

/// A timeout certificate: 2f+1 timeouts for one round, with the highest QC among them.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct TimeoutCert {
    /// Epoch of the signers.
    pub epoch: Epoch,
    /// The round that timed out.
    pub round: Round,
    /// The highest QC named by the signers; its round equals the largest `high_qc_round`.
    pub high_qc: QuorumCert,
    /// The signers (strictly increasing indices).
    pub signatures: Vec<TimeoutSignature>,
}

impl TimeoutCert {
    /// Largest `high_qc_round` among the signers (the round a proposal after this TC must extend).
    pub fn highest_qc_round(&self) -> Round {
        self.signatures
            .iter()
            .map(|s| s.high_qc_round)
            .max()
            .unwrap_or(0)
    }
}

/// A leader's signed proposal for `block.round`.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Proposal {
    /// Epoch of the proposer.
    pub epoch: Epoch,
    /// The proposed block.
    pub block: ProposedBlock,
    /// The TC of `block.round - 1`, when that round ended by timeout.
    pub last_tc: Option<TimeoutCert>,
    /// The proposer; must be the round's leader.
    pub author: ValidatorIndex,
    /// Signature over the proposal bytes.
    pub signature: SignatureBytes,
}

/// A vote for a block, sent to the next round's leader.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Vote {
    /// What is signed.
    pub data: VoteData,
    /// The voter.
    pub author: ValidatorIndex,
    /// Signature over the vote bytes.
    pub signature: SignatureBytes,
}

/// A validator's signed statement that `round` timed out locally, with its highest QC.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct Timeout {
    /// Epoch of the signer.
    pub epoch: Epoch,
    /// The round that timed out.
    pub round: Round,
    /// The signer's highest QC (its round is what is signed).
    pub high_qc: QuorumCert,
    /// The TC through which the signer entered `round`, if it did so by timeout (helps laggards).
    pub last_tc: Option<TimeoutCert>,
    /// The signer.
    pub author: ValidatorIndex,
    /// Signature over (epoch, round, high_qc.round).
    pub signature: SignatureBytes,
}

/// Ask a validator for up to `count` blocks, starting at `id` and following parent links.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct BlockRequest {
    /// Epoch of the requester.
    pub epoch: Epoch,
    /// First block wanted.
    pub id: Hash,
    /// How many blocks, newest first.
    pub count: u16,
    /// The requester (replies go to it).
    pub author: ValidatorIndex,
    /// Signature over the request bytes.
    pub signature: SignatureBytes,
}

/// Answer to a [`BlockRequest`]: blocks newest first, each the parent of the previous one. Unsigned: every
/// block's parent edge is certified by its `justify` QC and the first block by what the requester knows.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct BlockResponse {
    /// Epoch of the responder.
    pub epoch: Epoch,
    /// Blocks, newest first.
    pub blocks: Vec<ProposedBlock>,
}

/// A node's highest certificates, sent to a validator that is behind (it sent a message for a round
/// we already left). Unsigned: the certificates prove themselves.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct SyncInfo {
    /// Epoch of the certificates.
    pub epoch: Epoch,
    /// The sender's highest QC.
    pub highest_qc: QuorumCert,
    /// The sender's highest TC, when it is above the highest QC.
    pub highest_tc: Option<TimeoutCert>,
}

/// Every consensus message.
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum Message {
    /// A leader's proposal (broadcast).
    Proposal(Proposal),
    /// A vote (broadcast: every validator forms the QC).
    Vote(Vote),
    /// A timeout (broadcast).
    Timeout(Timeout),
    /// A request for missing blocks (sent to one validator).
    BlockRequest(BlockRequest),
    /// The answer to a request.
    BlockResponse(BlockResponse),
    /// Certificates for a validator that is behind.
    Sync(SyncInfo),
}

impl Message {
    /// Epoch the message claims.
    pub fn epoch(&self) -> Epoch {
        match self {
            Message::Proposal(p) => p.epoch,
            Message::Vote(v) => v.data.epoch,
            Message::Timeout(t) => t.epoch,
            Message::BlockRequest(r) => r.epoch,
            Message::BlockResponse(r) => r.epoch,
            Message::Sync(s) => s.epoch,
        }
    }
}

/// Proof that a validator signed two conflicting statements.
// Rare and short-lived: the size difference between variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub enum EquivocationEvidence {
    /// Two different proposals by one leader in one round (the first was kept).
    Proposal {
        /// The proposal kept.
        first: Box<Proposal>,
        /// The conflicting one.
        second: Box<Proposal>,
    },
    /// Two different votes by one validator in one round.
    Vote {
        /// The vote kept.
        first: Vote,
        /// The conflicting one.
        second: Vote,
    },
}

impl EquivocationEvidence {
    /// The offender.
    pub fn offender(&self) -> ValidatorIndex {
        match self {
            EquivocationEvidence::Proposal { first, .. } => first.author,
            EquivocationEvidence::Vote { first, .. } => first.author,
        }
    }
}

/// Proof that a block is final: the QC of its direct child (vote.parent == committed id,
/// vote.parent_round + 1 == vote.round). Verified with [`CommitCertificate::verify`].
#[derive(Encode, Decode, TypeInfo, Clone, PartialEq, Eq, Debug)]
pub struct CommitCertificate {
    /// The child's QC.
    pub qc: QuorumCert,
}

/// Nesting depth allowed when decoding a message (the types nest a few levels at most).
pub const MAX_DECODE_DEPTH: u32 = 16;

/// Why bytes from the network are not a message.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum MessageDecodeError {
    /// Longer than the caller's limit; nothing was decoded.
    #[error("message of {len} bytes exceeds the limit of {max}")]
    TooLong {
        /// Bytes received.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// Not a SCALE-encoded message, or trailing bytes.
    #[error("undecodable message: {reason}")]
    Codec {
        /// The codec's description.
        reason: String,
    },
}

/// Decode a message from untrusted bytes: length checked first, then `decode_all` (no trailing
/// bytes) with a nesting-depth limit. Collections can only be as long as the bytes allow.
pub fn decode_message(bytes: &[u8], max_len: usize) -> Result<Message, MessageDecodeError> {
    if bytes.len() > max_len {
        return Err(MessageDecodeError::TooLong {
            len: bytes.len(),
            max: max_len,
        });
    }
    let mut input = bytes;
    Message::decode_all_with_depth_limit(MAX_DECODE_DEPTH, &mut input).map_err(|e| {
        MessageDecodeError::Codec {
            reason: e.to_string(),
        }
    })
}
