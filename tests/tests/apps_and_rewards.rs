//! App deployments and mining rewards on a real dev node, through the CLI and JSON-RPC: `deploy`, a failed
//! `app scale` by someone who does not own the app and `app stop` each print a receipt id; `receipts_byApp` and
//! `metanode-cli receipts <app>` list exactly those three, newest first; the validator's mining payouts are
//! receipts too (no signer, the minted amount as their effect) and verify against the dev chain spec; then
//! `export-receipts --app` writes a bundle that `verify --bundle` checks with the node stopped.

use std::time::Duration;

use metanode_rpc::{EffectJson, ReceiptJson, ReceiptsApiClient, RelatedJson};
use metanode_tests::{cli, CliOutput, Node, NodeOptions};

const STARTUP: Duration = Duration::from_secs(60);
const APP: &str = "web-shop";
const IMAGE: &str = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

/// The receipt id the CLI printed (`Receipt:  rx_…`).
fn receipt_id(out: &CliOutput) -> String {
    out.stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("Receipt:"))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| panic!("no receipt id in {out:?}"))
}

async fn app_receipts(client: &jsonrpsee::ws_client::WsClient) -> Vec<ReceiptJson> {
    client
        .receipts_by_app(APP.into(), None, Some(100))
        .await
        .expect("receipts_byApp")
        .receipts
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn app_receipts_and_mining_payouts_are_listed_exported_and_verified() {
    let mut node = Node::start(NodeOptions::dev());
    let client = node.client(STARTUP).await;
    node.wait_finalized(&client, 3, STARTUP).await;
    let url = node.url();
    let manifest = node.base_path().join("web-shop.toml");
    std::fs::write(&manifest, "image = \"shop\"\nport = 8080\n").unwrap();
    let manifest = manifest.to_str().unwrap();

    // ---- an app's life, each step a receipt about the app ----
    let out = cli(
        &url,
        &[
            "deploy",
            APP,
            "--image",
            IMAGE,
            "--manifest",
            manifest,
            "--replicas",
            "2",
            "--from",
            "//Bob",
        ],
    );
    assert!(out.success, "deploy: {out:?}\n{}", node.log());
    let deployed = receipt_id(&out);
    let out = cli(&url, &["app", "scale", APP, "5", "--from", "//Charlie"]);
    assert!(
        !out.success && out.stderr.contains("Containers.NotOwner"),
        "a stranger's scale fails: {out:?}"
    );
    let refused = receipt_id(&out);
    let out = cli(&url, &["app", "stop", APP, "--from", "//Bob"]);
    assert!(out.success, "stop: {out:?}");
    let stopped = receipt_id(&out);
    // Bad input never reaches the node.
    let out = cli(
        &url,
        &[
            "deploy",
            "Web_Shop",
            "--image",
            IMAGE,
            "--manifest",
            manifest,
            "--from",
            "//Bob",
        ],
    );
    assert!(!out.success, "{out:?}");
    let out = cli(
        &url,
        &[
            "deploy",
            "other",
            "--image",
            "sha256:12",
            "--manifest",
            manifest,
            "--from",
            "//Bob",
        ],
    );
    assert!(!out.success, "{out:?}");

    let deadline = std::time::Instant::now() + STARTUP;
    let receipts = loop {
        let receipts = app_receipts(&client).await;
        if receipts.len() >= 3 || std::time::Instant::now() > deadline {
            break receipts;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    let ids: Vec<_> = receipts.iter().map(|r| r.id.clone()).collect();
    assert_eq!(
        ids,
        vec![stopped.clone(), refused, deployed.clone()],
        "newest first"
    );
    assert!(receipts
        .iter()
        .all(|r| r.related == Some(RelatedJson::App(APP.into())) && r.pallet == "Containers"));
    assert_eq!(
        receipts.iter().map(|r| r.call.as_str()).collect::<Vec<_>>(),
        ["stop", "scale", "deploy"]
    );
    let err = client
        .receipts_by_app("Not An App".into(), None, None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("app name"), "{err}");
    assert!(client
        .receipts_by_app("never-deployed".into(), None, None)
        .await
        .unwrap()
        .receipts
        .is_empty());

    let out = cli(&url, &["receipts", APP]);
    assert!(
        out.success && out.stdout.contains(&deployed) && out.stdout.contains(&stopped),
        "receipts <app>: {out:?}"
    );
    let out = cli(&url, &["app", "show", APP]);
    assert!(
        out.success && out.stdout.to_lowercase().contains("stopped"),
        "app show: {out:?}"
    );

    // ---- mining: //Alice, the dev validator, is paid for every block, each payout a receipt ----
    let page = client
        .receipts_by_account(
            metanode_primitives::Pair::from_string("//Alice", None)
                .unwrap()
                .public()
                .to_string(),
            None,
            Some(20),
        )
        .await
        .unwrap();
    let payout = page
        .receipts
        .iter()
        .find(|r| r.pallet == "Mining")
        .unwrap_or_else(|| panic!("no mining receipt for //Alice: {page:?}"));
    assert!(matches!(
        payout.call.as_str(),
        "proposer_reward" | "signer_reward"
    ));
    assert_eq!((payout.signer.as_deref(), payout.fee.as_str()), (None, "0"));
    let Some(EffectJson::Minted { amount, .. }) = &payout.effect else {
        panic!("a payout says what it minted: {payout:?}");
    };
    assert!(amount.parse::<u128>().unwrap() > 0);
    let out = cli(&url, &["verify", &payout.id, "--chain", "dev"]);
    assert!(
        out.success && out.stdout.lines().any(|l| l == "verified"),
        "{out:?}"
    );
    let out = cli(&url, &["receipts", "show", &payout.id]);
    assert!(out.success && out.stdout.contains("Mining."), "{out:?}");

    // ---- the app's evidence bundle, verified with the node stopped ----
    let bundle = node.base_path().join("web-shop-bundle.json");
    let out = cli(
        &url,
        &[
            "export-receipts",
            "--app",
            APP,
            "--out",
            bundle.to_str().unwrap(),
        ],
    );
    assert!(out.success, "export-receipts --app: {out:?}");
    drop(client);
    node.stop();
    let out = cli(
        &url,
        &[
            "verify",
            "--bundle",
            bundle.to_str().unwrap(),
            "--chain",
            "dev",
        ],
    );
    assert!(out.success, "verify --bundle: {out:?}");
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("verified 3 receipts from ")),
        "{out:?}"
    );
}
