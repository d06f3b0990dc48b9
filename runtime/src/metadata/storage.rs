//! Storage entry descriptions taken from the runtime's own storage descriptors, so the metadata's prefix, item
//! names, hashers, key and value types are the ones the pallets actually read and write.

use frame_metadata::v14::{
    StorageEntryMetadata, StorageEntryModifier, StorageEntryType, StorageHasher as MetaHasher,
};
use metanode_support::codec::Encode;
use metanode_support::scale_info::{meta_type, TypeInfo};
use metanode_support::{HasherKind, StorageDoubleMap, StorageHasher, StorageMap, StorageValue};

/// Whether an absent entry reads as the value type's default (`ValueQuery`) or as `None` (`OptionQuery`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Query {
    /// Absent = `V::default()`; the metadata default is its encoding.
    Default,
    /// Absent = `None`; the metadata default is `0x00` (`Option::<V>::None`).
    Optional,
}

/// The frame-metadata hasher of a support hasher.
pub fn hasher(kind: HasherKind) -> MetaHasher {
    match kind {
        HasherKind::Blake2_128 => MetaHasher::Blake2_128,
        HasherKind::Blake2_256 => MetaHasher::Blake2_256,
        HasherKind::Blake2_128Concat => MetaHasher::Blake2_128Concat,
        HasherKind::Twox128 => MetaHasher::Twox128,
        HasherKind::Twox256 => MetaHasher::Twox256,
        HasherKind::Twox64Concat => MetaHasher::Twox64Concat,
        HasherKind::Identity => MetaHasher::Identity,
    }
}

fn modifier_and_default<V: Encode + Default>(query: Query) -> (StorageEntryModifier, Vec<u8>) {
    match query {
        Query::Default => (StorageEntryModifier::Default, V::default().encode()),
        Query::Optional => (StorageEntryModifier::Optional, None::<V>.encode()),
    }
}

/// A `StorageValue` entry.
pub fn value<V: TypeInfo + Encode + Default + 'static>(
    item: &StorageValue<V>,
    query: Query,
    docs: &'static [&'static str],
) -> StorageEntryMetadata {
    let (modifier, default) = modifier_and_default::<V>(query);
    StorageEntryMetadata {
        name: item.item(),
        modifier,
        ty: StorageEntryType::Plain(meta_type::<V>()),
        default,
        docs: docs.to_vec(),
    }
}

/// A `StorageValue` entry whose value type has no `Default` (only `Optional` makes sense).
pub fn optional_value<V: TypeInfo + Encode + 'static>(
    item: &StorageValue<V>,
    docs: &'static [&'static str],
) -> StorageEntryMetadata {
    StorageEntryMetadata {
        name: item.item(),
        modifier: StorageEntryModifier::Optional,
        ty: StorageEntryType::Plain(meta_type::<V>()),
        default: None::<V>.encode(),
        docs: docs.to_vec(),
    }
}

/// A `StorageMap` entry.
pub fn map<H, K, V>(
    item: &StorageMap<H, K, V>,
    query: Query,
    docs: &'static [&'static str],
) -> StorageEntryMetadata
where
    H: StorageHasher,
    K: TypeInfo + Encode + 'static,
    V: TypeInfo + Encode + Default + 'static,
{
    let (modifier, default) = modifier_and_default::<V>(query);
    StorageEntryMetadata {
        name: item.item(),
        modifier,
        ty: StorageEntryType::Map {
            hashers: vec![hasher(H::KIND)],
            key: meta_type::<K>(),
            value: meta_type::<V>(),
        },
        default,
        docs: docs.to_vec(),
    }
}

/// A `StorageMap` entry whose value type has no `Default` (`OptionQuery`: absent = `None`).
pub fn optional_map<H, K, V>(
    item: &StorageMap<H, K, V>,
    docs: &'static [&'static str],
) -> StorageEntryMetadata
where
    H: StorageHasher,
    K: TypeInfo + Encode + 'static,
    V: TypeInfo + Encode + 'static,
{
    StorageEntryMetadata {
        name: item.item(),
        modifier: StorageEntryModifier::Optional,
        ty: StorageEntryType::Map {
            hashers: vec![hasher(H::KIND)],
            key: meta_type::<K>(),
            value: meta_type::<V>(),
        },
        default: None::<V>.encode(),
        docs: docs.to_vec(),
    }
}

/// A `StorageDoubleMap` entry: the key type is the tuple `(K1, K2)`, one hasher per key.
pub fn double_map<H1, K1, H2, K2, V>(
    item: &StorageDoubleMap<H1, K1, H2, K2, V>,
    query: Query,
    docs: &'static [&'static str],
) -> StorageEntryMetadata
where
    H1: StorageHasher,
    K1: TypeInfo + Encode + 'static,
    H2: StorageHasher,
    K2: TypeInfo + Encode + 'static,
    V: TypeInfo + Encode + Default + 'static,
{
    let (modifier, default) = modifier_and_default::<V>(query);
    StorageEntryMetadata {
        name: item.item(),
        modifier,
        ty: StorageEntryType::Map {
            hashers: vec![hasher(H1::KIND), hasher(H2::KIND)],
            key: meta_type::<(K1, K2)>(),
            value: meta_type::<V>(),
        },
        default,
        docs: docs.to_vec(),
    }
}
