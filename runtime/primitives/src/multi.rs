//! `MultiAddress` and `MultiSignature`, encoded exactly as Substrate's `sp_runtime` types.
//!
//! Both describe themselves to `scale-info` under Substrate's paths (`sp_runtime::multiaddress::MultiAddress`
//! with type parameters `AccountId = AccountId32, AccountIndex = u32`, and `sp_runtime::MultiSignature`) so that
//! clients' well-known type substitutions apply.

use crate::account::AccountId32;
use parity_scale_codec::{Decode, Encode};
use scale_info::{
    build::{Fields, Variants},
    meta_type, Path, Type, TypeInfo, TypeParameter,
};

/// The address of a transaction's signer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Encode, Decode)]
pub enum MultiAddress {
    /// A 32-byte account id (the only form Metanode accepts as a signer).
    #[codec(index = 0)]
    Id(AccountId32),
    /// An account index.
    #[codec(index = 1)]
    Index(#[codec(compact)] u32),
    /// Raw bytes.
    #[codec(index = 2)]
    Raw(Vec<u8>),
    /// A 32-byte address.
    #[codec(index = 3)]
    Address32([u8; 32]),
    /// A 20-byte address.
    #[codec(index = 4)]
    Address20([u8; 20]),
}

impl From<AccountId32> for MultiAddress {
    fn from(account: AccountId32) -> Self {
        MultiAddress::Id(account)
    }
}

impl TypeInfo for MultiAddress {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("MultiAddress", "sp_runtime::multiaddress"))
            .type_params(vec![
                TypeParameter::new("AccountId", Some(meta_type::<AccountId32>())),
                TypeParameter::new("AccountIndex", Some(meta_type::<u32>())),
            ])
            .variant(
                Variants::new()
                    .variant("Id", |v| {
                        v.index(0).fields(
                            Fields::unnamed()
                                .field(|f| f.ty::<AccountId32>().type_name("AccountId")),
                        )
                    })
                    .variant("Index", |v| {
                        v.index(1).fields(
                            Fields::unnamed()
                                .field(|f| f.compact::<u32>().type_name("AccountIndex")),
                        )
                    })
                    .variant("Raw", |v| {
                        v.index(2).fields(
                            Fields::unnamed().field(|f| f.ty::<Vec<u8>>().type_name("Vec<u8>")),
                        )
                    })
                    .variant("Address32", |v| {
                        v.index(3).fields(
                            Fields::unnamed().field(|f| f.ty::<[u8; 32]>().type_name("[u8; 32]")),
                        )
                    })
                    .variant("Address20", |v| {
                        v.index(4).fields(
                            Fields::unnamed().field(|f| f.ty::<[u8; 20]>().type_name("[u8; 20]")),
                        )
                    }),
            )
    }
}

/// A signature of any of Substrate's three schemes (Metanode verifies only `Sr25519`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Encode, Decode)]
pub enum MultiSignature {
    #[codec(index = 0)]
    Ed25519([u8; 64]),
    #[codec(index = 1)]
    Sr25519([u8; 64]),
    #[codec(index = 2)]
    Ecdsa([u8; 65]),
}

impl From<crate::crypto::Signature> for MultiSignature {
    fn from(signature: crate::crypto::Signature) -> Self {
        MultiSignature::Sr25519(signature.0)
    }
}

impl TypeInfo for MultiSignature {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("MultiSignature", "sp_runtime"))
            .variant(
                Variants::new()
                    .variant("Ed25519", |v| {
                        v.index(0).fields(
                            Fields::unnamed()
                                .field(|f| f.ty::<[u8; 64]>().type_name("ed25519::Signature")),
                        )
                    })
                    .variant("Sr25519", |v| {
                        v.index(1).fields(
                            Fields::unnamed()
                                .field(|f| f.ty::<[u8; 64]>().type_name("sr25519::Signature")),
                        )
                    })
                    .variant("Ecdsa", |v| {
                        v.index(2).fields(
                            Fields::unnamed()
                                .field(|f| f.ty::<[u8; 65]>().type_name("ecdsa::Signature")),
                        )
                    }),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_match_substrate() {
        let id = MultiAddress::Id(AccountId32([5u8; 32]));
        let mut expected = vec![0u8];
        expected.extend_from_slice(&[5u8; 32]);
        assert_eq!(id.encode(), expected);
        assert_eq!(MultiAddress::Index(1).encode(), vec![1, 4]);
        assert_eq!(MultiAddress::Raw(vec![9]).encode(), vec![2, 4, 9]);
        assert_eq!(MultiAddress::Address20([1; 20]).encode()[0], 4);
        let sig = MultiSignature::Sr25519([3u8; 64]).encode();
        assert_eq!(sig.len(), 65);
        assert_eq!(sig[0], 1);
        assert_eq!(MultiSignature::Ecdsa([0u8; 65]).encode().len(), 66);
    }
}
