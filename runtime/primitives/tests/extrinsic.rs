//! Golden tests: a signed extrinsic's bytes are assembled here by hand from DESIGN.md §1 and compared with ours;
//! its signature is checked with schnorrkel directly over the documented payload.

use metanode_primitives::codec::{Compact, Decode, Encode};
use metanode_primitives::{
    blake2_256, AccountId32, AdditionalSigned, Era, ExtrinsicError, MultiAddress, MultiSignature,
    OpaqueExtrinsic, Pair, SignedExtra, UncheckedExtrinsic, H256, SIGNING_CONTEXT,
};

const MAX: usize = 1 << 20;

fn alice() -> Pair {
    Pair::from_string("//Alice", None).expect("dev key")
}

fn bob() -> AccountId32 {
    Pair::from_string("//Bob", None).expect("dev key").public()
}

/// Balances (2) `transfer_allow_death` (0) to Bob of 10^12.
fn transfer_call() -> Vec<u8> {
    let mut call = vec![2u8, 0u8];
    MultiAddress::Id(bob()).encode_to(&mut call);
    Compact(1_000_000_000_000u128).encode_to(&mut call);
    call
}

fn extra() -> SignedExtra {
    SignedExtra {
        era: Era::mortal(64, 42),
        nonce: 5,
        tip: 0,
        metadata_hash_mode: 0,
    }
}

fn additional() -> AdditionalSigned {
    AdditionalSigned {
        spec_version: 100,
        tx_version: 1,
        genesis_hash: H256([1u8; 32]),
        era_block_hash: H256([2u8; 32]),
    }
}

fn schnorrkel_verify(payload: &[u8], signature: &[u8; 64], signer: &AccountId32) -> bool {
    let public = schnorrkel::PublicKey::from_bytes(&signer.0).expect("public key");
    let signature = schnorrkel::Signature::from_bytes(signature).expect("signature");
    public
        .verify_simple(SIGNING_CONTEXT, payload, &signature)
        .is_ok()
}

fn sr25519_signature(xt: &UncheckedExtrinsic) -> [u8; 64] {
    match &xt.signature {
        Some((_, MultiSignature::Sr25519(sig), _)) => *sig,
        other => panic!("expected an sr25519 signature, got {other:?}"),
    }
}

#[test]
fn signed_extrinsic_matches_the_documented_layout() {
    let call = transfer_call();
    let xt = UncheckedExtrinsic::new_signed(call.clone(), &alice(), extra(), &additional());
    let signer = alice().public();

    // The documented payload: call ++ extra ++ additional signed.
    let mut payload = call.clone();
    payload.extend_from_slice(&[0xa5, 0x02]); // CheckMortality: Era::Mortal(64, 42)
    payload.push(5 << 2); // CheckNonce: Compact(5)
    payload.push(0); // ChargeTransactionPayment: Compact(0) tip
    payload.push(0); // CheckMetadataHash: mode 0
    payload.extend_from_slice(&100u32.to_le_bytes()); // CheckSpecVersion
    payload.extend_from_slice(&1u32.to_le_bytes()); // CheckTxVersion
    payload.extend_from_slice(&[1u8; 32]); // CheckGenesis
    payload.extend_from_slice(&[2u8; 32]); // CheckMortality: era block hash
    payload.push(0); // CheckMetadataHash: None
    assert!(payload.len() <= 256);
    assert_eq!(
        UncheckedExtrinsic::signing_payload(&call, &extra(), &additional()),
        payload
    );
    let signature = sr25519_signature(&xt);
    assert!(schnorrkel_verify(&payload, &signature, &signer));

    // The documented wire form: Compact<len> ++ 0x84 ++ MultiAddress ++ MultiSignature ++ extra ++ call.
    let mut body = vec![0x84, 0x00];
    body.extend_from_slice(&signer.0);
    body.push(0x01);
    body.extend_from_slice(&signature);
    body.extend_from_slice(&[0xa5, 0x02, 0x14, 0x00, 0x00]);
    body.extend_from_slice(&call);
    let mut wire = Compact(body.len() as u32).encode();
    wire.extend_from_slice(&body);
    assert_eq!(xt.encode(), wire);
    assert_eq!(Encode::encode(&xt), wire);
    assert_eq!(xt.hash(), H256(blake2_256(&wire)));

    // Decodes byte for byte, with both decoders, and checks out.
    let decoded = UncheckedExtrinsic::decode_bounded(&wire, MAX).expect("decodes");
    assert_eq!(decoded, xt);
    assert_eq!(decoded.encode(), wire);
    assert_eq!(
        UncheckedExtrinsic::decode(&mut wire.as_slice()),
        Ok(xt.clone())
    );
    assert_eq!(decoded.verify_signature(&additional()), Ok(signer));
    assert_eq!(OpaqueExtrinsic(body).encode(), wire);
}

#[test]
fn unsigned_extrinsic_layout() {
    let xt = UncheckedExtrinsic::new_unsigned(vec![1, 0, 0x0b, 0xe8, 0x03]);
    assert_eq!(xt.encode(), vec![6 << 2, 0x04, 1, 0, 0x0b, 0xe8, 0x03]);
    assert_eq!(
        UncheckedExtrinsic::decode_bounded(&xt.encode(), MAX),
        Ok(xt.clone())
    );
    assert_eq!(
        xt.verify_signature(&additional()),
        Err(ExtrinsicError::Unsigned)
    );
}

#[test]
fn long_payloads_are_signed_as_their_blake2_256() {
    let base = 5 + 73; // extra + additional signed bytes
    for call_len in [256 - base, 257 - base, 300] {
        let call = vec![7u8; call_len];
        let xt = UncheckedExtrinsic::new_signed(call.clone(), &alice(), extra(), &additional());
        let mut full = call.clone();
        extra().encode_to(&mut full);
        additional().encode_to(&mut full);
        let payload = UncheckedExtrinsic::signing_payload(&call, &extra(), &additional());
        if full.len() > 256 {
            assert_eq!(payload, blake2_256(&full).to_vec(), "call_len {call_len}");
        } else {
            assert_eq!(payload, full, "call_len {call_len}");
        }
        assert!(schnorrkel_verify(
            &payload,
            &sr25519_signature(&xt),
            &alice().public()
        ));
        assert_eq!(xt.verify_signature(&additional()), Ok(alice().public()));
    }
}

#[test]
fn wrong_context_fails_verification() {
    let xt = UncheckedExtrinsic::new_signed(transfer_call(), &alice(), extra(), &additional());
    let signer = alice().public();
    let bad = ExtrinsicError::BadSignature { signer };
    let mut other = additional();
    other.genesis_hash = H256([9u8; 32]);
    assert_eq!(xt.verify_signature(&other), Err(bad.clone()));
    let mut other = additional();
    other.spec_version += 1;
    assert_eq!(xt.verify_signature(&other), Err(bad.clone()));

    let mut tampered = xt.clone();
    tampered.call.push(0);
    assert_eq!(tampered.verify_signature(&additional()), Err(bad.clone()));
    let mut tampered = xt.clone();
    if let Some((_, _, extra)) = tampered.signature.as_mut() {
        extra.nonce += 1;
    }
    assert_eq!(tampered.verify_signature(&additional()), Err(bad));
}

#[test]
fn unsupported_signers_and_schemes_are_refused() {
    let xt = UncheckedExtrinsic::new_signed(transfer_call(), &alice(), extra(), &additional());
    let (_, signature, extra) = xt.signature.clone().expect("signed");
    let with = |address: MultiAddress, signature: MultiSignature| UncheckedExtrinsic {
        signature: Some((address, signature, extra)),
        call: xt.call.clone(),
    };
    assert_eq!(
        with(MultiAddress::Index(0), signature.clone()).verify_signature(&additional()),
        Err(ExtrinsicError::UnsupportedAddress { kind: "Index" })
    );
    let MultiSignature::Sr25519(raw) = signature else {
        panic!("sr25519 expected")
    };
    assert_eq!(
        with(
            MultiAddress::Id(alice().public()),
            MultiSignature::Ed25519(raw)
        )
        .verify_signature(&additional()),
        Err(ExtrinsicError::UnsupportedSignatureScheme { scheme: "Ed25519" })
    );
}

#[test]
fn bounded_decoding_refuses_malformed_input() {
    let xt = UncheckedExtrinsic::new_signed(transfer_call(), &alice(), extra(), &additional());
    let wire = xt.encode();

    let mut trailing = wire.clone();
    trailing.push(0);
    assert!(matches!(
        UncheckedExtrinsic::decode_bounded(&trailing, MAX),
        Err(ExtrinsicError::LengthMismatch { .. })
    ));
    assert_eq!(
        UncheckedExtrinsic::decode_bounded(&wire, wire.len() - 1),
        Err(ExtrinsicError::TooLong {
            len: wire.len(),
            max: wire.len() - 1
        })
    );
    let mut v5 = wire.clone();
    v5[2] = 0x85;
    assert_eq!(
        UncheckedExtrinsic::decode_bounded(&v5, MAX),
        Err(ExtrinsicError::UnsupportedVersion { version: 0x85 })
    );

    let mut mode1 = xt.clone();
    if let Some((_, _, extra)) = mode1.signature.as_mut() {
        extra.metadata_hash_mode = 1;
    }
    assert_eq!(
        UncheckedExtrinsic::decode_bounded(&mode1.encode(), MAX),
        Err(ExtrinsicError::UnsupportedMetadataHashMode { mode: 1 })
    );

    // Every truncation is refused without a panic; so is every single-byte corruption of the header part.
    for end in 0..wire.len() {
        assert!(
            UncheckedExtrinsic::decode_bounded(&wire[..end], MAX).is_err(),
            "prefix of {end} bytes"
        );
        assert!(
            UncheckedExtrinsic::decode(&mut &wire[..end]).is_err(),
            "prefix of {end} bytes"
        );
    }
    for at in 0..wire.len() {
        let mut corrupted = wire.clone();
        corrupted[at] ^= 0xff;
        if let Ok(decoded) = UncheckedExtrinsic::decode_bounded(&corrupted, MAX) {
            assert!(
                decoded.verify_signature(&additional()).is_err(),
                "corruption at {at} still verifies"
            );
        }
    }
    // A huge length prefix is refused before any allocation.
    let huge = Compact(u32::MAX).encode();
    assert!(UncheckedExtrinsic::decode(&mut huge.as_slice()).is_err());
}

#[test]
fn extrinsics_inside_a_block_body() {
    let signed = UncheckedExtrinsic::new_signed(transfer_call(), &alice(), extra(), &additional());
    let unsigned = UncheckedExtrinsic::new_unsigned(vec![1, 0, 0]);
    let opaque: Vec<OpaqueExtrinsic> = [&unsigned, &signed]
        .into_iter()
        .map(OpaqueExtrinsic::from)
        .collect();
    // Vec<OpaqueExtrinsic> and Vec<UncheckedExtrinsic> share one encoding.
    let bytes = opaque.encode();
    assert_eq!(bytes, vec![unsigned.clone(), signed.clone()].encode());
    let back = Vec::<UncheckedExtrinsic>::decode(&mut bytes.as_slice()).expect("decode");
    assert_eq!(back, vec![unsigned, signed.clone()]);
    assert_eq!(opaque[1].hash(), signed.hash());
}
