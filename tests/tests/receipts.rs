//! Receipts on a 4-validator testnet: a CLI transfer prints its receipt id; `metanode-cli verify <id> --chain
//! <spec>` checks the node's proof locally and says `verified`; `receipts <account>` lists it; the RPCs reject
//! malformed ids; a proof with a flipped receipt byte fails the library verifier.

use std::time::Duration;

use metanode_chain_spec::{verify_receipt_proof, ChainSpec, ReceiptProof, ReceiptVerifyError};
use metanode_rpc::ReceiptsApiClient;
use metanode_tests::{cli, Testnet};

const STARTUP: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_transfer_receipt_verifies_offline_and_a_tampered_one_does_not() {
    let net = Testnet::generate(4, 0);
    let nodes: Vec<_> = (0..4).map(|i| net.start_validator(i)).collect();
    let client = nodes[0].client(STARTUP).await;
    nodes[0].wait_finalized(&client, 2, STARTUP).await;

    let out = cli(
        &nodes[1].url(),
        &[
            "transfer", "--from", "//Alice", "--to", "//Bob", "--token", "FLX", "1",
        ],
    );
    assert!(out.success, "transfer: {out:?}\n{}", nodes[1].log());
    let id = out
        .stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("Receipt:"))
        .map(|s| s.trim().to_string())
        .unwrap_or_else(|| panic!("no receipt id in {out:?}"));
    assert!(id.starts_with("rx_"), "{id}");

    // The receipt is in node0's index once node0 has the block.
    let number: u32 = out
        .stdout
        .lines()
        .find_map(|l| l.trim().strip_prefix("Block:    #"))
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("block number");
    nodes[0].wait_finalized(&client, number, STARTUP).await;
    let receipt = client
        .receipts_get(id.clone())
        .await
        .unwrap()
        .expect("indexed receipt");
    assert_eq!(
        (receipt.pallet.as_str(), receipt.call.as_str()),
        ("Wallets", "transfer")
    );
    assert_eq!(receipt.block_number, number);

    let spec = net.spec();
    let spec_arg = spec.to_str().unwrap();
    let out = cli(&nodes[0].url(), &["verify", &id, "--chain", spec_arg]);
    assert!(out.success, "verify: {out:?}");
    assert!(out.stdout.lines().any(|l| l == "verified"), "{out:?}");
    // Against another chain's validators it does not verify.
    let out = cli(&nodes[0].url(), &["verify", &id, "--chain", "dev"]);
    assert!(
        !out.success && out.stderr.contains("not verified"),
        "{out:?}"
    );

    let out = cli(&nodes[2].url(), &["receipts", "//Alice"]);
    assert!(out.success && out.stdout.contains(&id), "receipts: {out:?}");
    let out = cli(&nodes[2].url(), &["receipts", "show", &id]);
    assert!(
        out.success && out.stdout.contains("Wallets.transfer"),
        "show: {out:?}"
    );

    let err = client.receipts_get("rx_0OIl".into()).await.unwrap_err();
    assert!(err.to_string().contains("not base58"), "{err}");
    let err = client
        .receipts_by_account("nope".into(), None, Some(500))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("address"), "{err}");

    // The proof through the library: sound, then with one receipt byte flipped.
    let json = client
        .receipts_proof(id.clone())
        .await
        .unwrap()
        .expect("proof");
    let mut proof = ReceiptProof {
        receipt: json.receipt.0,
        proof: json.proof,
        header: json.header.0,
        ancestry: json.ancestry.into_iter().map(|b| b.0).collect(),
        certificate: json.certificate.0,
        epoch: json.epoch,
        genesis_hash: json.genesis_hash,
    };
    let spec = ChainSpec::from_file(&spec).unwrap();
    let verified = verify_receipt_proof(&proof, &spec).expect("sound proof");
    assert_eq!(verified.receipt.id.to_string(), id);
    let at = proof.receipt.len() - 1;
    proof.receipt[at] ^= 0x01;
    assert!(matches!(
        verify_receipt_proof(&proof, &spec),
        Err(ReceiptVerifyError::NotInReceiptsRoot { .. })
    ));
}
