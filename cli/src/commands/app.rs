//! `deploy` and `app update | scale | stop | remove | show | list`: app deployments (Containers pallet).
//!
//! Contract of the transaction-sending commands (`deploy`, `update`, `scale`, `stop`, `remove`): nothing is sent
//! unless the name is a valid app name, the replica count is 1 to `MAX_REPLICAS`, the image digest is a sha256
//! digest (`sha256:<64 hex>` or the hex alone) and the manifest file can be read and is not empty (clap's value
//! parsers and [`manifest_hash`] check these first). The chain records the image digest's 32 bytes and the blake3
//! hash of the manifest file's bytes. The extrinsic `Containers.<call>` is signed by `--from` and followed to
//! finality by [`submit`](crate::commands::submit), which prints block, receipt id, fee and outcome exactly as for
//! `transfer`; a failed dispatch (`Containers.NotOwner`, `Containers.AppExists`, ...) exits non-zero.
//!
//! Contract of `show` and `list`: they read `Containers.Apps` (and for `list` first `Containers.AppsByOwner`) at
//! the last finalized block with `state_getStorage` / `state_queryStorageAt`, so every record comes from the same
//! block; keys are built here from the pallet's storage items (`final_key`), values decoded with `decode_all`.

use std::path::Path;
use std::time::Duration;

use anyhow::{anyhow, bail, Context};
use jsonrpsee::ws_client::WsClient;
use metanode_primitives::{blake3_256, AccountId32};
use metanode_rpc::{Bytes, StateApiClient, H256};
use metanode_runtime::containers::{self, App, AppStatus};
use metanode_runtime::RuntimeCall;
use parity_scale_codec::DecodeAll;

use crate::args::{AppCommand, DeployArgs, ImageArgs, RpcArgs, SendArgs};
use crate::chain::{connect, finalized, flx_decimals, rpc_error, ss58_prefix};
use crate::commands::submit::{build_extrinsic, report, wait_finalized};
use crate::keysource::{load_signer, parse_account};

/// `Containers.deploy`.
pub fn deploy_call(name: &str, image: [u8; 32], manifest: [u8; 32], replicas: u32) -> RuntimeCall {
    RuntimeCall::Containers(containers::Call::deploy {
        name: name.as_bytes().to_vec(),
        image_digest: image,
        manifest_hash: manifest,
        replicas,
    })
}

/// `Containers.update`.
pub fn update_call(name: &str, image: [u8; 32], manifest: [u8; 32]) -> RuntimeCall {
    RuntimeCall::Containers(containers::Call::update {
        name: name.as_bytes().to_vec(),
        image_digest: image,
        manifest_hash: manifest,
    })
}

/// `Containers.scale`.
pub fn scale_call(name: &str, replicas: u32) -> RuntimeCall {
    RuntimeCall::Containers(containers::Call::scale {
        name: name.as_bytes().to_vec(),
        replicas,
    })
}

/// `Containers.stop`.
pub fn stop_call(name: &str) -> RuntimeCall {
    RuntimeCall::Containers(containers::Call::stop {
        name: name.as_bytes().to_vec(),
    })
}

/// `Containers.remove`.
pub fn remove_call(name: &str) -> RuntimeCall {
    RuntimeCall::Containers(containers::Call::remove {
        name: name.as_bytes().to_vec(),
    })
}

/// The blake3 hash of the manifest file's bytes; an unreadable or empty file is an error.
pub fn manifest_hash(path: &Path) -> anyhow::Result<[u8; 32]> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("--manifest: cannot read {}", path.display()))?;
    if bytes.is_empty() {
        bail!("--manifest: {} is empty", path.display());
    }
    Ok(blake3_256(&bytes))
}

/// An image digest in OCI form, `sha256:<hex>`.
pub fn image_text(digest: &[u8; 32]) -> String {
    format!("sha256:{}", hex::encode(digest))
}

/// A manifest hash, `blake3:<hex>`.
pub fn manifest_text(hash: &[u8; 32]) -> String {
    format!("blake3:{}", hex::encode(hash))
}

/// Storage key of `Containers.Apps[name]` (value [`App`]).
pub fn app_key(name: &str) -> Vec<u8> {
    containers::storage::APPS.final_key(&name.as_bytes().to_vec())
}

/// Storage key of `Containers.AppsByOwner[owner]` (value: the names, in deploy order).
pub fn apps_by_owner_key(owner: &AccountId32) -> Vec<u8> {
    containers::storage::APPS_BY_OWNER.final_key(owner)
}

/// Runs `deploy`.
pub async fn deploy(rpc: &RpcArgs, args: &DeployArgs) -> anyhow::Result<()> {
    let manifest = manifest_hash(&args.image.manifest)?;
    let call = deploy_call(&args.name, args.image.image, manifest, args.replicas);
    let details = image_lines(&args.image, &manifest) + &format!("  Replicas: {}\n", args.replicas);
    send(
        rpc,
        &args.send,
        call,
        &format!("Deploying app {}", args.name),
        &details,
        "deploy",
    )
    .await
}

/// Runs an `app` subcommand.
pub async fn run(rpc: &RpcArgs, cmd: &AppCommand) -> anyhow::Result<()> {
    match cmd {
        AppCommand::Update(args) => {
            let manifest = manifest_hash(&args.image.manifest)?;
            let call = update_call(&args.name, args.image.image, manifest);
            let details = image_lines(&args.image, &manifest);
            let summary = format!("Updating app {}", args.name);
            send(rpc, &args.send, call, &summary, &details, "update").await
        }
        AppCommand::Scale(args) => {
            let call = scale_call(&args.name, args.replicas);
            let summary = format!("Scaling app {} to {} replicas", args.name, args.replicas);
            send(rpc, &args.send, call, &summary, "", "scale").await
        }
        AppCommand::Stop(args) => {
            let summary = format!("Stopping app {}", args.name);
            send(rpc, &args.send, stop_call(&args.name), &summary, "", "stop").await
        }
        AppCommand::Remove(args) => {
            let summary = format!("Removing app {}", args.name);
            send(
                rpc,
                &args.send,
                remove_call(&args.name),
                &summary,
                "",
                "removal",
            )
            .await
        }
        AppCommand::Show(args) => show(rpc, &args.name).await,
        AppCommand::List(args) => list(rpc, &args.owner).await,
    }
}

fn image_lines(image: &ImageArgs, manifest: &[u8; 32]) -> String {
    format!(
        "  Image:    {}\n  Manifest: {} ({})\n",
        image_text(&image.image),
        manifest_text(manifest),
        image.manifest.display()
    )
}

/// Signs `call` with `--from`, submits it, waits for finality and reports it as `transfer` does. `summary` and
/// `details` (indented lines) are printed before the tx hash; `what` names the transaction in errors.
async fn send(
    rpc: &RpcArgs,
    send: &SendArgs,
    call: RuntimeCall,
    summary: &str,
    details: &str,
    what: &str,
) -> anyhow::Result<()> {
    let signer = load_signer(&send.from).context("--from")?;
    if let Some(warning) = &signer.warning {
        tracing::warn!("{warning}");
    }
    let from = signer.pair.public();
    let client = &connect(&rpc.url).await?;
    let decimals = flx_decimals(client).await?;
    let xt = build_extrinsic(client, &signer.pair, call).await?;
    let tx_hash = xt.hash();
    println!("{summary}, signed by {from}");
    print!("{details}");
    println!("  Tx hash:  {tx_hash:?}");
    let timeout = Duration::from_secs(send.timeout);
    let block = wait_finalized(client, xt.encode(), timeout, what).await?;
    report(client, block, tx_hash, &from, decimals, what).await?;
    Ok(())
}

async fn show(rpc: &RpcArgs, name: &str) -> anyhow::Result<()> {
    let client = &connect(&rpc.url).await?;
    let prefix = ss58_prefix(client).await?;
    let (number, hash) = finalized(client).await?;
    let raw = client
        .storage(Bytes(app_key(name)), Some(hash))
        .await
        .map_err(|e| rpc_error("state_getStorage", e))?
        .ok_or_else(|| anyhow!("no app named {name} at finalized block #{number}"))?;
    let app = App::decode_all(&mut &raw.0[..]).context("Containers.Apps does not decode")?;
    println!("App {name} at finalized block #{number} {hash:?}");
    print!("{}", render_app(&app, prefix));
    Ok(())
}

/// One app's record, one field a line.
pub fn render_app(app: &App, prefix: u16) -> String {
    format!(
        "  Owner:    {}\n  Status:   {}, {} replicas\n  Image:    {}\n  Manifest: {}\n  Version:  {}\n  \
         Created:  block #{}\n  Updated:  block #{}\n",
        app.owner.to_ss58(prefix),
        status_text(app.status),
        app.replicas,
        image_text(&app.image_digest),
        manifest_text(&app.manifest_hash),
        app.version,
        app.created_at,
        app.updated_at
    )
}

fn status_text(status: AppStatus) -> &'static str {
    match status {
        AppStatus::Running => "running",
        AppStatus::Stopped => "stopped",
    }
}

async fn list(rpc: &RpcArgs, owner: &str) -> anyhow::Result<()> {
    let owner = parse_account(owner)?;
    let client = &connect(&rpc.url).await?;
    let prefix = ss58_prefix(client).await?;
    let (number, hash) = finalized(client).await?;
    let names = match client
        .storage(Bytes(apps_by_owner_key(&owner)), Some(hash))
        .await
        .map_err(|e| rpc_error("state_getStorage", e))?
    {
        Some(raw) => Vec::<Vec<u8>>::decode_all(&mut &raw.0[..])
            .context("Containers.AppsByOwner does not decode")?,
        None => Vec::new(),
    };
    let names: Vec<String> = names
        .iter()
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    let apps = read_apps(client, &names, hash).await?;
    println!(
        "Apps of {} at finalized block #{number} {hash:?}",
        owner.to_ss58(prefix)
    );
    print!("{}", render_list(&apps));
    Ok(())
}

/// `Containers.Apps` of every name, all at block `at`.
async fn read_apps(
    client: &WsClient,
    names: &[String],
    at: H256,
) -> anyhow::Result<Vec<(String, App)>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let keys: Vec<Bytes> = names.iter().map(|n| Bytes(app_key(n))).collect();
    let set = client
        .query_storage_at(keys.clone(), Some(at))
        .await
        .map_err(|e| rpc_error("state_queryStorageAt", e))?
        .into_iter()
        .next()
        .ok_or_else(|| anyhow!("state_queryStorageAt returned no change set"))?;
    names
        .iter()
        .zip(&keys)
        .map(|(name, key)| {
            let raw = set
                .changes
                .iter()
                .find(|(k, _)| k == key)
                .and_then(|(_, v)| v.as_ref())
                .ok_or_else(|| {
                    anyhow!(
                        "Containers.AppsByOwner lists {name} but Containers.Apps has no such app"
                    )
                })?;
            let app = App::decode_all(&mut &raw.0[..])
                .with_context(|| format!("Containers.Apps[{name}] does not decode"))?;
            Ok((name.clone(), app))
        })
        .collect()
}

/// The apps as a table: name, status, replicas, version, last change, image.
pub fn render_list(apps: &[(String, App)]) -> String {
    let mut out = format!(
        "{:<24} {:<8} {:>8} {:>7} {:>8}  {}\n",
        "NAME", "STATUS", "REPLICAS", "VERSION", "UPDATED", "IMAGE"
    );
    for (name, app) in apps {
        out.push_str(&format!(
            "{name:<24} {:<8} {:>8} {:>7} {:>8}  {}\n",
            status_text(app.status),
            app.replicas,
            app.version,
            format!("#{}", app.updated_at),
            image_text(&app.image_digest)
        ));
    }
    out.push_str(&format!("{} app(s)\n", apps.len()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_is_the_blake3_of_the_file_and_empty_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("app.yaml");
        std::fs::write(&path, b"image: web\n").unwrap();
        assert_eq!(manifest_hash(&path).unwrap(), blake3_256(b"image: web\n"));
        std::fs::write(&path, b"").unwrap();
        assert!(manifest_hash(&path)
            .unwrap_err()
            .to_string()
            .contains("is empty"));
        let missing = dir.path().join("nope.yaml");
        assert!(manifest_hash(&missing)
            .unwrap_err()
            .to_string()
            .contains("cannot read"));
    }

    #[test]
    fn calls_name_the_app() {
        let RuntimeCall::Containers(call) = deploy_call("web-shop", [1; 32], [2; 32], 3) else {
            panic!("a Containers call expected");
        };
        assert_eq!(call.app_name(), b"web-shop");
        assert_eq!(
            call,
            containers::Call::deploy {
                name: b"web-shop".to_vec(),
                image_digest: [1; 32],
                manifest_hash: [2; 32],
                replicas: 3
            }
        );
    }
}
