//! The transaction pool: validated extrinsics waiting for a block.
//!
//! Contract:
//! - Only extrinsics that the runtime validates against the best block's state enter; a rejection carries the
//!   runtime's reason (bad proof, stale nonce, cannot pay fees, ...).
//! - Per sender, extrinsics leave in nonce order; senders are served in order of arrival.
//! - Bounded: a size limit per extrinsic, and count, byte and per-sender limits for the whole pool; a full pool
//!   rejects new extrinsics with [`PoolError::Full`] instead of growing. The count and byte limits are checked
//!   before validation (a known duplicate is still `AlreadyImported`), so shedding load costs no signature check
//!   or state read: under overload an extrinsic gets 1016 "pool full" whatever else is wrong with it, and its real
//!   verdict when it is resubmitted to a pool with room.
//! - An extrinsic stays until it is in a committed block or can never be included (stale nonce, expired era).

mod limits;
pub mod signatures;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use metanode_primitives::{blake2_256, AccountId32, MultiAddress, OpaqueExtrinsic, H256};
use metanode_runtime::{executive, ChainContext, TransactionValidityError};
use metanode_support::StateRead;
use parking_lot::Mutex;
use tokio::sync::Notify;

pub use limits::PoolLimits;

/// Why an extrinsic was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum PoolError {
    /// The runtime rejected it.
    #[error("invalid transaction: {0}")]
    Invalid(TransactionValidityError),
    /// The same extrinsic is already waiting.
    #[error("transaction {0:?} is already in the pool")]
    AlreadyImported(H256),
    /// Another extrinsic from the same sender with the same nonce is waiting.
    #[error("a transaction from {sender} with nonce {nonce} is already in the pool")]
    NonceTaken {
        /// The sender.
        sender: AccountId32,
        /// The nonce.
        nonce: u32,
    },
    /// Too large.
    #[error("transaction is {size} bytes; the limit is {max}")]
    TooLarge {
        /// Its size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// The pool, or this sender's share of it, is full.
    #[error("transaction pool is full ({reason}); retry later")]
    Full {
        /// Which limit was hit.
        reason: &'static str,
    },
}

/// A waiting extrinsic.
#[derive(Clone, Debug)]
pub struct PoolTx {
    /// blake2_256 of its encoding.
    pub hash: H256,
    /// The encoded extrinsic.
    pub bytes: Arc<Vec<u8>>,
    /// The signer.
    pub sender: AccountId32,
    /// Its nonce.
    pub nonce: u32,
    seq: u64,
}

#[derive(Default)]
struct Inner {
    by_hash: HashMap<H256, PoolTx>,
    by_sender: HashMap<AccountId32, BTreeMap<u32, H256>>,
    bytes: usize,
    next_seq: u64,
}

impl Inner {
    /// `Full` when the count or byte limit leaves no room for one more extrinsic of `len` bytes.
    fn room_for(&self, limits: &PoolLimits, len: usize) -> Result<(), PoolError> {
        if self.by_hash.len() >= limits.max_count {
            return Err(PoolError::Full {
                reason: "transaction count limit",
            });
        }
        if self.bytes + len > limits.max_bytes {
            return Err(PoolError::Full {
                reason: "byte limit",
            });
        }
        Ok(())
    }
}

/// Where an extrinsic came from, for gossip (see `p2p::tx_gossip`): what a validator sent us it also sent every
/// other validator, so it needs relaying only to peers that are not validators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Not a validator: this node's JSON-RPC, or a peer that is not a validator. Gossiped to every peer.
    Other,
    /// Gossip from a validator's peer. Gossiped only to peers that are not validators.
    Validator,
}

/// An extrinsic the pool accepted, as gossip sees it.
#[derive(Clone, Debug)]
pub struct Accepted {
    /// Its encoded bytes.
    pub bytes: Arc<Vec<u8>>,
    /// Where it came from.
    pub origin: Origin,
}

/// The pool. Cheap to share behind an `Arc`.
pub struct TxPool {
    inner: Mutex<Inner>,
    limits: PoolLimits,
    notify: Notify,
    accepted: tokio::sync::broadcast::Sender<Accepted>,
}

/// Accepted transactions buffered for gossip subscribers that fall behind.
const ACCEPTED_BUFFER: usize = 4096;

impl TxPool {
    /// An empty pool with these limits.
    pub fn new(limits: PoolLimits) -> Self {
        TxPool {
            inner: Mutex::new(Inner::default()),
            limits,
            notify: Notify::new(),
            accepted: tokio::sync::broadcast::channel(ACCEPTED_BUFFER).0,
        }
    }

    /// Validates `xt` against `state`, the state of block `at` (the best block), and adds it. Returns its hash.
    pub fn submit(
        &self,
        state: &dyn StateRead,
        ctx: &ChainContext,
        at: H256,
        xt: Vec<u8>,
    ) -> Result<H256, PoolError> {
        let hash = H256(blake2_256(&xt));
        self.admit(state, ctx, at, xt, hash, Origin::Other)
    }

    /// [`Self::submit`] for a burst (a JSON-RPC batch, a gossiped batch): the signatures of the new extrinsics that
    /// this node has not verified yet are checked in one schnorrkel batch first
    /// ([`executive::preverify_for_pool`]), then each extrinsic is admitted as by `submit`, with the same verdicts,
    /// returned in input order. A burst holding a bad signature costs its batch plus the one-by-one checks.
    /// `origin` is passed on to gossip with each accepted extrinsic.
    pub fn submit_batch(
        &self,
        state: &dyn StateRead,
        ctx: &ChainContext,
        at: H256,
        xts: Vec<Vec<u8>>,
        origin: Origin,
    ) -> Vec<Result<H256, PoolError>> {
        let hashes: Vec<H256> = xts.iter().map(|xt| H256(blake2_256(xt))).collect();
        // Only as many as the pool has room for: the rest are turned away before validation anyway.
        let fresh: Vec<&[u8]> = xts
            .iter()
            .zip(&hashes)
            .filter(|(xt, hash)| self.check_size(xt).is_ok() && !self.contains(hash))
            .map(|(xt, _)| xt.as_slice())
            .take(self.room())
            .collect();
        executive::preverify_for_pool(state, ctx, at, &fresh, signatures::shared());
        xts.into_iter()
            .zip(hashes)
            .map(|(xt, hash)| self.admit(state, ctx, at, xt, hash, origin))
            .collect()
    }

    fn check_size(&self, xt: &[u8]) -> Result<(), PoolError> {
        if xt.len() > self.limits.max_tx_bytes {
            return Err(PoolError::TooLarge {
                size: xt.len(),
                max: self.limits.max_tx_bytes,
            });
        }
        Ok(())
    }

    /// How many more extrinsics the pool's count limit lets in now.
    pub fn room(&self) -> usize {
        self.limits.max_count.saturating_sub(self.len())
    }

    /// A full pool turns `len` more bytes away, before the extrinsic costs a validation: under overload clients
    /// retry, and shedding has to stay cheap. (The same limits are checked again under the lock when adding.)
    fn check_room(&self, len: usize) -> Result<(), PoolError> {
        self.inner.lock().room_for(&self.limits, len)
    }

    /// Checks the size of `xt` (whose hash is `hash`), turns a known duplicate away before it costs a validation
    /// (a transaction can arrive from the RPC and from several peers), and anything when the pool is full (see
    /// [`TxPool::check_room`]), validates it and adds it.
    fn admit(
        &self,
        state: &dyn StateRead,
        ctx: &ChainContext,
        at: H256,
        xt: Vec<u8>,
        hash: H256,
        origin: Origin,
    ) -> Result<H256, PoolError> {
        self.check_size(&xt)?;
        if self.contains(&hash) {
            return Err(PoolError::AlreadyImported(hash));
        }
        self.check_room(xt.len())?;
        let valid =
            executive::validate_transaction_at_with(state, ctx, at, &xt, signatures::shared())
                .map_err(PoolError::Invalid)?;
        let mut inner = self.inner.lock();
        if inner.by_hash.contains_key(&valid.hash) {
            return Err(PoolError::AlreadyImported(valid.hash));
        }
        let sender_txs = inner.by_sender.get(&valid.sender);
        if sender_txs.is_some_and(|txs| txs.contains_key(&valid.nonce)) {
            return Err(PoolError::NonceTaken {
                sender: valid.sender,
                nonce: valid.nonce,
            });
        }
        if sender_txs.is_some_and(|txs| txs.len() >= self.limits.max_per_sender) {
            return Err(PoolError::Full {
                reason: "per-sender limit",
            });
        }
        inner.room_for(&self.limits, xt.len())?;
        let seq = inner.next_seq;
        inner.next_seq += 1;
        inner.bytes += xt.len();
        inner
            .by_sender
            .entry(valid.sender)
            .or_default()
            .insert(valid.nonce, valid.hash);
        let bytes = Arc::new(xt);
        inner.by_hash.insert(
            valid.hash,
            PoolTx {
                hash: valid.hash,
                bytes: bytes.clone(),
                sender: valid.sender,
                nonce: valid.nonce,
                seq,
            },
        );
        drop(inner);
        self.notify.notify_one();
        // Nobody listening (no network) is fine.
        let _ = self.accepted.send(Accepted { bytes, origin });
        Ok(valid.hash)
    }

    /// Every transaction accepted from now on (for gossip).
    pub fn subscribe_accepted(&self) -> tokio::sync::broadcast::Receiver<Accepted> {
        self.accepted.subscribe()
    }

    /// Up to `max` extrinsics in inclusion order: senders by arrival of their oldest extrinsic, each sender's by nonce.
    pub fn ready(&self, max: usize) -> Vec<PoolTx> {
        let inner = self.inner.lock();
        let mut senders: Vec<(u64, &BTreeMap<u32, H256>)> = inner
            .by_sender
            .values()
            .map(|txs| {
                let first = txs
                    .values()
                    .filter_map(|h| inner.by_hash.get(h))
                    .map(|t| t.seq)
                    .min()
                    .unwrap_or(u64::MAX);
                (first, txs)
            })
            .collect();
        senders.sort_by_key(|(first, _)| *first);
        senders
            .into_iter()
            .flat_map(|(_, txs)| txs.values())
            .filter_map(|h| inner.by_hash.get(h).cloned())
            .take(max)
            .collect()
    }

    /// Removes extrinsics (included in a committed block, or found invalid).
    pub fn remove(&self, hashes: &[H256]) {
        let mut inner = self.inner.lock();
        for hash in hashes {
            remove_one(&mut inner, hash);
        }
    }

    /// A block committed: removes its extrinsics (`block.extrinsics`, whose hashes are `hashes`) and drops the
    /// extrinsics its signers' new nonces made stale. Only an account that signed an extrinsic of the block has a new
    /// nonce, so only those accounts' waiting extrinsics are checked (`account_nonce` reads the committed state);
    /// a signer the pool did not know and the extrinsic does not name as an account id makes it check every sender.
    pub fn remove_committed(
        &self,
        block_extrinsics: &[OpaqueExtrinsic],
        hashes: &[H256],
        account_nonce: impl Fn(&AccountId32) -> u32,
    ) {
        let mut signers = BTreeSet::new();
        let mut unknown = Vec::new();
        {
            let mut inner = self.inner.lock();
            for (index, hash) in hashes.iter().enumerate() {
                match remove_one(&mut inner, hash) {
                    Some(sender) => {
                        signers.insert(sender);
                    }
                    None => unknown.push(index),
                }
            }
        }
        for index in unknown {
            match block_extrinsics.get(index).map(signer_of) {
                Some(Ok(Some(signer))) => {
                    signers.insert(signer);
                }
                Some(Ok(None)) => {} // unsigned: an inherent
                _ => return self.prune_stale(account_nonce),
            }
        }
        self.prune_stale_of(signers, account_nonce);
    }

    /// Drops every extrinsic whose nonce is below its sender's current account nonce.
    pub fn prune_stale(&self, account_nonce: impl Fn(&AccountId32) -> u32) {
        let senders: Vec<AccountId32> = self.inner.lock().by_sender.keys().copied().collect();
        self.prune_stale_of(senders, account_nonce);
    }

    /// [`TxPool::prune_stale`] for `senders` only. Nonces are read without holding the pool's lock.
    fn prune_stale_of(
        &self,
        senders: impl IntoIterator<Item = AccountId32>,
        account_nonce: impl Fn(&AccountId32) -> u32,
    ) {
        let current: Vec<(AccountId32, u32)> = senders
            .into_iter()
            .map(|sender| {
                let nonce = account_nonce(&sender);
                (sender, nonce)
            })
            .collect();
        let mut inner = self.inner.lock();
        let stale: Vec<H256> = current
            .iter()
            .filter_map(|(sender, nonce)| inner.by_sender.get(sender).map(|txs| (txs, *nonce)))
            .flat_map(|(txs, nonce)| txs.range(..nonce).map(|(_, h)| *h).collect::<Vec<_>>())
            .collect();
        for hash in &stale {
            remove_one(&mut inner, hash);
        }
    }

    /// Whether the pool holds this extrinsic.
    pub fn contains(&self, hash: &H256) -> bool {
        self.inner.lock().by_hash.contains_key(hash)
    }

    /// Number of waiting extrinsics.
    pub fn len(&self) -> usize {
        self.inner.lock().by_hash.len()
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every waiting extrinsic's encoding (for `author_pendingExtrinsics`).
    pub fn pending_extrinsics(&self) -> Vec<Arc<Vec<u8>>> {
        let inner = self.inner.lock();
        let mut txs: Vec<&PoolTx> = inner.by_hash.values().collect();
        txs.sort_by_key(|t| t.seq);
        txs.into_iter().map(|t| t.bytes.clone()).collect()
    }

    /// Resolves when an extrinsic was added since the last call.
    pub async fn added(&self) {
        self.notify.notified().await
    }
}

/// Removes `hash` if the pool holds it; returns its sender.
fn remove_one(inner: &mut Inner, hash: &H256) -> Option<AccountId32> {
    let tx = inner.by_hash.remove(hash)?;
    inner.bytes -= tx.bytes.len();
    if let Some(txs) = inner.by_sender.get_mut(&tx.sender) {
        txs.remove(&tx.nonce);
        if txs.is_empty() {
            inner.by_sender.remove(&tx.sender);
        }
    }
    Some(tx.sender)
}

/// The account that signed `xt`: `Ok(None)` for an unsigned extrinsic, `Err(())` when it does not decode or names
/// its signer other than by account id.
fn signer_of(xt: &OpaqueExtrinsic) -> Result<Option<AccountId32>, ()> {
    let uxt = xt.decode_extrinsic().map_err(|_| ())?;
    match uxt.signature {
        None => Ok(None),
        Some((MultiAddress::Id(who), _, _)) => Ok(Some(who)),
        Some(_) => Err(()),
    }
}

impl TxPool {
    /// The nonce after `from` and every consecutive nonce of `sender` waiting in the pool.
    pub fn next_nonce(&self, sender: &AccountId32, from: u32) -> u32 {
        let inner = self.inner.lock();
        let mut next = from;
        if let Some(txs) = inner.by_sender.get(sender) {
            while txs.contains_key(&next) {
                next += 1;
            }
        }
        next
    }
}
