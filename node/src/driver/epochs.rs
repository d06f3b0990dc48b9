//! The validator set on chain (Validators pallet) as the consensus core wants it.
//!
//! The set in a block's post-state is the set that certifies that block's successors. A block whose execution
//! changes the set ends its epoch: once it commits, the new set takes over, rooted on that block at round 0
//! (DESIGN.md §4). The pallet records the epoch number and the number of the block that last changed the set, so a
//! node can rebuild the current [`ValidatorSet`] with its root from the state of any block.

use metanode_consensus::{BlockRef, PublicKey, ValidatorSet};
use metanode_primitives::H256;
use metanode_runtime::queries;

use super::DriverError;
use crate::chain::Chain;

/// The validator set after a block, with each validator's network key (peer id string).
#[derive(Clone, Debug)]
pub struct OnChainSet {
    /// The set, with its epoch and root.
    pub set: ValidatorSet,
    /// Network keys in set order.
    pub network_keys: Vec<String>,
}

/// The set in force after block `hash` (which must be committed or pending).
pub fn set_after(chain: &Chain, hash: &H256) -> Result<OnChainSet, DriverError> {
    let view = chain.view_at(hash).ok_or_else(|| DriverError::Corrupt {
        what: "validator set",
        reason: format!("no state for block {hash:?}"),
    })?;
    let infos = queries::validators(&view);
    let epoch = queries::validator_epoch(&view);
    let keys: Vec<PublicKey> = infos.iter().map(|v| PublicKey(v.session_key.0)).collect();
    let mut set = ValidatorSet::new(epoch, keys).map_err(|e| DriverError::Corrupt {
        what: "validator set",
        reason: format!("{e:?}"),
    })?;
    if epoch > 0 {
        let root_number = queries::validators_last_change(&view);
        let root_hash = chain
            .hash_of(root_number)?
            .or_else(|| (chain.pending(hash).is_some()).then_some(*hash))
            .ok_or_else(|| DriverError::Corrupt {
                what: "validator set",
                reason: format!("no block #{root_number} where epoch {epoch} began"),
            })?;
        set = set.with_start(BlockRef {
            id: root_hash.0,
            round: 0,
            height: u64::from(root_number),
        });
    }
    let network_keys = infos
        .iter()
        .map(|v| String::from_utf8_lossy(&v.network_key).into_owned())
        .collect();
    Ok(OnChainSet { set, network_keys })
}

/// The next epoch's set if executing block `hash` (child of `parent`) changed the set, else `None`.
pub fn changed_by(chain: &Chain, parent: &H256, hash: &H256) -> Option<ValidatorSet> {
    let before = chain.view_at(parent)?;
    let after = chain.view_at(hash)?;
    let epoch = queries::validator_epoch(&after);
    if epoch == queries::validator_epoch(&before) {
        return None;
    }
    let keys = queries::validators(&after)
        .iter()
        .map(|v| PublicKey(v.session_key.0))
        .collect();
    match ValidatorSet::new(epoch, keys) {
        Ok(set) => Some(set),
        Err(error) => {
            tracing::error!(target: "consensus", ?error, block = ?hash, "block sets an invalid validator set");
            None
        }
    }
}
