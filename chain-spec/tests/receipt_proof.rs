//! `verify_receipt_proof`: a well-formed proof verifies; any altered byte of the receipt, the Merkle path, a header
//! or the certificate, or too few signers, fails with the variant naming what is wrong.

use metanode_chain_spec::{
    dev_spec, verify_receipt_proof, ChainSpec, ReceiptProof, ReceiptVerifyError, ValidatorSpec,
};
use metanode_consensus::crypto::vote_bytes;
use metanode_consensus::{CertificateError, CommitCertificate, QuorumCert, Signer, VoteData};
use metanode_primitives::{extrinsics_root, Digest, Header, Pair, H256};
use metanode_runtime::receipts::Outcome;
use metanode_runtime::{queries, Receipt, ReceiptId};
use parity_scale_codec::Encode;

const GENESIS: [u8; 32] = [7; 32];

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
    Receipt {
        id: ReceiptId::compute(&H256(GENESIS), 5, index, &H256([index as u8; 32])),
        block: 5,
        index,
        signer: Some(pairs()[0].public()),
        pallet: b"Wallets".to_vec(),
        call: b"transfer".to_vec(),
        outcome: Outcome::Success,
        fee: 1_000,
        related: None,
        timestamp_ms: 42,
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
    let bytes = vote_bytes(&GENESIS, &vote);
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
        genesis_hash: H256(GENESIS),
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
    let last = p.receipt.len() - 1;
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
        Err(ReceiptVerifyError::Certificate(_))
    ));
}

#[test]
fn a_later_epoch_needs_the_set_history() {
    let err = verify_receipt_proof(&proof_with(1, 3), &spec()).unwrap_err();
    assert_eq!(err, ReceiptVerifyError::LaterEpoch { epoch: 1 });
    assert!(err.to_string().contains("validator-set history"));
}
