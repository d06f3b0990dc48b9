//! Mining's storage items (the names are part of the keys: never rename).

use metanode_support::StorageValue;

use crate::{Emission, PendingReward, Roster};

/// The storage prefix.
pub const PALLET: &str = "Mining";

/// `Mining.Emission`: the emission schedule, set at genesis from the chain spec.
pub const EMISSION: StorageValue<Emission> = StorageValue::new(PALLET, "Emission");
/// `Mining.Pending`: the last finished block, awaiting its certificate in its child.
pub const PENDING: StorageValue<PendingReward> = StorageValue::new(PALLET, "Pending");
/// `Mining.Rosters`: the validator sets of the last few epochs, oldest first (certificate signer indices refer to
/// them); written only when the epoch changes.
pub const ROSTERS: StorageValue<Vec<Roster>> = StorageValue::new(PALLET, "Rosters");
/// `Mining.TotalMinted`: all FLX this pallet has minted, base units.
pub const TOTAL_MINTED: StorageValue<u128> = StorageValue::new(PALLET, "TotalMinted");
