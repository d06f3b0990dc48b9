//! `metanode testnet`: a chain spec, keys and one base path per node for an N-validator testnet on this machine.
//!
//! Layout written under `--out`:
//! - `chain-spec.json`: the validators (session keys and peer ids, in leader order), bootnodes on 127.0.0.1, the
//!   full nodes' peer ids as `allowedPeers`, the dev accounts funded.
//! - `node<i>/`: a validator's base path with `chains/<id>/keystore/session` (its secret phrase) and
//!   `chains/<id>/network/secret_ed25519` (its node key), both mode 0600.
//! - `full<j>/`: a full node's base path with its node key only.
//! - `README.md`: the exact commands that start every node.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use metanode_chain_spec::{local_testnet_spec, TestnetValidator};
use metanode_primitives::Pair;

use crate::cli::TestnetArgs;
use crate::config::chain_dir;
use crate::{keystore, p2p};

/// Most validators a generated testnet may have.
const MAX_VALIDATORS: usize = 100;

struct NodeDir {
    name: String,
    base: PathBuf,
    p2p_port: u16,
    rpc_port: u16,
    prometheus_port: u16,
    peer_id: String,
}

/// Writes the testnet.
pub fn run(args: TestnetArgs) -> anyhow::Result<()> {
    if args.validators == 0 || args.validators > MAX_VALIDATORS {
        bail!(
            "--validators must be between 1 and {MAX_VALIDATORS}, got {}",
            args.validators
        );
    }
    let total = args.validators + args.full_nodes;
    let port = |base: u16, i: usize, flag: &str| -> anyhow::Result<u16> {
        u16::try_from(usize::from(base) + i)
            .ok()
            .filter(|p| *p != 0)
            .with_context(|| format!("{flag} {base} + {i} is not a valid port"))
    };
    port(args.p2p_port, total - 1, "--p2p-port")?;
    port(args.rpc_port, total - 1, "--rpc-port")?;
    port(args.prometheus_port, total - 1, "--prometheus-port")?;
    ensure_empty(&args.out)?;

    // The chain id decides the directory keys live in, so build the spec's id first from a throw-away spec.
    let spec_id = local_testnet_spec(&[], Vec::new()).id;
    let mut validators = Vec::new();
    let mut nodes = Vec::new();
    for i in 0..total {
        let is_validator = i < args.validators;
        let name = if is_validator {
            format!("node{i}")
        } else {
            format!("full{}", i - args.validators)
        };
        let base = args.out.join(&name);
        let dir = base.join("chains").join(&spec_id);
        let node_key = p2p::load_or_generate_node_key(&p2p::node_key_path(&dir))?;
        let peer_id = node_key.public().to_peer_id().to_string();
        let p2p_port = port(args.p2p_port, i, "--p2p-port")?;
        if is_validator {
            let (pair, phrase) = Pair::generate_with_phrase(12);
            keystore::insert_session_key(&dir, &phrase)?;
            validators.push(TestnetValidator {
                session_key: pair.public(),
                peer_id: peer_id.clone(),
                p2p_port,
            });
        }
        nodes.push(NodeDir {
            name,
            base,
            p2p_port,
            rpc_port: port(args.rpc_port, i, "--rpc-port")?,
            prometheus_port: port(args.prometheus_port, i, "--prometheus-port")?,
            peer_id,
        });
    }
    let full_peers = nodes[args.validators..]
        .iter()
        .map(|n| n.peer_id.clone())
        .collect();
    let spec = local_testnet_spec(&validators, full_peers);
    spec.validate()?;
    debug_assert!(nodes
        .iter()
        .all(|n| chain_dir(&n.base, &spec).starts_with(&n.base)));
    let spec_path = args.out.join("chain-spec.json");
    std::fs::write(&spec_path, spec.to_json(false)?)
        .with_context(|| format!("writing {}", spec_path.display()))?;
    let readme = args.out.join("README.md");
    std::fs::write(&readme, readme_text(&args, &nodes, &spec_path))
        .with_context(|| format!("writing {}", readme.display()))?;

    println!(
        "Wrote a {}-validator testnet ({} full node(s)) to {}",
        args.validators,
        args.full_nodes,
        args.out.display()
    );
    println!("  chain spec: {}", spec_path.display());
    for (i, node) in nodes.iter().enumerate() {
        let role = if i < args.validators {
            format!("validator {}", validators[i].session_key)
        } else {
            "full node".to_string()
        };
        println!(
            "  {:<7} p2p {:<5} rpc {:<5} peer {}  {role}",
            node.name, node.p2p_port, node.rpc_port, node.peer_id
        );
    }
    println!("Start commands: {}", readme.display());
    Ok(())
}

/// The output directory must be new or empty: keys are never overwritten.
fn ensure_empty(out: &Path) -> anyhow::Result<()> {
    if out.exists() {
        let mut entries =
            std::fs::read_dir(out).with_context(|| format!("reading {}", out.display()))?;
        if entries.next().is_some() {
            bail!(
                "{} is not empty; choose another --out (existing keys are never overwritten)",
                out.display()
            );
        }
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))
}

/// The start command of one node.
fn start_command(spec_path: &Path, node: &NodeDir, validator: bool) -> String {
    format!(
        "metanode start --chain {} --base-path {}{} --port {} --rpc-port {} --prometheus-port {}",
        spec_path.display(),
        node.base.display(),
        if validator { " --validator" } else { "" },
        node.p2p_port,
        node.rpc_port,
        node.prometheus_port,
    )
}

fn readme_text(args: &TestnetArgs, nodes: &[NodeDir], spec_path: &Path) -> String {
    let mut text = format!(
        "# Metanode local testnet\n\n\
         {} validators and {} full node(s) on 127.0.0.1, generated by `metanode testnet`.\n\
         Every secret in this directory is for testing only.\n\n\
         Start each node in its own terminal (or append `&`):\n\n```sh\n",
        args.validators, args.full_nodes
    );
    for (i, node) in nodes.iter().enumerate() {
        let _ = writeln!(
            text,
            "{}",
            start_command(spec_path, node, i < args.validators)
        );
    }
    let _ = write!(
        text,
        "```\n\n\
         Blocks are finalized once more than two thirds of the validators are running \
         ({} of {}).\n\
         Check a node with `metanode status --url ws://127.0.0.1:{}`.\n\n\
         Metrics: `curl http://127.0.0.1:{}/metrics`.\n\n\
         | node | role | p2p port | rpc port | metrics port | peer id |\n|---|---|---|---|---|---|\n",
        args.validators * 2 / 3 + 1,
        args.validators,
        args.rpc_port,
        args.prometheus_port
    );
    for (i, node) in nodes.iter().enumerate() {
        let role = if i < args.validators {
            "validator"
        } else {
            "full"
        };
        let _ = writeln!(
            text,
            "| {} | {role} | {} | {} | {} | {} |",
            node.name, node.p2p_port, node.rpc_port, node.prometheus_port, node.peer_id
        );
    }
    text
}
