//! The headers that link a finalized block to the block its stored commit certificate names.
//!
//! A block committed together with descendants is justified by the certificate of the highest block committed at
//! the same time; the headers in between prove the link. Around a validator-set change there is one more case: the
//! certificate that finalizes the set-changing block B may, after a timeout, commit a later block T of the old epoch
//! that never joins the canonical chain (the new epoch builds on B). The headers B+1..T are then off the canonical
//! chain; the set-change index kept them ([`SetChangeRecord::linking`](super::SetChangeRecord)).

use metanode_consensus::BlockRef;
use metanode_primitives::{BlockNumber, Header, H256};

use super::{Chain, ChainError, IndexError};

/// Why the linking headers cannot be given.
#[derive(Debug, thiserror::Error)]
pub enum FinalityPathError {
    /// A canonical block on the way is not stored yet (the node is still committing it).
    #[error(
        "block #{number}, which links block #{from} to its certificate, is not stored yet; retry"
    )]
    NotStored {
        /// The missing height.
        number: BlockNumber,
        /// The block being proven.
        from: BlockNumber,
    },
    /// The path does not end at the certified block: the store disagrees with its own certificate.
    #[error("the certificate stored for block #{from} names {certified:?} at #{height}, which the stored headers do not reach")]
    Unreachable {
        /// The block being proven.
        from: BlockNumber,
        /// What the certificate commits.
        certified: H256,
        /// Its height.
        height: u64,
    },
    /// A chain read failed.
    #[error(transparent)]
    Chain(#[from] ChainError),
    /// The set-change index failed.
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// Headers from block `from`'s child up to `certified` (committed by a certificate of `epoch`), in order; empty when
/// `certified` is block `from` itself. The last header's hash is `certified.id`.
pub fn linking_headers(
    chain: &Chain,
    from: BlockNumber,
    certified: &BlockRef,
    epoch: u64,
) -> Result<Vec<Header>, FinalityPathError> {
    let unreachable = || FinalityPathError::Unreachable {
        from,
        certified: H256(certified.id),
        height: certified.height,
    };
    let height = BlockNumber::try_from(certified.height).map_err(|_| unreachable())?;
    // The epoch's set change (to epoch + 1), when its certificate is this one and names a block past it.
    let (canonical_end, tail) = match epoch.checked_add(1) {
        Some(next) => match chain.set_change(next)? {
            Some(record)
                if record.number >= from
                    && record.linking.last().map(|h| h.hash().0) == Some(certified.id) =>
            {
                (record.number, record.linking)
            }
            _ => (height, Vec::new()),
        },
        None => (height, Vec::new()),
    };
    let mut headers = Vec::new();
    for number in from.saturating_add(1)..=canonical_end {
        let hash = chain
            .hash_of(number)?
            .ok_or(FinalityPathError::NotStored { number, from })?;
        let header = chain
            .header(&hash)?
            .ok_or(FinalityPathError::NotStored { number, from })?;
        headers.push(header);
    }
    headers.extend(tail);
    let last = match headers.last() {
        Some(header) => header.hash(),
        None => chain
            .hash_of(from)?
            .ok_or(FinalityPathError::NotStored { number: from, from })?,
    };
    if last.0 != certified.id {
        return Err(unreachable());
    }
    Ok(headers)
}
