//! [`Chain`]: committed blocks in the key-value store, uncommitted ones in memory.

use std::collections::HashMap;
use std::sync::Arc;

use metanode_primitives::{Block, BlockNumber, Header, OpaqueExtrinsic, H256};
use metanode_storage::state::{StateDb, StateUpdate};
use metanode_storage::{Column, KvStore, StorageError, WriteBatch};
use metanode_support::StateRead;
use parity_scale_codec::{Decode, Encode};
use parking_lot::RwLock;
use tokio::sync::broadcast;

use super::{db_keys, ChainEvent, StateView};

/// How many chain events a slow subscriber may fall behind before it misses some.
const EVENT_BUFFER: usize = 4096;

/// Errors of chain reads and writes.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// The store failed; the node cannot continue safely.
    #[error("storage: {0}")]
    Storage(#[from] StorageError),
    /// A stored record does not decode: the database is corrupt.
    #[error("corrupt database record {what} for {key}: {reason}")]
    Corrupt {
        /// Which record.
        what: &'static str,
        /// Its key, hex.
        key: String,
        /// The codec error.
        reason: String,
    },
    /// A commit named a block that is not an executed child of the finalized head.
    #[error("cannot commit block {hash:?}: {reason}")]
    BadCommit {
        /// The block.
        hash: H256,
        /// Why.
        reason: &'static str,
    },
    /// A state read at a block the node no longer serves that way.
    #[error("state at block {hash:?} is not available: {reason}")]
    StateUnavailable {
        /// The block.
        hash: H256,
        /// Why.
        reason: &'static str,
    },
}

/// A block that was executed and accepted but is not committed yet.
#[derive(Debug)]
pub struct PendingBlock {
    /// Header hash.
    pub hash: H256,
    /// The block.
    pub block: Block,
    /// Consensus round it was proposed in.
    pub round: u64,
    /// Its state changes and resulting root.
    pub update: StateUpdate,
    /// Hashes of its extrinsics, in block order.
    pub extrinsic_hashes: Arc<Vec<H256>>,
}

impl PendingBlock {
    /// Builds the record, hashing the extrinsics.
    pub fn new(block: Block, round: u64, update: StateUpdate) -> Self {
        let extrinsic_hashes =
            Arc::new(block.extrinsics.iter().map(OpaqueExtrinsic::hash).collect());
        PendingBlock {
            hash: block.header.hash(),
            block,
            round,
            update,
            extrinsic_hashes,
        }
    }

    /// Block number.
    pub fn number(&self) -> BlockNumber {
        self.block.header.number
    }
}

/// The last committed block.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Encode, Decode)]
pub struct FinalizedHead {
    /// Its number.
    pub number: BlockNumber,
    /// Its hash.
    pub hash: H256,
    /// The consensus round it was proposed in (0 for genesis).
    pub round: u64,
}

struct Tree {
    finalized: FinalizedHead,
    best: H256,
    pending: HashMap<H256, Arc<PendingBlock>>,
}

/// The chain: store, state and the uncommitted blocks.
pub struct Chain {
    store: Arc<dyn KvStore>,
    state: StateDb,
    genesis_hash: H256,
    tree: RwLock<Tree>,
    events: broadcast::Sender<ChainEvent>,
}

impl Chain {
    /// Opens the chain whose genesis is already in `store` (see [`super::init_or_check_genesis`]).
    pub fn open(store: Arc<dyn KvStore>, genesis_hash: H256) -> Result<Self, ChainError> {
        let raw = store
            .get(Column::Meta, db_keys::FINALIZED)?
            .ok_or(ChainError::Corrupt {
                what: "finalized head",
                key: "meta/finalized".into(),
                reason: "missing".into(),
            })?;
        let (number, hash, round) = <(BlockNumber, H256, u64)>::decode(&mut &raw[..])
            .map_err(|e| corrupt("finalized head", db_keys::FINALIZED, e))?;
        let (events, _) = broadcast::channel(EVENT_BUFFER);
        Ok(Chain {
            state: StateDb::new(store.clone()),
            store,
            genesis_hash,
            tree: RwLock::new(Tree {
                finalized: FinalizedHead {
                    number,
                    hash,
                    round,
                },
                best: hash,
                pending: HashMap::new(),
            }),
            events,
        })
    }

    /// The genesis block hash.
    pub fn genesis_hash(&self) -> H256 {
        self.genesis_hash
    }

    /// The committed state.
    pub fn state_db(&self) -> &StateDb {
        &self.state
    }

    /// The underlying store.
    pub fn store(&self) -> &Arc<dyn KvStore> {
        &self.store
    }

    /// Chain events from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<ChainEvent> {
        self.events.subscribe()
    }

    /// The last committed block.
    pub fn finalized(&self) -> FinalizedHead {
        self.tree.read().finalized
    }

    /// The best block: the highest accepted block descending from the finalized head.
    pub fn best_hash(&self) -> H256 {
        self.tree.read().best
    }

    /// An uncommitted block.
    pub fn pending(&self, hash: &H256) -> Option<Arc<PendingBlock>> {
        self.tree.read().pending.get(hash).cloned()
    }

    /// A block's header, committed or pending.
    pub fn header(&self, hash: &H256) -> Result<Option<Header>, ChainError> {
        if let Some(p) = self.pending(hash) {
            return Ok(Some(p.block.header.clone()));
        }
        self.read_decoded(Column::Headers, hash.as_bytes(), "header")
    }

    /// A whole block, committed or pending.
    pub fn block(&self, hash: &H256) -> Result<Option<Block>, ChainError> {
        if let Some(p) = self.pending(hash) {
            return Ok(Some(p.block.clone()));
        }
        let Some(header) = self.header(hash)? else {
            return Ok(None);
        };
        let extrinsics: Vec<OpaqueExtrinsic> = self
            .read_decoded(Column::Bodies, hash.as_bytes(), "body")?
            .unwrap_or_default();
        Ok(Some(Block { header, extrinsics }))
    }

    /// The SCALE-encoded commit certificate of a committed block (none for genesis).
    pub fn justification(&self, hash: &H256) -> Result<Option<Vec<u8>>, ChainError> {
        Ok(self.store.get(Column::Justifications, hash.as_bytes())?)
    }

    /// The hash of block `number` on the best chain.
    pub fn hash_of(&self, number: BlockNumber) -> Result<Option<H256>, ChainError> {
        let tree = self.tree.read();
        if number <= tree.finalized.number {
            drop(tree);
            let raw = self
                .store
                .get(Column::BlockIndex, &db_keys::number_key(number))?;
            return Ok(raw.map(|h| H256::from_slice(&h)));
        }
        let mut cursor = tree.pending.get(&tree.best);
        while let Some(block) = cursor {
            if block.number() == number {
                return Ok(Some(block.hash));
            }
            cursor = tree.pending.get(&block.block.header.parent_hash);
        }
        Ok(None)
    }

    /// `(block number, index)` of a committed extrinsic.
    pub fn tx_location(&self, hash: &H256) -> Result<Option<(BlockNumber, u32)>, ChainError> {
        self.read_decoded(Column::Indexes, &db_keys::tx_key(hash), "tx index")
    }

    /// The uncommitted blocks from the finalized head (exclusive) to `hash` (inclusive), newest first; empty when
    /// `hash` is the finalized head; `None` when `hash` is neither.
    pub fn uncommitted_chain(&self, hash: &H256) -> Option<Vec<Arc<PendingBlock>>> {
        let tree = self.tree.read();
        let mut layers = Vec::new();
        let mut cursor = *hash;
        while cursor != tree.finalized.hash {
            let block = tree.pending.get(&cursor)?;
            cursor = block.block.header.parent_hash;
            layers.push(block.clone());
        }
        Some(layers)
    }

    /// The state after block `hash`, for the finalized head and uncommitted blocks.
    pub fn view_at(&self, hash: &H256) -> Option<StateView<'_>> {
        self.uncommitted_chain(hash)
            .map(|layers| StateView::new(&self.state, layers))
    }

    /// Whether any uncommitted block on the chain ending at `hash` carries extrinsics besides the inherents.
    pub fn uncommitted_work(&self, hash: &H256) -> bool {
        self.uncommitted_chain(hash)
            .is_some_and(|layers| layers.iter().any(|b| b.block.extrinsics.len() > 1))
    }

    /// A storage value at block `at` (default: best). Uncommitted blocks are read through their pending layers;
    /// committed blocks, the finalized head included, from the state history at their number. (Reading the
    /// finalized head through the latest state would race a commit: its write lands before the finalized pointer
    /// moves, and a reader in between would get the newer block's values.)
    pub fn storage_at(&self, key: &[u8], at: Option<H256>) -> Result<Option<Vec<u8>>, ChainError> {
        let at = at.unwrap_or_else(|| self.best_hash());
        if self.pending(&at).is_some() {
            if let Some(view) = self.view_at(&at) {
                return Ok(view.get(key));
            }
        }
        let Some(header) = self.header(&at)? else {
            return Err(ChainError::StateUnavailable {
                hash: at,
                reason: "unknown block",
            });
        };
        Ok(self.state.get_at(key, u64::from(header.number))?)
    }

    /// Keys with `prefix` after `start_after`, at most `count`, at block `at` (default: best). Uncommitted blocks are
    /// listed through their pending layers; committed blocks, the finalized head included, from the state history
    /// at their number (as [`Self::storage_at`], so a listing at a block stays valid after finality moves on).
    pub fn keys_at(
        &self,
        prefix: &[u8],
        start_after: Option<&[u8]>,
        count: usize,
        at: Option<H256>,
    ) -> Result<Vec<Vec<u8>>, ChainError> {
        let at = at.unwrap_or_else(|| self.best_hash());
        if self.pending(&at).is_some() {
            if let Some(view) = self.view_at(&at) {
                return Ok(pending_keys(&view, prefix, start_after, count));
            }
        }
        let Some(header) = self.header(&at)? else {
            return Err(ChainError::StateUnavailable {
                hash: at,
                reason: "unknown block",
            });
        };
        let start_after = start_after.filter(|s| *s >= prefix);
        Ok(self
            .state
            .keys_at(prefix, start_after, count, u64::from(header.number))?)
    }

    /// Accepts an executed block. Returns whether it became the best block; announces it.
    pub fn insert_pending(&self, block: PendingBlock) -> bool {
        let block = Arc::new(block);
        let mut tree = self.tree.write();
        let best_number = tree
            .pending
            .get(&tree.best)
            .map_or(tree.finalized.number, |b| b.number());
        let is_best = block.number() > best_number;
        if is_best {
            tree.best = block.hash;
        }
        tree.pending.insert(block.hash, block.clone());
        drop(tree);
        let _ = self.events.send(ChainEvent::Imported {
            hash: block.hash,
            header: block.block.header.clone(),
            extrinsics: block.extrinsic_hashes.clone(),
            best: is_best,
        });
        is_best
    }

    /// Makes block `hash` (a pending child of the finalized head) durable with its commit certificate, in one
    /// synced atomic write, then moves the finalized head and prunes blocks that can no longer be committed.
    pub fn commit(&self, hash: &H256, certificate: Vec<u8>) -> Result<FinalizedHead, ChainError> {
        self.commit_linked(hash, certificate, &[])
    }

    /// [`Self::commit`] for a block that sync fetched: `linking` holds the verified headers from the block's child
    /// up to the block its certificate commits when that is off the committed chain (an epoch ended at this block),
    /// so the set-change index gets them although this node never had those blocks.
    pub fn commit_linked(
        &self,
        hash: &H256,
        certificate: Vec<u8>,
        linking: &[Header],
    ) -> Result<FinalizedHead, ChainError> {
        let mut batch = WriteBatch::default();
        let (block, parent) = {
            let tree = self.tree.read();
            let block = tree
                .pending
                .get(hash)
                .cloned()
                .ok_or(ChainError::BadCommit {
                    hash: *hash,
                    reason: "the block was never executed here",
                })?;
            super::set_history::index_block(
                &mut batch,
                &block.block.header,
                *hash,
                &certificate,
                |h| {
                    tree.pending
                        .get(h)
                        .map(|p| p.block.header.clone())
                        .or_else(|| linking.iter().find(|l| l.hash() == *h).cloned())
                },
            );
            (block, tree.finalized)
        };
        if block.block.header.parent_hash != parent.hash {
            return Err(ChainError::BadCommit {
                hash: *hash,
                reason: "its parent is not the finalized head",
            });
        }
        let head = FinalizedHead {
            number: block.number(),
            hash: *hash,
            round: block.round,
        };
        self.state.commit_to_batch(&block.update, &mut batch)?;
        batch.put(
            Column::Headers,
            hash.as_bytes(),
            block.block.header.encode(),
        );
        batch.put(
            Column::Bodies,
            hash.as_bytes(),
            block.block.extrinsics.encode(),
        );
        batch.put(Column::Justifications, hash.as_bytes(), certificate);
        batch.put(
            Column::BlockIndex,
            db_keys::number_key(head.number),
            hash.as_bytes().to_vec(),
        );
        for (index, tx) in block.extrinsic_hashes.iter().enumerate() {
            batch.put(
                Column::Indexes,
                db_keys::tx_key(tx),
                (head.number, index as u32).encode(),
            );
        }
        let receipts_key = metanode_runtime::queries::block_receipts_key();
        let receipts = match block.update.changes().get(&receipts_key) {
            Some(value) => value.clone(),
            None => self.state.get(&receipts_key)?,
        };
        super::receipts_index::index_block(&mut batch, head.number, receipts.as_deref());
        batch.put(
            Column::Meta,
            db_keys::FINALIZED,
            (head.number, head.hash, head.round).encode(),
        );
        batch.delete(Column::Pending, hash.as_bytes());
        self.store.write(batch, true)?;

        let mut tree = self.tree.write();
        tree.finalized = head;
        tree.pending.remove(hash);
        prune_unreachable(&mut tree);
        drop(tree);
        let _ = self.events.send(ChainEvent::Finalized {
            hash: *hash,
            header: block.block.header.clone(),
            extrinsics: block.extrinsic_hashes.clone(),
        });
        Ok(head)
    }

    fn read_decoded<T: Decode>(
        &self,
        column: Column,
        key: &[u8],
        what: &'static str,
    ) -> Result<Option<T>, ChainError> {
        match self.store.get(column, key)? {
            None => Ok(None),
            Some(raw) => T::decode(&mut &raw[..])
                .map(Some)
                .map_err(|e| corrupt(what, key, e)),
        }
    }
}

/// Drops pending blocks that do not descend from the finalized head, and resets best if it was dropped.
fn prune_unreachable(tree: &mut Tree) {
    let finalized = tree.finalized.hash;
    let mut keep: HashMap<H256, bool> = HashMap::new();
    let hashes: Vec<H256> = tree.pending.keys().copied().collect();
    for hash in hashes {
        descends(&tree.pending, &hash, &finalized, &mut keep);
    }
    tree.pending
        .retain(|hash, _| keep.get(hash).copied().unwrap_or(false));
    if !tree.pending.contains_key(&tree.best) {
        tree.best = tree
            .pending
            .values()
            .max_by_key(|b| (b.number(), b.round))
            .map_or(finalized, |b| b.hash);
    }
}

fn descends(
    pending: &HashMap<H256, Arc<PendingBlock>>,
    hash: &H256,
    finalized: &H256,
    memo: &mut HashMap<H256, bool>,
) -> bool {
    if let Some(known) = memo.get(hash) {
        return *known;
    }
    let result = match pending.get(hash) {
        None => false,
        Some(block) => {
            let parent = block.block.header.parent_hash;
            parent == *finalized || descends(pending, &parent, finalized, memo)
        }
    };
    memo.insert(*hash, result);
    result
}

fn corrupt(what: &'static str, key: &[u8], e: parity_scale_codec::Error) -> ChainError {
    ChainError::Corrupt {
        what,
        key: hex::encode(key),
        reason: e.to_string(),
    }
}

impl Chain {
    /// The committed receipt `id` ([`super::receipts_index`]).
    pub fn receipt(
        &self,
        id: &metanode_runtime::ReceiptId,
    ) -> Result<Option<super::IndexedReceipt>, super::IndexError> {
        super::receipts_index::get(self.store.as_ref(), id)
    }

    /// Ids of committed receipts signed by `who` or of runtime actions that paid or charged it, newest first,
    /// skipping `skip`, at most `limit`.
    pub fn receipts_by_account(
        &self,
        who: &metanode_primitives::AccountId32,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<metanode_runtime::ReceiptId>, super::IndexError> {
        super::receipts_index::by_account(self.store.as_ref(), who, skip, limit)
    }

    /// Ids of committed receipts whose `related` is `related` (an app or an agreement), newest first, skipping
    /// `skip`, at most `limit`.
    pub fn receipts_by_related(
        &self,
        related: &metanode_runtime::receipts::Related,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<metanode_runtime::ReceiptId>, super::IndexError> {
        super::receipts_index::by_related(self.store.as_ref(), related, skip, limit)
    }

    /// Where the validator-set change that started `epoch` is ([`super::set_history`]), if one committed here.
    pub fn set_change(
        &self,
        epoch: u64,
    ) -> Result<Option<super::SetChangeRecord>, super::IndexError> {
        super::set_history::get(self.store.as_ref(), epoch)
    }

    /// The uncommitted block that holds extrinsic `hash`, if any.
    pub fn pending_containing(&self, hash: &H256) -> Option<H256> {
        self.tree
            .read()
            .pending
            .values()
            .find(|b| b.extrinsic_hashes.contains(hash))
            .map(|b| b.hash)
    }
}

/// Keys with `prefix` after `start_after`, at most `count`, in the state `view`.
fn pending_keys(
    view: &StateView<'_>,
    prefix: &[u8],
    start_after: Option<&[u8]>,
    count: usize,
) -> Vec<Vec<u8>> {
    let mut keys = Vec::new();
    let mut cursor = match start_after {
        Some(start) if start >= prefix => start.to_vec(),
        _ => prefix.to_vec(),
    };
    if start_after.is_none_or(|s| s < prefix) && view.get(prefix).is_some() {
        keys.push(prefix.to_vec());
    }
    while keys.len() < count {
        match view.next_key(&cursor) {
            Some(key) if key.starts_with(prefix) => {
                cursor = key.clone();
                keys.push(key);
            }
            _ => break,
        }
    }
    keys
}
