//! The simulator sweep: every fault kind, n ∈ {4, 7}, 200 seeds by default (see the README for the
//! long sweep and replay commands).

mod sim;

use sim::{run, run_and_check, FaultKind, Scenario};

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// Seeds `from..to` with n alternating 4, 7 every ten seeds (so each kind meets both sizes).
fn sweep(from: u64, to: u64) {
    for seed in from..to {
        let n = if (seed / 10) % 2 == 0 { 4 } else { 7 };
        let scenario = Scenario::from_seed(seed, n);
        let outcome = run_and_check(&scenario);
        if seed % 9 == 0 {
            let again = run(&scenario);
            assert_eq!(
                outcome.trace_hash,
                again.trace_hash,
                "seed {seed} did not replay to the same trace; replay: {}",
                scenario.replay_command()
            );
        }
    }
}

#[test]
fn sweep_seeds_000_049() {
    sweep(0, 50);
}

#[test]
fn sweep_seeds_050_099() {
    sweep(50, 100);
}

#[test]
fn sweep_seeds_100_149() {
    sweep(100, 150);
}

#[test]
fn sweep_seeds_150_199() {
    sweep(150, 200);
}

#[test]
fn every_fault_kind_is_swept() {
    let kinds: Vec<FaultKind> = (0..200).map(FaultKind::of_seed).collect();
    for k in FaultKind::ALL {
        assert!(
            kinds.iter().filter(|x| **x == k).count() >= 20,
            "{k:?} under-represented"
        );
    }
}

/// Replay one seed: `SEED=<s> N=<n> cargo test -p metanode-consensus --test sim_sweep replay -- --ignored --nocapture`.
#[test]
#[ignore]
fn replay() {
    let scenario = Scenario::from_env();
    let (seed, n) = (scenario.seed, scenario.n);
    let o = run_and_check(&scenario);
    println!(
        "seed {seed} n {n} {:?}: trace {} commits {} delivered {} dropped {} rejected {} final rounds {:?}",
        scenario.kind,
        hex::encode(o.trace_hash),
        o.chains.iter().map(|c| c.len() - 1).max().unwrap_or(0),
        o.delivered,
        o.dropped,
        o.rejected,
        o.final_rounds
    );
}

/// The scenario the long sweep and the survey run for `seed`: n cycles through `sizes` (one size per
/// ten seeds, so every fault kind meets every size), and every fourth block of ten seeds also changes
/// the validator set at height 8.
fn long_scenario(seed: u64, sizes: &[usize]) -> Scenario {
    let n = sizes[(seed as usize / FaultKind::ALL.len()) % sizes.len()];
    let mut s = Scenario::from_seed(seed, n);
    if (seed / 10) % 4 == 3 {
        s.epoch_change_at = Some(8);
    }
    s
}

/// Long sweep: `SEEDS=5000 N=10 cargo test -p metanode-consensus --release --test sim_sweep long_sweep -- --ignored --nocapture`
/// runs seeds `0..SEEDS`, n cycling through 4..=N, a quarter of them with a validator-set change.
#[test]
#[ignore]
fn long_sweep() {
    let seeds = env_u64("SEEDS").unwrap_or(2_000);
    let max_n = env_u64("N").unwrap_or(10).max(4) as usize;
    let sizes: Vec<usize> = (4..=max_n).collect();
    for seed in 0..seeds {
        run_and_check(&long_scenario(seed, &sizes));
        if seed % 100 == 99 {
            println!("{} seeds ok", seed + 1);
        }
    }
}

/// Survey: like the long sweep over seeds `FROM..TO`, but lists every failure instead of stopping:
/// `FROM=0 TO=1000 N=10 cargo test -p metanode-consensus --release --test sim_sweep survey -- --ignored --nocapture`.
#[test]
#[ignore]
fn survey() {
    let from = env_u64("FROM").unwrap_or(0);
    let to = env_u64("TO").unwrap_or(200);
    let max_n = env_u64("N").unwrap_or(10).max(4) as usize;
    let sizes: Vec<usize> = (4..=max_n).collect();
    let mut failures = 0;
    for seed in from..to {
        let scenario = long_scenario(seed, &sizes);
        let outcome = run(&scenario);
        if let Err(f) = sim::check(&scenario, &outcome) {
            failures += 1;
            println!("FAIL {f}\n  replay: {}", scenario.replay_command());
        }
    }
    println!("{failures} failures in {} seeds", to - from);
}
