//! The genesis block: built from the chain spec's storage, written once, checked on every later start.

use std::collections::BTreeMap;
use std::sync::Arc;

use metanode_primitives::{Header, H256};
use metanode_storage::state::{StateDb, StateUpdate};
use metanode_storage::{Column, KvStore, MemStore, StorageError, WriteBatch};
use parity_scale_codec::Encode;

use super::db_keys;

/// Why the store cannot be used with this chain spec.
#[derive(Debug, thiserror::Error)]
pub enum GenesisError {
    /// The database was created for another chain.
    #[error(
        "the database at this base path belongs to another chain (its genesis is {stored:?}, the chain spec's is {expected:?}); \
         use another --base-path or `metanode purge-chain`"
    )]
    Mismatch {
        /// Genesis hash found in the store.
        stored: H256,
        /// Genesis hash of the chain spec.
        expected: H256,
    },
    /// The store failed.
    #[error("storage error while initialising genesis: {0}")]
    Storage(#[from] StorageError),
}

/// The genesis header for a genesis state update ([`metanode_primitives::genesis_header`], which offline verifiers
/// compute from the chain spec alone).
pub fn genesis_header(update: &StateUpdate) -> Header {
    metanode_primitives::genesis_header(H256::from(update.root))
}

/// Writes the genesis block into an empty store, or checks that a non-empty store holds the same genesis.
/// Returns the genesis header.
pub fn init_or_check_genesis(
    store: &dyn KvStore,
    state: &StateDb,
    storage: &BTreeMap<Vec<u8>, Vec<u8>>,
) -> Result<Header, GenesisError> {
    if let Some(stored) = store.get(Column::Meta, db_keys::GENESIS_HASH)? {
        // The store's state has moved on from version 0: compute the spec's genesis root in a scratch state.
        let scratch = StateDb::new(Arc::new(MemStore::new()));
        let header = genesis_header(&scratch.genesis_update(storage)?);
        let hash = header.hash();
        let stored = H256::from_slice(&stored);
        if stored != hash {
            return Err(GenesisError::Mismatch {
                stored,
                expected: hash,
            });
        }
        return Ok(header);
    }
    let update = state.genesis_update(storage)?;
    let header = genesis_header(&update);
    let hash = header.hash();
    let mut batch = WriteBatch::default();
    state.commit_to_batch(&update, &mut batch)?;
    batch.put(Column::Headers, hash.as_bytes(), header.encode());
    batch.put(
        Column::Bodies,
        hash.as_bytes(),
        Vec::<Vec<u8>>::new().encode(),
    );
    batch.put(
        Column::BlockIndex,
        db_keys::number_key(0),
        hash.as_bytes().to_vec(),
    );
    batch.put(
        Column::Meta,
        db_keys::GENESIS_HASH,
        hash.as_bytes().to_vec(),
    );
    batch.put(
        Column::Meta,
        db_keys::FINALIZED,
        (0u32, hash, 0u64).encode(),
    );
    store.write(batch, true)?;
    tracing::info!(target: "chain", genesis = ?hash, state_root = ?header.state_root, "initialised genesis block");
    Ok(header)
}
