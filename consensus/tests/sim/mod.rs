//! Deterministic simulator of a Metanode validator network around real `Core`s.
//!
//! One seed fixes everything: keys, link latency/jitter/loss, partitions, crash times, Byzantine roles,
//! the application's delays. Time is virtual (ms); events run in (time, sequence) order from a single
//! queue, so a seed always replays to the same trace hash. After a run, [`check`] verifies the
//! invariants of the issue; a failure names the seed and the command that replays it.
#![allow(dead_code)]

pub mod app;
pub mod byzantine;
pub mod check;
pub mod keys;
pub mod node;
pub mod record;
pub mod scenario;
pub mod trace;
pub mod world;

pub use check::check;
pub use scenario::{FaultKind, Scenario};
pub use world::{run, Outcome};

/// Run `scenario` and check every invariant; panics with the seed and the replay command on failure.
pub fn run_and_check(scenario: &Scenario) -> Outcome {
    let outcome = run(scenario);
    if let Err(failure) = check(scenario, &outcome) {
        panic!(
            "simulation failed: {failure}\n  scenario: {scenario:?}\n  replay: {}",
            scenario.replay_command()
        );
    }
    outcome
}
