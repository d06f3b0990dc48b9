//! The edge check: [`verify_message`] turns an untrusted [`Message`] into a [`Verified`] one.
//!
//! `Verified<T>` can only be built here, so the core never sees an unchecked message. Checks: the
//! message's epoch is the set's epoch; its author is a member (and, for a proposal, the round's
//! leader); its signature verifies; the certificates it carries verify ([`crate::cert`]); and its
//! structure is consistent (a block's parent is its QC's block, heights and rounds line up, a block
//! response is one parent-linked chain of bounded length).

use crate::cert::{verify_qc, verify_tc, CertificateError};
use crate::config::Config;
use crate::crypto::{block_request_bytes, proposal_bytes, timeout_bytes, verify_one, vote_bytes};
use crate::messages::{BlockResponse, Message, ProposedBlock};
use crate::messages::{QuorumCert, TimeoutCert};
use crate::types::{Epoch, Hash, Round, ValidatorIndex};
use crate::validators::ValidatorSet;

/// A value that passed verification. Only this crate constructs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified<T>(T);

impl<T> Verified<T> {
    /// The verified value.
    pub fn inner(&self) -> &T {
        &self.0
    }

    /// Unwrap the verified value (it is no longer marked verified).
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Verified<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// Why a message was rejected.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone)]
pub enum VerifyError {
    /// Another epoch than the set's.
    #[error("message is for epoch {got}, the validator set is epoch {expected}")]
    WrongEpoch {
        /// The set's epoch.
        expected: Epoch,
        /// The message's epoch.
        got: Epoch,
    },
    /// The author index is not in the set.
    #[error("author {author} is not a validator of epoch {epoch}")]
    UnknownAuthor {
        /// The claimed author.
        author: ValidatorIndex,
        /// The epoch.
        epoch: Epoch,
    },
    /// A proposal not by the round's leader.
    #[error("proposal for round {round} by {author}, the leader is {leader}")]
    NotLeader {
        /// The round.
        round: Round,
        /// The claimed author.
        author: ValidatorIndex,
        /// The round's leader.
        leader: ValidatorIndex,
    },
    /// The author's signature does not verify.
    #[error("invalid signature by {author}")]
    BadSignature {
        /// The author.
        author: ValidatorIndex,
    },
    /// An embedded certificate is invalid.
    #[error("invalid {what}: {source}")]
    Certificate {
        /// Which certificate.
        what: &'static str,
        /// Why.
        #[source]
        source: CertificateError,
    },
    /// Valid or not, the core has no use for it (an unsolicited block response, a sync with nothing
    /// new): rejected by [`crate::Core::verify`] before any signature is checked.
    #[error("message not needed: {reason}")]
    NotNeeded {
        /// Why.
        reason: &'static str,
    },
    /// The message is structurally inconsistent.
    #[error("malformed message: {reason}")]
    Malformed {
        /// What is wrong.
        reason: &'static str,
    },
}

fn cert_err(what: &'static str) -> impl FnOnce(CertificateError) -> VerifyError {
    move |source| VerifyError::Certificate { what, source }
}

fn malformed(reason: &'static str) -> VerifyError {
    VerifyError::Malformed { reason }
}

fn check_epoch(got: Epoch, set: &ValidatorSet) -> Result<(), VerifyError> {
    if got != set.epoch() {
        return Err(VerifyError::WrongEpoch {
            expected: set.epoch(),
            got,
        });
    }
    Ok(())
}

fn check_author(author: ValidatorIndex, set: &ValidatorSet) -> Result<(), VerifyError> {
    if set.get(author).is_none() {
        return Err(VerifyError::UnknownAuthor {
            author,
            epoch: set.epoch(),
        });
    }
    Ok(())
}

/// Structure of a block: parent is the justified block, height and round follow it, same epoch.
fn check_block_shape(b: &ProposedBlock, epoch: Epoch) -> Result<(), VerifyError> {
    let j = &b.justify.vote;
    if b.round == 0 {
        return Err(malformed("block round 0"));
    }
    if j.epoch != epoch {
        return Err(malformed("block justify QC from another epoch"));
    }
    if b.parent != j.block {
        return Err(malformed("block parent is not the justified block"));
    }
    if j.round >= b.round {
        return Err(malformed("justify QC round not below block round"));
    }
    if j.height.checked_add(1) != Some(b.height) {
        return Err(malformed("block height is not parent height + 1"));
    }
    Ok(())
}

fn check_response_chain(r: &BlockResponse, max: usize) -> Result<(), VerifyError> {
    if r.blocks.is_empty() || r.blocks.len() > max {
        return Err(malformed("block response empty or too long"));
    }
    for pair in r.blocks.windows(2) {
        let (child, parent) = (&pair[0], &pair[1]);
        let j = &child.justify.vote;
        let linked = parent.id == child.parent
            && parent.round == j.round
            && parent.height == j.height
            && parent.parent == j.parent
            && parent.justify.vote.round == j.parent_round;
        if !linked {
            return Err(malformed(
                "block response is not one certified parent chain",
            ));
        }
    }
    Ok(())
}

/// Certificates the caller verified before: an identical copy inside a message is not checked again.
#[derive(Clone, Copy, Default)]
pub(crate) struct Trusted<'a> {
    pub(crate) qcs: &'a [&'a QuorumCert],
    pub(crate) tc: Option<&'a TimeoutCert>,
}

impl Trusted<'_> {
    fn qc(
        &self,
        qc: &QuorumCert,
        set: &ValidatorSet,
        genesis: &Hash,
    ) -> Result<(), CertificateError> {
        if self.qcs.contains(&qc) {
            return Ok(());
        }
        verify_qc(qc, set, genesis)
    }

    fn tc(
        &self,
        tc: &TimeoutCert,
        set: &ValidatorSet,
        genesis: &Hash,
    ) -> Result<(), CertificateError> {
        if self.tc == Some(tc) {
            return Ok(());
        }
        verify_tc(tc, set, genesis)
    }
}

/// Check a message against the validator set of its epoch and the chain's config.
pub fn verify_message(
    msg: Message,
    set: &ValidatorSet,
    config: &Config,
) -> Result<Verified<Message>, VerifyError> {
    verify_message_trusting(msg, set, config, Trusted::default())
}

/// [`verify_message`], skipping certificates identical to ones in `trusted`.
pub(crate) fn verify_message_trusting(
    msg: Message,
    set: &ValidatorSet,
    config: &Config,
    trusted: Trusted<'_>,
) -> Result<Verified<Message>, VerifyError> {
    let genesis = &config.genesis;
    check_epoch(msg.epoch(), set)?;
    match &msg {
        Message::Proposal(p) => {
            check_author(p.author, set)?;
            let leader = set.leader(p.block.round);
            if p.author != leader {
                return Err(VerifyError::NotLeader {
                    round: p.block.round,
                    author: p.author,
                    leader,
                });
            }
            check_block_shape(&p.block, p.epoch)?;
            if let Some(tc) = &p.last_tc {
                if tc.round.checked_add(1) != Some(p.block.round) {
                    return Err(malformed("proposal TC is not for the previous round"));
                }
            }
            if !verify_one(set, p.author, &proposal_bytes(genesis, p), &p.signature) {
                return Err(VerifyError::BadSignature { author: p.author });
            }
            trusted
                .qc(&p.block.justify, set, genesis)
                .map_err(cert_err("proposal QC"))?;
            if let Some(tc) = &p.last_tc {
                trusted
                    .tc(tc, set, genesis)
                    .map_err(cert_err("proposal TC"))?;
            }
        }
        Message::Vote(v) => {
            check_author(v.author, set)?;
            let d = &v.data;
            if d.round == 0 || d.parent_round >= d.round || d.height == 0 {
                return Err(malformed("vote rounds or height inconsistent"));
            }
            if !verify_one(set, v.author, &vote_bytes(genesis, d), &v.signature) {
                return Err(VerifyError::BadSignature { author: v.author });
            }
        }
        Message::Timeout(t) => {
            check_author(t.author, set)?;
            if t.round == 0 || t.high_qc.round() >= t.round {
                return Err(malformed("timeout round not above its high QC round"));
            }
            if t.last_tc.as_ref().is_some_and(|tc| tc.round >= t.round) {
                return Err(malformed("timeout carries a TC not below its round"));
            }
            let bytes = timeout_bytes(genesis, t.epoch, t.round, t.high_qc.round());
            if !verify_one(set, t.author, &bytes, &t.signature) {
                return Err(VerifyError::BadSignature { author: t.author });
            }
            trusted
                .qc(&t.high_qc, set, genesis)
                .map_err(cert_err("timeout high QC"))?;
            if let Some(tc) = &t.last_tc {
                trusted
                    .tc(tc, set, genesis)
                    .map_err(cert_err("timeout TC"))?;
            }
        }
        Message::BlockRequest(r) => {
            check_author(r.author, set)?;
            if r.count == 0 || usize::from(r.count) > usize::from(config.max_fetch_blocks) {
                return Err(malformed("block request count out of range"));
            }
            if !verify_one(
                set,
                r.author,
                &block_request_bytes(genesis, r),
                &r.signature,
            ) {
                return Err(VerifyError::BadSignature { author: r.author });
            }
        }
        Message::Sync(s) => {
            if s.highest_qc.vote.epoch != s.epoch {
                return Err(malformed("sync QC from another epoch"));
            }
            trusted
                .qc(&s.highest_qc, set, genesis)
                .map_err(cert_err("sync QC"))?;
            if let Some(tc) = &s.highest_tc {
                trusted.tc(tc, set, genesis).map_err(cert_err("sync TC"))?;
            }
        }
        Message::BlockResponse(r) => {
            check_response_chain(r, usize::from(config.max_fetch_blocks))?;
            for b in &r.blocks {
                check_block_shape(b, r.epoch)?;
                trusted
                    .qc(&b.justify, set, genesis)
                    .map_err(cert_err("block QC"))?;
            }
        }
    }
    Ok(Verified(msg))
}
