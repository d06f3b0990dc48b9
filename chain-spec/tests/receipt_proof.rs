//! `verify_receipt_proof`: a well-formed proof verifies; any altered byte of the receipt, the Merkle path, a header
//! or the certificate, or too few signers, fails with the variant naming what is wrong. The same for evidence
//! bundles (`verify_bundle`), whose errors also name the receipt.

use metanode_chain_spec::{
    dev_spec, verify_bundle, verify_receipt_proof, Bundle, BundleBlock, BundleChain, BundleReceipt,
    BundleSetChange, BundleVerifyError, ChainSpec, Genesis, HexBytes, ReceiptProof,
    ReceiptVerifyError, ValidatorSpec, BUNDLE_VERSION,
};
use metanode_consensus::crypto::vote_bytes;
use metanode_consensus::{CertificateError, CommitCertificate, QuorumCert, Signer, VoteData};
use metanode_primitives::{extrinsics_root, Digest, Header, Pair, H256};
use metanode_runtime::receipts::Outcome;
use metanode_runtime::{queries, Receipt, ReceiptId};
use parity_scale_codec::{Decode, Encode};

/// The fixture spec's genesis hash, computed from the spec as a verifier does.
fn genesis() -> [u8; 32] {
    static HASH: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();
    *HASH.get_or_init(|| spec().genesis_hash().expect("fixture genesis").0)
}

fn pairs() -> Vec<Pair> {
    (1..=4u8).map(|i| Pair::from_seed(&[i; 32])).collect()
}

fn spec() -> ChainSpec {
    let mut spec = dev_spec();
    spec.validators = pairs()
        .iter()
        .enumerate()
        .map(|(i, p)| ValidatorSpec {
            name: format!("v{i}"),
            session_key: p.public(),
            network_key: None,
        })
        .collect();
    spec
}

fn receipt(index: u32) -> Receipt {
    receipt_at(5, index)
}

fn receipt_at(block: u32, index: u32) -> Receipt {
    Receipt {
        id: ReceiptId::compute(&H256(genesis()), block, index, &H256([index as u8; 32])),
        block,
        index,
        signer: Some(pairs()[0].public()),
        pallet: b"Wallets".to_vec(),
        call: b"transfer".to_vec(),
        outcome: Outcome::Success,
        fee: 1_000,
        related: None,
        timestamp_ms: 42,
        effect: None,
    }
}

fn header(parent: H256, number: u32, receipts_root: H256) -> Header {
    let mut digest = Digest { logs: Vec::new() };
    digest.push_receipts_root(receipts_root);
    Header {
        parent_hash: parent,
        number,
        state_root: H256([number as u8; 32]),
        extrinsics_root: extrinsics_root(&[]),
        digest,
    }
}

fn certificate(committed: &Header, epoch: u64, signers: usize) -> CommitCertificate {
    let vote = VoteData {
        epoch,
        round: 9,
        block: [9; 32],
        height: u64::from(committed.number) + 1,
        parent: committed.hash().0,
        parent_round: 8,
    };
    let bytes = vote_bytes(&genesis(), &vote);
    let signatures = pairs()
        .into_iter()
        .take(signers)
        .enumerate()
        .map(|(i, p)| {
            let signer = Signer::from_keypair(p.keypair().clone());
            (i as u16, signer.sign(&bytes))
        })
        .collect();
    CommitCertificate {
        qc: QuorumCert { vote, signatures },
    }
}

/// A receipt (index 1 of 3) in block #5, certified through its child #6.
fn proof_with(epoch: u64, signers: usize) -> ReceiptProof {
    let receipts: Vec<Receipt> = (0..3).map(receipt).collect();
    let block = header(H256([1; 32]), 5, queries::receipts_root(&receipts));
    let child = header(block.hash(), 6, queries::receipts_root(&[]));
    ReceiptProof {
        receipt: receipts[1].encode(),
        proof: queries::receipt_proof(&receipts, 1).unwrap(),
        header: block.encode(),
        ancestry: vec![child.encode()],
        certificate: certificate(&child, epoch, signers).encode(),
        epoch,
        genesis_hash: H256(genesis()),
        set_history: Vec::new(),
    }
}

fn proof() -> ReceiptProof {
    proof_with(0, 3)
}

fn flip(bytes: &mut [u8], at: usize) {
    bytes[at] ^= 0x01;
}

#[test]
fn a_sound_proof_verifies() {
    let verified = verify_receipt_proof(&proof(), &spec()).unwrap();
    assert_eq!(verified.receipt, receipt(1));
    assert_eq!(verified.certified_number, 6);
    assert_eq!(verified.signers, 3);
}

#[test]
fn a_flipped_receipt_byte_is_not_in_the_root() {
    let mut p = proof();
    // The timestamp's last byte (the very last byte is the `effect` option tag, whose flip does not decode).
    let last = p.receipt.len() - 2;
    flip(&mut p.receipt, last);
    assert!(matches!(
        verify_receipt_proof(&p, &spec()),
        Err(ReceiptVerifyError::NotInReceiptsRoot { block: 5, .. })
    ));
}

#[test]
fn a_flipped_merkle_path_byte_is_not_in_the_root() {
    let mut p = proof();
    flip(&mut p.proof.siblings[0], 3);
    assert!(matches!(
        verify_receipt_proof(&p, &spec()),
        Err(ReceiptVerifyError::NotInReceiptsRoot { .. })
    ));
}

#[test]
fn a_flipped_header_byte_breaks_the_chain() {
    let mut p = proof();
    flip(&mut p.header, 40); // inside the state root
    assert!(matches!(
        verify_receipt_proof(&p, &spec()),
        Err(ReceiptVerifyError::BrokenChain { number: 6, .. })
    ));
    let mut p = proof();
    flip(&mut p.ancestry[0], 40);
    assert!(matches!(
        verify_receipt_proof(&p, &spec()),
        Err(ReceiptVerifyError::CertifiedBlockMismatch { .. })
    ));
}

#[test]
fn a_flipped_certificate_byte_fails_the_certificate() {
    let mut p = proof();
    let last = p.certificate.len() - 1;
    flip(&mut p.certificate, last);
    assert!(matches!(
        verify_receipt_proof(&p, &spec()),
        Err(ReceiptVerifyError::Certificate(
            CertificateError::InvalidSignature { .. }
        ))
    ));
}

#[test]
fn signers_below_quorum_fail() {
    let p = proof_with(0, 2);
    assert_eq!(
        verify_receipt_proof(&p, &spec()),
        Err(ReceiptVerifyError::Certificate(
            CertificateError::TooFewSigners { got: 2, need: 3 }
        ))
    );
}

#[test]
fn another_chain_spec_fails() {
    let p = proof();
    assert!(matches!(
        verify_receipt_proof(&p, &dev_spec()),
        Err(ReceiptVerifyError::GenesisMismatch { .. })
    ));
}

#[test]
fn a_spec_with_the_same_validators_but_another_genesis_state_fails() {
    // Same validator keys, one endowment changed: another chain, whose genesis hash the verifier computes.
    let mut other = spec();
    let Genesis::Runtime(config) = &mut other.genesis else {
        panic!("the fixture spec has a typed genesis")
    };
    config.balances[0].1 += 1;
    let expected = other.genesis_hash().unwrap();
    assert_ne!(expected, H256(genesis()));
    let err = verify_receipt_proof(&proof(), &other).unwrap_err();
    assert_eq!(
        err,
        ReceiptVerifyError::GenesisMismatch {
            proof: H256(genesis()),
            spec: expected,
        }
    );
    assert!(err.to_string().contains("genesis"), "{err}");
}

#[test]
fn the_genesis_hash_is_computed_from_the_spec_alone() {
    // Deterministic, and it moves with the genesis state.
    assert_eq!(
        spec().genesis_hash().unwrap(),
        spec().genesis_hash().unwrap()
    );
    assert_ne!(
        spec().genesis_hash().unwrap(),
        dev_spec().genesis_hash().unwrap()
    );
    assert_eq!(spec().genesis_header().unwrap().number, 0);
}

#[test]
fn a_later_epoch_needs_the_set_history() {
    let err = verify_receipt_proof(&proof_with(1, 3), &spec()).unwrap_err();
    assert_eq!(
        err,
        ReceiptVerifyError::NoSetHistory {
            epoch: 1,
            reaches: 0
        }
    );
    assert!(err.to_string().contains("validator-set history"));
}

// ---- evidence bundles ----

/// Block #5 (3 receipts, certified through its child #6) and block #8 (2 receipts, certified itself); all five
/// receipts.
fn bundle_with(signers: usize) -> Bundle {
    let a: Vec<Receipt> = (0..3).map(|i| receipt_at(5, i)).collect();
    let block_a = header(H256([1; 32]), 5, queries::receipts_root(&a));
    let child = header(block_a.hash(), 6, queries::receipts_root(&[]));
    let b: Vec<Receipt> = (0..2).map(|i| receipt_at(8, i)).collect();
    let block_b = header(H256([2; 32]), 8, queries::receipts_root(&b));
    let mut blocks = std::collections::BTreeMap::new();
    blocks.insert(
        format!("{:?}", block_a.hash()),
        BundleBlock {
            header: HexBytes(block_a.encode()),
            ancestry: vec![HexBytes(child.encode())],
            certificate: HexBytes(certificate(&child, 0, signers).encode()),
            epoch: 0,
        },
    );
    blocks.insert(
        format!("{:?}", block_b.hash()),
        BundleBlock {
            header: HexBytes(block_b.encode()),
            ancestry: vec![],
            certificate: HexBytes(certificate(&block_b, 0, signers).encode()),
            epoch: 0,
        },
    );
    let mut receipts = Vec::new();
    for (set, hash) in [(&a, block_a.hash()), (&b, block_b.hash())] {
        for (i, r) in set.iter().enumerate() {
            receipts.push(BundleReceipt {
                receipt: HexBytes(r.encode()),
                leaf_index: i as u32,
                proof: queries::receipt_proof(set, i).unwrap(),
                block: hash,
            });
        }
    }
    Bundle {
        version: BUNDLE_VERSION,
        chain: BundleChain {
            name: "Development".into(),
            id: None,
            genesis_hash: H256(genesis()),
        },
        validator_sets: vec![],
        blocks,
        receipts,
    }
}

fn bundle() -> Bundle {
    bundle_with(3)
}

fn block_mut(b: &mut Bundle, number: u32) -> &mut BundleBlock {
    b.blocks
        .values_mut()
        .find(|blk| Header::decode(&mut &blk.header.0[..]).unwrap().number == number)
        .expect("block")
}

/// The receipt check that failed.
fn receipt_error(err: BundleVerifyError) -> ReceiptVerifyError {
    match err {
        BundleVerifyError::Receipt { error, .. } => *error,
        other => panic!("not a receipt check failure: {other}"),
    }
}

/// The bundle fails on receipt `id`, and the error names it.
fn fails_on(b: &Bundle, spec: &ChainSpec, id: &str) -> BundleVerifyError {
    let err = verify_bundle(b, spec).unwrap_err();
    assert!(err.to_string().contains(id), "{err} should name {id}");
    err
}

#[test]
fn a_bundle_verifies_and_round_trips_through_json() {
    let b = bundle();
    let report = verify_bundle(&b, &spec()).unwrap();
    assert_eq!(
        (report.receipts, report.blocks, report.min_signers),
        (5, 2, 3)
    );
    let json = b.to_json();
    assert!(json.contains("\"validatorSets\"") && json.contains("\"leafIndex\""));
    assert_eq!(Bundle::from_json(&json).unwrap(), b);
}

#[test]
fn a_flipped_bundle_receipt_or_path_byte_names_the_receipt() {
    let mut b = bundle();
    let id = receipt_at(8, 1).id.to_string();
    // The timestamp's last byte, before the `effect` option tag.
    let last = b.receipts[4].receipt.0.len() - 2;
    flip(&mut b.receipts[4].receipt.0, last);
    // The flipped byte is in the timestamp, so the id still decodes.
    let err = fails_on(&b, &spec(), &id);
    assert!(matches!(
        receipt_error(err),
        ReceiptVerifyError::NotInReceiptsRoot { block: 8, .. }
    ));
    let mut b = bundle();
    flip(&mut b.receipts[1].proof.siblings[0], 0);
    let err = fails_on(&b, &spec(), &receipt_at(5, 1).id.to_string());
    assert!(matches!(
        receipt_error(err),
        ReceiptVerifyError::NotInReceiptsRoot { block: 5, .. }
    ));
}

#[test]
fn a_flipped_bundle_header_ancestry_or_certificate_byte_fails() {
    let first = receipt_at(5, 0).id.to_string();
    let mut b = bundle();
    flip(&mut block_mut(&mut b, 5).header.0, 40);
    let err = fails_on(&b, &spec(), &first);
    assert!(
        matches!(err, BundleVerifyError::BlockKeyMismatch { .. }),
        "{err}"
    );

    let mut b = bundle();
    flip(&mut block_mut(&mut b, 5).ancestry[0].0, 40);
    let err = fails_on(&b, &spec(), &first);
    assert!(matches!(
        receipt_error(err),
        ReceiptVerifyError::CertifiedBlockMismatch { .. }
    ));

    let mut b = bundle();
    let cert = &mut block_mut(&mut b, 8).certificate.0;
    let last = cert.len() - 1;
    flip(cert, last);
    let err = fails_on(&b, &spec(), &receipt_at(8, 0).id.to_string());
    assert!(matches!(
        receipt_error(err),
        ReceiptVerifyError::Certificate(CertificateError::InvalidSignature { .. })
    ));
}

#[test]
fn a_bundle_with_too_few_signers_or_for_another_spec_fails() {
    let err = fails_on(&bundle_with(2), &spec(), &receipt_at(5, 0).id.to_string());
    assert!(matches!(
        receipt_error(err),
        ReceiptVerifyError::Certificate(CertificateError::TooFewSigners { got: 2, need: 3 })
    ));
    assert!(matches!(
        verify_bundle(&bundle(), &dev_spec()),
        Err(BundleVerifyError::Genesis(e)) if matches!(*e, ReceiptVerifyError::GenesisMismatch { .. })
    ));
    let mut b = bundle();
    b.chain.id = Some("another".into());
    assert!(matches!(
        verify_bundle(&b, &spec()),
        Err(BundleVerifyError::ChainMismatch { .. })
    ));
}

#[test]
fn bad_bundle_input_is_named() {
    let json = bundle().to_json();
    assert!(matches!(
        Bundle::from_json(&json[..json.len() / 2]),
        Err(BundleVerifyError::Json(_))
    ));
    let v3 = json.replacen("\"version\": 2", "\"version\": 3", 1);
    let err = Bundle::from_json(&v3).unwrap_err();
    assert_eq!(err, BundleVerifyError::Version { found: 3 });
    assert!(err.to_string().contains("version 3"));
    // Version 1 (no set history) is still read and verified.
    let v1 = json.replacen("\"version\": 2", "\"version\": 1", 1);
    assert_eq!(
        verify_bundle(&Bundle::from_json(&v1).unwrap(), &spec())
            .unwrap()
            .receipts,
        bundle().receipts.len()
    );
    let mut b = bundle();
    b.receipts[0].block = H256([3; 32]);
    assert!(matches!(
        verify_bundle(&b, &spec()),
        Err(BundleVerifyError::MissingBlock { .. })
    ));
    let mut b = bundle();
    b.version = 1;
    b.validator_sets.push(BundleSetChange {
        epoch: 1,
        headers: vec![],
        certificate: HexBytes(vec![]),
    });
    assert_eq!(
        verify_bundle(&b, &spec()),
        Err(BundleVerifyError::ValidatorSets(1))
    );
    b.version = 2;
    let err = verify_bundle(&b, &spec()).unwrap_err();
    assert_eq!(
        err,
        BundleVerifyError::SetHistory(Box::new(ReceiptVerifyError::SetChangeNoHeaders {
            epoch: 1
        }))
    );
}
