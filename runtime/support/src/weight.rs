//! Weights and dispatch info, encoded as Substrate's `sp_weights::weight_v2::Weight` and
//! `frame_support::dispatch::{DispatchInfo, DispatchClass, Pays}` (hand-written `TypeInfo` carries those paths).
//!
//! `ref_time` is execution time in picoseconds; `proof_size` is the bytes of state a call may read (kept for format
//! compatibility; this runtime charges fees by `ref_time` only).

use parity_scale_codec::{Decode, Encode, MaxEncodedLen};
use scale_info::{build::Fields, Path, Type, TypeInfo};

use crate::error::unit_enum;

/// Picoseconds of `ref_time` per second.
pub const WEIGHT_REF_TIME_PER_SECOND: u64 = 1_000_000_000_000;
/// `ref_time` of one microsecond.
pub const WEIGHT_REF_TIME_PER_MICROS: u64 = 1_000_000;

/// Two-dimensional weight; both fields are compact-encoded.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Encode, Decode, MaxEncodedLen,
)]
pub struct Weight {
    /// Execution time, picoseconds.
    #[codec(compact)]
    pub ref_time: u64,
    /// Proof size, bytes.
    #[codec(compact)]
    pub proof_size: u64,
}

impl Weight {
    /// The zero weight.
    pub const fn zero() -> Self {
        Weight {
            ref_time: 0,
            proof_size: 0,
        }
    }

    /// A weight from its two parts.
    pub const fn from_parts(ref_time: u64, proof_size: u64) -> Self {
        Weight {
            ref_time,
            proof_size,
        }
    }

    /// Component-wise saturating sum.
    pub const fn saturating_add(self, other: Weight) -> Weight {
        Weight {
            ref_time: self.ref_time.saturating_add(other.ref_time),
            proof_size: self.proof_size.saturating_add(other.proof_size),
        }
    }

    /// Component-wise checked sum.
    pub fn checked_add(self, other: Weight) -> Option<Weight> {
        Some(Weight {
            ref_time: self.ref_time.checked_add(other.ref_time)?,
            proof_size: self.proof_size.checked_add(other.proof_size)?,
        })
    }

    /// Whether any component exceeds `other`'s.
    pub fn any_gt(self, other: Weight) -> bool {
        self.ref_time > other.ref_time || self.proof_size > other.proof_size
    }
}

/// The class of a dispatch: block space is budgeted per class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Encode, Decode, MaxEncodedLen)]
pub enum DispatchClass {
    /// Ordinary transactions.
    #[default]
    Normal,
    /// Operational transactions (admin work); may use reserved block space.
    Operational,
    /// Inherents: always included, never signed.
    Mandatory,
}

/// Whether the sender pays a fee.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Encode, Decode, MaxEncodedLen)]
pub enum Pays {
    /// The sender pays.
    #[default]
    Yes,
    /// No fee.
    No,
}

/// Weight, class and fee mode of a call: known before dispatch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen)]
pub struct DispatchInfo {
    /// The declared weight.
    pub weight: Weight,
    /// The class.
    pub class: DispatchClass,
    /// Whether a fee is charged.
    pub pays_fee: Pays,
}

impl DispatchInfo {
    /// A normal, fee-paying call of `weight`.
    pub const fn normal(weight: Weight) -> Self {
        DispatchInfo {
            weight,
            class: DispatchClass::Normal,
            pays_fee: Pays::Yes,
        }
    }

    /// A mandatory (inherent) call of `weight` that pays no fee.
    pub const fn mandatory(weight: Weight) -> Self {
        DispatchInfo {
            weight,
            class: DispatchClass::Mandatory,
            pays_fee: Pays::No,
        }
    }
}

impl TypeInfo for Weight {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("Weight", "sp_weights::weight_v2"))
            .composite(
                Fields::named()
                    .field(|f| f.compact::<u64>().name("ref_time").type_name("u64"))
                    .field(|f| f.compact::<u64>().name("proof_size").type_name("u64")),
            )
    }
}

impl TypeInfo for DispatchClass {
    type Identity = Self;
    fn type_info() -> Type {
        unit_enum(
            Path::new("DispatchClass", "frame_support::dispatch"),
            &["Normal", "Operational", "Mandatory"],
        )
    }
}

impl TypeInfo for Pays {
    type Identity = Self;
    fn type_info() -> Type {
        unit_enum(Path::new("Pays", "frame_support::dispatch"), &["Yes", "No"])
    }
}

impl TypeInfo for DispatchInfo {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("DispatchInfo", "frame_support::dispatch"))
            .composite(
                Fields::named()
                    .field(|f| f.ty::<Weight>().name("weight").type_name("Weight"))
                    .field(|f| {
                        f.ty::<DispatchClass>()
                            .name("class")
                            .type_name("DispatchClass")
                    })
                    .field(|f| f.ty::<Pays>().name("pays_fee").type_name("Pays")),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_encodes_compact_fields() {
        assert_eq!(Weight::from_parts(1, 2).encode(), vec![4, 8]);
        let info = DispatchInfo::normal(Weight::from_parts(1, 0));
        assert_eq!(info.encode(), vec![4, 0, 0, 0]);
        assert_eq!(
            Weight::type_info().path.segments,
            vec!["sp_weights", "weight_v2", "Weight"]
        );
    }
}
