//! `Phase` and `EventRecord`, encoded as Substrate's `frame_system::{Phase, EventRecord}` (hand-written `TypeInfo`
//! carries those paths), and `ConsumedWeight`.

use metanode_primitives::H256;
use metanode_support::scale_info::{
    build::Fields, build::Variants, meta_type, Path, Type, TypeInfo, TypeParameter,
};
use metanode_support::{DispatchClass, Weight};
use parity_scale_codec::{Decode, Encode, MaxEncodedLen};

/// When in the block an event was emitted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen)]
pub enum Phase {
    /// While applying the extrinsic with this index.
    #[codec(index = 0)]
    ApplyExtrinsic(u32),
    /// During block finalization.
    #[codec(index = 1)]
    Finalization,
    /// During block initialization.
    #[codec(index = 2)]
    #[default]
    Initialization,
}

/// One entry of `System.Events`.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct EventRecord<E> {
    /// When it happened.
    pub phase: Phase,
    /// The runtime event.
    pub event: E,
    /// Topics (always empty here).
    pub topics: Vec<H256>,
}

/// Weight used in the current block, per dispatch class (`System.BlockWeight`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen)]
pub struct ConsumedWeight {
    /// Normal extrinsics.
    pub normal: Weight,
    /// Operational extrinsics.
    pub operational: Weight,
    /// Inherents.
    pub mandatory: Weight,
}

impl ConsumedWeight {
    /// The weight of `class`.
    pub fn get(&self, class: DispatchClass) -> Weight {
        match class {
            DispatchClass::Normal => self.normal,
            DispatchClass::Operational => self.operational,
            DispatchClass::Mandatory => self.mandatory,
        }
    }

    /// Adds `weight` to `class`, saturating.
    pub fn add(&mut self, weight: Weight, class: DispatchClass) {
        let slot = match class {
            DispatchClass::Normal => &mut self.normal,
            DispatchClass::Operational => &mut self.operational,
            DispatchClass::Mandatory => &mut self.mandatory,
        };
        *slot = slot.saturating_add(weight);
    }

    /// Sum over all classes, saturating.
    pub fn total(&self) -> Weight {
        self.normal
            .saturating_add(self.operational)
            .saturating_add(self.mandatory)
    }
}

impl TypeInfo for Phase {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("Phase", "frame_system"))
            .variant(
                Variants::new()
                    .variant("ApplyExtrinsic", |v| {
                        v.index(0)
                            .fields(Fields::unnamed().field(|f| f.ty::<u32>().type_name("u32")))
                    })
                    .variant_unit("Finalization", 1)
                    .variant_unit("Initialization", 2),
            )
    }
}

impl<E: TypeInfo + 'static> TypeInfo for EventRecord<E> {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("EventRecord", "frame_system"))
            .type_params(vec![
                TypeParameter::new("E", Some(meta_type::<E>())),
                TypeParameter::new("T", Some(meta_type::<H256>())),
            ])
            .composite(
                Fields::named()
                    .field(|f| f.ty::<Phase>().name("phase").type_name("Phase"))
                    .field(|f| f.ty::<E>().name("event").type_name("E"))
                    .field(|f| f.ty::<Vec<H256>>().name("topics").type_name("Vec<T>")),
            )
    }
}

impl TypeInfo for ConsumedWeight {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("PerDispatchClass", "frame_support::dispatch"))
            .type_params(vec![TypeParameter::new("T", Some(meta_type::<Weight>()))])
            .composite(
                Fields::named()
                    .field(|f| f.ty::<Weight>().name("normal").type_name("T"))
                    .field(|f| f.ty::<Weight>().name("operational").type_name("T"))
                    .field(|f| f.ty::<Weight>().name("mandatory").type_name("T")),
            )
    }
}
