//! Byzantine behaviours as transformations of a real core's outputs (commonware-style mocks).

use metanode_consensus::crypto::{block_request_bytes, proposal_bytes, timeout_bytes, vote_bytes};
use metanode_consensus::{
    BlockRequest, Core, Hash, Message, Output, Proposal, ProposedBlock, Signer, Timeout,
    ValidatorIndex, Vote, VoteData,
};

use super::app;
use super::scenario::Role;

/// Rewrite the outputs of a Byzantine node.
pub fn transform(
    role: Role,
    signer: &Signer,
    genesis: &Hash,
    n: usize,
    nonce: &mut u64,
    outputs: Vec<Output>,
) -> Vec<Output> {
    match role {
        Role::Honest | Role::Twins | Role::Flooder => outputs,
        Role::SilentLeader => outputs
            .into_iter()
            .filter(|o| !matches!(o, Output::Broadcast(Message::Proposal(_))))
            .collect(),
        Role::Equivocator => outputs
            .into_iter()
            .flat_map(|o| match o {
                Output::Broadcast(Message::Proposal(p)) => equivocate(p, signer, genesis, n, nonce),
                other => vec![other],
            })
            .collect(),
        Role::DoubleVoter => outputs
            .into_iter()
            .flat_map(|o| match o {
                Output::Broadcast(Message::Vote(v)) => {
                    let mut data = v.data;
                    data.block = *blake3::hash(&data.block).as_bytes();
                    let second = Vote {
                        data,
                        author: v.author,
                        signature: signer.sign(&vote_bytes(genesis, &data)),
                    };
                    // Half the validators get one vote, half the other: the split that could make two QCs.
                    (0..n)
                        .map(|j| Output::SendTo {
                            to: j as ValidatorIndex,
                            message: Message::Vote(if j % 2 == 0 {
                                v.clone()
                            } else {
                                second.clone()
                            }),
                        })
                        .collect()
                }
                other => vec![other],
            })
            .collect(),
    }
}

fn equivocate(
    p: Proposal,
    signer: &Signer,
    genesis: &Hash,
    n: usize,
    nonce: &mut u64,
) -> Vec<Output> {
    *nonce += 1;
    let (id, payload) = app::build(
        p.block.parent,
        p.block.round,
        1_000_000 + u64::from(p.author),
        *nonce,
    );
    let block = ProposedBlock {
        id,
        payload,
        ..p.block.clone()
    };
    let mut second = Proposal { block, ..p.clone() };
    second.signature = signer.sign(&proposal_bytes(genesis, &second));
    (0..n)
        .map(|j| {
            let message = if j % 2 == 0 {
                p.clone()
            } else {
                second.clone()
            };
            Output::SendTo {
                to: j as ValidatorIndex,
                message: Message::Proposal(message),
            }
        })
        .collect()
}

/// A burst of valid-looking junk from a flooder: far-future and in-window votes for made-up blocks,
/// far-future timeouts with a real QC, and block requests for unknown ids.
pub fn flood(
    core: &Core,
    signer: &Signer,
    genesis: &Hash,
    me: ValidatorIndex,
    burst: u64,
) -> Vec<Message> {
    let epoch = core.epoch();
    let round = core.round();
    let mut out = Vec::new();
    for k in 0..3u64 {
        let far = round + 1_000_000 * (k + 1) + burst;
        let near = round + 1 + (burst * 3 + k) % 90;
        for r in [far, near] {
            let block = *blake3::hash(&(r, burst, k).encode_bytes()).as_bytes();
            let data = VoteData {
                epoch,
                round: r,
                block,
                height: r,
                parent: block,
                parent_round: r - 1,
            };
            out.push(Message::Vote(Vote {
                data,
                author: me,
                signature: signer.sign(&vote_bytes(genesis, &data)),
            }));
        }
        let high_qc = core.highest_qc().clone();
        let t_round = far.max(high_qc.round() + 1);
        let sig = signer.sign(&timeout_bytes(genesis, epoch, t_round, high_qc.round()));
        out.push(Message::Timeout(Timeout {
            epoch,
            round: t_round,
            high_qc,
            last_tc: None,
            author: me,
            signature: sig,
        }));
        let mut req = BlockRequest {
            epoch,
            id: *blake3::hash(&far.to_le_bytes()).as_bytes(),
            count: 8,
            author: me,
            signature: [0; 64],
        };
        req.signature = signer.sign(&block_request_bytes(genesis, &req));
        out.push(Message::BlockRequest(req));
    }
    out
}

trait EncodeBytes {
    fn encode_bytes(&self) -> Vec<u8>;
}

impl EncodeBytes for (u64, u64, u64) {
    fn encode_bytes(&self) -> Vec<u8> {
        let mut v = self.0.to_le_bytes().to_vec();
        v.extend_from_slice(&self.1.to_le_bytes());
        v.extend_from_slice(&self.2.to_le_bytes());
        v
    }
}
