//! Table-driven tests of the signing rules S1–S8 and the commit rule C1 (see `src/safety.rs`).

use metanode_consensus::safety::{
    decide_timeout, decide_vote, may_propose, record_proposal, record_timeout, record_vote,
    vote_data, TimeoutDecision, VoteDecision,
};
use metanode_consensus::{
    ProposedBlock, QuorumCert, SafetyData, SafetyError, Timeout, TimeoutCert, TimeoutSignature,
    Vote, VoteData,
};

fn qc(round: u64) -> QuorumCert {
    QuorumCert {
        vote: VoteData {
            epoch: 0,
            round,
            block: [round as u8; 32],
            height: round,
            parent: [round.saturating_sub(1) as u8; 32],
            parent_round: round.saturating_sub(1),
        },
        signatures: Vec::new(),
    }
}

fn block(round: u64, qc_round: u64, tag: u8) -> ProposedBlock {
    let justify = qc(qc_round);
    ProposedBlock {
        id: [tag; 32],
        parent: justify.vote.block,
        round,
        height: justify.vote.height + 1,
        justify,
        payload: vec![tag],
    }
}

fn tc(round: u64, high_qc_rounds: &[u64]) -> TimeoutCert {
    let max = high_qc_rounds.iter().copied().max().unwrap_or(0);
    TimeoutCert {
        epoch: 0,
        round,
        high_qc: qc(max),
        signatures: high_qc_rounds
            .iter()
            .enumerate()
            .map(|(i, r)| TimeoutSignature {
                signer: i as u16,
                high_qc_round: *r,
                signature: [0; 64],
            })
            .collect(),
    }
}

fn safety(last_voted: u64, preferred: u64) -> SafetyData {
    SafetyData {
        last_voted_round: last_voted,
        preferred_round: preferred,
        ..SafetyData::default()
    }
}

fn vote_for(b: &ProposedBlock) -> Vote {
    Vote {
        data: vote_data(0, b),
        author: 0,
        signature: [7; 64],
    }
}

#[test]
fn vote_rules_s1_s2_s3_s6() {
    let voted = block(5, 4, 0xaa);
    let with_last_vote = SafetyData {
        last_vote: Some(vote_for(&voted)),
        ..safety(5, 3)
    };
    struct Case {
        name: &'static str,
        data: SafetyData,
        epoch: u64,
        block: ProposedBlock,
        tc: Option<TimeoutCert>,
        expect: Result<&'static str, SafetyError>,
    }
    let cases = vec![
        Case {
            name: "S3 direct extension",
            data: safety(0, 0),
            epoch: 0,
            block: block(1, 0, 1),
            tc: None,
            expect: Ok("new"),
        },
        Case {
            name: "S3 direct after votes",
            data: safety(4, 3),
            epoch: 0,
            block: block(5, 4, 1),
            tc: None,
            expect: Ok("new"),
        },
        Case {
            name: "S1 wrong epoch",
            data: safety(0, 0),
            epoch: 1,
            block: block(1, 0, 1),
            tc: None,
            expect: Err(SafetyError::WrongEpoch {
                expected: 0,
                got: 1,
            }),
        },
        Case {
            name: "S2 same round without stored vote",
            data: safety(5, 3),
            epoch: 0,
            block: block(5, 4, 1),
            tc: None,
            expect: Err(SafetyError::RoundNotNewer {
                round: 5,
                last_voted_round: 5,
            }),
        },
        Case {
            name: "S2 older round",
            data: safety(7, 3),
            epoch: 0,
            block: block(5, 4, 1),
            tc: None,
            expect: Err(SafetyError::RoundNotNewer {
                round: 5,
                last_voted_round: 7,
            }),
        },
        Case {
            name: "S3 gap without TC",
            data: safety(4, 3),
            epoch: 0,
            block: block(6, 4, 1),
            tc: None,
            expect: Err(SafetyError::NotExtending {
                round: 6,
                qc_round: 4,
                tc_round: None,
                tc_qc_round: None,
            }),
        },
        Case {
            name: "S3 gap with TC, QC is the TC's highest",
            data: safety(4, 3),
            epoch: 0,
            block: block(6, 4, 1),
            tc: Some(tc(5, &[4, 3, 2])),
            expect: Ok("new"),
        },
        Case {
            name: "S3 gap with TC, QC below the TC's highest",
            data: safety(4, 3),
            epoch: 0,
            block: block(6, 3, 1),
            tc: Some(tc(5, &[4, 3, 2])),
            expect: Err(SafetyError::NotExtending {
                round: 6,
                qc_round: 3,
                tc_round: Some(5),
                tc_qc_round: Some(4),
            }),
        },
        Case {
            name: "S3 TC not of the previous round",
            data: safety(4, 3),
            epoch: 0,
            block: block(7, 4, 1),
            tc: Some(tc(5, &[4, 4, 4])),
            expect: Err(SafetyError::NotExtending {
                round: 7,
                qc_round: 4,
                tc_round: Some(5),
                tc_qc_round: Some(4),
            }),
        },
        Case {
            name: "S6 repeat the stored vote",
            data: with_last_vote.clone(),
            epoch: 0,
            block: voted.clone(),
            tc: None,
            expect: Ok("repeat"),
        },
        Case {
            name: "S6 refuse another block in the voted round",
            data: with_last_vote,
            epoch: 0,
            block: block(5, 4, 0xbb),
            tc: None,
            expect: Err(SafetyError::ConflictingVote { round: 5 }),
        },
    ];
    for c in cases {
        let got = decide_vote(&c.data, c.epoch, &c.block, c.tc.as_ref());
        let got = got.map(|d| match d {
            VoteDecision::New(data) => {
                assert_eq!(data, vote_data(c.epoch, &c.block), "{}", c.name);
                "new"
            }
            VoteDecision::Repeat(v) => {
                assert_eq!(v.data.block, c.block.id, "{}", c.name);
                "repeat"
            }
        });
        assert_eq!(got, c.expect, "case {}", c.name);
    }
}

#[test]
fn timeout_rules_s4_s5_s6() {
    let stored = Timeout {
        epoch: 0,
        round: 6,
        high_qc: qc(5),
        last_tc: None,
        author: 0,
        signature: [1; 64],
    };
    struct Case {
        name: &'static str,
        data: SafetyData,
        round: u64,
        high_qc: u64,
        tc: Option<TimeoutCert>,
        expect: Result<&'static str, SafetyError>,
    }
    let cases = vec![
        Case {
            name: "S5 round after the QC",
            data: safety(0, 0),
            round: 1,
            high_qc: 0,
            tc: None,
            expect: Ok("new"),
        },
        Case {
            name: "S5 after voting in the same round",
            data: safety(6, 4),
            round: 6,
            high_qc: 5,
            tc: None,
            expect: Ok("new"),
        },
        Case {
            name: "S5 round after a TC",
            data: safety(5, 2),
            round: 6,
            high_qc: 3,
            tc: Some(tc(5, &[3, 3, 3])),
            expect: Ok("new"),
        },
        Case {
            name: "S5 round not justified",
            data: safety(0, 0),
            round: 5,
            high_qc: 2,
            tc: None,
            expect: Err(SafetyError::TimeoutNotAllowed {
                round: 5,
                last_voted_round: 0,
                qc_round: 2,
                tc_round: None,
            }),
        },
        Case {
            name: "S5 round below the last vote",
            data: safety(7, 0),
            round: 6,
            high_qc: 5,
            tc: None,
            expect: Err(SafetyError::TimeoutNotAllowed {
                round: 6,
                last_voted_round: 7,
                qc_round: 5,
                tc_round: None,
            }),
        },
        Case {
            name: "S4 high QC below preferred",
            data: safety(4, 4),
            round: 6,
            high_qc: 3,
            tc: Some(tc(5, &[3, 3, 3])),
            expect: Err(SafetyError::BelowPreferred {
                qc_round: 3,
                preferred_round: 4,
            }),
        },
        Case {
            name: "S6 repeat the stored timeout",
            data: SafetyData {
                last_timeout: Some(stored),
                highest_timeout_round: 6,
                ..safety(6, 5)
            },
            round: 6,
            high_qc: 5,
            tc: None,
            expect: Ok("repeat"),
        },
        Case {
            name: "S1 wrong epoch",
            data: SafetyData {
                epoch: 2,
                ..safety(0, 0)
            },
            round: 1,
            high_qc: 0,
            tc: None,
            expect: Err(SafetyError::WrongEpoch {
                expected: 2,
                got: 0,
            }),
        },
    ];
    for c in cases {
        let got =
            decide_timeout(&c.data, 0, c.round, &qc(c.high_qc), c.tc.as_ref()).map(|d| match d {
                TimeoutDecision::New => "new",
                TimeoutDecision::Repeat(t) => {
                    assert_eq!(t.round, c.round, "{}", c.name);
                    "repeat"
                }
            });
        assert_eq!(got, c.expect, "case {}", c.name);
    }
}

#[test]
fn recording_updates_the_rounds() {
    let mut d = SafetyData::default();
    let b = block(3, 2, 9);
    record_vote(&mut d, &vote_for(&b), None);
    assert_eq!((d.last_voted_round, d.preferred_round), (3, 2));
    // S5: a timeout forbids later votes in its round.
    let t = Timeout {
        epoch: 0,
        round: 4,
        high_qc: qc(3),
        last_tc: Some(tc(3, &[2, 2, 2])),
        author: 0,
        signature: [0; 64],
    };
    record_timeout(&mut d, &t);
    assert_eq!(
        (
            d.last_voted_round,
            d.preferred_round,
            d.highest_timeout_round
        ),
        (4, 3, 4)
    );
    assert_eq!(d.last_tc.as_ref().map(|t| t.round), Some(3));
    assert!(matches!(
        decide_vote(&d, 0, &block(4, 3, 1), None),
        Err(SafetyError::RoundNotNewer { .. })
    ));
    // Rounds never go down.
    record_vote(&mut d, &vote_for(&block(2, 1, 1)), None);
    assert_eq!((d.last_voted_round, d.preferred_round), (4, 3));
}

#[test]
fn s8_one_proposal_per_round() {
    let cases = [
        (0u64, 1u64, true),
        (1, 1, false),
        (1, 2, true),
        (5, 3, false),
    ];
    for (last, round, ok) in cases {
        let d = SafetyData {
            last_proposed_round: last,
            ..SafetyData::default()
        };
        assert_eq!(may_propose(&d, 0, round), ok, "last {last} round {round}");
    }
    let mut d = SafetyData::default();
    record_proposal(&mut d, 4);
    record_proposal(&mut d, 2);
    assert_eq!(d.last_proposed_round, 4);
    assert!(
        !may_propose(
            &SafetyData {
                epoch: 1,
                ..SafetyData::default()
            },
            0,
            1
        ),
        "S1 applies to proposals"
    );
}

/// (round, parent round, height) of a QC -> the (round, height) it commits.
type CommitCase = ((u64, u64, u64), Option<(u64, u64)>);

#[test]
fn c1_commit_rule_table() {
    let cases: [CommitCase; 5] = [
        ((2, 1, 2), Some((1, 1))),
        ((7, 6, 5), Some((6, 4))),
        ((7, 5, 5), None), // a gap: the child is not in the parent's next round
        ((1, 0, 1), Some((0, 0))), // the first block of an epoch commits its root (already final)
        ((0, 0, 0), None), // an epoch-start QC commits nothing
    ];
    for ((round, parent_round, height), expect) in cases {
        let q = QuorumCert {
            vote: VoteData {
                epoch: 0,
                round,
                block: [1; 32],
                height,
                parent: [2; 32],
                parent_round,
            },
            signatures: Vec::new(),
        };
        assert_eq!(
            q.commits().map(|b| (b.round, b.height)),
            expect,
            "round {round} parent {parent_round}"
        );
        if let Some(b) = q.commits() {
            assert_eq!(b.id, [2; 32]);
        }
    }
}
