//! Signing and verification: sr25519 (schnorrkel) with signing context `b"metanode-consensus"` over
//! domain-separated bytes.
//!
//! Signed bytes are `domain | genesis | SCALE(epoch, round, fields...)` with the domains
//! `b"metanode/vote/v1"`, `b"metanode/timeout/v1"`, `b"metanode/proposal/v1"` and
//! `b"metanode/block-request/v1"`. Signing is deterministic (the witness is derived from the secret nonce
//! and the transcript only), so the core uses no randomness. Batches are verified with
//! `schnorrkel::verify_batch_deterministic`.

use parity_scale_codec::Encode;
use schnorrkel::context::attach_rng;
use schnorrkel::{signing_context, Keypair, Signature};

use crate::messages::{BlockRequest, Proposal, VoteData};
use crate::types::ValidatorIndex;
use crate::types::{Epoch, Hash, PublicKey, Round, SignatureBytes};
use crate::validators::ValidatorSet;

/// The schnorrkel signing context of every consensus signature.
pub const SIGNING_CONTEXT: &[u8] = b"metanode-consensus";
/// Domain of votes.
pub const VOTE_DOMAIN: &[u8] = b"metanode/vote/v1";
/// Domain of timeouts.
pub const TIMEOUT_DOMAIN: &[u8] = b"metanode/timeout/v1";
/// Domain of proposals.
pub const PROPOSAL_DOMAIN: &[u8] = b"metanode/proposal/v1";
/// Domain of block requests.
pub const BLOCK_REQUEST_DOMAIN: &[u8] = b"metanode/block-request/v1";

fn with_domain(domain: &[u8], genesis: &Hash, fields: impl Encode) -> Vec<u8> {
    let mut out = Vec::with_capacity(domain.len() + 32 + 96);
    out.extend_from_slice(domain);
    out.extend_from_slice(genesis);
    fields.encode_to(&mut out);
    out
}

/// Bytes a vote signs: `vote domain | genesis | SCALE(epoch, round, block, height, parent, parent_round)`.
pub fn vote_bytes(genesis: &Hash, data: &VoteData) -> Vec<u8> {
    with_domain(VOTE_DOMAIN, genesis, data)
}

/// Bytes a timeout signs: `timeout domain | genesis | SCALE(epoch, round, high_qc_round)`.
pub fn timeout_bytes(genesis: &Hash, epoch: Epoch, round: Round, high_qc_round: Round) -> Vec<u8> {
    with_domain(TIMEOUT_DOMAIN, genesis, (epoch, round, high_qc_round))
}

/// Bytes a proposal signs: `proposal domain | genesis | SCALE(epoch, round, id, parent, height,
/// justify vote data, blake3(payload), last TC round)`.
pub fn proposal_bytes(genesis: &Hash, p: &Proposal) -> Vec<u8> {
    let b = &p.block;
    let payload_hash: Hash = *blake3::hash(&b.payload).as_bytes();
    let tc_round = p.last_tc.as_ref().map(|tc| tc.round);
    with_domain(
        PROPOSAL_DOMAIN,
        genesis,
        (
            p.epoch,
            b.round,
            b.id,
            b.parent,
            b.height,
            b.justify.vote,
            payload_hash,
            tc_round,
            p.author,
        ),
    )
}

/// Bytes a block request signs: `block-request domain | genesis | SCALE(epoch, 0, id, count, author)`.
pub fn block_request_bytes(genesis: &Hash, r: &BlockRequest) -> Vec<u8> {
    with_domain(
        BLOCK_REQUEST_DOMAIN,
        genesis,
        (r.epoch, 0u64, r.id, r.count, r.author),
    )
}

/// An RNG that yields zeros: it makes schnorrkel's witness depend on the secret nonce and the
/// transcript only (deterministic Schnorr signatures, like Ed25519).
struct ZeroRng;

impl rand_core::RngCore for ZeroRng {
    fn next_u32(&mut self) -> u32 {
        0
    }
    fn next_u64(&mut self) -> u64 {
        0
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        dest.fill(0);
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        dest.fill(0);
        Ok(())
    }
}
impl rand_core::CryptoRng for ZeroRng {}

/// Holds the node's sr25519 keypair; signs with signing context `b"metanode-consensus"` over
/// domain-separated bytes.
pub struct Signer {
    keypair: Keypair,
    public: PublicKey,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("public", &hex::encode(self.public.0))
            .finish()
    }
}

impl Signer {
    /// Wrap a keypair.
    pub fn from_keypair(keypair: Keypair) -> Self {
        let public = PublicKey(keypair.public.to_bytes());
        Signer { keypair, public }
    }

    /// The public key.
    pub fn public(&self) -> PublicKey {
        self.public
    }

    /// Sign `bytes` (already domain separated) deterministically.
    pub fn sign(&self, bytes: &[u8]) -> SignatureBytes {
        let ctx = signing_context(SIGNING_CONTEXT);
        self.keypair
            .sign(attach_rng(ctx.bytes(bytes), ZeroRng))
            .to_bytes()
    }
}

/// Verify one signature by validator `idx` of `set`.
pub(crate) fn verify_one(
    set: &ValidatorSet,
    idx: ValidatorIndex,
    bytes: &[u8],
    sig: &SignatureBytes,
) -> bool {
    let Some(pk) = set.parsed(idx) else {
        return false;
    };
    let Ok(sig) = Signature::from_bytes(sig) else {
        return false;
    };
    pk.verify(signing_context(SIGNING_CONTEXT).bytes(bytes), &sig)
        .is_ok()
}

/// Batch-verify `(signer, message, signature)` triples; on failure return the first invalid signer.
/// Signers must already be known members of `set`.
pub(crate) fn verify_many(
    set: &ValidatorSet,
    items: &[(ValidatorIndex, Vec<u8>, SignatureBytes)],
) -> Result<(), ValidatorIndex> {
    let ctx = signing_context(SIGNING_CONTEXT);
    let mut sigs = Vec::with_capacity(items.len());
    let mut keys = Vec::with_capacity(items.len());
    for (idx, _, sig) in items {
        let Some(pk) = set.parsed(*idx) else {
            return Err(*idx);
        };
        let Ok(s) = Signature::from_bytes(sig) else {
            return Err(*idx);
        };
        sigs.push(s);
        keys.push(*pk);
    }
    let transcripts = items.iter().map(|(_, msg, _)| ctx.bytes(msg));
    if schnorrkel::verify_batch_deterministic(transcripts, &sigs, &keys, false).is_ok() {
        return Ok(());
    }
    // Name the culprit: the batch failed, so at least one signature is invalid.
    for (idx, msg, sig) in items {
        if !verify_one(set, *idx, msg, sig) {
            return Err(*idx);
        }
    }
    // The batch failed but every signature verifies alone: treat the first signer as the culprit
    // (cannot happen for honest batches; keeps the function total).
    Err(items.first().map(|i| i.0).unwrap_or(0))
}
