//! The certified chain of validator-set changes, verified offline from the chain spec's genesis set.
//!
//! A block whose execution changes the validator set carries the new set in its header (`Consensus(HSVS,
//! SCALE(NextValidatorSet))`, checked by `execute_block`), and the new epoch starts when that block commits
//! (DESIGN.md §4). One [`SetChangeProof`] proves the change from epoch `e` to `e + 1`: the header of the set-changing
//! block `B`, the headers linking it to the block `T` that a commit certificate of epoch `e` commits (HotStuff
//! commits `B` together with its descendant `T`; usually `T = B`), and that certificate.
//!
//! Contract of [`verify_set_history`]: starting from the spec's genesis set (epoch 0), link `i` (0-based) must, in
//! this order, each failure its own [`ReceiptVerifyError`] variant:
//! 1. claim epoch `i + 1` (no gap, no skipped or repeated epoch);
//! 2. hold at least one header; every header and the certificate decode (SCALE, no trailing bytes);
//! 3. have headers that each are the parent of the next (hash and number);
//! 4. carry a certificate that verifies against epoch `i`'s set (the set trusted so far) and commits the last header;
//! 5. have a first header proposed in epoch `i` (its pre-digest) whose digest holds exactly one well-formed
//!    next-validator-set item naming epoch `i + 1`, with a valid set (non-empty, distinct sr25519 keys).
//!
//! Trust: epoch `i`'s set committing `T` means `B`, an ancestor of `T`, is final; honest validators executed `B`,
//! so its digest names the set its execution scheduled, and no later block of epoch `i` can commit (the epoch ends
//! at `B`). So the set of epoch `i + 1` is the one in `B`'s digest, rooted at `B`.

use metanode_consensus::messages::MAX_DECODE_DEPTH;
use metanode_consensus::{BlockRef, CommitCertificate, PublicKey, ValidatorSet};
use metanode_primitives::{Header, H256};
use parity_scale_codec::{DecodeAll, DecodeLimit};

use crate::receipt_proof::ReceiptVerifyError;

/// Proof of one validator-set change (epoch `epoch - 1` to `epoch`), as bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetChangeProof {
    /// The epoch this change starts.
    pub epoch: u64,
    /// SCALE headers: the set-changing block first, then its descendants up to the certified block.
    pub headers: Vec<Vec<u8>>,
    /// SCALE `CommitCertificate` of epoch `epoch - 1` committing the last header.
    pub certificate: Vec<u8>,
}

/// The validator sets of epochs `0..=n`, each proven from the one before (index = epoch).
#[derive(Debug, Clone)]
pub struct VerifiedSets {
    sets: Vec<ValidatorSet>,
}

impl VerifiedSets {
    /// Only the genesis set.
    pub fn genesis(set: ValidatorSet) -> Self {
        VerifiedSets { sets: vec![set] }
    }

    /// The set of `epoch`, or [`ReceiptVerifyError::NoSetHistory`] when the history does not reach it.
    pub fn get(&self, epoch: u64) -> Result<&ValidatorSet, ReceiptVerifyError> {
        usize::try_from(epoch)
            .ok()
            .and_then(|i| self.sets.get(i))
            .ok_or(ReceiptVerifyError::NoSetHistory {
                epoch,
                reaches: self.last_epoch(),
            })
    }

    /// The last epoch proven.
    pub fn last_epoch(&self) -> u64 {
        self.sets.len() as u64 - 1
    }
}

/// Verifies `history` from `genesis_set` (see the module docs); returns the sets of epochs `0..=history.len()`.
pub fn verify_set_history(
    genesis_set: ValidatorSet,
    history: &[SetChangeProof],
    genesis_hash: &H256,
) -> Result<VerifiedSets, ReceiptVerifyError> {
    let mut verified = VerifiedSets::genesis(genesis_set);
    for link in history {
        let next = verify_link(
            verified.sets.last().expect("never empty"),
            link,
            genesis_hash,
        )?;
        verified.sets.push(next);
    }
    Ok(verified)
}

fn verify_link(
    current: &ValidatorSet,
    link: &SetChangeProof,
    genesis_hash: &H256,
) -> Result<ValidatorSet, ReceiptVerifyError> {
    let old = current.epoch();
    let epoch = old + 1;
    if link.epoch != epoch {
        return Err(ReceiptVerifyError::SetHistoryGap {
            expected: epoch,
            got: link.epoch,
        });
    }
    if link.headers.is_empty() {
        return Err(ReceiptVerifyError::SetChangeNoHeaders { epoch });
    }
    let headers = link
        .headers
        .iter()
        .enumerate()
        .map(|(position, bytes)| {
            Header::decode_all(&mut &bytes[..]).map_err(|e| {
                ReceiptVerifyError::SetChangeUndecodable {
                    epoch,
                    what: format!("header {position}"),
                    reason: e.to_string(),
                }
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    let certificate = CommitCertificate::decode_all_with_depth_limit(
        MAX_DECODE_DEPTH,
        &mut &link.certificate[..],
    )
    .map_err(|e| ReceiptVerifyError::SetChangeUndecodable {
        epoch,
        what: "certificate".into(),
        reason: e.to_string(),
    })?;

    let changing = &headers[0];
    let changing_hash = changing.hash();
    let (mut last_hash, mut last_number) = (changing_hash, changing.number);
    for child in &headers[1..] {
        if child.parent_hash != last_hash || Some(child.number) != last_number.checked_add(1) {
            return Err(ReceiptVerifyError::SetChangeBrokenChain {
                epoch,
                number: child.number,
                parent: child.parent_hash,
                expected: last_hash,
            });
        }
        (last_hash, last_number) = (child.hash(), child.number);
    }

    let committed = certificate
        .verify(current, &genesis_hash.0)
        .map_err(|source| ReceiptVerifyError::SetChangeCertificate { epoch, source })?;
    if committed.id != last_hash.0 || committed.height != u64::from(last_number) {
        return Err(ReceiptVerifyError::SetChangeNotCertified {
            epoch,
            certified: H256(committed.id),
            height: committed.height,
            last: last_hash,
            last_number,
        });
    }

    let proposed_in = changing.digest.pre_digest().map(|p| p.epoch);
    if proposed_in != Some(old) {
        return Err(ReceiptVerifyError::SetChangeBlockEpoch {
            epoch,
            block: changing.number,
            proposed_in,
        });
    }
    let next = changing
        .digest
        .next_validator_set()
        .map_err(|e| ReceiptVerifyError::SetChangeDigestMalformed {
            epoch,
            block: changing.number,
            reason: e.to_string(),
        })?
        .ok_or(ReceiptVerifyError::SetChangeDigestMissing {
            epoch,
            block: changing.number,
        })?;
    if next.epoch != epoch {
        return Err(ReceiptVerifyError::SetChangeDigestEpoch {
            epoch,
            block: changing.number,
            digest_epoch: next.epoch,
        });
    }
    let keys = next.validators.iter().map(|k| PublicKey(k.0)).collect();
    let set = ValidatorSet::new(epoch, keys).map_err(|e| ReceiptVerifyError::SetChangeBadSet {
        epoch,
        reason: e.to_string(),
    })?;
    Ok(set.with_start(BlockRef {
        id: changing_hash.0,
        round: 0,
        height: u64::from(changing.number),
    }))
}
