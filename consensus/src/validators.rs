//! The validator set of one epoch: equally weighted sr25519 keys, round-robin leaders, quorum size.
//!
//! Contract: `n = len()` validators tolerate `f = (n - 1) / 3` faults; a quorum is `n - f` (2f+1 when
//! n = 3f+1). Keys are distinct and valid ristretto points. For epochs after 0 the set also knows its
//! root block (the committed block the epoch starts from), which its round-0 certificate names.

use std::collections::BTreeMap;

use crate::types::{BlockRef, Epoch, PublicKey, Round, ValidatorIndex};

/// Why a validator set could not be built.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ValidatorSetError {
    /// No validators.
    #[error("validator set of epoch {epoch} is empty")]
    Empty {
        /// The epoch.
        epoch: Epoch,
    },
    /// More validators than a `ValidatorIndex` can address.
    #[error("validator set of epoch {epoch} has {len} members, at most {max} allowed")]
    TooMany {
        /// The epoch.
        epoch: Epoch,
        /// Number of keys given.
        len: usize,
        /// The limit.
        max: usize,
    },
    /// The same key twice.
    #[error("validator key {key} appears twice (index {first} and {second})")]
    Duplicate {
        /// Hex of the key.
        key: String,
        /// First position.
        first: usize,
        /// Second position.
        second: usize,
    },
    /// Bytes that are not an sr25519 public key.
    #[error("validator {index} has an invalid sr25519 public key")]
    InvalidKey {
        /// Position of the key.
        index: usize,
    },
}

/// The validators of one epoch.
#[derive(Clone, Debug)]
pub struct ValidatorSet {
    epoch: Epoch,
    keys: Vec<PublicKey>,
    parsed: Vec<schnorrkel::PublicKey>,
    by_key: BTreeMap<PublicKey, ValidatorIndex>,
    start: Option<BlockRef>,
}

impl PartialEq for ValidatorSet {
    fn eq(&self, other: &Self) -> bool {
        self.epoch == other.epoch && self.keys == other.keys && self.start == other.start
    }
}
impl Eq for ValidatorSet {}

/// Largest allowed validator set (indices are `u16`).
pub const MAX_VALIDATORS: usize = u16::MAX as usize;

impl ValidatorSet {
    /// A set for `epoch` with the given keys, in index order.
    pub fn new(epoch: Epoch, keys: Vec<PublicKey>) -> Result<Self, ValidatorSetError> {
        if keys.is_empty() {
            return Err(ValidatorSetError::Empty { epoch });
        }
        if keys.len() > MAX_VALIDATORS {
            return Err(ValidatorSetError::TooMany {
                epoch,
                len: keys.len(),
                max: MAX_VALIDATORS,
            });
        }
        let mut by_key = BTreeMap::new();
        let mut parsed = Vec::with_capacity(keys.len());
        for (index, key) in keys.iter().enumerate() {
            let pk = schnorrkel::PublicKey::from_bytes(&key.0)
                .map_err(|_| ValidatorSetError::InvalidKey { index })?;
            parsed.push(pk);
            let idx = ValidatorIndex::try_from(index).map_err(|_| ValidatorSetError::TooMany {
                epoch,
                len: keys.len(),
                max: MAX_VALIDATORS,
            })?;
            if let Some(first) = by_key.insert(*key, idx) {
                return Err(ValidatorSetError::Duplicate {
                    key: hex::encode(key.0),
                    first: usize::from(first),
                    second: index,
                });
            }
        }
        Ok(ValidatorSet {
            epoch,
            keys,
            parsed,
            by_key,
            start: None,
        })
    }

    /// The same set, starting from `root` (the committed block that ended the previous epoch).
    /// Needed for epochs after 0 so that their round-0 certificate can be checked.
    pub fn with_start(mut self, root: BlockRef) -> Self {
        self.start = Some(root);
        self
    }

    /// The epoch's root block, if set (epoch 0 uses the chain genesis instead).
    pub fn start(&self) -> Option<BlockRef> {
        self.start
    }

    /// The epoch of this set.
    pub fn epoch(&self) -> Epoch {
        self.epoch
    }

    /// Number of validators `n`.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Always false for a constructed set (kept for the `len`/`is_empty` convention).
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Faults tolerated: `f = (n - 1) / 3`.
    pub fn max_faulty(&self) -> usize {
        (self.len().saturating_sub(1)) / 3
    }

    /// Signatures needed for a certificate: `n - f`.
    pub fn quorum(&self) -> usize {
        self.len() - self.max_faulty()
    }

    /// Leader of `round`: round-robin, `round mod n`.
    pub fn leader(&self, round: Round) -> ValidatorIndex {
        let n = self.len() as u64;
        // n <= u16::MAX + 1 fits; the remainder is < n.
        (round % n) as ValidatorIndex
    }

    /// Index of `key`, if it is a member.
    pub fn index_of(&self, key: &PublicKey) -> Option<ValidatorIndex> {
        self.by_key.get(key).copied()
    }

    /// Key at `idx`.
    pub fn get(&self, idx: ValidatorIndex) -> Option<&PublicKey> {
        self.keys.get(usize::from(idx))
    }

    /// All keys in index order.
    pub fn keys(&self) -> &[PublicKey] {
        &self.keys
    }

    pub(crate) fn parsed(&self, idx: ValidatorIndex) -> Option<&schnorrkel::PublicKey> {
        self.parsed.get(usize::from(idx))
    }
}
