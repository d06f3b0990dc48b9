//! Reading state at a block: the committed flat state plus the changes of uncommitted ancestors.

use std::ops::Bound;
use std::sync::Arc;

use metanode_storage::state::StateDb;
use metanode_support::StateRead;

use super::store::PendingBlock;

/// The state after a block: `layers` are the block and its uncommitted ancestors, newest first, over the committed
/// state in `db`. Storage read failures are fatal for the node (the state would be unknowable), so they panic with
/// the error; they are never caused by user input.
pub struct StateView<'a> {
    db: &'a StateDb,
    layers: Vec<Arc<PendingBlock>>,
}

impl<'a> StateView<'a> {
    /// A view over `layers` (newest first) on top of the committed state.
    pub fn new(db: &'a StateDb, layers: Vec<Arc<PendingBlock>>) -> Self {
        StateView { db, layers }
    }

    fn lookup(&self, key: &[u8]) -> Option<Option<Vec<u8>>> {
        self.layers
            .iter()
            .find_map(|layer| layer.update.changes().get(key).cloned())
    }
}

impl StateRead for StateView<'_> {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        match self.lookup(key) {
            Some(value) => value,
            None => self
                .db
                .get(key)
                .unwrap_or_else(|e| panic!("state read failed, the store is unusable: {e}")),
        }
    }

    fn next_key(&self, key: &[u8]) -> Option<Vec<u8>> {
        let mut after = key.to_vec();
        loop {
            let from_db = self
                .db
                .keys(&[], Some(&after), 1)
                .unwrap_or_else(|e| panic!("state read failed, the store is unusable: {e}"))
                .into_iter()
                .next();
            let from_layers = self.layers.iter().filter_map(|layer| {
                layer
                    .update
                    .changes()
                    .range::<[u8], _>((Bound::Excluded(after.as_slice()), Bound::Unbounded))
                    .next()
                    .map(|(k, _)| k.clone())
            });
            let candidate = from_layers.chain(from_db).min()?;
            // A newer layer may have deleted the candidate: then keep looking after it.
            if self.get(&candidate).is_some() {
                return Some(candidate);
            }
            after = candidate;
        }
    }
}
