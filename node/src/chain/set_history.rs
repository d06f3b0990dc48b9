//! The node's index of validator-set changes, written in the batch that commits the set-changing block
//! ([`super::Chain::commit`]), so `receipts_validatorSetHistory` and `receipts_proof` can hand out the certified
//! chain of set changes (see `metanode_chain_spec::set_history`).
//!
//! Contract:
//! - `Indexes` column: `setchg/ ‖ epoch (u64 BE)` -> SCALE [`SetChangeRecord`], one per committed block whose header
//!   announces a next validator set (`Consensus(HSVS, ..)`), keyed by the epoch it starts.
//! - The record keeps the headers that link the set-changing block to the block its commit certificate commits when
//!   that is a descendant (HotStuff commits a block with its uncommitted ancestors; after the epoch ends those
//!   descendants are never committed, so they are kept here while they are still in memory). Usually there are none.
//! - The certificate itself is the set-changing block's justification.

use metanode_consensus::messages::MAX_DECODE_DEPTH;
use metanode_consensus::CommitCertificate;
use metanode_primitives::{BlockNumber, Header, H256};
use metanode_storage::{Column, KvStore, WriteBatch};
use parity_scale_codec::{Decode, DecodeLimit, Encode};

use super::IndexError;

const PREFIX: &[u8] = b"setchg/";

/// Where a validator-set change is on chain.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode)]
pub struct SetChangeRecord {
    /// The epoch it starts.
    pub epoch: u64,
    /// The set-changing block's number.
    pub number: BlockNumber,
    /// Its hash.
    pub hash: H256,
    /// Headers of its descendants up to the block its certificate commits (empty when that is the block itself).
    pub linking: Vec<Header>,
}

fn key(epoch: u64) -> Vec<u8> {
    [PREFIX, &epoch.to_be_bytes()[..]].concat()
}

/// Adds the record of a committed block to `batch` when its header announces a new validator set. `descendant`
/// looks up the header of an uncommitted block by hash (to link the block to what its certificate commits).
/// Nothing is written for a block without the item; a malformed item or a certificate that does not decode is
/// logged and writes nothing (the block was executed and certified, so this cannot happen on a sound node).
pub fn index_block(
    batch: &mut WriteBatch,
    header: &Header,
    hash: H256,
    certificate: &[u8],
    descendant: impl Fn(&H256) -> Option<Header>,
) {
    let next = match header.digest.next_validator_set() {
        Ok(Some(next)) => next,
        Ok(None) => return,
        Err(error) => {
            tracing::error!(target: "chain", %error, block = header.number, "malformed next-validator-set item; set change not indexed");
            return;
        }
    };
    let committed = match CommitCertificate::decode_all_with_depth_limit(
        MAX_DECODE_DEPTH,
        &mut &certificate[..],
    )
    .map(|c| c.committed())
    {
        Ok(Some(committed)) => committed,
        Ok(None) | Err(_) => {
            tracing::error!(target: "chain", block = header.number, "certificate of a set-changing block commits nothing; set change not indexed");
            return;
        }
    };
    let mut linking = Vec::new();
    let mut at = H256(committed.id);
    while at != hash {
        match descendant(&at) {
            Some(h) if h.number > header.number => {
                at = h.parent_hash;
                linking.push(h);
            }
            _ => {
                tracing::error!(target: "chain", block = header.number, certified = ?H256(committed.id), "headers linking a set-changing block to its certified descendant are not available; its set-change proof will not verify");
                linking.clear();
                break;
            }
        }
    }
    linking.reverse();
    tracing::info!(target: "chain", epoch = next.epoch, block = header.number, linking = linking.len(), "validator-set change indexed");
    batch.put(
        Column::Indexes,
        key(next.epoch),
        SetChangeRecord {
            epoch: next.epoch,
            number: header.number,
            hash,
            linking,
        }
        .encode(),
    );
}

/// The record of the change that started `epoch`, if a committed block made it.
pub fn get(store: &dyn KvStore, epoch: u64) -> Result<Option<SetChangeRecord>, IndexError> {
    match store.get(Column::Indexes, &key(epoch))? {
        None => Ok(None),
        Some(raw) => SetChangeRecord::decode(&mut &raw[..])
            .map(Some)
            .map_err(|e| IndexError::Corrupt(format!("set-change record of epoch {epoch}: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_fixtures;
    use metanode_storage::MemStore;

    /// A header on `parent`; `next` announces the set of that epoch.
    fn header(number: u32, parent: H256, next: Option<u64>) -> Header {
        test_fixtures::header(number, parent, 0, next)
    }

    /// An epoch-0 commit certificate for `committed` at `round`.
    fn certificate(committed: &Header, round: u64) -> Vec<u8> {
        test_fixtures::unsigned_certificate(0, committed, round)
    }

    #[test]
    fn indexes_set_changes_with_their_linking_headers() {
        let store = MemStore::new();
        let plain = header(1, H256::zero(), None);
        let mut batch = WriteBatch::default();
        index_block(
            &mut batch,
            &plain,
            plain.hash(),
            &certificate(&plain, 1),
            |_| None,
        );
        assert!(batch.is_empty());

        let changing = header(2, plain.hash(), Some(1));
        let child = header(3, changing.hash(), None);
        let grandchild = header(4, child.hash(), None);
        let pending = [child.clone(), grandchild.clone()];
        let lookup = |h: &H256| pending.iter().find(|p| p.hash() == *h).cloned();
        let mut batch = WriteBatch::default();
        index_block(
            &mut batch,
            &changing,
            changing.hash(),
            &certificate(&grandchild, 5),
            lookup,
        );
        store.write(batch, true).unwrap();
        let record = get(&store, 1).unwrap().expect("indexed");
        assert_eq!(record.number, 2);
        assert_eq!(record.hash, changing.hash());
        assert_eq!(record.linking, vec![child, grandchild]);
        assert_eq!(get(&store, 2).unwrap(), None);
    }
}
