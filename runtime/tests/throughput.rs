//! Measurement, not a check: `cargo test -p metanode-runtime --release --test throughput -- --ignored --nocapture`.

mod common;

use std::time::Instant;

use common::*;
use metanode_primitives::{Era, MultiAddress};
use metanode_runtime::executive::{execute_block, validate_transaction};
use metanode_runtime::support::OverlayState;
use metanode_runtime::{balances, sign_call, RuntimeCall, SigningContext};

#[test]
#[ignore = "measurement"]
fn measure_validate_build_and_execute() {
    let genesis = genesis();
    let n: u32 = std::env::var("N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000);
    let call = RuntimeCall::Balances(balances::Call::transfer_allow_death {
        dest: MultiAddress::Id(bob()),
        value: UNIT / 100,
    });
    let alice = pair("Alice");
    let signing = SigningContext::immortal(GENESIS);
    let started = Instant::now();
    let txs: Vec<Vec<u8>> = (0..n)
        .map(|nonce| sign_call(&call, &alice, nonce, Era::Immortal, 0, &signing).encode())
        .collect();
    let sign = started.elapsed();
    let started = Instant::now();
    for tx in &txs {
        validate_transaction(&genesis, &ctx(), tx).expect("valid");
    }
    let validate = started.elapsed();
    let started = Instant::now();
    let built = build_block(&genesis, 1, GENESIS, T1, &txs);
    let build = started.elapsed();
    assert!(built.outcomes.iter().all(|o| o == &Ok(Ok(()))));
    let started = Instant::now();
    execute_block(&mut OverlayState::new(&genesis), &ctx(), &built.block).expect("executes");
    let execute = started.elapsed();
    let per = |d: std::time::Duration| d.as_micros() as f64 / f64::from(n);
    println!(
        "{n} signed transfers: sign {:.1} µs/tx, validate {:.1} µs/tx, build {:.1} µs/tx, execute {:.1} µs/tx",
        per(sign),
        per(validate),
        per(build),
        per(execute)
    );
}
