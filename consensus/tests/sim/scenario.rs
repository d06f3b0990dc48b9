//! A simulated run, derived entirely from a seed (and the validator count).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// What a validator does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Runs the core faithfully (may still crash and restart).
    Honest,
    /// As leader, sends two different proposals to two halves of the network.
    Equivocator,
    /// Votes twice per round: its vote and a vote for a made-up block.
    DoubleVoter,
    /// Never proposes.
    SilentLeader,
    /// Floods far-future and out-of-window votes, timeouts and block requests.
    Flooder,
    /// Two independent nodes share this key (Twins).
    Twins,
}

/// Fault kinds of the default sweep, one per seed residue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FaultKind {
    /// Latency and jitter only.
    Clean,
    /// 30 % message loss.
    Loss,
    /// Partitions that heal.
    Partition,
    /// Crash and restart, including crashes in the middle of an output batch.
    CrashRestart,
    /// f equivocating leaders.
    Equivocation,
    /// f double voters.
    DoubleVote,
    /// f silent leaders.
    SilentLeader,
    /// f flooders.
    Flood,
    /// f Twins pairs.
    Twins,
    /// f Byzantine nodes of mixed roles, 30 % loss, a partition and a crash together.
    Mixed,
}

impl FaultKind {
    /// Every kind.
    pub const ALL: [FaultKind; 10] = [
        FaultKind::Clean,
        FaultKind::Loss,
        FaultKind::Partition,
        FaultKind::CrashRestart,
        FaultKind::Equivocation,
        FaultKind::DoubleVote,
        FaultKind::SilentLeader,
        FaultKind::Flood,
        FaultKind::Twins,
        FaultKind::Mixed,
    ];

    /// The kind a seed exercises.
    pub fn of_seed(seed: u64) -> FaultKind {
        FaultKind::ALL[(seed % FaultKind::ALL.len() as u64) as usize]
    }
}

/// A network split into groups during `[start_ms, end_ms)`.
#[derive(Clone, Debug)]
pub struct Partition {
    pub start_ms: u64,
    pub end_ms: u64,
    /// Group number per node (sim node index).
    pub group_of: Vec<u8>,
}

/// A node going down at `at_ms` and coming back at `restart_ms`.
#[derive(Clone, Debug)]
pub struct Crash {
    /// Sim node index.
    pub node: usize,
    pub at_ms: u64,
    pub restart_ms: u64,
    /// Crash in the middle of the node's next output batch (losing what was not yet executed).
    pub mid_batch: bool,
}

/// Everything a run depends on.
#[derive(Clone, Debug)]
pub struct Scenario {
    pub seed: u64,
    pub n: usize,
    pub kind: FaultKind,
    pub roles: Vec<Role>,
    pub base_latency_ms: u64,
    pub jitter_ms: u64,
    pub loss: f64,
    pub partitions: Vec<Partition>,
    pub crashes: Vec<Crash>,
    /// All faults (loss, partitions, crashes) are over at this time.
    pub heal_ms: u64,
    /// End of the run.
    pub end_ms: u64,
    pub round_timeout_ms: u64,
    pub max_round_timeout_ms: u64,
    /// Driver's delay before answering a payload request.
    pub min_block_interval_ms: u64,
    /// Driver's delay before answering a verify request.
    pub exec_ms: u64,
    /// Validator-set change: the block at this height ends epoch 0 (epoch 1 rotates the key order).
    pub epoch_change_at: Option<u64>,
}

impl Scenario {
    /// Number of simulated nodes (validators plus twin copies).
    pub fn nodes(&self) -> usize {
        self.n + self.roles.iter().filter(|r| **r == Role::Twins).count()
    }

    /// The command that replays this scenario.
    pub fn replay_command(&self) -> String {
        let mut env = format!("SEED={} N={}", self.seed, self.n);
        if self.kind != FaultKind::of_seed(self.seed) {
            env.push_str(&format!(" KIND={:?}", self.kind));
        }
        if let Some(h) = self.epoch_change_at {
            env.push_str(&format!(" EPOCH_AT={h}"));
        }
        format!("{env} cargo test -p metanode-consensus --test sim_sweep replay -- --ignored --nocapture")
    }

    /// The scenario a replay command names (`SEED`, `N`, optional `KIND`, `EPOCH_AT`).
    pub fn from_env() -> Scenario {
        let var = |k: &str| std::env::var(k).ok();
        let seed = var("SEED").and_then(|v| v.parse().ok()).unwrap_or(0);
        let n = var("N").and_then(|v| v.parse().ok()).unwrap_or(4);
        let kind = var("KIND")
            .and_then(|k| FaultKind::ALL.into_iter().find(|x| format!("{x:?}") == k))
            .unwrap_or(FaultKind::of_seed(seed));
        let mut s = Scenario::with_kind(seed, n, kind);
        s.epoch_change_at = var("EPOCH_AT").and_then(|v| v.parse().ok());
        s
    }

    /// The scenario of `seed` with `n` validators.
    pub fn from_seed(seed: u64, n: usize) -> Scenario {
        Self::with_kind(seed, n, FaultKind::of_seed(seed))
    }

    /// The scenario of `seed` with `n` validators and fault `kind`.
    pub fn with_kind(seed: u64, n: usize, kind: FaultKind) -> Scenario {
        let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5eed_5eed);
        let f = (n - 1) / 3;
        let mut s = Scenario {
            seed,
            n,
            kind,
            roles: vec![Role::Honest; n],
            base_latency_ms: rng.gen_range(5..30),
            jitter_ms: rng.gen_range(0..30),
            loss: 0.0,
            partitions: Vec::new(),
            crashes: Vec::new(),
            heal_ms: 4_000,
            end_ms: 9_000,
            round_timeout_ms: 300,
            max_round_timeout_ms: 2_400,
            min_block_interval_ms: rng.gen_range(0..40),
            exec_ms: rng.gen_range(0..10),
            epoch_change_at: None,
        };
        let byzantine = pick_distinct(&mut rng, n, f);
        let assign = |role: Role, s: &mut Scenario| {
            for &i in &byzantine {
                s.roles[i] = role;
            }
        };
        match kind {
            FaultKind::Clean => {}
            FaultKind::Loss => s.loss = 0.3,
            FaultKind::Partition => s.add_partition(&mut rng),
            FaultKind::CrashRestart => s.add_crashes(&mut rng, f.max(1)),
            FaultKind::Equivocation => assign(Role::Equivocator, &mut s),
            FaultKind::DoubleVote => assign(Role::DoubleVoter, &mut s),
            FaultKind::SilentLeader => assign(Role::SilentLeader, &mut s),
            FaultKind::Flood => assign(Role::Flooder, &mut s),
            FaultKind::Twins => assign(Role::Twins, &mut s),
            FaultKind::Mixed => {
                const BYZ: [Role; 5] = [
                    Role::Equivocator,
                    Role::DoubleVoter,
                    Role::SilentLeader,
                    Role::Flooder,
                    Role::Twins,
                ];
                for &i in &byzantine {
                    s.roles[i] = BYZ[rng.gen_range(0..BYZ.len())];
                }
                s.loss = 0.3;
                s.add_partition(&mut rng);
                s.add_crashes(&mut rng, 1);
            }
        }
        s
    }

    fn honest_indices(&self) -> Vec<usize> {
        (0..self.n)
            .filter(|&i| self.roles[i] == Role::Honest)
            .collect()
    }

    fn add_partition(&mut self, rng: &mut ChaCha8Rng) {
        let count = rng.gen_range(1..=2);
        let mut t = rng.gen_range(200..1_000);
        for _ in 0..count {
            let len = rng.gen_range(300..1_500);
            let group_of = (0..self.nodes()).map(|_| rng.gen_range(0..2u8)).collect();
            self.partitions.push(Partition {
                start_ms: t,
                end_ms: (t + len).min(self.heal_ms),
                group_of,
            });
            t += len + rng.gen_range(100..500);
            if t >= self.heal_ms {
                break;
            }
        }
    }

    fn add_crashes(&mut self, rng: &mut ChaCha8Rng, count: usize) {
        let honest = self.honest_indices();
        for _ in 0..count {
            let node = honest[rng.gen_range(0..honest.len())];
            let at_ms = rng.gen_range(300..2_500);
            let restart_ms = (at_ms + rng.gen_range(100..1_200)).min(self.heal_ms);
            self.crashes.push(Crash {
                node,
                at_ms,
                restart_ms,
                mid_batch: rng.gen_bool(0.6),
            });
        }
    }
}

fn pick_distinct(rng: &mut ChaCha8Rng, n: usize, k: usize) -> Vec<usize> {
    let mut all: Vec<usize> = (0..n).collect();
    let mut out = Vec::new();
    for _ in 0..k {
        let i = rng.gen_range(0..all.len());
        out.push(all.remove(i));
    }
    out.sort_unstable();
    out
}
