//! System's storage items (pallet prefix `System`; names and hashers are Substrate's).

use metanode_primitives::{AccountId32, BlockNumber, Digest, H256};
use metanode_support::{AccountInfo, Blake2_128Concat, StorageMap, StorageValue, Twox64Concat};

use crate::types::{ConsumedWeight, Phase};

/// The pallet's storage prefix.
pub const PALLET: &str = "System";

/// `System.Account`: `Blake2_128Concat(AccountId32) -> AccountInfo`.
pub const ACCOUNT: StorageMap<Blake2_128Concat, AccountId32, AccountInfo> =
    StorageMap::new(PALLET, "Account");
/// `System.ExtrinsicCount`: extrinsics applied so far in the current block (removed at finalization).
pub const EXTRINSIC_COUNT: StorageValue<u32> = StorageValue::new(PALLET, "ExtrinsicCount");
/// `System.BlockWeight`: weight used so far in the current block.
pub const BLOCK_WEIGHT: StorageValue<ConsumedWeight> = StorageValue::new(PALLET, "BlockWeight");
/// `System.AllExtrinsicsLen`: total length of the extrinsics applied so far (removed at finalization).
pub const ALL_EXTRINSICS_LEN: StorageValue<u32> = StorageValue::new(PALLET, "AllExtrinsicsLen");
/// `System.BlockHash`: `Twox64Concat(number) -> hash`, kept for the last `BLOCK_HASH_COUNT` blocks and for
/// block 0 forever (mortal eras resolve their birth block here).
pub const BLOCK_HASH: StorageMap<Twox64Concat, BlockNumber, H256> =
    StorageMap::new(PALLET, "BlockHash");
/// `System.Number`: the current block's number.
pub const NUMBER: StorageValue<BlockNumber> = StorageValue::new(PALLET, "Number");
/// `System.ParentHash`: the current block's parent hash.
pub const PARENT_HASH: StorageValue<H256> = StorageValue::new(PALLET, "ParentHash");
/// `System.Digest`: the `PreRuntime` items and the parent-QC item (`Consensus(HSQC, ..)`) of the current block's
/// digest.
pub const DIGEST: StorageValue<Digest> = StorageValue::new(PALLET, "Digest");
/// `System.Events`: `Vec<EventRecord<RuntimeEvent, H256>>` of the current block (cleared when the next starts).
/// Stored as raw bytes here: this pallet appends encoded records without knowing `RuntimeEvent`.
pub const EVENTS_KEY_ITEM: &str = "Events";
/// `System.EventCount`: number of records in `System.Events`.
pub const EVENT_COUNT: StorageValue<u32> = StorageValue::new(PALLET, "EventCount");
/// `System.ExecutionPhase`: the phase events are recorded with.
pub const EXECUTION_PHASE: StorageValue<Phase> = StorageValue::new(PALLET, "ExecutionPhase");

/// The storage key of `System.Events`, computed at compile time.
const EVENTS_KEY: [u8; 32] = metanode_support::storage::storage_prefix(PALLET, EVENTS_KEY_ITEM);

/// The storage key of `System.Events`.
pub fn events_key() -> Vec<u8> {
    EVENTS_KEY.to_vec()
}
