//! Behaviour of one core driven by hand: the single-validator chain, output ordering (S7), repeated
//! votes (S6), equivocation evidence, bounded memory under floods, recovery and epoch changes.

mod sim;

use std::collections::VecDeque;

use metanode_consensus::crypto::{proposal_bytes, timeout_bytes, vote_bytes};
use metanode_consensus::safety::vote_data;
use metanode_consensus::{
    verify_message, BlockRef, Config, Core, EquivocationEvidence, Hash, Input, Message, Output,
    Proposal, ProposedBlock, QuorumCert, RecoveryState, SafetyData, Signer, Timeout, ValidatorSet,
    Vote, VoteData,
};
use sim::{keys, FaultKind, Scenario};

const GENESIS: Hash = [7; 32];

fn genesis_ref() -> BlockRef {
    BlockRef {
        id: GENESIS,
        round: 0,
        height: 0,
    }
}

fn config() -> Config {
    Config {
        round_timeout_ms: 1_000,
        ..Config::new(GENESIS)
    }
}

fn set(n: usize) -> ValidatorSet {
    ValidatorSet::new(0, keys::public_keys(1, n)).expect("set")
}

fn core(n: usize, me: usize, recovery: RecoveryState) -> Core {
    Core::new(config(), set(n), Some(keys::signer(1, me)), recovery)
}

fn verified(msg: Message, n: usize) -> Input {
    Input::Message(verify_message(msg, &set(n), &config()).expect("valid message"))
}

fn payload_id(payload: &[u8]) -> Hash {
    *blake3::hash(payload).as_bytes()
}

/// Drive a single-validator core as its driver would (loopback, instant payloads and verdicts).
fn run_single(core: &mut Core, steps: usize, log: &mut Vec<Output>) {
    let mut inputs: VecDeque<Input> = VecDeque::from([Input::Start]);
    let mut nonce = 0u64;
    for _ in 0..steps {
        let Some(input) = inputs.pop_front() else {
            break;
        };
        for out in core.handle(input) {
            match &out {
                Output::Broadcast(m) | Output::SendTo { message: m, .. } => {
                    inputs.push_back(verified(m.clone(), 1))
                }
                Output::RequestPayload { round, .. } => {
                    nonce += 1;
                    let payload = nonce.to_le_bytes().to_vec();
                    inputs.push_back(Input::Payload {
                        round: *round,
                        id: payload_id(&payload),
                        payload,
                    });
                }
                Output::VerifyBlock(b) => inputs.push_back(Input::Verdict {
                    id: b.id,
                    valid: true,
                }),
                _ => {}
            }
            log.push(out);
        }
    }
}

#[test]
fn single_validator_chain_commits_every_block() {
    let mut c = core(1, 0, Core::genesis_recovery(genesis_ref()));
    let mut log = Vec::new();
    run_single(&mut c, 2_000, &mut log);
    let commits: Vec<(u64, Hash, Hash)> = log
        .iter()
        .filter_map(|o| match o {
            Output::Commit { block, certificate } => {
                let proven = certificate
                    .verify(&set(1), &GENESIS)
                    .expect("certificate verifies");
                assert_eq!(
                    proven.id, block.id,
                    "n = 1 commits each block by its own child's QC"
                );
                Some((block.height, block.id, block.parent))
            }
            _ => None,
        })
        .collect();
    assert!(commits.len() >= 50, "only {} commits", commits.len());
    let mut parent = GENESIS;
    for (i, (h, id, p)) in commits.iter().enumerate() {
        assert_eq!(*h, i as u64 + 1, "heights in order, each once");
        assert_eq!(*p, parent, "each commit extends the previous one");
        parent = *id;
    }
    assert_eq!(c.committed().height, commits.len() as u64);
}

/// S7: PersistSafety before the vote, timeout or proposal it protects; PersistBlock before the vote.
#[test]
fn persist_precedes_every_signed_message() {
    let mut c = core(1, 0, Core::genesis_recovery(genesis_ref()));
    let mut log = Vec::new();
    run_single(&mut c, 200, &mut log);
    let mut timer_out = c.handle(Input::TimerFired { round: c.round() });
    log.append(&mut timer_out);
    let mut persisted = 0;
    let mut persisted_blocks = Vec::new();
    let (mut votes, mut timeouts, mut proposals) = (0, 0, 0);
    for out in &log {
        match out {
            Output::PersistSafety(_) => persisted += 1,
            Output::PersistBlock(b) => persisted_blocks.push(b.id),
            Output::Broadcast(Message::Vote(v)) => {
                votes += 1;
                assert!(persisted > 0, "vote before any PersistSafety");
                assert_eq!(
                    persisted_blocks.last(),
                    Some(&v.data.block),
                    "block stored before its vote"
                );
                persisted = 0;
            }
            Output::Broadcast(Message::Timeout(_)) => {
                timeouts += 1;
                assert!(persisted > 0, "timeout before its PersistSafety");
                persisted = 0;
            }
            Output::Broadcast(Message::Proposal(_)) => {
                proposals += 1;
                assert!(persisted > 0, "proposal before its PersistSafety");
                persisted = 0;
            }
            _ => {}
        }
    }
    assert!(
        votes > 10 && proposals > 10 && timeouts == 1,
        "votes {votes} proposals {proposals} timeouts {timeouts}"
    );
}

fn signed_proposal(
    signer: &Signer,
    author: u16,
    round: u64,
    justify: QuorumCert,
    payload: Vec<u8>,
) -> Proposal {
    let block = ProposedBlock {
        id: payload_id(&payload),
        parent: justify.vote.block,
        round,
        height: justify.vote.height + 1,
        justify,
        payload,
    };
    let mut p = Proposal {
        epoch: 0,
        block,
        last_tc: None,
        author,
        signature: [0; 64],
    };
    p.signature = signer.sign(&proposal_bytes(&GENESIS, &p));
    p
}

fn votes_in(outs: &[Output]) -> Vec<Vote> {
    outs.iter()
        .filter_map(|o| match o {
            Output::Broadcast(Message::Vote(v)) => Some(v.clone()),
            _ => None,
        })
        .collect()
}

fn safety_in(outs: &[Output]) -> Option<SafetyData> {
    outs.iter().rev().find_map(|o| match o {
        Output::PersistSafety(s) => Some(s.clone()),
        _ => None,
    })
}

/// Validator 2 of 4 gets round 1's proposal; returns (core, outputs of proposal + verdict).
fn vote_round_one(c: &mut Core, p: &Proposal) -> Vec<Output> {
    let mut outs = c.handle(verified(Message::Proposal(p.clone()), 4));
    outs.extend(c.handle(Input::Verdict {
        id: p.block.id,
        valid: true,
    }));
    outs
}

#[test]
fn equivocating_leader_first_proposal_kept_and_evidence_emitted() {
    let leader = keys::signer(1, 1);
    let p1 = signed_proposal(&leader, 1, 1, QuorumCert::genesis(GENESIS), vec![1]);
    let p2 = signed_proposal(&leader, 1, 1, QuorumCert::genesis(GENESIS), vec![2]);
    let mut c = core(4, 2, Core::genesis_recovery(genesis_ref()));
    c.handle(Input::Start);
    let first = vote_round_one(&mut c, &p1);
    assert_eq!(votes_in(&first).len(), 1);
    let second = c.handle(verified(Message::Proposal(p2.clone()), 4));
    let evidence: Vec<_> = second
        .iter()
        .filter_map(|o| match o {
            Output::Equivocation(EquivocationEvidence::Proposal { first, second }) => {
                Some((first.block.id, second.block.id))
            }
            _ => None,
        })
        .collect();
    assert_eq!(evidence, vec![(p1.block.id, p2.block.id)]);
    assert!(votes_in(&second).is_empty());
    assert!(
        second.iter().all(|o| !matches!(o, Output::VerifyBlock(_))),
        "the second block is not even executed"
    );
    // Reported once.
    let again = c.handle(verified(Message::Proposal(p2), 4));
    assert!(again.iter().all(|o| !matches!(o, Output::Equivocation(_))));
}

#[test]
fn double_vote_is_reported() {
    let mut c = core(4, 2, Core::genesis_recovery(genesis_ref()));
    c.handle(Input::Start);
    let voter = keys::signer(1, 3);
    let mk = |block: u8| {
        let data = VoteData {
            epoch: 0,
            round: 1,
            block: [block; 32],
            height: 1,
            parent: GENESIS,
            parent_round: 0,
        };
        Vote {
            data,
            author: 3,
            signature: voter.sign(&vote_bytes(&GENESIS, &data)),
        }
    };
    assert!(c.handle(verified(Message::Vote(mk(1)), 4)).is_empty());
    let outs = c.handle(verified(Message::Vote(mk(2)), 4));
    assert!(
        matches!(
            outs.as_slice(),
            [Output::Equivocation(EquivocationEvidence::Vote { .. })]
        ),
        "{outs:?}"
    );
}

#[test]
fn repeated_proposal_gets_the_same_vote_even_after_restart() {
    let leader = keys::signer(1, 1);
    let p1 = signed_proposal(&leader, 1, 1, QuorumCert::genesis(GENESIS), vec![1]);
    let mut c = core(4, 2, Core::genesis_recovery(genesis_ref()));
    c.handle(Input::Start);
    let outs = vote_round_one(&mut c, &p1);
    let vote = votes_in(&outs).pop().expect("voted");
    let safety = safety_in(&outs).expect("persisted");
    let stored: Vec<ProposedBlock> = outs
        .iter()
        .filter_map(|o| match o {
            Output::PersistBlock(b) => Some(b.clone()),
            _ => None,
        })
        .collect();

    // Same core, same proposal again (a retransmission): same vote, nothing new persisted.
    let again = c.handle(verified(Message::Proposal(p1.clone()), 4));
    assert!(again.is_empty(), "duplicate proposal ignored: {again:?}");

    // Crash and restart from what was persisted.
    let recovery = RecoveryState {
        safety,
        committed: genesis_ref(),
        committed_cert: None,
        highest_qc: QuorumCert::genesis(GENESIS),
        blocks: stored,
    };
    let mut restarted = core(4, 2, recovery.clone());
    let start = restarted.handle(Input::Start);
    assert!(
        start
            .iter()
            .any(|o| matches!(o, Output::VerifyBlock(b) if b.id == p1.block.id)),
        "re-executes stored blocks"
    );
    restarted.handle(Input::Verdict {
        id: p1.block.id,
        valid: true,
    });
    let outs = restarted.handle(verified(Message::Proposal(p1.clone()), 4));
    assert_eq!(
        votes_in(&outs),
        vec![vote.clone()],
        "S6: the stored vote, byte for byte"
    );
    assert!(
        safety_in(&outs).is_none(),
        "a repeated vote needs no new persist"
    );

    // A conflicting proposal for the same round after restart: no second vote.
    let p2 = signed_proposal(&leader, 1, 1, QuorumCert::genesis(GENESIS), vec![2]);
    let mut other = core(4, 2, recovery);
    other.handle(Input::Start);
    let outs = vote_round_one(&mut other, &p2);
    assert!(
        votes_in(&outs).is_empty(),
        "S6: never two different votes in one round"
    );
}

fn vote_of(validator: usize, block: &ProposedBlock) -> Message {
    let data = vote_data(0, block);
    Message::Vote(Vote {
        data,
        author: validator as u16,
        signature: keys::signer(1, validator).sign(&vote_bytes(&GENESIS, &data)),
    })
}

/// Votes are broadcast, so a validator that leads neither of the next rounds forms each QC itself and commits a
/// block as soon as its child is certified, before any later proposal arrives.
#[test]
fn a_replica_forms_qcs_from_broadcast_votes_and_commits_without_the_next_proposal() {
    let mut c = core(4, 3, Core::genesis_recovery(genesis_ref()));
    c.handle(Input::Start);
    let p1 = signed_proposal(
        &keys::signer(1, 1),
        1,
        1,
        QuorumCert::genesis(GENESIS),
        vec![1],
    );
    let outs = vote_round_one(&mut c, &p1);
    assert!(
        outs.iter().any(
            |o| matches!(o, Output::Broadcast(Message::Vote(v)) if v.data.block == p1.block.id)
        ),
        "our vote goes to every validator: {outs:?}"
    );
    for v in 0..3 {
        let outs = c.handle(verified(vote_of(v, &p1.block), 4));
        assert!(
            outs.iter()
                .all(|o| !matches!(o, Output::RequestPayload { .. })),
            "validator 3 does not lead round 2"
        );
    }
    assert_eq!(
        c.highest_qc().vote.block,
        p1.block.id,
        "QC of round 1 formed locally"
    );
    assert_eq!(c.round(), 2);

    let p2 = signed_proposal(&keys::signer(1, 2), 2, 2, c.highest_qc().clone(), vec![2]);
    let mut outs = c.handle(verified(Message::Proposal(p2.clone()), 4));
    outs.extend(c.handle(Input::Verdict {
        id: p2.block.id,
        valid: true,
    }));
    assert_eq!(votes_in(&outs).len(), 1, "voted for round 2");
    let mut commits = Vec::new();
    for v in 0..3 {
        for o in c.handle(verified(vote_of(v, &p2.block), 4)) {
            if let Output::Commit { block, certificate } = o {
                let proven = certificate.verify(&set(4), &GENESIS).expect("certificate");
                assert_eq!(proven.id, block.id);
                commits.push(block.id);
            }
        }
    }
    assert_eq!(
        commits,
        vec![p1.block.id],
        "round 1 commits by the locally formed QC of round 2"
    );
    assert_eq!(c.committed().id, p1.block.id);
}

#[test]
fn invalid_block_gets_no_vote() {
    let leader = keys::signer(1, 1);
    let p = signed_proposal(&leader, 1, 1, QuorumCert::genesis(GENESIS), vec![1]);
    let mut c = core(4, 2, Core::genesis_recovery(genesis_ref()));
    c.handle(Input::Start);
    let mut outs = c.handle(verified(Message::Proposal(p.clone()), 4));
    assert!(
        outs.iter().any(|o| matches!(o, Output::VerifyBlock(_))),
        "executed before voting"
    );
    assert!(votes_in(&outs).is_empty(), "no vote before the verdict");
    outs = c.handle(Input::Verdict {
        id: p.block.id,
        valid: false,
    });
    assert!(votes_in(&outs).is_empty());
}

#[test]
fn far_future_flood_keeps_memory_bounded() {
    let mut c = core(4, 0, Core::genesis_recovery(genesis_ref()));
    c.handle(Input::Start);
    let flooder = keys::signer(1, 3);
    for i in 0..3_000u64 {
        let round = if i % 2 == 0 {
            1_000_000 + i
        } else {
            2 + i % 150
        };
        let data = VoteData {
            epoch: 0,
            round,
            block: [(i % 251) as u8; 32],
            height: 5,
            parent: [0; 32],
            parent_round: round - 1,
        };
        let vote = Vote {
            data,
            author: 3,
            signature: flooder.sign(&vote_bytes(&GENESIS, &data)),
        };
        c.handle(verified(Message::Vote(vote), 4));
        let t = Timeout {
            epoch: 0,
            round,
            high_qc: QuorumCert::genesis(GENESIS),
            last_tc: None,
            author: 3,
            signature: flooder.sign(&timeout_bytes(&GENESIS, 0, round, 0)),
        };
        c.handle(verified(Message::Timeout(t), 4));
    }
    let fp = c.memory_footprint();
    let window = config().future_round_window as usize;
    assert!(
        fp.vote_rounds <= window + 1 && fp.votes <= window + 1,
        "{fp:?}"
    );
    assert!(fp.timeout_rounds <= window + 1, "{fp:?}");
    assert_eq!(c.round(), 1, "junk never moves the round");
}

#[test]
fn epoch_change_at_a_committed_height() {
    let mut s = Scenario::with_kind(3, 4, FaultKind::Clean);
    s.epoch_change_at = Some(8);
    let o = sim::run_and_check(&s);
    let epochs: Vec<u64> = o.commits.iter().map(|c| c.epoch).collect();
    assert!(
        epochs.contains(&0) && epochs.contains(&1),
        "commits in both epochs"
    );
    let first_new = o
        .commits
        .iter()
        .find(|c| c.epoch == 1)
        .expect("epoch 1 commits");
    assert!(
        first_new.height > 8,
        "epoch 1 starts after the reconfiguration block"
    );
    let last_old = o
        .commits
        .iter()
        .filter(|c| c.epoch == 0)
        .map(|c| c.height)
        .max();
    assert_eq!(
        last_old,
        Some(8),
        "nothing after the epoch's last block commits in the old epoch"
    );
    assert!(o.sets.contains_key(&1));
}

#[test]
fn untrusted_bytes_and_unsolicited_messages() {
    use metanode_consensus::{decode_message, BlockResponse, MessageDecodeError, SyncInfo};
    use parity_scale_codec::Encode;

    let leader = keys::signer(1, 1);
    let p = signed_proposal(&leader, 1, 1, QuorumCert::genesis(GENESIS), vec![1, 2]);
    let bytes = Message::Proposal(p.clone()).encode();
    assert_eq!(
        decode_message(&bytes, 1 << 20),
        Ok(Message::Proposal(p.clone()))
    );
    let mut trailing = bytes.clone();
    trailing.push(0);
    assert!(matches!(
        decode_message(&trailing, 1 << 20),
        Err(MessageDecodeError::Codec { .. })
    ));
    assert_eq!(
        decode_message(&bytes, 10),
        Err(MessageDecodeError::TooLong {
            len: bytes.len(),
            max: 10
        })
    );
    assert!(matches!(
        decode_message(&[0xff; 40], 1 << 20),
        Err(MessageDecodeError::Codec { .. })
    ));

    // Unsigned messages the core did not ask for cost no signature checks.
    let c = core(4, 2, Core::genesis_recovery(genesis_ref()));
    let response = Message::BlockResponse(BlockResponse {
        epoch: 0,
        blocks: vec![p.block.clone()],
    });
    assert!(matches!(
        c.verify(response),
        Err(metanode_consensus::VerifyError::NotNeeded { .. })
    ));
    let stale = Message::Sync(SyncInfo {
        epoch: 0,
        highest_qc: QuorumCert::genesis(GENESIS),
        highest_tc: None,
    });
    assert!(matches!(
        c.verify(stale),
        Err(metanode_consensus::VerifyError::NotNeeded { .. })
    ));
    assert!(c.verify(Message::Proposal(p)).is_ok());
}
