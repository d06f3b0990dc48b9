//! The certified chain of validator-set changes: a receipt certified in epoch 2 verifies from the genesis set
//! through two set changes (one certified directly, one through a descendant), alone and in a version-2 bundle; a
//! tampered set digest, a missing or skipped link, a certificate of the wrong set, a missing digest item or a
//! set-changing block of the wrong epoch each fail with the variant naming what is wrong. Real sr25519 keys.

use metanode_chain_spec::{
    dev_spec, verify_bundle, verify_receipt_proof, Bundle, BundleBlock, BundleChain, BundleReceipt,
    BundleSetChange, BundleVerifyError, ChainSpec, HexBytes, ReceiptProof, ReceiptVerifyError,
    SetChangeProof, ValidatorSpec, BUNDLE_VERSION,
};
use metanode_consensus::crypto::vote_bytes;
use metanode_consensus::{CertificateError, CommitCertificate, QuorumCert, Signer, VoteData};
use metanode_primitives::{
    extrinsics_root, ConsensusPreDigest, Digest, Header, NextValidatorSet, Pair, H256,
};
use metanode_runtime::receipts::Outcome;
use metanode_runtime::{queries, Receipt, ReceiptId};
use parity_scale_codec::Encode;

/// The fixture spec's genesis hash, computed from the spec as a verifier does.
fn genesis() -> [u8; 32] {
    static HASH: std::sync::OnceLock<[u8; 32]> = std::sync::OnceLock::new();
    *HASH.get_or_init(|| spec().genesis_hash().expect("fixture genesis").0)
}

fn pair(seed: u8) -> Pair {
    Pair::from_seed(&[seed; 32])
}

/// Key seeds of each epoch's set, in leader order: 4 validators, then a 5th joins, then the first leaves.
fn seeds(epoch: u64) -> Vec<u8> {
    match epoch {
        0 => vec![1, 2, 3, 4],
        1 => vec![1, 2, 3, 4, 5],
        _ => vec![2, 3, 4, 5],
    }
}

fn spec() -> ChainSpec {
    let mut spec = dev_spec();
    spec.validators = seeds(0)
        .into_iter()
        .map(|s| ValidatorSpec {
            name: format!("v{s}"),
            session_key: pair(s).public(),
            network_key: None,
        })
        .collect();
    spec
}

fn announce(epoch: u64) -> NextValidatorSet {
    NextValidatorSet {
        epoch,
        validators: seeds(epoch).into_iter().map(|s| pair(s).public()).collect(),
    }
}

fn header(
    parent: H256,
    number: u32,
    proposed_in: u64,
    receipts_root: H256,
    next: Option<&NextValidatorSet>,
) -> Header {
    let mut digest = Digest::default();
    digest.push_pre_digest(&ConsensusPreDigest {
        round: u64::from(number),
        epoch: proposed_in,
        proposer: pair(2).public(),
    });
    digest.push_receipts_root(receipts_root);
    if let Some(next) = next {
        digest.push_next_validator_set(next);
    }
    Header {
        parent_hash: parent,
        number,
        state_root: H256([number as u8; 32]),
        extrinsics_root: extrinsics_root(&[]),
        digest,
    }
}

/// A commit certificate for `committed`, labelled `epoch`, signed by the first `count` keys of `signer_seeds`
/// (indices in that order).
fn certificate(committed: &Header, epoch: u64, signer_seeds: &[u8], count: usize) -> Vec<u8> {
    let vote = VoteData {
        epoch,
        round: 9,
        block: [9; 32],
        height: u64::from(committed.number) + 1,
        parent: committed.hash().0,
        parent_round: 8,
    };
    let bytes = vote_bytes(&genesis(), &vote);
    let signatures = signer_seeds
        .iter()
        .take(count)
        .enumerate()
        .map(|(i, s)| {
            let signer = Signer::from_keypair(pair(*s).keypair().clone());
            (i as u16, signer.sign(&bytes))
        })
        .collect();
    CommitCertificate {
        qc: QuorumCert { vote, signatures },
    }
    .encode()
}

fn empty_root() -> H256 {
    queries::receipts_root(&[])
}

/// Epoch 0 -> 1 at block #3, certified directly by epoch 0.
fn link_one(next: &NextValidatorSet, proposed_in: u64) -> (SetChangeProof, Header) {
    let b = header(H256([1; 32]), 3, proposed_in, empty_root(), Some(next));
    let proof = SetChangeProof {
        epoch: 1,
        headers: vec![b.encode()],
        certificate: certificate(&b, 0, &seeds(0), 3),
    };
    (proof, b)
}

/// Epoch 1 -> 2 at block #8, committed with its child #9 by a certificate of epoch 1 (4 of 5 signers).
fn link_two(parent: H256) -> (SetChangeProof, Header) {
    let b = header(parent, 8, 1, empty_root(), Some(&announce(2)));
    let child = header(b.hash(), 9, 1, empty_root(), None);
    let proof = SetChangeProof {
        epoch: 2,
        headers: vec![b.encode(), child.encode()],
        certificate: certificate(&child, 1, &seeds(1), 4),
    };
    (proof, b)
}

fn history() -> Vec<SetChangeProof> {
    let (one, b1) = link_one(&announce(1), 0);
    let (two, _) = link_two(b1.hash());
    vec![one, two]
}

fn receipt(index: u32) -> Receipt {
    Receipt {
        id: ReceiptId::compute(&H256(genesis()), 12, index, &H256([index as u8; 32])),
        block: 12,
        index,
        signer: Some(pair(1).public()),
        pallet: b"Wallets".to_vec(),
        call: b"transfer".to_vec(),
        outcome: Outcome::Success,
        fee: 1_000,
        related: None,
        timestamp_ms: 42,
        effect: None,
    }
}

/// Receipt 1 of block #12 (epoch 2), certified through #13 by 3 of epoch 2's 4 validators.
fn epoch_two_proof() -> ReceiptProof {
    let receipts: Vec<Receipt> = (0..2).map(receipt).collect();
    let block = header(
        H256([4; 32]),
        12,
        2,
        queries::receipts_root(&receipts),
        None,
    );
    let child = header(block.hash(), 13, 2, empty_root(), None);
    ReceiptProof {
        receipt: receipts[1].encode(),
        proof: queries::receipt_proof(&receipts, 1).unwrap(),
        header: block.encode(),
        ancestry: vec![child.encode()],
        certificate: certificate(&child, 2, &seeds(2), 3),
        epoch: 2,
        genesis_hash: H256(genesis()),
        set_history: history(),
    }
}

fn with_history(history: Vec<SetChangeProof>) -> ReceiptProof {
    ReceiptProof {
        set_history: history,
        ..epoch_two_proof()
    }
}

#[test]
fn a_receipt_two_set_changes_after_genesis_verifies() {
    let verified = verify_receipt_proof(&epoch_two_proof(), &spec()).unwrap();
    assert_eq!(verified.receipt, receipt(1));
    assert_eq!(
        (verified.epoch, verified.set_size, verified.signers),
        (2, 4, 3)
    );
    assert_eq!(verified.certified_number, 13);
}

#[test]
fn a_missing_link_is_named() {
    let mut history = history();
    history.remove(0);
    assert_eq!(
        verify_receipt_proof(&with_history(history), &spec()),
        Err(ReceiptVerifyError::SetHistoryGap {
            expected: 1,
            got: 2
        })
    );
    let mut history = self::history();
    history.pop();
    assert_eq!(
        verify_receipt_proof(&with_history(history), &spec()),
        Err(ReceiptVerifyError::NoSetHistory {
            epoch: 2,
            reaches: 1
        })
    );
    assert_eq!(
        verify_receipt_proof(&with_history(vec![]), &spec()),
        Err(ReceiptVerifyError::NoSetHistory {
            epoch: 2,
            reaches: 0
        })
    );
}

#[test]
fn a_skipped_epoch_is_named() {
    // The first change announces epoch 2 directly.
    let (one, b1) = link_one(&announce(2), 0);
    let (two, _) = link_two(b1.hash());
    let err = verify_receipt_proof(&with_history(vec![one, two]), &spec()).unwrap_err();
    assert_eq!(
        err,
        ReceiptVerifyError::SetChangeDigestEpoch {
            epoch: 1,
            block: 3,
            digest_epoch: 2
        }
    );
    // The same link twice repeats epoch 1.
    let history = self::history();
    let err = verify_receipt_proof(
        &with_history(vec![history[0].clone(), history[0].clone()]),
        &spec(),
    )
    .unwrap_err();
    assert_eq!(
        err,
        ReceiptVerifyError::SetHistoryGap {
            expected: 2,
            got: 1
        }
    );
}

#[test]
fn a_tampered_set_digest_is_not_certified() {
    // Announce another set in block #3's header after it was certified: its hash no longer matches.
    let mut history = history();
    let (_, certified) = link_one(&announce(1), 0);
    let forged = header(
        certified.parent_hash,
        3,
        0,
        empty_root(),
        Some(&NextValidatorSet {
            epoch: 1,
            validators: vec![pair(9).public(), pair(10).public()],
        }),
    );
    history[0].headers[0] = forged.encode();
    assert!(matches!(
        verify_receipt_proof(&with_history(history), &spec()),
        Err(ReceiptVerifyError::SetChangeNotCertified { epoch: 1, .. })
    ));
    // Flip a byte inside the announced keys of block #8, which is linked to its certified child.
    let mut history = self::history();
    let at = history[1].headers[0].len() - 5;
    history[1].headers[0][at] ^= 1;
    assert!(matches!(
        verify_receipt_proof(&with_history(history), &spec()),
        Err(ReceiptVerifyError::SetChangeBrokenChain {
            epoch: 2,
            number: 9,
            ..
        })
    ));
}

#[test]
fn a_certificate_of_the_wrong_set_is_refused() {
    // The change to epoch 2 signed by epoch 0's keys but labelled epoch 1.
    let mut history = history();
    let child = metanode_primitives::Header::decode_all_from(&history[1].headers[1]);
    history[1].certificate = certificate(&child, 1, &[6, 7, 8, 9, 10], 4);
    assert_eq!(
        verify_receipt_proof(&with_history(history), &spec()),
        Err(ReceiptVerifyError::SetChangeCertificate {
            epoch: 2,
            source: CertificateError::InvalidSignature { signer: 0 }
        })
    );
    // Labelled with the epoch it is not.
    let mut history = self::history();
    history[1].certificate = certificate(&child, 2, &seeds(2), 4);
    assert_eq!(
        verify_receipt_proof(&with_history(history), &spec()),
        Err(ReceiptVerifyError::SetChangeCertificate {
            epoch: 2,
            source: CertificateError::WrongEpoch {
                expected: 1,
                got: 2
            }
        })
    );
    // Too few of the old set.
    let mut history = self::history();
    history[1].certificate = certificate(&child, 1, &seeds(1), 3);
    assert_eq!(
        verify_receipt_proof(&with_history(history), &spec()),
        Err(ReceiptVerifyError::SetChangeCertificate {
            epoch: 2,
            source: CertificateError::TooFewSigners { got: 3, need: 4 }
        })
    );
    // The receipt's certificate signed by epoch 1's set but claiming epoch 2.
    let mut proof = epoch_two_proof();
    let child = metanode_primitives::Header::decode_all_from(&proof.ancestry[0]);
    proof.certificate = certificate(&child, 2, &seeds(1), 4);
    assert!(matches!(
        verify_receipt_proof(&proof, &spec()),
        Err(ReceiptVerifyError::Certificate(
            CertificateError::InvalidSignature { .. }
        ))
    ));
}

#[test]
fn a_set_change_without_its_digest_or_in_the_wrong_epoch_is_refused() {
    let b = header(H256([1; 32]), 3, 0, empty_root(), None);
    let missing = SetChangeProof {
        epoch: 1,
        headers: vec![b.encode()],
        certificate: certificate(&b, 0, &seeds(0), 3),
    };
    assert_eq!(
        verify_receipt_proof(&with_history(vec![missing]), &spec()),
        Err(ReceiptVerifyError::SetChangeDigestMissing { epoch: 1, block: 3 })
    );
    let (late, _) = link_one(&announce(1), 1);
    assert_eq!(
        verify_receipt_proof(&with_history(vec![late]), &spec()),
        Err(ReceiptVerifyError::SetChangeBlockEpoch {
            epoch: 1,
            block: 3,
            proposed_in: Some(1)
        })
    );
    let mut history = history();
    history[0].certificate.truncate(10);
    assert!(matches!(
        verify_receipt_proof(&with_history(history), &spec()),
        Err(ReceiptVerifyError::SetChangeUndecodable { epoch: 1, .. })
    ));
}

fn bundle() -> Bundle {
    let proof = epoch_two_proof();
    let block = metanode_primitives::Header::decode_all_from(&proof.header);
    let mut blocks = std::collections::BTreeMap::new();
    blocks.insert(
        format!("{:?}", block.hash()),
        BundleBlock {
            header: HexBytes(proof.header.clone()),
            ancestry: proof.ancestry.iter().cloned().map(HexBytes).collect(),
            certificate: HexBytes(proof.certificate.clone()),
            epoch: 2,
        },
    );
    Bundle {
        version: BUNDLE_VERSION,
        chain: BundleChain {
            name: "Development".into(),
            id: None,
            genesis_hash: H256(genesis()),
        },
        validator_sets: proof
            .set_history
            .iter()
            .map(|c| BundleSetChange {
                epoch: c.epoch,
                headers: c.headers.iter().cloned().map(HexBytes).collect(),
                certificate: HexBytes(c.certificate.clone()),
            })
            .collect(),
        blocks,
        receipts: vec![BundleReceipt {
            receipt: HexBytes(proof.receipt.clone()),
            leaf_index: 1,
            proof: proof.proof.clone(),
            block: block.hash(),
        }],
    }
}

#[test]
fn a_version_two_bundle_carries_the_history_once() {
    let bundle = bundle();
    let parsed = Bundle::from_json(&bundle.to_json()).unwrap();
    assert_eq!(parsed, bundle);
    let report = verify_bundle(&parsed, &spec()).unwrap();
    assert_eq!(
        (report.receipts, report.set_changes, report.max_epoch),
        (1, 2, 2)
    );

    let mut gap = bundle.clone();
    gap.validator_sets.remove(0);
    assert_eq!(
        verify_bundle(&gap, &spec()),
        Err(BundleVerifyError::SetHistory(Box::new(
            ReceiptVerifyError::SetHistoryGap {
                expected: 1,
                got: 2
            }
        )))
    );
    let mut short = bundle;
    short.validator_sets.pop();
    let err = verify_bundle(&short, &spec()).unwrap_err();
    assert!(matches!(
        &err,
        BundleVerifyError::Receipt { error, .. }
            if **error == ReceiptVerifyError::NoSetHistory { epoch: 2, reaches: 1 }
    ));
}

trait DecodeAllFrom: Sized {
    fn decode_all_from(bytes: &[u8]) -> Self;
}

impl DecodeAllFrom for Header {
    fn decode_all_from(bytes: &[u8]) -> Self {
        <Header as parity_scale_codec::DecodeAll>::decode_all(&mut &bytes[..]).expect("header")
    }
}
