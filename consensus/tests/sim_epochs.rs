//! Validator-set changes under faults: the block at height 8 ends epoch 0; epoch 1 has the same keys
//! in another order, so every index and the leader schedule change at the boundary.

mod sim;

use sim::{run_and_check, FaultKind, Scenario};

fn epochs(kind: FaultKind, seeds: std::ops::Range<u64>) {
    for seed in seeds {
        for n in [4, 7] {
            let mut s = Scenario::with_kind(seed, n, kind);
            s.epoch_change_at = Some(8);
            let o = run_and_check(&s);
            assert!(
                o.commits.iter().any(|c| c.epoch == 1),
                "seed {seed} n {n} {kind:?}: no commit in epoch 1; replay with the epoch test"
            );
        }
    }
}

#[test]
fn epoch_change_clean() {
    epochs(FaultKind::Clean, 0..4);
}

#[test]
fn epoch_change_with_loss() {
    epochs(FaultKind::Loss, 0..4);
}

#[test]
fn epoch_change_with_crashes() {
    epochs(FaultKind::CrashRestart, 0..4);
}

#[test]
fn epoch_change_with_partitions() {
    epochs(FaultKind::Partition, 0..4);
}

/// A single-validator dev chain under the simulator: quorum 1, every block commits when its child is
/// certified, also across a crash (mid-batch) and restart and an epoch change.
#[test]
fn single_validator_chain() {
    for seed in 0..3 {
        for kind in [FaultKind::Clean, FaultKind::CrashRestart] {
            let mut s = Scenario::with_kind(seed, 1, kind);
            s.epoch_change_at = Some(8);
            let o = run_and_check(&s);
            let height = o.chains[0].last().map_or(0, |c| c.0);
            assert!(height > 20, "seed {seed} {kind:?}: only {height} blocks");
        }
    }
}
