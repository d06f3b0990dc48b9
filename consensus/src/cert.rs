//! Certificate verification: quorum certificates, timeout certificates and commit certificates.
//!
//! A certificate is valid for a [`ValidatorSet`] when its epoch is the set's epoch, its signers are
//! distinct known members numbering at least the quorum, and every signature verifies (checked as one
//! schnorrkel batch). Round-0 QCs are the unsigned start certificates of an epoch and must name the
//! epoch's root (the genesis for epoch 0). Each failure names its fault.

use crate::crypto::{timeout_bytes, verify_many, vote_bytes};
use crate::messages::{CommitCertificate, QuorumCert, TimeoutCert};
use crate::types::{BlockRef, Epoch, Hash, Round, SignatureBytes, ValidatorIndex};
use crate::validators::ValidatorSet;

/// Why a certificate is invalid.
#[derive(Debug, thiserror::Error, PartialEq, Eq, Clone)]
pub enum CertificateError {
    /// Signed by another epoch's validators.
    #[error("certificate is for epoch {got}, the validator set is epoch {expected}")]
    WrongEpoch {
        /// The set's epoch.
        expected: Epoch,
        /// The certificate's epoch.
        got: Epoch,
    },
    /// A commit certificate whose rounds are not consecutive: it does not prove a commit.
    #[error("not a commit certificate: round {round} does not directly follow parent round {parent_round}")]
    WrongRound {
        /// The certified round.
        round: Round,
        /// The parent's round.
        parent_round: Round,
    },
    /// Inconsistent vote data (parent round not below the round, or height 0 above round 0).
    #[error("malformed vote data: round {round}, parent round {parent_round}, height {height}")]
    MalformedVote {
        /// Round.
        round: Round,
        /// Parent round.
        parent_round: Round,
        /// Height.
        height: u64,
    },
    /// A round-0 certificate that does not name the epoch root, or carries signatures.
    #[error("round-0 certificate of epoch {epoch} does not name the epoch root")]
    BadEpochStart {
        /// The epoch.
        epoch: Epoch,
    },
    /// Fewer distinct signers than the quorum.
    #[error("{got} signers, the quorum is {need}")]
    TooFewSigners {
        /// Distinct signers present.
        got: usize,
        /// Quorum.
        need: usize,
    },
    /// A signer listed twice.
    #[error("signer {signer} appears twice")]
    DuplicateSigner {
        /// The repeated index.
        signer: ValidatorIndex,
    },
    /// A signer index outside the set.
    #[error("signer {signer} is not in the {len}-member validator set of epoch {epoch}")]
    UnknownSigner {
        /// The index.
        signer: ValidatorIndex,
        /// Set size.
        len: usize,
        /// Set epoch.
        epoch: Epoch,
    },
    /// A signature that does not verify.
    #[error("invalid signature by signer {signer}")]
    InvalidSignature {
        /// The signer.
        signer: ValidatorIndex,
    },
    /// A TC whose QC round does not match the highest round its signers named.
    #[error(
        "timeout certificate carries a QC of round {qc_round}, its signers name round {signed}"
    )]
    HighQcMismatch {
        /// Round of the carried QC.
        qc_round: Round,
        /// Largest signed high-QC round.
        signed: Round,
    },
    /// A timeout naming a high-QC round not below the timed-out round.
    #[error("timeout for round {round} names a high QC of round {qc_round}")]
    HighQcTooHigh {
        /// Timed-out round.
        round: Round,
        /// Named QC round.
        qc_round: Round,
    },
    /// The QC inside a TC is invalid.
    #[error("the high QC of the timeout certificate is invalid: {source}")]
    HighQc {
        /// Why.
        #[source]
        source: Box<CertificateError>,
    },
}

fn check_signers(
    set: &ValidatorSet,
    signers: impl Iterator<Item = ValidatorIndex>,
) -> Result<(), CertificateError> {
    let mut seen = vec![false; set.len()];
    let mut count = 0usize;
    for signer in signers {
        let Some(slot) = seen.get_mut(usize::from(signer)) else {
            return Err(CertificateError::UnknownSigner {
                signer,
                len: set.len(),
                epoch: set.epoch(),
            });
        };
        if *slot {
            return Err(CertificateError::DuplicateSigner { signer });
        }
        *slot = true;
        count += 1;
    }
    if count < set.quorum() {
        return Err(CertificateError::TooFewSigners {
            got: count,
            need: set.quorum(),
        });
    }
    Ok(())
}

/// The root an epoch's round-0 QC must name.
fn epoch_root(set: &ValidatorSet, genesis: &Hash) -> Option<BlockRef> {
    if set.epoch() == 0 {
        Some(BlockRef {
            id: *genesis,
            round: 0,
            height: 0,
        })
    } else {
        set.start()
    }
}

/// Verify a QC against its epoch's set.
pub fn verify_qc(
    qc: &QuorumCert,
    set: &ValidatorSet,
    genesis: &Hash,
) -> Result<(), CertificateError> {
    let v = &qc.vote;
    if v.epoch != set.epoch() {
        return Err(CertificateError::WrongEpoch {
            expected: set.epoch(),
            got: v.epoch,
        });
    }
    if v.round == 0 {
        let root = epoch_root(set, genesis);
        let ok = qc.signatures.is_empty()
            && v.parent == v.block
            && v.parent_round == 0
            && root.is_some_and(|r| r.id == v.block && r.height == v.height);
        return if ok {
            Ok(())
        } else {
            Err(CertificateError::BadEpochStart { epoch: v.epoch })
        };
    }
    if v.parent_round >= v.round || v.height == 0 {
        return Err(CertificateError::MalformedVote {
            round: v.round,
            parent_round: v.parent_round,
            height: v.height,
        });
    }
    check_signers(set, qc.signatures.iter().map(|(i, _)| *i))?;
    let bytes = vote_bytes(genesis, v);
    let items: Vec<(ValidatorIndex, Vec<u8>, SignatureBytes)> = qc
        .signatures
        .iter()
        .map(|(i, s)| (*i, bytes.clone(), *s))
        .collect();
    verify_many(set, &items).map_err(|signer| CertificateError::InvalidSignature { signer })
}

/// Verify a TC (and the QC it carries) against its epoch's set.
pub fn verify_tc(
    tc: &TimeoutCert,
    set: &ValidatorSet,
    genesis: &Hash,
) -> Result<(), CertificateError> {
    if tc.epoch != set.epoch() {
        return Err(CertificateError::WrongEpoch {
            expected: set.epoch(),
            got: tc.epoch,
        });
    }
    check_signers(set, tc.signatures.iter().map(|s| s.signer))?;
    let signed = tc.highest_qc_round();
    if let Some(s) = tc.signatures.iter().find(|s| s.high_qc_round >= tc.round) {
        return Err(CertificateError::HighQcTooHigh {
            round: tc.round,
            qc_round: s.high_qc_round,
        });
    }
    if tc.high_qc.round() != signed {
        return Err(CertificateError::HighQcMismatch {
            qc_round: tc.high_qc.round(),
            signed,
        });
    }
    verify_qc(&tc.high_qc, set, genesis).map_err(|e| CertificateError::HighQc {
        source: Box::new(e),
    })?;
    let items: Vec<(ValidatorIndex, Vec<u8>, SignatureBytes)> = tc
        .signatures
        .iter()
        .map(|s| {
            (
                s.signer,
                timeout_bytes(genesis, tc.epoch, tc.round, s.high_qc_round),
                s.signature,
            )
        })
        .collect();
    verify_many(set, &items).map_err(|signer| CertificateError::InvalidSignature { signer })
}

impl CommitCertificate {
    /// Check this certificate with nothing but the validator set of its epoch and the chain genesis;
    /// returns the committed block (the certified block's parent).
    pub fn verify(&self, set: &ValidatorSet, genesis: &Hash) -> Result<BlockRef, CertificateError> {
        let v = &self.qc.vote;
        if v.epoch != set.epoch() {
            return Err(CertificateError::WrongEpoch {
                expected: set.epoch(),
                got: v.epoch,
            });
        }
        let Some(committed) = self.qc.commits() else {
            return Err(CertificateError::WrongRound {
                round: v.round,
                parent_round: v.parent_round,
            });
        };
        verify_qc(&self.qc, set, genesis)?;
        Ok(committed)
    }

    /// The block this certificate commits, without checking signatures.
    pub fn committed(&self) -> Option<BlockRef> {
        self.qc.commits()
    }
}
