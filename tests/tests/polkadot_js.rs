//! The stock `@polkadot/api` client against a real dev node: `tests/compat/polkadot-api.test.mjs` (what a wallet and
//! an explorer do) and `tests/compat/golden.test.mjs` (every storage entry and call the metadata declares), run by
//! Node.js's test runner with the node's endpoint in `METANODE_WS`.
//!
//! Its npm dependencies are pinned by `tests/compat/package-lock.json` and installed by `make test` (`npm ci`); run
//! `make compat-deps` before `cargo test` on its own.

use std::path::PathBuf;
use std::process::Command;
use std::time::Duration;

use metanode_tests::{Node, NodeOptions};

const STARTUP: Duration = Duration::from_secs(60);

/// `tests/compat` of the checkout running the test: `cargo test` sets `CARGO_MANIFEST_DIR` at run time. The
/// compile-time value is only a fallback, since a target dir shared by two checkouts can reuse a test binary built
/// in the other one.
fn compat_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from)
        .join("compat")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn polkadot_js_api_works_unchanged() {
    let dir = compat_dir();
    assert!(
        dir.join("node_modules/@polkadot/api").is_dir(),
        "tests/compat has no node_modules: run `make compat-deps` (npm ci in tests/compat) first"
    );
    let node_version = Command::new("node")
        .arg("--version")
        .output()
        .expect("Node.js (`node`) is needed for this test: `make compat-deps` installs it");
    assert!(node_version.status.success(), "`node --version` failed");

    let node = Node::start(NodeOptions::dev());
    let client = node.client(STARTUP).await;
    node.wait_finalized(&client, 2, STARTUP).await;

    let output = tokio::task::spawn_blocking({
        let url = node.url();
        move || {
            Command::new("node")
                .args([
                    "--test",
                    "--test-concurrency=1",
                    "--test-reporter=tap",
                    "polkadot-api.test.mjs",
                    "golden.test.mjs",
                ])
                .current_dir(&dir)
                .env("METANODE_WS", url)
                .output()
                .expect("running node --test")
        }
    })
    .await
    .expect("join");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        output.status.success(),
        "@polkadot/api tests failed ({}):\n{stdout}\n{stderr}\n--- node log ---\n{}",
        output.status,
        node.log()
    );
    assert!(
        stdout.contains("# fail 0") && !stdout.contains("# pass 0"),
        "the Node.js test runner reported no passing tests:\n{stdout}"
    );
}
