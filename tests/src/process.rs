//! Locating binaries, free ports, and running `metanode-cli`.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

/// Path of a workspace binary (`metanode`, `metanode-cli`). Panics with instructions if it was not built.
pub fn bin_path(name: &str) -> PathBuf {
    if let Ok(dir) = std::env::var("METANODE_BIN_DIR") {
        return PathBuf::from(dir).join(name);
    }
    let exe = std::env::current_exe().expect("test executable path");
    // target/<profile>/deps/<test-binary> -> target/<profile>/<name>
    let profile_dir = exe
        .parent()
        .and_then(|deps| deps.parent())
        .expect("test executable lives in target/<profile>/deps");
    let path = profile_dir.join(name);
    assert!(
        path.exists(),
        "{} is missing: run `cargo build -p metanode -p metanode-cli` first (make test does)",
        path.display()
    );
    path
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("binding an ephemeral port")
}

/// What a `metanode-cli` run printed.
#[derive(Debug)]
pub struct CliOutput {
    /// Exit status success.
    pub success: bool,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

/// Runs `metanode-cli --url <url> <args>` to completion.
pub fn cli(url: &str, args: &[&str]) -> CliOutput {
    let output = Command::new(bin_path("metanode-cli"))
        .arg("--url")
        .arg(url)
        .args(args)
        .output()
        .expect("running metanode-cli");
    CliOutput {
        success: output.status.success(),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `metanode-cli validators add --from //Alice --session <session> --network-key <network_key>` against `url`
/// (//Alice is the admin of the dev and local testnet specs).
pub fn validators_add(url: &str, session: &str, network_key: &str) -> CliOutput {
    cli(
        url,
        &[
            "validators",
            "add",
            "--from",
            "//Alice",
            "--session",
            session,
            "--network-key",
            network_key,
        ],
    )
}
