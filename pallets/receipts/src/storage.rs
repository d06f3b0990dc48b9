//! Receipts' storage items (the names are part of the keys: never rename).

use metanode_support::StorageValue;

use crate::Receipt;

/// The storage prefix.
pub const PALLET: &str = "Receipts";

/// `Receipts.BlockReceipts`: the receipts of the current block, in extrinsic order; cleared when a block is
/// initialized, so a block's post-state holds exactly that block's receipts (like `System.Events`).
pub const BLOCK_RECEIPTS: StorageValue<Vec<Receipt>> = StorageValue::new(PALLET, "BlockReceipts");
