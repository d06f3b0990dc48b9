//! Blocks and opaque extrinsics.
//!
//! An [`OpaqueExtrinsic`] holds one extrinsic's body (without its length prefix) and encodes as `Vec<u8>`, so its
//! encoding equals the [`crate::UncheckedExtrinsic`]'s wire form and its hash is the transaction hash clients
//! compute. The extrinsics root is the blake3 Merkle root ([`crate::merkle`]) over
//! `leaf_hash(encoded extrinsic)` in block order. JSON shows each extrinsic as `0x` hex of its encoding.

use crate::extrinsic::{ExtrinsicError, UncheckedExtrinsic};
use crate::hashing::{blake2_256, H256};
use crate::header::Header;
use crate::merkle::{leaf_hash, merkle_root};
use parity_scale_codec::{Decode, DecodeAll, Encode};
use scale_info::TypeInfo;

/// One extrinsic's body without the length prefix; encodes as `Vec<u8>`.
#[derive(Clone, PartialEq, Eq, Hash, Default, Encode, Decode, TypeInfo)]
pub struct OpaqueExtrinsic(pub Vec<u8>);

impl OpaqueExtrinsic {
    /// The transaction hash: `blake2_256(encode())`.
    pub fn hash(&self) -> H256 {
        H256(blake2_256(&self.encode()))
    }

    /// Decodes the body as an [`UncheckedExtrinsic`].
    pub fn decode_extrinsic(&self) -> Result<UncheckedExtrinsic, ExtrinsicError> {
        UncheckedExtrinsic::decode_body(&self.0)
    }
}

impl From<&UncheckedExtrinsic> for OpaqueExtrinsic {
    fn from(extrinsic: &UncheckedExtrinsic) -> Self {
        OpaqueExtrinsic(extrinsic.encode_body())
    }
}

impl std::fmt::Debug for OpaqueExtrinsic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "OpaqueExtrinsic(0x{})", hex::encode(&self.0))
    }
}

impl serde::Serialize for OpaqueExtrinsic {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&format!("0x{}", hex::encode(self.encode())))
    }
}

impl<'de> serde::Deserialize<'de> for OpaqueExtrinsic {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        let bytes =
            hex::decode(s.strip_prefix("0x").unwrap_or(&s)).map_err(serde::de::Error::custom)?;
        OpaqueExtrinsic::decode_all(&mut bytes.as_slice()).map_err(serde::de::Error::custom)
    }
}

/// A block: header and extrinsics.
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Default,
    Encode,
    Decode,
    TypeInfo,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Block {
    pub header: Header,
    pub extrinsics: Vec<OpaqueExtrinsic>,
}

impl Block {
    /// The block hash (the header's hash).
    pub fn hash(&self) -> H256 {
        self.header.hash()
    }
}

/// The blake3 Merkle root over `leaf_hash(encoded extrinsic)` in order; `blake3_256(b"")` when empty.
pub fn extrinsics_root(extrinsics: &[OpaqueExtrinsic]) -> H256 {
    let leaves: Vec<[u8; 32]> = extrinsics.iter().map(|x| leaf_hash(&x.encode())).collect();
    H256(merkle_root(&leaves))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opaque_encoding_equals_unchecked_encoding() {
        let xt = UncheckedExtrinsic::new_unsigned(vec![1, 0, 5]);
        let opaque = OpaqueExtrinsic::from(&xt);
        assert_eq!(opaque.encode(), xt.encode());
        assert_eq!(opaque.hash(), xt.hash());
        assert_eq!(opaque.decode_extrinsic(), Ok(xt));
    }

    #[test]
    fn root_depends_on_order_and_content() {
        let a = OpaqueExtrinsic(vec![4, 1, 0]);
        let b = OpaqueExtrinsic(vec![4, 1, 1]);
        assert_eq!(extrinsics_root(&[]), H256(crate::hashing::blake3_256(b"")));
        assert_ne!(
            extrinsics_root(&[a.clone(), b.clone()]),
            extrinsics_root(&[b.clone(), a.clone()])
        );
        assert_ne!(
            extrinsics_root(std::slice::from_ref(&a)),
            extrinsics_root(&[b])
        );
        assert_eq!(
            extrinsics_root(std::slice::from_ref(&a)),
            H256(leaf_hash(&a.encode()))
        );
    }

    #[test]
    fn json_shows_prefixed_hex() {
        let block = Block {
            header: Header::default(),
            extrinsics: vec![OpaqueExtrinsic(vec![4, 0, 0])],
        };
        let json = serde_json::to_value(&block).expect("serialize");
        assert_eq!(json["extrinsics"][0], "0x0c040000");
        assert_eq!(
            serde_json::from_value::<Block>(json).expect("deserialize"),
            block
        );
    }
}
