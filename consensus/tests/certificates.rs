//! Certificate and message verification: every rejection names its fault.

use metanode_consensus::cert::{verify_qc, verify_tc};
use metanode_consensus::crypto::{proposal_bytes, timeout_bytes, vote_bytes};
use metanode_consensus::{
    verify_message, BlockRef, CertificateError, CommitCertificate, Config, Message, Proposal,
    ProposedBlock, QuorumCert, Signer, TimeoutCert, TimeoutSignature, ValidatorSet, VerifyError,
    Vote, VoteData,
};
use schnorrkel::{ExpansionMode, MiniSecretKey};

const GENESIS: [u8; 32] = [9; 32];

fn signer(i: u8) -> Signer {
    let mini = MiniSecretKey::from_bytes(&[i + 1; 32]).expect("32 bytes");
    Signer::from_keypair(mini.expand_to_keypair(ExpansionMode::Ed25519))
}

fn setup(n: u8) -> (Vec<Signer>, ValidatorSet) {
    let signers: Vec<Signer> = (0..n).map(signer).collect();
    let set =
        ValidatorSet::new(0, signers.iter().map(|s| s.public()).collect()).expect("valid set");
    (signers, set)
}

fn vote(round: u64, parent_round: u64) -> VoteData {
    VoteData {
        epoch: 0,
        round,
        block: [round as u8; 32],
        height: 3,
        parent: [parent_round as u8; 32],
        parent_round,
    }
}

fn sign_qc(signers: &[Signer], who: &[u16], data: VoteData) -> QuorumCert {
    let bytes = vote_bytes(&GENESIS, &data);
    QuorumCert {
        vote: data,
        signatures: who
            .iter()
            .map(|&i| (i, signers[usize::from(i)].sign(&bytes)))
            .collect(),
    }
}

#[test]
fn commit_certificate_accepts_a_quorum_and_names_the_committed_block() {
    let (signers, set) = setup(4);
    let cert = CommitCertificate {
        qc: sign_qc(&signers, &[0, 1, 3], vote(5, 4)),
    };
    let committed = cert.verify(&set, &GENESIS).expect("valid");
    assert_eq!(
        committed,
        BlockRef {
            id: [4; 32],
            round: 4,
            height: 2
        }
    );
}

#[test]
fn commit_certificate_rejections_name_the_fault() {
    let (signers, set) = setup(4);
    let good = sign_qc(&signers, &[0, 1, 2], vote(5, 4));

    // A missing signer: below quorum.
    let mut missing = good.clone();
    missing.signatures.pop();
    assert_eq!(
        CommitCertificate { qc: missing }.verify(&set, &GENESIS),
        Err(CertificateError::TooFewSigners { got: 2, need: 3 })
    );

    // A duplicate signer.
    let mut dup = good.clone();
    dup.signatures.push(dup.signatures[0]);
    assert_eq!(
        CommitCertificate { qc: dup }.verify(&set, &GENESIS),
        Err(CertificateError::DuplicateSigner { signer: 0 })
    );

    // An unknown signer.
    let mut unknown = good.clone();
    unknown.signatures[2].0 = 7;
    assert_eq!(
        CommitCertificate { qc: unknown }.verify(&set, &GENESIS),
        Err(CertificateError::UnknownSigner {
            signer: 7,
            len: 4,
            epoch: 0
        })
    );

    // A wrong round: not the direct child of the committed block.
    let gap = sign_qc(&signers, &[0, 1, 2], vote(6, 4));
    assert_eq!(
        CommitCertificate { qc: gap }.verify(&set, &GENESIS),
        Err(CertificateError::WrongRound {
            round: 6,
            parent_round: 4
        })
    );

    // A wrong epoch.
    let other_epoch = ValidatorSet::new(1, set.keys().to_vec()).expect("set");
    assert_eq!(
        CommitCertificate { qc: good.clone() }.verify(&other_epoch, &GENESIS),
        Err(CertificateError::WrongEpoch {
            expected: 1,
            got: 0
        })
    );

    // A flipped bit in a signature.
    let mut flipped = good.clone();
    flipped.signatures[1].1[10] ^= 0x01;
    assert_eq!(
        CommitCertificate { qc: flipped }.verify(&set, &GENESIS),
        Err(CertificateError::InvalidSignature { signer: 1 })
    );

    // A flipped bit in the signed data invalidates every signature; the first is named.
    let mut data_flip = good.clone();
    data_flip.vote.block[0] ^= 0x80;
    assert_eq!(
        CommitCertificate { qc: data_flip }.verify(&set, &GENESIS),
        Err(CertificateError::InvalidSignature { signer: 0 })
    );

    // Another chain's genesis (domain separation).
    assert_eq!(
        CommitCertificate { qc: good }.verify(&set, &[8; 32]),
        Err(CertificateError::InvalidSignature { signer: 0 })
    );
}

#[test]
fn genesis_and_epoch_start_certificates() {
    let (_, set) = setup(4);
    assert_eq!(
        verify_qc(&QuorumCert::genesis(GENESIS), &set, &GENESIS),
        Ok(())
    );
    assert_eq!(
        verify_qc(&QuorumCert::genesis([1; 32]), &set, &GENESIS),
        Err(CertificateError::BadEpochStart { epoch: 0 })
    );
    let root = BlockRef {
        id: [5; 32],
        round: 0,
        height: 40,
    };
    let next = ValidatorSet::new(1, set.keys().to_vec()).expect("set");
    assert_eq!(
        verify_qc(&QuorumCert::epoch_start(1, root), &next, &GENESIS),
        Err(CertificateError::BadEpochStart { epoch: 1 }),
        "an epoch without a known root accepts no start certificate"
    );
    let next = next.with_start(root);
    assert_eq!(
        verify_qc(&QuorumCert::epoch_start(1, root), &next, &GENESIS),
        Ok(())
    );
    let mut signed = QuorumCert::epoch_start(1, root);
    signed.signatures.push((0, [0; 64]));
    assert_eq!(
        verify_qc(&signed, &next, &GENESIS),
        Err(CertificateError::BadEpochStart { epoch: 1 })
    );
}

fn sign_tc(
    signers: &[Signer],
    round: u64,
    entries: &[(u16, u64)],
    high_qc: QuorumCert,
) -> TimeoutCert {
    TimeoutCert {
        epoch: 0,
        round,
        high_qc,
        signatures: entries
            .iter()
            .map(|&(i, r)| TimeoutSignature {
                signer: i,
                high_qc_round: r,
                signature: signers[usize::from(i)].sign(&timeout_bytes(&GENESIS, 0, round, r)),
            })
            .collect(),
    }
}

#[test]
fn timeout_certificates() {
    let (signers, set) = setup(4);
    let qc4 = sign_qc(&signers, &[1, 2, 3], vote(4, 3));
    let good = sign_tc(&signers, 6, &[(0, 4), (1, 2), (3, 4)], qc4.clone());
    assert_eq!(verify_tc(&good, &set, &GENESIS), Ok(()));
    assert_eq!(good.highest_qc_round(), 4);

    let mut lie = good.clone();
    lie.signatures[1].high_qc_round = 3; // signed 2, claims 3
    assert_eq!(
        verify_tc(&lie, &set, &GENESIS),
        Err(CertificateError::InvalidSignature { signer: 1 })
    );

    let low = sign_tc(&signers, 6, &[(0, 2), (1, 2), (3, 2)], qc4.clone());
    assert_eq!(
        verify_tc(&low, &set, &GENESIS),
        Err(CertificateError::HighQcMismatch {
            qc_round: 4,
            signed: 2
        })
    );

    let high = sign_tc(&signers, 4, &[(0, 4), (1, 2), (3, 4)], qc4.clone());
    assert_eq!(
        verify_tc(&high, &set, &GENESIS),
        Err(CertificateError::HighQcTooHigh {
            round: 4,
            qc_round: 4
        })
    );

    let mut bad_qc = qc4;
    bad_qc.signatures.truncate(2);
    let tc = sign_tc(&signers, 6, &[(0, 4), (1, 2), (3, 4)], bad_qc);
    assert_eq!(
        verify_tc(&tc, &set, &GENESIS),
        Err(CertificateError::HighQc {
            source: Box::new(CertificateError::TooFewSigners { got: 2, need: 3 })
        })
    );
}

fn proposal(signers: &[Signer], author: u16, round: u64) -> Proposal {
    let justify = QuorumCert::genesis(GENESIS);
    let block = ProposedBlock {
        id: [1; 32],
        parent: GENESIS,
        round,
        height: 1,
        justify,
        payload: vec![1, 2, 3],
    };
    let mut p = Proposal {
        epoch: 0,
        block,
        last_tc: None,
        author,
        signature: [0; 64],
    };
    p.signature = signers[usize::from(author)].sign(&proposal_bytes(&GENESIS, &p));
    p
}

#[test]
fn message_verification() {
    let (signers, set) = setup(4);
    let config = Config::new(GENESIS);
    let ok = proposal(&signers, 1, 1);
    assert!(verify_message(Message::Proposal(ok.clone()), &set, &config).is_ok());

    let not_leader = proposal(&signers, 2, 1);
    assert_eq!(
        verify_message(Message::Proposal(not_leader), &set, &config),
        Err(VerifyError::NotLeader {
            round: 1,
            author: 2,
            leader: 1
        })
    );

    let mut tampered = ok.clone();
    tampered.block.payload.push(0);
    assert_eq!(
        verify_message(Message::Proposal(tampered), &set, &config),
        Err(VerifyError::BadSignature { author: 1 })
    );

    let mut wrong_parent = ok.clone();
    wrong_parent.block.parent = [3; 32];
    assert_eq!(
        verify_message(Message::Proposal(wrong_parent), &set, &config),
        Err(VerifyError::Malformed {
            reason: "block parent is not the justified block"
        })
    );

    let mut other_epoch = ok;
    other_epoch.epoch = 3;
    assert_eq!(
        verify_message(Message::Proposal(other_epoch), &set, &config),
        Err(VerifyError::WrongEpoch {
            expected: 0,
            got: 3
        })
    );

    let data = vote(2, 1);
    let v = Vote {
        data,
        author: 2,
        signature: signers[2].sign(&vote_bytes(&GENESIS, &data)),
    };
    assert!(verify_message(Message::Vote(v.clone()), &set, &config).is_ok());
    let forged = Vote {
        author: 3,
        ..v.clone()
    };
    assert_eq!(
        verify_message(Message::Vote(forged), &set, &config),
        Err(VerifyError::BadSignature { author: 3 })
    );
    let stranger = Vote { author: 9, ..v };
    assert_eq!(
        verify_message(Message::Vote(stranger), &set, &config),
        Err(VerifyError::UnknownAuthor {
            author: 9,
            epoch: 0
        })
    );
}

#[test]
fn validator_set_rules() {
    let (signers, set) = setup(7);
    assert_eq!((set.len(), set.max_faulty(), set.quorum()), (7, 2, 5));
    assert_eq!(set.leader(9), 2);
    assert_eq!(set.index_of(&signers[4].public()), Some(4));
    let (_, one) = setup(1);
    assert_eq!((one.quorum(), one.leader(5)), (1, 0));
    let (_, four) = setup(4);
    assert_eq!(four.quorum(), 3);
    let dup = vec![signers[0].public(), signers[0].public()];
    assert!(ValidatorSet::new(0, dup).is_err());
    assert!(ValidatorSet::new(0, Vec::new()).is_err());
}
