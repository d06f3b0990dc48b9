//! Validators' storage items (the names are part of the keys: never rename).

use metanode_primitives::BlockNumber;
use metanode_support::StorageValue;

use crate::ValidatorInfo;

/// The storage prefix.
pub const PALLET: &str = "Validators";

/// `Validators.Validators`: the current set, in leader order.
pub const VALIDATORS: StorageValue<Vec<ValidatorInfo>> = StorageValue::new(PALLET, "Validators");
/// `Validators.Epoch`: the epoch the current set belongs to (genesis = 0).
pub const EPOCH: StorageValue<u64> = StorageValue::new(PALLET, "Epoch");
/// `Validators.LastChange`: the block number of the last change.
pub const LAST_CHANGE: StorageValue<BlockNumber> = StorageValue::new(PALLET, "LastChange");
