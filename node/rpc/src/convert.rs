//! Conversions between the JSON types and `metanode_primitives`' SCALE types.
//!
//! Contract: `Header` JSON carries each digest item as its SCALE bytes and each extrinsic as its
//! full encoding (length prefix included); converting to JSON never fails, converting back checks
//! that every item decodes with no trailing bytes and reports the first one that does not.

use metanode_primitives::codec::{DecodeAll, Encode};
use metanode_primitives::{DigestItem, OpaqueExtrinsic};
use primitive_types::H256;

use crate::types::{Block, Bytes, Digest, Header, Justification, SignedBlock};

/// A JSON value that does not decode into its SCALE type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConvertError {
    /// A digest log is not a SCALE `DigestItem`.
    #[error("digest log {index} is not a valid DigestItem: {reason}")]
    DigestItem {
        /// Position in `digest.logs`.
        index: usize,
        /// The codec's message.
        reason: String,
    },
    /// An extrinsic is not a length-prefixed byte string.
    #[error("extrinsic {index} is not a length-prefixed extrinsic: {reason}")]
    Extrinsic {
        /// Position in `extrinsics`.
        index: usize,
        /// The codec's message.
        reason: String,
    },
}

impl From<&metanode_primitives::Header> for Header {
    fn from(header: &metanode_primitives::Header) -> Self {
        Header {
            parent_hash: header.parent_hash,
            number: header.number,
            state_root: header.state_root,
            extrinsics_root: header.extrinsics_root,
            digest: Digest {
                logs: header
                    .digest
                    .logs
                    .iter()
                    .map(|item| Bytes(item.encode()))
                    .collect(),
            },
        }
    }
}

impl TryFrom<&Header> for metanode_primitives::Header {
    type Error = ConvertError;
    fn try_from(header: &Header) -> Result<Self, ConvertError> {
        let logs = header
            .digest
            .logs
            .iter()
            .enumerate()
            .map(|(index, log)| {
                DigestItem::decode_all(&mut log.as_slice()).map_err(|e| ConvertError::DigestItem {
                    index,
                    reason: e.to_string(),
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(metanode_primitives::Header {
            parent_hash: header.parent_hash,
            number: header.number,
            state_root: header.state_root,
            extrinsics_root: header.extrinsics_root,
            digest: metanode_primitives::Digest { logs },
        })
    }
}

impl Header {
    /// The block hash (`blake2_256` of the SCALE header), as clients recompute it.
    pub fn hash(&self) -> Result<H256, ConvertError> {
        metanode_primitives::Header::try_from(self).map(|header| header.hash())
    }
}

impl From<&metanode_primitives::Block> for Block {
    fn from(block: &metanode_primitives::Block) -> Self {
        Block {
            header: Header::from(&block.header),
            extrinsics: block.extrinsics.iter().map(|x| Bytes(x.encode())).collect(),
        }
    }
}

impl TryFrom<&Block> for metanode_primitives::Block {
    type Error = ConvertError;
    fn try_from(block: &Block) -> Result<Self, ConvertError> {
        let extrinsics = block
            .extrinsics
            .iter()
            .enumerate()
            .map(|(index, xt)| {
                OpaqueExtrinsic::decode_all(&mut xt.as_slice()).map_err(|e| {
                    ConvertError::Extrinsic {
                        index,
                        reason: e.to_string(),
                    }
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(metanode_primitives::Block {
            header: metanode_primitives::Header::try_from(&block.header)?,
            extrinsics,
        })
    }
}

impl SignedBlock {
    /// A block as `chain_getBlock` returns it; `justifications` are `(engine id, payload)` pairs
    /// (for a committed Metanode block: `(HOTSTUFF_ENGINE_ID, SCALE(commit certificate))`).
    pub fn new(
        block: &metanode_primitives::Block,
        justifications: Option<Vec<([u8; 4], Vec<u8>)>>,
    ) -> Self {
        SignedBlock {
            block: Block::from(block),
            justifications: justifications.map(|list| {
                list.into_iter()
                    .map(|(engine, payload)| Justification(engine, payload))
                    .collect()
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use metanode_primitives::{AccountId32, ConsensusPreDigest};

    fn primitive_block() -> metanode_primitives::Block {
        let mut digest = metanode_primitives::Digest::default();
        digest.push_pre_digest(&ConsensusPreDigest {
            round: 7,
            epoch: 0,
            proposer: AccountId32([1; 32]),
        });
        digest.push(DigestItem::Other(vec![9, 9]));
        metanode_primitives::Block {
            header: metanode_primitives::Header {
                parent_hash: H256::repeat_byte(1),
                number: 5,
                state_root: H256::repeat_byte(2),
                extrinsics_root: H256::repeat_byte(3),
                digest,
            },
            extrinsics: vec![OpaqueExtrinsic(vec![4, 1, 2, 3])],
        }
    }

    #[test]
    fn header_round_trip_and_hash() {
        let block = primitive_block();
        let json = Header::from(&block.header);
        assert_eq!(json.digest.logs[1].as_slice(), &[0, 8, 9, 9]);
        assert_eq!(json.hash().unwrap(), block.header.hash());
        let back = metanode_primitives::Header::try_from(&json).unwrap();
        assert_eq!(back, block.header);
    }

    #[test]
    fn block_round_trip_keeps_length_prefix() {
        let block = primitive_block();
        let signed = SignedBlock::new(&block, Some(vec![(*b"HSQC", vec![1, 2])]));
        assert_eq!(signed.block.extrinsics[0].as_slice(), &[16, 4, 1, 2, 3]);
        let value = serde_json::to_value(&signed).unwrap();
        assert_eq!(value["block"]["extrinsics"][0], "0x1004010203");
        let back = metanode_primitives::Block::try_from(&signed.block).unwrap();
        assert_eq!(back, block);
    }

    #[test]
    fn bad_items_are_reported() {
        let mut json = Header::from(&primitive_block().header);
        json.digest.logs[1] = Bytes(vec![0x07]);
        let err = metanode_primitives::Header::try_from(&json).unwrap_err();
        assert!(
            matches!(err, ConvertError::DigestItem { index: 1, .. }),
            "{err}"
        );
        let mut block = Block::from(&primitive_block());
        block.extrinsics[0] = Bytes(vec![16, 1]);
        let err = metanode_primitives::Block::try_from(&block).unwrap_err();
        assert!(
            matches!(err, ConvertError::Extrinsic { index: 0, .. }),
            "{err}"
        );
    }
}
