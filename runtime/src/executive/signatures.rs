//! Verifying each transaction's signature once per node, and in batches.
//!
//! Contract:
//! - A [`SignatureKey`] is `blake3(signer ‖ signature ‖ signed payload)`: it names one exact (message, signature,
//!   public key) triple, so "this key was verified" is true forever, on every fork and at every block. A cache of
//!   verified keys can therefore be shared by the pool, the block builder and the importer without any other check
//!   being skipped: nonce, era, fees, limits are still checked every time.
//! - The runtime stays pure: the cache is the caller's ([`VerifiedSignatures`]); the runtime only asks it and
//!   tells it about signatures it verified.
//! - [`verify_block_signatures`] batch-verifies the signatures of a block's extrinsics that are not yet known; when
//!   the batch fails nothing is recorded and the per-extrinsic checks find (and reject) the bad one.

use std::collections::HashSet;

use metanode_primitives::{
    blake3_256, verify_batch_with, verify_with, AccountId32, AdditionalSigned, MultiAddress,
    MultiSignature, Signature, UncheckedExtrinsic, VerifyingKey, H256,
};
use metanode_support::StateRead;

use super::checks::Mode;
use crate::validity::{InvalidTransaction, TransactionValidityError, UnknownTransaction};

/// The cache key of one verified signature: `blake3(signer ‖ signature ‖ payload)`.
pub type SignatureKey = H256;

/// Signatures the node already verified. Implementations are bounded (they may forget keys; forgetting only costs
/// a re-verification) and shared across threads.
pub trait VerifiedSignatures: Sync {
    /// Whether `key`'s signature was verified.
    fn contains(&self, key: &SignatureKey) -> bool;
    /// Records that `key`'s signature verified.
    fn insert(&self, key: SignatureKey);
    /// `signer`'s key decoded for verification (`None`: not a valid sr25519 key). Decoding is a pure function of
    /// the 32 bytes, so an implementation may hand back a key it decoded before; the default decodes every time.
    fn verifying_key(&self, signer: &AccountId32) -> Option<VerifyingKey> {
        VerifyingKey::decode(signer)
    }
}

/// No cache: every signature is verified when checked.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCache;

impl VerifiedSignatures for NoCache {
    fn contains(&self, _key: &SignatureKey) -> bool {
        false
    }

    fn insert(&self, _key: SignatureKey) {}
}

/// `inner` plus the keys of one batch verified here (an imported block's; kept out of `inner`, whose room is for
/// transactions still waiting). Signatures verified one by one are passed on to `inner`.
pub(crate) struct WithBatch<'a> {
    inner: &'a dyn VerifiedSignatures,
    batch: HashSet<SignatureKey>,
}

impl VerifiedSignatures for WithBatch<'_> {
    fn contains(&self, key: &SignatureKey) -> bool {
        self.batch.contains(key) || self.inner.contains(key)
    }

    fn insert(&self, key: SignatureKey) {
        self.inner.insert(key);
    }

    fn verifying_key(&self, signer: &AccountId32) -> Option<VerifyingKey> {
        self.inner.verifying_key(signer)
    }
}

/// A signed extrinsic's signer, signature and the payload it signs.
pub(crate) struct SignedParts {
    pub signer: AccountId32,
    pub signature: Signature,
    pub payload: Vec<u8>,
}

impl SignedParts {
    /// Splits a signed extrinsic; the errors are those of `UncheckedExtrinsic::verify_signature` (an unsupported
    /// address is `CannotLookup`, anything else that cannot be an sr25519 signature is `BadProof`).
    pub fn of(
        uxt: &UncheckedExtrinsic,
        additional: &AdditionalSigned,
    ) -> Result<Self, TransactionValidityError> {
        let Some((address, signature, extra)) = &uxt.signature else {
            return Err(TransactionValidityError::Invalid(
                InvalidTransaction::BadProof,
            ));
        };
        let MultiAddress::Id(signer) = address else {
            return Err(TransactionValidityError::Unknown(
                UnknownTransaction::CannotLookup,
            ));
        };
        let MultiSignature::Sr25519(bytes) = signature else {
            return Err(TransactionValidityError::Invalid(
                InvalidTransaction::BadProof,
            ));
        };
        Ok(SignedParts {
            signer: *signer,
            signature: Signature(*bytes),
            payload: UncheckedExtrinsic::signing_payload(&uxt.call, extra, additional),
        })
    }

    /// This triple's cache key.
    pub fn key(&self) -> SignatureKey {
        let mut bytes = Vec::with_capacity(32 + 64 + self.payload.len());
        bytes.extend_from_slice(&self.signer.0);
        bytes.extend_from_slice(&self.signature.0);
        bytes.extend_from_slice(&self.payload);
        H256(blake3_256(&bytes))
    }

    /// Checks the signature unless `cache` knows it; records it when it verifies. Returns the signer.
    pub fn verify_once(
        &self,
        cache: &dyn VerifiedSignatures,
    ) -> Result<AccountId32, TransactionValidityError> {
        let key = self.key();
        if cache.contains(&key) {
            return Ok(self.signer);
        }
        let verified = cache
            .verifying_key(&self.signer)
            .is_some_and(|signer| verify_with(&self.signature, &self.payload, &signer));
        if verified {
            cache.insert(key);
            Ok(self.signer)
        } else {
            Err(TransactionValidityError::Invalid(
                InvalidTransaction::BadProof,
            ))
        }
    }
}

/// Batch-verifies the signatures of `extrinsics` (wire form) that `cache` does not know, against `state` (the
/// block being executed, already initialized: era birth hashes come from it). Returns `cache` extended by the
/// batch when the whole batch verified, else `cache` alone (the per-extrinsic checks then find the bad signature).
/// Extrinsics that do not decode or whose era is unknown are left to those checks too.
pub(crate) fn verify_block_signatures<'a>(
    state: &dyn StateRead,
    ctx: &super::ChainContext,
    extrinsics: &[Vec<u8>],
    cache: &'a dyn VerifiedSignatures,
) -> WithBatch<'a> {
    let mut pending: Vec<(SignatureKey, SignedParts)> = Vec::new();
    for xt in extrinsics {
        let Some(parts) = super::checks::signed_parts(state, ctx, xt, Mode::Apply) else {
            continue;
        };
        let key = parts.key();
        if !cache.contains(&key) {
            pending.push((key, parts));
        }
    }
    let batch = if verify_all(&pending, cache) {
        pending.into_iter().map(|(key, _)| key).collect()
    } else {
        tracing::debug!(target: "runtime::executive", count = pending.len(), "block signature batch failed; checking one by one");
        HashSet::new()
    };
    WithBatch {
        inner: cache,
        batch,
    }
}

/// Batch-verifies, for the pool, the signatures of `extrinsics` (wire form) that `cache` does not know, exactly as
/// validation against `state` (the best block's state, whose hash is `best_hash`) checks them, and records them in
/// `cache` when the whole batch verifies. Returns how many were recorded. A failed batch records nothing: each
/// validation then checks its own signature and rejects the bad one. Extrinsics that do not decode, are unsigned
/// or have an unknown era are skipped (validation rejects them itself).
///
/// This is the pool's admission of a burst (a JSON-RPC batch, a gossiped batch): one schnorrkel batch instead of
/// one verification per transaction, with the same verdicts.
pub fn preverify_for_pool(
    state: &dyn StateRead,
    ctx: &super::ChainContext,
    best_hash: H256,
    extrinsics: &[&[u8]],
    cache: &dyn VerifiedSignatures,
) -> usize {
    let mode = Mode::Validate {
        best_hash: Some(best_hash),
    };
    let mut seen = HashSet::new();
    let pending: Vec<(SignatureKey, SignedParts)> = extrinsics
        .iter()
        .filter_map(|xt| super::checks::signed_parts(state, ctx, xt, mode))
        .map(|parts| (parts.key(), parts))
        .filter(|(key, _)| !cache.contains(key) && seen.insert(*key))
        .collect();
    if !verify_all(&pending, cache) {
        tracing::debug!(target: "runtime::executive", count = pending.len(), "pool signature batch failed; checking one by one");
        return 0;
    }
    for (key, _) in &pending {
        cache.insert(*key);
    }
    pending.len()
}

/// Whether every signature in `pending` verifies (one schnorrkel batch; true when empty), with the signers' keys
/// from `cache`.
fn verify_all(pending: &[(SignatureKey, SignedParts)], cache: &dyn VerifiedSignatures) -> bool {
    if pending.is_empty() {
        return true;
    }
    let Some(keys) = pending
        .iter()
        .map(|(_, p)| cache.verifying_key(&p.signer))
        .collect::<Option<Vec<VerifyingKey>>>()
    else {
        return false;
    };
    let items: Vec<(&[u8], &Signature, &VerifyingKey)> = pending
        .iter()
        .zip(&keys)
        .map(|((_, p), key)| (p.payload.as_slice(), &p.signature, key))
        .collect();
    verify_batch_with(&items)
}
