//! Header digests: Substrate's `DigestItem` encoding, plus Metanode's typed consensus items.
//!
//! Metanode puts its consensus data into standard digest items:
//! - `PreRuntime(HSQC, SCALE(ConsensusPreDigest))`: round, epoch and proposer of the block;
//! - `Consensus(HSQC, bytes)`: the SCALE-encoded quorum certificate of the parent block;
//! - `Consensus(RCPT, 32 bytes)`: the blake3 Merkle root of the block's receipts;
//! - `Consensus(HSVS, SCALE(NextValidatorSet))`: only in a block whose execution changed the validator set: the new
//!   epoch's number and session keys in leader order (like GRANDPA's `ScheduledChange`), so a light client can follow
//!   set changes from headers alone.
//!
//! In JSON, a digest is `{"logs": ["0x<SCALE of item>", ...]}`, as Substrate's RPC shows it.

use crate::account::AccountId32;
use crate::hashing::H256;
use parity_scale_codec::{Decode, DecodeAll, Encode};
use scale_info::TypeInfo;

/// A 4-byte consensus engine id.
pub type ConsensusEngineId = [u8; 4];

/// Engine id of Metanode's HotStuff consensus: block justifications and the consensus digest items.
pub const HOTSTUFF_ENGINE_ID: ConsensusEngineId = *b"HSQC";
/// Engine id of the receipts-root digest item.
pub const RECEIPTS_ENGINE_ID: ConsensusEngineId = *b"RCPT";
/// Engine id of the next-validator-set digest item.
pub const VALIDATOR_SET_ENGINE_ID: ConsensusEngineId = *b"HSVS";
/// Most keys a decoded [`NextValidatorSet`] may hold (the Validators pallet allows 100).
pub const MAX_NEXT_SET_KEYS: usize = 1024;

/// One digest item, with Substrate's variant indices.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Encode, Decode, TypeInfo)]
pub enum DigestItem {
    /// Arbitrary data.
    #[codec(index = 0)]
    Other(Vec<u8>),
    /// A message from the runtime to a consensus engine.
    #[codec(index = 4)]
    Consensus(ConsensusEngineId, Vec<u8>),
    /// A seal added by the block author.
    #[codec(index = 5)]
    Seal(ConsensusEngineId, Vec<u8>),
    /// Data the block author gives the runtime before execution.
    #[codec(index = 6)]
    PreRuntime(ConsensusEngineId, Vec<u8>),
    /// The runtime code or heap pages changed.
    #[codec(index = 8)]
    RuntimeEnvironmentUpdated,
}

/// Who proposed a block, and in which round and epoch. Stored as `PreRuntime(HSQC, SCALE(self))`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Encode,
    Decode,
    TypeInfo,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct ConsensusPreDigest {
    pub round: u64,
    pub epoch: u64,
    pub proposer: AccountId32,
}

/// The validator set a block's execution scheduled, stored as `Consensus(HSVS, SCALE(self))` in that block's header.
/// It takes over when the block commits (DESIGN.md §4).
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct NextValidatorSet {
    /// The new epoch (the previous one plus 1).
    pub epoch: u64,
    /// The new set's sr25519 session keys, in leader order.
    pub validators: Vec<AccountId32>,
}

/// Why a header's `Consensus(HSVS, ..)` item is unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NextValidatorSetError {
    /// More than one item.
    #[error("the header has {count} next-validator-set items, at most one is allowed")]
    Duplicate {
        /// How many.
        count: usize,
    },
    /// The item does not decode as a bounded `NextValidatorSet`.
    #[error("the next-validator-set item does not decode: {0}")]
    Undecodable(String),
}

/// The ordered list of a header's digest items.
#[derive(Debug, Clone, PartialEq, Eq, Default, Encode, Decode, TypeInfo)]
pub struct Digest {
    pub logs: Vec<DigestItem>,
}

impl Digest {
    /// The first `PreRuntime(HSQC, ..)` item, decoded; `None` when absent or malformed.
    pub fn pre_digest(&self) -> Option<ConsensusPreDigest> {
        self.logs.iter().find_map(|item| match item {
            DigestItem::PreRuntime(id, data) if *id == HOTSTUFF_ENGINE_ID => {
                ConsensusPreDigest::decode_all(&mut data.as_slice()).ok()
            }
            _ => None,
        })
    }

    /// The bytes of the first `Consensus(HSQC, ..)` item: the parent's quorum certificate.
    pub fn parent_qc(&self) -> Option<&[u8]> {
        self.logs.iter().find_map(|item| match item {
            DigestItem::Consensus(id, data) if *id == HOTSTUFF_ENGINE_ID => Some(data.as_slice()),
            _ => None,
        })
    }

    /// The receipts root of the first `Consensus(RCPT, ..)` item; `None` when absent or not 32 bytes.
    pub fn receipts_root(&self) -> Option<H256> {
        self.logs.iter().find_map(|item| match item {
            DigestItem::Consensus(id, data) if *id == RECEIPTS_ENGINE_ID => {
                <[u8; 32]>::try_from(data.as_slice()).ok().map(H256)
            }
            _ => None,
        })
    }

    /// The `Consensus(HSVS, ..)` item, decoded: `Ok(None)` when the block did not change the validator set; an
    /// error when there are several items or the one item does not decode (no trailing bytes, at most
    /// [`MAX_NEXT_SET_KEYS`] keys).
    pub fn next_validator_set(&self) -> Result<Option<NextValidatorSet>, NextValidatorSetError> {
        let items: Vec<&[u8]> = self
            .logs
            .iter()
            .filter_map(|item| match item {
                DigestItem::Consensus(id, data) if *id == VALIDATOR_SET_ENGINE_ID => {
                    Some(data.as_slice())
                }
                _ => None,
            })
            .collect();
        match items.as_slice() {
            [] => Ok(None),
            [data] => {
                let mut input = *data;
                u64::decode(&mut input)
                    .map_err(|e| NextValidatorSetError::Undecodable(e.to_string()))?;
                let len = parity_scale_codec::Compact::<u32>::decode(&mut input)
                    .map_err(|e| NextValidatorSetError::Undecodable(e.to_string()))?
                    .0 as usize;
                if len > MAX_NEXT_SET_KEYS || input.len() != len * 32 {
                    return Err(NextValidatorSetError::Undecodable(format!(
                        "{len} keys announced, {} bytes follow",
                        input.len()
                    )));
                }
                NextValidatorSet::decode_all(&mut &data[..])
                    .map(Some)
                    .map_err(|e| NextValidatorSetError::Undecodable(e.to_string()))
            }
            many => Err(NextValidatorSetError::Duplicate { count: many.len() }),
        }
    }

    /// Appends `Consensus(HSVS, SCALE(next))`.
    pub fn push_next_validator_set(&mut self, next: &NextValidatorSet) {
        self.logs.push(DigestItem::Consensus(
            VALIDATOR_SET_ENGINE_ID,
            next.encode(),
        ));
    }

    /// Appends any item.
    pub fn push(&mut self, item: DigestItem) {
        self.logs.push(item);
    }

    /// Appends `PreRuntime(HSQC, SCALE(pre_digest))`.
    pub fn push_pre_digest(&mut self, pre_digest: &ConsensusPreDigest) {
        self.logs.push(DigestItem::PreRuntime(
            HOTSTUFF_ENGINE_ID,
            pre_digest.encode(),
        ));
    }

    /// Appends `Consensus(HSQC, qc)`: the parent's encoded quorum certificate.
    pub fn push_parent_qc(&mut self, qc: Vec<u8>) {
        self.logs
            .push(DigestItem::Consensus(HOTSTUFF_ENGINE_ID, qc));
    }

    /// Appends `Consensus(RCPT, root)`.
    pub fn push_receipts_root(&mut self, root: H256) {
        self.logs
            .push(DigestItem::Consensus(RECEIPTS_ENGINE_ID, root.0.to_vec()));
    }
}

impl serde::Serialize for DigestItem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("0x{}", hex::encode(self.encode())))
    }
}

impl<'de> serde::Deserialize<'de> for DigestItem {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        let bytes =
            hex::decode(s.strip_prefix("0x").unwrap_or(&s)).map_err(serde::de::Error::custom)?;
        DigestItem::decode_all(&mut bytes.as_slice()).map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("Digest", 1)?;
        state.serialize_field("logs", &self.logs)?;
        state.end()
    }
}

impl<'de> serde::Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(serde::Deserialize)]
        struct Raw {
            logs: Vec<DigestItem>,
        }
        Raw::deserialize(deserializer).map(|raw| Digest { logs: raw.logs })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_items_round_trip() {
        let pre = ConsensusPreDigest {
            round: 7,
            epoch: 1,
            proposer: AccountId32([2; 32]),
        };
        let mut digest = Digest::default();
        assert_eq!(digest.pre_digest(), None);
        digest.push_pre_digest(&pre);
        digest.push_parent_qc(vec![1, 2, 3]);
        digest.push_receipts_root(H256([9; 32]));
        assert_eq!(digest.pre_digest(), Some(pre));
        assert_eq!(digest.parent_qc(), Some(&[1u8, 2, 3][..]));
        assert_eq!(digest.receipts_root(), Some(H256([9; 32])));
        let decoded = Digest::decode_all(&mut digest.encode().as_slice()).expect("decode");
        assert_eq!(decoded, digest);
    }

    #[test]
    fn next_validator_set_round_trips_and_rejects_bad_items() {
        let next = NextValidatorSet {
            epoch: 3,
            validators: vec![AccountId32([1; 32]), AccountId32([2; 32])],
        };
        let mut digest = Digest::default();
        assert_eq!(digest.next_validator_set(), Ok(None));
        digest.push_next_validator_set(&next);
        assert_eq!(digest.next_validator_set(), Ok(Some(next.clone())));
        digest.push_next_validator_set(&next);
        assert_eq!(
            digest.next_validator_set(),
            Err(NextValidatorSetError::Duplicate { count: 2 })
        );
        let mut bad = Digest::default();
        let mut bytes = next.encode();
        bytes.push(0);
        bad.push(DigestItem::Consensus(VALIDATOR_SET_ENGINE_ID, bytes));
        assert!(matches!(
            bad.next_validator_set(),
            Err(NextValidatorSetError::Undecodable(_))
        ));
        // A huge announced length is refused before allocating.
        let mut huge = Digest::default();
        let mut bytes = 1u64.encode();
        bytes.extend(parity_scale_codec::Compact(u32::MAX).encode());
        huge.push(DigestItem::Consensus(VALIDATOR_SET_ENGINE_ID, bytes));
        assert!(huge.next_validator_set().is_err());
    }

    #[test]
    fn item_indices_match_substrate() {
        assert_eq!(DigestItem::Other(vec![]).encode(), vec![0, 0]);
        assert_eq!(DigestItem::Consensus(*b"HSQC", vec![]).encode()[0], 4);
        assert_eq!(DigestItem::Seal(*b"HSQC", vec![]).encode()[0], 5);
        assert_eq!(
            DigestItem::PreRuntime(*b"HSQC", vec![1]).encode(),
            vec![6, b'H', b'S', b'Q', b'C', 4, 1]
        );
        assert_eq!(DigestItem::RuntimeEnvironmentUpdated.encode(), vec![8]);
        assert!(DigestItem::decode_all(&mut &[1u8][..]).is_err());
    }

    #[test]
    fn json_is_hex_of_scale() {
        let digest = Digest {
            logs: vec![DigestItem::Other(vec![0xab])],
        };
        let json = serde_json::to_string(&digest).expect("serialize");
        assert_eq!(json, r#"{"logs":["0x0004ab"]}"#);
        assert_eq!(
            serde_json::from_str::<Digest>(&json).expect("deserialize"),
            digest
        );
    }
}
