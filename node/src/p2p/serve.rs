//! Answering peers' sync requests from the local chain (committed blocks only).

use metanode_primitives::{Block, BlockNumber, H256};
use parity_scale_codec::Encode;

use super::wire::{
    SyncRequest, SyncResponse, SyncedBlock, MAX_SYNC_BLOCKS, MAX_SYNC_RESPONSE_BYTES,
};
use crate::chain::{Chain, ChainError, IndexError};

/// The response to `request`: the finalized head, or up to [`MAX_SYNC_BLOCKS`] committed blocks with their
/// certificates, bounded by [`MAX_SYNC_RESPONSE_BYTES`] (one block is always sent when there is one).
pub fn answer(chain: &Chain, request: SyncRequest) -> Result<SyncResponse, ChainError> {
    match request {
        SyncRequest::Status => {
            let head = chain.finalized();
            Ok(SyncResponse::Status {
                finalized: head.number,
                hash: head.hash,
            })
        }
        SyncRequest::Blocks { from, max } => {
            let finalized = chain.finalized().number;
            let from = from.max(1);
            let count = max.min(MAX_SYNC_BLOCKS);
            let mut blocks = Vec::new();
            let mut bytes = 0usize;
            let last = from.saturating_add(count.saturating_sub(1)).min(finalized);
            for number in from..=last {
                let Some(entry) = committed_block(chain, number)? else {
                    break;
                };
                bytes += entry.block.len()
                    + entry.certificate.len()
                    + entry.linking.iter().map(Vec::len).sum::<usize>();
                if !blocks.is_empty() && bytes > MAX_SYNC_RESPONSE_BYTES {
                    break;
                }
                blocks.push(entry);
            }
            Ok(SyncResponse::Blocks(blocks))
        }
    }
}

fn committed_block(chain: &Chain, number: BlockNumber) -> Result<Option<SyncedBlock>, ChainError> {
    let Some(hash) = chain.hash_of(number)? else {
        return Ok(None);
    };
    let (Some(block), Some(certificate)) = (chain.block(&hash)?, chain.justification(&hash)?)
    else {
        return Ok(None);
    };
    let linking = linking_headers(chain, &block, hash)?;
    Ok(Some(SyncedBlock {
        block: block.encode(),
        certificate,
        linking,
    }))
}

/// The headers linking a set-changing block to the block its certificate commits, from the set-change index
/// (`crate::chain::set_history`); empty for every other block and when the certificate commits the block itself.
fn linking_headers(chain: &Chain, block: &Block, hash: H256) -> Result<Vec<Vec<u8>>, ChainError> {
    let Ok(Some(next)) = block.header.digest.next_validator_set() else {
        return Ok(Vec::new());
    };
    let record = chain.set_change(next.epoch).map_err(|e| match e {
        IndexError::Storage(e) => ChainError::Storage(e),
        IndexError::Corrupt(reason) => ChainError::Corrupt {
            what: "set-change record",
            key: hex::encode(next.epoch.to_be_bytes()),
            reason,
        },
    })?;
    Ok(match record {
        Some(record) if record.hash == hash => record.linking.iter().map(Encode::encode).collect(),
        _ => Vec::new(),
    })
}
