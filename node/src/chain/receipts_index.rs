//! The node's receipt index, written in the same atomic batch that commits a block ([`super::Chain::commit`]).
//!
//! Contract:
//! - `Receipts` column: `id/ ‖ receipt id (16 bytes)` -> SCALE `(block number, index in block, Receipt)`, for every
//!   receipt in a committed block's post-state (`Receipts.BlockReceipts`).
//! - `Indexes` column: `racct/ ‖ signer (32 bytes) ‖ !number (u32 BE) ‖ !index (u32 BE)` -> receipt id, where `!x`
//!   is `u32::MAX - x`; a forward scan of an account's prefix therefore yields its receipts newest first.
//! - Only committed blocks are indexed, so every indexed receipt is final. Inherents (no signer) are indexed by id
//!   only.

use metanode_primitives::{AccountId32, BlockNumber};
use metanode_runtime::{queries, Receipt, ReceiptId};
use metanode_storage::{Column, KvStore, StorageError, WriteBatch};
use parity_scale_codec::{Decode, Encode};

const ID_PREFIX: &[u8] = b"id/";
const ACCOUNT_PREFIX: &[u8] = b"racct/";

/// An indexed receipt: where it is and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct IndexedReceipt {
    /// Its block's number.
    pub block: BlockNumber,
    /// Its index in the block (= extrinsic index = Merkle leaf index).
    pub index: u32,
    /// The receipt.
    pub receipt: Receipt,
}

fn id_key(id: &ReceiptId) -> Vec<u8> {
    [ID_PREFIX, id.as_bytes()].concat()
}

fn account_prefix(who: &AccountId32) -> Vec<u8> {
    [ACCOUNT_PREFIX, who.as_ref()].concat()
}

fn account_key(who: &AccountId32, block: BlockNumber, index: u32) -> Vec<u8> {
    let mut key = account_prefix(who);
    key.extend_from_slice(&(u32::MAX - block).to_be_bytes());
    key.extend_from_slice(&(u32::MAX - index).to_be_bytes());
    key
}

/// Adds the index entries of block `number`'s receipts, given the raw post-state value of `Receipts.BlockReceipts`,
/// to `batch`. A value that does not decode is logged and indexes nothing: the block still commits (its receipts
/// root was checked when it was executed, so this cannot happen on a sound node).
pub fn index_block(batch: &mut WriteBatch, number: BlockNumber, raw: Option<&[u8]>) {
    let Some(raw) = raw else { return };
    let receipts = match queries::decode_receipts(raw) {
        Ok(receipts) => receipts,
        Err(error) => {
            tracing::error!(target: "chain", %error, block = number, "Receipts.BlockReceipts does not decode; block not indexed");
            return;
        }
    };
    for (index, receipt) in receipts.into_iter().enumerate() {
        // A post-state value left over from an earlier block (never expected) would name other blocks.
        if receipt.block != number {
            continue;
        }
        let index = index as u32;
        if let Some(signer) = &receipt.signer {
            batch.put(
                Column::Indexes,
                account_key(signer, number, index),
                receipt.id.as_bytes().to_vec(),
            );
        }
        let key = id_key(&receipt.id);
        batch.put(
            Column::Receipts,
            key,
            IndexedReceipt {
                block: number,
                index,
                receipt,
            }
            .encode(),
        );
    }
}

/// The indexed receipt `id`, if a committed block holds it.
pub fn get(store: &dyn KvStore, id: &ReceiptId) -> Result<Option<IndexedReceipt>, IndexError> {
    match store.get(Column::Receipts, &id_key(id))? {
        None => Ok(None),
        Some(raw) => IndexedReceipt::decode(&mut &raw[..])
            .map(Some)
            .map_err(|e| IndexError::Corrupt(e.to_string())),
    }
}

/// Receipt ids signed by `who`, newest first, skipping `skip` and returning at most `limit`.
pub fn by_account(
    store: &dyn KvStore,
    who: &AccountId32,
    skip: usize,
    limit: usize,
) -> Result<Vec<ReceiptId>, IndexError> {
    let prefix = account_prefix(who);
    let pairs = store.scan(
        Column::Indexes,
        &prefix,
        &prefix,
        skip.saturating_add(limit),
    )?;
    pairs
        .into_iter()
        .skip(skip)
        .map(|(_, value)| {
            <[u8; 16]>::try_from(value.as_slice())
                .map(ReceiptId)
                .map_err(|_| IndexError::Corrupt("account index value is not 16 bytes".into()))
        })
        .collect()
}

/// Why the index could not be read.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// The store failed.
    #[error("storage: {0}")]
    Storage(#[from] StorageError),
    /// A record does not decode.
    #[error("corrupt receipt index record: {0}")]
    Corrupt(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use metanode_runtime::receipts::Outcome;
    use metanode_storage::MemStore;

    fn receipt(block: u32, index: u32, signer: Option<AccountId32>) -> Receipt {
        Receipt {
            id: ReceiptId([block as u8 * 16 + index as u8; 16]),
            block,
            index,
            signer,
            pallet: b"Wallets".to_vec(),
            call: b"transfer".to_vec(),
            outcome: Outcome::Success,
            fee: 7,
            related: None,
            timestamp_ms: 1,
        }
    }

    #[test]
    fn indexes_by_id_and_account_newest_first() {
        let store = MemStore::new();
        let alice = AccountId32([1; 32]);
        for block in 1..=3u32 {
            let receipts = vec![receipt(block, 0, None), receipt(block, 1, Some(alice))];
            let mut batch = WriteBatch::default();
            index_block(&mut batch, block, Some(&receipts.encode()));
            store.write(batch, true).unwrap();
        }
        let r = get(&store, &receipt(2, 1, None).id).unwrap().unwrap();
        assert_eq!((r.block, r.index), (2, 1));
        let ids = by_account(&store, &alice, 0, 10).unwrap();
        assert_eq!(
            ids,
            vec![
                receipt(3, 1, None).id,
                receipt(2, 1, None).id,
                receipt(1, 1, None).id
            ]
        );
        assert_eq!(by_account(&store, &alice, 2, 10).unwrap().len(), 1);
        assert!(by_account(&store, &AccountId32([2; 32]), 0, 10)
            .unwrap()
            .is_empty());
        // A wrong block number in the value is not indexed.
        let mut batch = WriteBatch::default();
        index_block(
            &mut batch,
            9,
            Some(&vec![receipt(8, 0, Some(alice))].encode()),
        );
        assert!(batch.is_empty());
    }
}
