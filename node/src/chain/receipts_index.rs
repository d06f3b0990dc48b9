//! The node's receipt index, written in the same atomic batch that commits a block ([`super::Chain::commit`]).
//!
//! Contract:
//! - `Receipts` column: `id/ ‖ receipt id (16 bytes)` -> SCALE `(block number, index in block, Receipt)`, for every
//!   receipt in a committed block's post-state (`Receipts.BlockReceipts`).
//! - `Indexes` column: `racct/ ‖ account (32 bytes) ‖ !number (u32 BE) ‖ !index (u32 BE)` -> receipt id, where `!x`
//!   is `u32::MAX - x`; a forward scan of an account's prefix therefore yields its receipts newest first. The
//!   account is the signer, or for the runtime's own actions the account the action paid or charged
//!   (`Receipt::effect`).
//! - `Indexes` column: `rapp/ ‖ name length (u8) ‖ app name ‖ !number ‖ !index` and
//!   `ragr/ ‖ agreement id (u64 BE) ‖ !number ‖ !index` -> receipt id, for receipts whose `related` names an app or
//!   an agreement; newest first the same way (the length byte keeps one name's prefix from matching a longer one's).
//! - Only committed blocks are indexed, so every indexed receipt is final. Inherents (no signer, no effect) are
//!   indexed by id only.

use metanode_primitives::{AccountId32, BlockNumber};
use metanode_runtime::receipts::Related;
use metanode_runtime::{queries, Receipt, ReceiptId};
use metanode_storage::{Column, KvStore, StorageError, WriteBatch};
use parity_scale_codec::{Decode, Encode};

const ID_PREFIX: &[u8] = b"id/";
const ACCOUNT_PREFIX: &[u8] = b"racct/";
const APP_PREFIX: &[u8] = b"rapp/";
const AGREEMENT_PREFIX: &[u8] = b"ragr/";

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

/// The index prefix of receipts related to `related`; `None` for an app name longer than 255 bytes (the runtime
/// allows 64).
fn related_prefix(related: &Related) -> Option<Vec<u8>> {
    match related {
        Related::App(name) => {
            let len = u8::try_from(name.len()).ok()?;
            Some([APP_PREFIX, &[len], name].concat())
        }
        Related::Agreement(id) => Some([AGREEMENT_PREFIX, &id.to_be_bytes()].concat()),
    }
}

/// `prefix ‖ !block ‖ !index`: newest first under a forward scan.
fn newest_first_key(mut prefix: Vec<u8>, block: BlockNumber, index: u32) -> Vec<u8> {
    prefix.extend_from_slice(&(u32::MAX - block).to_be_bytes());
    prefix.extend_from_slice(&(u32::MAX - index).to_be_bytes());
    prefix
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
        let id = receipt.id.as_bytes().to_vec();
        let accounts = receipt
            .signer
            .iter()
            .chain(receipt.effect.as_ref().map(|e| e.account()));
        for who in accounts {
            let key = newest_first_key(account_prefix(who), number, index);
            batch.put(Column::Indexes, key, id.clone());
        }
        if let Some(prefix) = receipt.related.as_ref().and_then(related_prefix) {
            batch.put(Column::Indexes, newest_first_key(prefix, number, index), id);
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

/// Receipt ids signed by `who` or of runtime actions that paid or charged it, newest first, skipping `skip` and
/// returning at most `limit`.
pub fn by_account(
    store: &dyn KvStore,
    who: &AccountId32,
    skip: usize,
    limit: usize,
) -> Result<Vec<ReceiptId>, IndexError> {
    scan_ids(store, &account_prefix(who), skip, limit)
}

/// Receipt ids whose `related` is `related`, newest first, skipping `skip` and returning at most `limit`.
pub fn by_related(
    store: &dyn KvStore,
    related: &Related,
    skip: usize,
    limit: usize,
) -> Result<Vec<ReceiptId>, IndexError> {
    match related_prefix(related) {
        Some(prefix) => scan_ids(store, &prefix, skip, limit),
        None => Ok(Vec::new()),
    }
}

/// The receipt ids stored under `prefix`, in key order.
fn scan_ids(
    store: &dyn KvStore,
    prefix: &[u8],
    skip: usize,
    limit: usize,
) -> Result<Vec<ReceiptId>, IndexError> {
    let pairs = store.scan(Column::Indexes, prefix, prefix, skip.saturating_add(limit))?;
    pairs
        .into_iter()
        .skip(skip)
        .map(|(_, value)| {
            <[u8; 16]>::try_from(value.as_slice())
                .map(ReceiptId)
                .map_err(|_| IndexError::Corrupt("receipt index value is not 16 bytes".into()))
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
            effect: None,
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

    #[test]
    fn indexes_runtime_actions_by_the_account_paid_and_receipts_by_related_app() {
        use metanode_runtime::receipts::Effect;
        let store = MemStore::new();
        let validator = AccountId32([5; 32]);
        let about = |name: &[u8], block, index| Receipt {
            related: Some(Related::App(name.to_vec())),
            ..receipt(block, index, Some(AccountId32([1; 32])))
        };
        for block in 1..=2u32 {
            let payout = Receipt {
                effect: Some(Effect::Minted {
                    to: validator,
                    amount: 3,
                }),
                ..receipt(block, 3, None)
            };
            let receipts = vec![
                receipt(block, 0, None),
                about(b"web", block, 1),
                about(b"web-shop", block, 2),
                payout,
            ];
            let mut batch = WriteBatch::default();
            index_block(&mut batch, block, Some(&receipts.encode()));
            store.write(batch, true).unwrap();
        }
        assert_eq!(
            by_account(&store, &validator, 0, 10).unwrap(),
            vec![receipt(2, 3, None).id, receipt(1, 3, None).id]
        );
        let web = Related::App(b"web".to_vec());
        assert_eq!(
            by_related(&store, &web, 0, 10).unwrap(),
            vec![receipt(2, 1, None).id, receipt(1, 1, None).id],
            "`web` does not match `web-shop`"
        );
        assert_eq!(
            by_related(&store, &Related::App(b"web-shop".to_vec()), 1, 10).unwrap(),
            vec![receipt(1, 2, None).id]
        );
        assert!(by_related(&store, &Related::App(b"we".to_vec()), 0, 10)
            .unwrap()
            .is_empty());
        assert!(by_related(&store, &Related::Agreement(1), 0, 10)
            .unwrap()
            .is_empty());
    }
}
