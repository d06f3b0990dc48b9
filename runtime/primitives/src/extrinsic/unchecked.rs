//! The v4 `UncheckedExtrinsic`: building, signing, encoding, bounded decoding and signature checking.

use super::{
    AdditionalSigned, ExtrinsicError, SignedExtra, EXTRINSIC_FORMAT_VERSION, MAX_UNHASHED_PAYLOAD,
    SIGNED_BIT,
};
use crate::account::AccountId32;
use crate::crypto::{verify, Pair, Signature};
use crate::hashing::{blake2_256, H256};
use crate::multi::{MultiAddress, MultiSignature};
use parity_scale_codec::{Compact, Decode, Encode, Error as CodecError, Input, Output};

/// Upper bound on the body a generic [`Decode`] of an extrinsic will allocate when the input's length is unknown.
const MAX_DECODE_LEN: usize = 16 * 1024 * 1024;

/// A v4 extrinsic whose call is kept as raw bytes (`pallet u8 ++ call u8 ++ args`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UncheckedExtrinsic {
    /// Signer, signature and extension data; `None` for an unsigned (inherent) extrinsic.
    pub signature: Option<(MultiAddress, MultiSignature, SignedExtra)>,
    /// The encoded call.
    pub call: Vec<u8>,
}

impl UncheckedExtrinsic {
    /// An unsigned extrinsic (`0x04 ++ call`).
    pub fn new_unsigned(call: Vec<u8>) -> Self {
        Self {
            signature: None,
            call,
        }
    }

    /// An extrinsic signed by `signer` over [`Self::signing_payload`].
    pub fn new_signed(
        call: Vec<u8>,
        signer: &Pair,
        extra: SignedExtra,
        additional: &AdditionalSigned,
    ) -> Self {
        let payload = Self::signing_payload(&call, &extra, additional);
        let signature = signer.sign(&payload);
        Self {
            signature: Some((
                MultiAddress::Id(signer.public()),
                MultiSignature::Sr25519(signature.0),
                extra,
            )),
            call,
        }
    }

    /// The bytes a signer signs: `call ++ extra ++ additional`, or their `blake2_256` when longer than 256 bytes.
    pub fn signing_payload(
        call: &[u8],
        extra: &SignedExtra,
        additional: &AdditionalSigned,
    ) -> Vec<u8> {
        let mut payload = Vec::with_capacity(call.len() + 32 + 73);
        payload.extend_from_slice(call);
        extra.encode_to(&mut payload);
        additional.encode_to(&mut payload);
        if payload.len() > MAX_UNHASHED_PAYLOAD {
            blake2_256(&payload).to_vec()
        } else {
            payload
        }
    }

    /// Decodes `Compact<len> ++ 0x84|0x04 ++ ...`: the whole input (prefix included) must be at most `max_len`
    /// bytes, the prefix must equal the number of bytes that follow, and nothing may trail.
    pub fn decode_bounded(bytes: &[u8], max_len: usize) -> Result<Self, ExtrinsicError> {
        if bytes.len() > max_len {
            return Err(ExtrinsicError::TooLong {
                len: bytes.len(),
                max: max_len,
            });
        }
        let mut input = bytes;
        let declared = <Compact<u32>>::decode(&mut input)
            .map_err(|e| ExtrinsicError::Codec {
                reason: format!("length prefix: {e}"),
            })?
            .0 as usize;
        if declared != input.len() {
            return Err(ExtrinsicError::LengthMismatch {
                declared,
                actual: input.len(),
            });
        }
        Self::decode_body(input)
    }

    /// Decodes the body (everything after the length prefix); the call is whatever follows the extra.
    pub fn decode_body(body: &[u8]) -> Result<Self, ExtrinsicError> {
        let mut input = body;
        let version = *input.first().ok_or(ExtrinsicError::Codec {
            reason: "empty extrinsic".into(),
        })?;
        input = &input[1..];
        if version & !SIGNED_BIT != EXTRINSIC_FORMAT_VERSION {
            return Err(ExtrinsicError::UnsupportedVersion { version });
        }
        let signature = if version & SIGNED_BIT != 0 {
            let codec = |what: &str, e: CodecError| ExtrinsicError::Codec {
                reason: format!("{what}: {e}"),
            };
            let address =
                MultiAddress::decode(&mut input).map_err(|e| codec("signer address", e))?;
            let signature =
                MultiSignature::decode(&mut input).map_err(|e| codec("signature", e))?;
            let extra = SignedExtra::decode(&mut input).map_err(|e| codec("signed extra", e))?;
            if extra.metadata_hash_mode != 0 {
                return Err(ExtrinsicError::UnsupportedMetadataHashMode {
                    mode: extra.metadata_hash_mode,
                });
            }
            Some((address, signature, extra))
        } else {
            None
        };
        Ok(Self {
            signature,
            call: input.to_vec(),
        })
    }

    /// The body without the length prefix: `0x04 ++ call` or `0x84 ++ address ++ signature ++ extra ++ call`.
    pub fn encode_body(&self) -> Vec<u8> {
        let mut body = Vec::with_capacity(self.call.len() + 1 + 33 + 65 + 24);
        match &self.signature {
            Some((address, signature, extra)) => {
                body.push(EXTRINSIC_FORMAT_VERSION | SIGNED_BIT);
                address.encode_to(&mut body);
                signature.encode_to(&mut body);
                extra.encode_to(&mut body);
            }
            None => body.push(EXTRINSIC_FORMAT_VERSION),
        }
        body.extend_from_slice(&self.call);
        body
    }

    /// The wire form: `Compact<len> ++ body`.
    pub fn encode(&self) -> Vec<u8> {
        Encode::encode(&self.encode_body())
    }

    /// The transaction hash clients compute: `blake2_256(encode())`.
    pub fn hash(&self) -> H256 {
        H256(blake2_256(&self.encode()))
    }

    /// True when the extrinsic carries a signature.
    pub fn is_signed(&self) -> bool {
        self.signature.is_some()
    }

    /// Checks the signature against the payload; returns the signer. Only `MultiAddress::Id` and
    /// `MultiSignature::Sr25519` are accepted.
    pub fn verify_signature(
        &self,
        additional: &AdditionalSigned,
    ) -> Result<AccountId32, ExtrinsicError> {
        let (address, signature, extra) =
            self.signature.as_ref().ok_or(ExtrinsicError::Unsigned)?;
        let signer = match address {
            MultiAddress::Id(account) => *account,
            MultiAddress::Index(_) => {
                return Err(ExtrinsicError::UnsupportedAddress { kind: "Index" })
            }
            MultiAddress::Raw(_) => return Err(ExtrinsicError::UnsupportedAddress { kind: "Raw" }),
            MultiAddress::Address32(_) => {
                return Err(ExtrinsicError::UnsupportedAddress { kind: "Address32" })
            }
            MultiAddress::Address20(_) => {
                return Err(ExtrinsicError::UnsupportedAddress { kind: "Address20" })
            }
        };
        let signature = match signature {
            MultiSignature::Sr25519(bytes) => Signature(*bytes),
            MultiSignature::Ed25519(_) => {
                return Err(ExtrinsicError::UnsupportedSignatureScheme { scheme: "Ed25519" })
            }
            MultiSignature::Ecdsa(_) => {
                return Err(ExtrinsicError::UnsupportedSignatureScheme { scheme: "Ecdsa" })
            }
        };
        let payload = Self::signing_payload(&self.call, extra, additional);
        if verify(&signature, &payload, &signer) {
            Ok(signer)
        } else {
            Err(ExtrinsicError::BadSignature { signer })
        }
    }
}

impl Encode for UncheckedExtrinsic {
    fn encode_to<T: Output + ?Sized>(&self, output: &mut T) {
        self.encode_body().encode_to(output);
    }

    fn encode(&self) -> Vec<u8> {
        UncheckedExtrinsic::encode(self)
    }
}

impl parity_scale_codec::EncodeLike for UncheckedExtrinsic {}

impl Decode for UncheckedExtrinsic {
    fn decode<I: Input>(input: &mut I) -> Result<Self, CodecError> {
        let declared = <Compact<u32>>::decode(input)?.0 as usize;
        if let Some(remaining) = input.remaining_len()? {
            if declared > remaining {
                return Err("extrinsic length prefix exceeds the input".into());
            }
        } else if declared > MAX_DECODE_LEN {
            return Err("extrinsic length prefix exceeds the decode limit".into());
        }
        let mut body = vec![0u8; declared];
        input.read(&mut body)?;
        Self::decode_body(&body)
            .map_err(|e| CodecError::from("invalid extrinsic").chain(e.to_string()))
    }
}
