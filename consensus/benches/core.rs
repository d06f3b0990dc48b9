//! Benchmarks of the core alone.
//!
//! - `rounds/n`: a zero-latency network of `n` honest cores in one thread, instant payloads and
//!   verdicts; each distinct message is verified once (as the simulator does) and then delivered.
//!   Throughput is reported in rounds per second for the whole network.
//! - `commit_certificate/n`: `CommitCertificate::verify` with a quorum of `n - (n-1)/3` signatures
//!   (one schnorrkel batch).
//!
//! Run: `cargo bench -p metanode-consensus --bench core`.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use metanode_consensus::crypto::vote_bytes;
use metanode_consensus::{
    verify_message, BlockRef, CommitCertificate, Config, Core, Input, Message, Output, QuorumCert,
    Signer, ValidatorSet, Verified, VoteData,
};
use parity_scale_codec::Encode;
use schnorrkel::{ExpansionMode, MiniSecretKey};

const GENESIS: [u8; 32] = [1; 32];

fn signer(i: usize) -> Signer {
    let mut seed = [0u8; 32];
    seed[..8].copy_from_slice(&(i as u64 + 1).to_le_bytes());
    let mini = MiniSecretKey::from_bytes(&seed).expect("32 bytes");
    Signer::from_keypair(mini.expand_to_keypair(ExpansionMode::Ed25519))
}

/// `n` honest cores and the messages between them.
struct Net {
    cores: Vec<Core>,
    set: ValidatorSet,
    config: Config,
    queue: VecDeque<(usize, Input)>,
    cache: HashMap<[u8; 32], Option<Verified<Message>>>,
    nonce: u64,
}

fn network(n: usize) -> Net {
    let signers: Vec<Signer> = (0..n).map(signer).collect();
    let set = ValidatorSet::new(0, signers.iter().map(|s| s.public()).collect()).expect("set");
    let config = Config::new(GENESIS);
    let genesis = BlockRef {
        id: GENESIS,
        round: 0,
        height: 0,
    };
    let cores = signers
        .into_iter()
        .map(|s| {
            Core::new(
                config.clone(),
                set.clone(),
                Some(s),
                Core::genesis_recovery(genesis),
            )
        })
        .collect();
    let queue = (0..n).map(|i| (i, Input::Start)).collect();
    Net {
        cores,
        set,
        config,
        queue,
        cache: HashMap::new(),
        nonce: 0,
    }
}

/// Deliver messages until node 0 is `rounds` rounds further; returns the time spent.
fn run_rounds(net: &mut Net, rounds: u64) -> Duration {
    let n = net.cores.len();
    let target = net.cores[0].round() + rounds;
    if net.cache.len() > 100_000 {
        net.cache.clear();
    }
    let start = Instant::now();
    while net.cores[0].round() < target {
        let Some((node, input)) = net.queue.pop_front() else {
            panic!("the network stalled in round {}", net.cores[0].round());
        };
        for out in net.cores[node].handle(input) {
            let (targets, msg): (Vec<usize>, Message) = match out {
                Output::Broadcast(m) => ((0..n).collect(), m),
                Output::SendTo { to, message } => (vec![usize::from(to)], message),
                Output::RequestPayload { round, .. } => {
                    net.nonce += 1;
                    let payload = net.nonce.to_le_bytes().to_vec();
                    let id = *blake3::hash(&payload).as_bytes();
                    net.queue
                        .push_back((node, Input::Payload { round, id, payload }));
                    continue;
                }
                Output::VerifyBlock(b) => {
                    net.queue.push_back((
                        node,
                        Input::Verdict {
                            id: b.id,
                            valid: true,
                        },
                    ));
                    continue;
                }
                _ => continue,
            };
            let key = *blake3::hash(&msg.encode()).as_bytes();
            let (set, config) = (&net.set, &net.config);
            let verified = net
                .cache
                .entry(key)
                .or_insert_with(|| verify_message(msg, set, config).ok())
                .clone();
            if let Some(v) = verified {
                for t in targets {
                    net.queue.push_back((t, Input::Message(v.clone())));
                }
            }
        }
    }
    start.elapsed()
}

fn rounds(c: &mut Criterion) {
    let mut group = c.benchmark_group("rounds");
    group.sample_size(10);
    for n in [4usize, 10, 31, 100] {
        let per_iter: u64 = if n >= 100 { 5 } else { 20 };
        group.throughput(Throughput::Elements(per_iter));
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, &n| {
            let mut net = network(n);
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    total += run_rounds(&mut net, per_iter);
                }
                total
            });
        });
    }
    group.finish();
}

fn certificates(c: &mut Criterion) {
    let mut group = c.benchmark_group("commit_certificate");
    for n in [4usize, 10, 31, 100] {
        let signers: Vec<Signer> = (0..n).map(signer).collect();
        let set = ValidatorSet::new(0, signers.iter().map(|s| s.public()).collect()).expect("set");
        let data = VoteData {
            epoch: 0,
            round: 8,
            block: [8; 32],
            height: 8,
            parent: [7; 32],
            parent_round: 7,
        };
        let bytes = vote_bytes(&GENESIS, &data);
        let signatures = (0..set.quorum())
            .map(|i| (i as u16, signers[i].sign(&bytes)))
            .collect();
        let cert = CommitCertificate {
            qc: QuorumCert {
                vote: data,
                signatures,
            },
        };
        assert!(cert.verify(&set, &GENESIS).is_ok());
        group.bench_with_input(BenchmarkId::from_parameter(n), &cert, |b, cert| {
            b.iter(|| cert.verify(&set, &GENESIS).expect("valid"))
        });
    }
    group.finish();
}

criterion_group!(benches, rounds, certificates);
criterion_main!(benches);
