//! The event loop: one queue ordered by (virtual time, sequence number), links with latency, jitter,
//! loss and partitions, crash/restart, and the driver side of every core output.

use std::collections::BTreeMap;

use metanode_consensus::{
    Config, Epoch, EquivocationEvidence, Footprint, Hash, Height, Input, Message, Output,
    PublicKey, QuorumCert, Round, Signer, TimeoutCert, ValidatorIndex, ValidatorSet, Verified,
    VerifyError, VoteData,
};
use parity_scale_codec::Encode;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::node::SimNode;
use super::scenario::{Role, Scenario};
use super::trace::{describe_input, describe_output, input_tag, trace_output};
use super::{app, byzantine, keys};

pub(super) enum Event {
    Deliver {
        to: usize,
        msg: Message,
    },
    Timer {
        node: usize,
        generation: u64,
        round: Round,
    },
    App {
        node: usize,
        generation: u64,
        input: Input,
    },
    Crash {
        node: usize,
        mid_batch: bool,
    },
    Restart {
        node: usize,
    },
    Flood {
        node: usize,
    },
    Heal,
}

/// One commit as the driver saw it.
#[derive(Clone, Debug)]
pub struct CommitEvent {
    pub node: usize,
    pub time_ms: u64,
    pub height: Height,
    pub id: Hash,
    /// Round of the QC in the commit certificate.
    pub qc_round: Round,
    pub epoch: Epoch,
}

/// What a run produced, for the checker.
pub struct Outcome {
    pub trace_hash: [u8; 32],
    /// Committed chain per sim node (durable).
    pub chains: Vec<Vec<(Height, Hash)>>,
    pub honest: Vec<bool>,
    pub commits: Vec<CommitEvent>,
    /// Violations seen while running (order, certificates, double votes).
    pub violations: Vec<String>,
    /// Distinct QCs and TCs in honest outputs, with the validator set of their epoch.
    pub qcs: Vec<QuorumCert>,
    pub tcs: Vec<TimeoutCert>,
    pub evidence: Vec<EquivocationEvidence>,
    /// At heal time: (max honest round, max honest committed height).
    pub at_heal: (Round, Height),
    pub footprints: Vec<Option<Footprint>>,
    pub final_rounds: Vec<Option<Round>>,
    pub sets: BTreeMap<Epoch, ValidatorSet>,
    pub config: Config,
    pub delivered: u64,
    pub dropped: u64,
    pub rejected: u64,
}

pub(super) struct World<'a> {
    pub(super) s: &'a Scenario,
    pub(super) config: Config,
    pub(super) now: u64,
    pub(super) seq: u64,
    pub(super) queue: BTreeMap<(u64, u64), Event>,
    pub(super) rng: ChaCha8Rng,
    pub(super) nodes: Vec<SimNode>,
    pub(super) verified: BTreeMap<(Epoch, [u8; 32]), Result<Verified<Message>, VerifyError>>,
    pub(super) trace: blake3::Hasher,
    pub(super) votes: BTreeMap<(Epoch, ValidatorIndex, Round), VoteData>,
    pub(super) qcs: BTreeMap<[u8; 32], QuorumCert>,
    pub(super) tcs: BTreeMap<[u8; 32], TimeoutCert>,
    pub(super) sets: BTreeMap<Epoch, ValidatorSet>,
    pub(super) commits: Vec<CommitEvent>,
    pub(super) violations: Vec<String>,
    pub(super) evidence: Vec<EquivocationEvidence>,
    pub(super) at_heal: (Round, Height),
    pub(super) delivered: u64,
    pub(super) dropped: u64,
    pub(super) rejected: u64,
    pub(super) flood_burst: u64,
    pub(super) all_keys: Vec<PublicKey>,
    /// Signers of the Byzantine behaviours, by key index (built once: key expansion is slow).
    pub(super) signers: Vec<Signer>,
}

/// Run a scenario to its end.
pub fn run(s: &Scenario) -> Outcome {
    let genesis = *blake3::hash(&s.seed.to_le_bytes()).as_bytes();
    let config = Config {
        round_timeout_ms: s.round_timeout_ms,
        max_round_timeout_ms: s.max_round_timeout_ms,
        future_round_window: 100,
        ..Config::new(genesis)
    };
    let set = match ValidatorSet::new(0, keys::public_keys(s.seed, s.n)) {
        Ok(set) => set,
        Err(e) => panic!("simulator keys form a set: {e}"),
    };
    let mut nodes = Vec::new();
    for v in 0..s.n {
        nodes.push(SimNode::new(
            s.seed,
            v as ValidatorIndex,
            s.roles[v],
            &config,
            &set,
        ));
    }
    for v in 0..s.n {
        if s.roles[v] == Role::Twins {
            nodes.push(SimNode::new(
                s.seed,
                v as ValidatorIndex,
                Role::Twins,
                &config,
                &set,
            ));
        }
    }
    let mut w = World {
        s,
        config,
        now: 0,
        seq: 0,
        queue: BTreeMap::new(),
        rng: ChaCha8Rng::seed_from_u64(s.seed),
        nodes,
        verified: BTreeMap::new(),
        trace: blake3::Hasher::new(),
        votes: BTreeMap::new(),
        qcs: BTreeMap::new(),
        tcs: BTreeMap::new(),
        sets: BTreeMap::from([(0, set)]),
        commits: Vec::new(),
        violations: Vec::new(),
        evidence: Vec::new(),
        at_heal: (0, 0),
        delivered: 0,
        dropped: 0,
        rejected: 0,
        flood_burst: 0,
        all_keys: keys::public_keys(s.seed, s.n),
        signers: (0..s.n).map(|i| keys::signer(s.seed, i)).collect(),
    };
    for c in &s.crashes {
        w.push(
            c.at_ms,
            Event::Crash {
                node: c.node,
                mid_batch: c.mid_batch,
            },
        );
        w.push(c.restart_ms, Event::Restart { node: c.node });
    }
    w.push(s.heal_ms, Event::Heal);
    for i in 0..w.nodes.len() {
        if w.nodes[i].role == Role::Flooder {
            w.push(50, Event::Flood { node: i });
        }
        w.feed(i, Input::Start);
    }
    // Run to `end_ms`; if the network has not recovered by then (long back-off after many Byzantine
    // or partitioned rounds), keep going until it has, or until the liveness bound has surely passed.
    let hard_end = s.heal_ms + super::check::liveness_bound(s.n) * s.max_round_timeout_ms;
    while let Some(((t, _), event)) = w.queue.pop_first() {
        if t > s.end_ms && (t > hard_end || w.recovered()) {
            break;
        }
        w.now = t;
        w.step(event);
    }
    w.finish()
}

impl World<'_> {
    fn push(&mut self, at: u64, e: Event) {
        self.seq += 1;
        self.queue.insert((at, self.seq), e);
    }

    fn step(&mut self, event: Event) {
        match event {
            Event::Deliver { to, msg } => self.deliver(to, msg),
            Event::Timer {
                node,
                generation,
                round,
            } => {
                if self.nodes[node].generation == generation {
                    self.feed(node, Input::TimerFired { round });
                }
            }
            Event::App {
                node,
                generation,
                input,
            } => {
                if self.nodes[node].generation == generation {
                    self.feed(node, input);
                }
            }
            Event::Crash { node, mid_batch } => {
                if mid_batch {
                    self.nodes[node].crash_in_batch = true;
                } else {
                    self.nodes[node].crash();
                }
            }
            Event::Restart { node } => {
                self.nodes[node].crash();
                self.nodes[node].boot(self.s.seed, &self.config);
                self.feed(node, Input::Start);
            }
            Event::Flood { node } => self.flood(node),
            Event::Heal => self.snapshot_heal(),
        }
    }

    /// An honest node committed above the heal-time height after the heal, and every honest node
    /// reached that height.
    fn recovered(&self) -> bool {
        let (_, height0) = self.at_heal;
        let honest = |c: &&CommitEvent| self.nodes[c.node].is_honest();
        let Some(target) = self
            .commits
            .iter()
            .filter(honest)
            .filter(|c| c.height > height0)
            .map(|c| c.height)
            .min()
        else {
            return false;
        };
        self.nodes
            .iter()
            .filter(|n| n.is_honest())
            .all(|n| n.storage.chain.last().is_some_and(|c| c.0 >= target))
    }

    fn snapshot_heal(&mut self) {
        let mut round = 0;
        let mut height = 0;
        for n in self.nodes.iter().filter(|n| n.is_honest()) {
            if let Some(core) = &n.core {
                round = round.max(core.round());
            }
            height = height.max(n.storage.committed.height);
        }
        self.at_heal = (round, height);
    }

    fn faults_active(&self) -> bool {
        self.now < self.s.heal_ms
    }

    fn send(&mut self, from: usize, to: usize, msg: Message) {
        if from == to {
            self.push(self.now, Event::Deliver { to, msg });
            return;
        }
        if self.faults_active() {
            if self.s.loss > 0.0 && self.rng.gen_bool(self.s.loss) {
                self.dropped += 1;
                return;
            }
            let now = self.now;
            let cut = self.s.partitions.iter().any(|p| {
                p.start_ms <= now && now < p.end_ms && p.group_of.get(from) != p.group_of.get(to)
            });
            if cut {
                self.dropped += 1;
                return;
            }
        }
        let jitter = if self.s.jitter_ms > 0 {
            self.rng.gen_range(0..=self.s.jitter_ms)
        } else {
            0
        };
        let at = self.now + self.s.base_latency_ms + jitter;
        self.push(at, Event::Deliver { to, msg });
    }

    fn deliver(&mut self, to: usize, msg: Message) {
        let Some(core) = &self.nodes[to].core else {
            self.dropped += 1;
            return;
        };
        let epoch = core.epoch();
        let key = (epoch, *blake3::hash(&msg.encode()).as_bytes());
        let sender = author(&msg);
        let verified = match self.verified.get(&key) {
            Some(v) => v.clone(),
            None => {
                let v = core.verify(msg);
                // `NotNeeded` depends on this core's state: never reuse it for another delivery.
                if !matches!(v, Err(VerifyError::NotNeeded { .. })) {
                    self.verified.insert(key, v.clone());
                }
                v
            }
        };
        match verified {
            Ok(v) => {
                self.delivered += 1;
                self.feed(to, Input::Message(v));
            }
            Err(VerifyError::WrongEpoch { expected, got }) if got < expected => {
                // Driver duty: show a validator still in an old epoch the certificate that ended it.
                self.rejected += 1;
                let proof = self.nodes[to]
                    .core
                    .as_ref()
                    .and_then(|c| c.epoch_change_proof());
                let from_key =
                    sender.and_then(|i| self.sets.get(&got).and_then(|set| set.get(i).copied()));
                if let (Some(proof), Some(key)) = (proof, from_key) {
                    for j in self.nodes_with_key(key) {
                        if j != to {
                            self.send(to, j, proof.clone());
                        }
                    }
                }
            }
            Err(_) => self.rejected += 1,
        }
    }

    fn feed(&mut self, node: usize, input: Input) {
        let Some(core) = self.nodes[node].core.as_mut() else {
            return;
        };
        self.trace.update(&self.now.to_le_bytes());
        self.trace.update(&(node as u64).to_le_bytes());
        self.trace.update(input_tag(&input));
        let log = std::env::var_os("SIM_LOG").is_some();
        if log {
            println!(
                "{:>6} n{node} r{} <- {}",
                self.now,
                core.round(),
                describe_input(&input)
            );
        }
        let outputs = core.handle(input);
        let n = &mut self.nodes[node];
        let outputs = if n.role == Role::Honest {
            outputs
        } else {
            let signer = &self.signers[n.key];
            byzantine::transform(
                n.role,
                signer,
                &self.config.genesis,
                self.s.n,
                &mut n.nonce,
                outputs,
            )
        };
        let cut = if self.nodes[node].crash_in_batch {
            self.rng.gen_range(0..=outputs.len())
        } else {
            outputs.len()
        };
        for out in outputs.into_iter().take(cut) {
            if log {
                println!("{:>6} n{node}    -> {}", self.now, describe_output(&out));
            }
            trace_output(&mut self.trace, &out);
            self.execute(node, out);
        }
        if self.nodes[node].crash_in_batch {
            self.nodes[node].crash();
        }
    }

    fn execute(&mut self, node: usize, out: Output) {
        let honest = self.nodes[node].is_honest();
        let generation = self.nodes[node].generation;
        match out {
            Output::PersistSafety(s) => self.nodes[node].storage.safety = s,
            Output::PersistBlock(b) => {
                self.nodes[node].storage.blocks.insert(b.id, b);
            }
            Output::Broadcast(msg) => {
                if honest {
                    self.observe(node, &msg);
                }
                for to in 0..self.nodes.len() {
                    self.send(node, to, msg.clone());
                }
            }
            Output::SendTo { to, message } => {
                if honest {
                    self.observe(node, &message);
                }
                let key = self.nodes[node]
                    .core
                    .as_ref()
                    .and_then(|c| c.validators().get(to).copied());
                for j in key.map(|k| self.nodes_with_key(k)).unwrap_or_default() {
                    self.send(node, j, message.clone());
                }
            }
            Output::ScheduleTimer { round, after_ms } => {
                self.push(
                    self.now + after_ms,
                    Event::Timer {
                        node,
                        generation,
                        round,
                    },
                );
            }
            Output::RequestPayload { round, parent, .. } => {
                let n = &mut self.nodes[node];
                n.nonce += 1;
                let (id, payload) = app::build(parent.id, round, node as u64, n.nonce);
                let at = self.now + self.s.min_block_interval_ms;
                self.push(
                    at,
                    Event::App {
                        node,
                        generation,
                        input: Input::Payload { round, id, payload },
                    },
                );
            }
            Output::VerifyBlock(b) => {
                let at = self.now + self.s.exec_ms;
                let epoch = self.nodes[node].core.as_ref().map_or(0, |c| c.epoch());
                if epoch == 0 && self.s.epoch_change_at == Some(b.height) {
                    let next = self.next_set();
                    self.push(
                        at,
                        Event::App {
                            node,
                            generation,
                            input: Input::Reconfigure { id: b.id, next },
                        },
                    );
                }
                let valid = app::valid(&b);
                self.push(
                    at,
                    Event::App {
                        node,
                        generation,
                        input: Input::Verdict { id: b.id, valid },
                    },
                );
            }
            Output::Commit { block, certificate } => {
                self.on_commit(node, block.block_ref(), block.parent, certificate)
            }
            Output::Equivocation(e) => self.evidence.push(e),
            Output::EpochStarted { epoch, .. } => {
                let Some(core) = &self.nodes[node].core else {
                    return;
                };
                let (set, committed) = (core.validators().clone(), core.committed());
                self.sets.entry(epoch).or_insert_with(|| set.clone());
                if let Some(index) = core.index() {
                    self.nodes[node].validator = index;
                }
                let st = &mut self.nodes[node].storage;
                st.validators = set;
                st.committed = committed;
                st.blocks.clear();
            }
        }
    }

    /// Sim nodes running `key` (two for Twins).
    fn nodes_with_key(&self, key: PublicKey) -> Vec<usize> {
        (0..self.nodes.len())
            .filter(|&j| self.all_keys[self.nodes[j].key] == key)
            .collect()
    }

    /// Epoch 1 set: the same keys, rotated by one (every index and the leader schedule change).
    fn next_set(&self) -> ValidatorSet {
        let mut keys = keys::public_keys(self.s.seed, self.s.n);
        keys.rotate_left(1);
        match ValidatorSet::new(1, keys) {
            Ok(s) => s,
            Err(e) => panic!("epoch 1 set: {e}"),
        }
    }

    fn flood(&mut self, node: usize) {
        if self.now < self.s.end_ms {
            self.push(self.now + 100, Event::Flood { node });
        }
        let Some(core) = &self.nodes[node].core else {
            return;
        };
        self.flood_burst += 1;
        let v = self.nodes[node].validator;
        let signer = &self.signers[self.nodes[node].key];
        let msgs = byzantine::flood(core, signer, &self.config.genesis, v, self.flood_burst);
        for msg in msgs {
            for to in 0..self.nodes.len() {
                if to != node {
                    self.send(node, to, msg.clone());
                }
            }
        }
    }

    fn finish(self) -> Outcome {
        Outcome {
            trace_hash: *self.trace.finalize().as_bytes(),
            chains: self.nodes.iter().map(|n| n.storage.chain.clone()).collect(),
            honest: self.nodes.iter().map(|n| n.is_honest()).collect(),
            commits: self.commits,
            violations: self.violations,
            qcs: self.qcs.into_values().collect(),
            tcs: self.tcs.into_values().collect(),
            evidence: self.evidence,
            at_heal: self.at_heal,
            footprints: self
                .nodes
                .iter()
                .map(|n| n.core.as_ref().map(|c| c.memory_footprint()))
                .collect(),
            final_rounds: self
                .nodes
                .iter()
                .map(|n| n.core.as_ref().map(|c| c.round()))
                .collect(),
            sets: self.sets,
            config: self.config,
            delivered: self.delivered,
            dropped: self.dropped,
            rejected: self.rejected,
        }
    }
}

fn author(m: &Message) -> Option<ValidatorIndex> {
    match m {
        Message::Proposal(p) => Some(p.author),
        Message::Vote(v) => Some(v.author),
        Message::Timeout(t) => Some(t.author),
        Message::BlockRequest(r) => Some(r.author),
        Message::BlockResponse(_) | Message::Sync(_) => None,
    }
}
