//! Column families. Their names are part of the on-disk format: never rename one.

/// A column (rocksdb column family) of the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Column {
    /// Small singletons: best/finalized heads, state version, schema version.
    Meta,
    /// Block hash -> SCALE header.
    Headers,
    /// Block hash -> SCALE body.
    Bodies,
    /// Block hash -> justification (commit certificate).
    Justifications,
    /// Block number -> block hash.
    BlockIndex,
    /// Raw storage key -> value, latest committed state.
    StateFlat,
    /// Jellyfish Merkle tree nodes and stale-node markers.
    StateNodes,
    /// Versioned state values (historical reads, proofs).
    StateValues,
    /// Receipts.
    Receipts,
    /// Secondary indexes (tx hash -> block, ...).
    Indexes,
    /// Consensus safety data.
    Safety,
    /// Uncommitted blocks consensus voted for.
    Pending,
    /// Raw storage keys that were deleted at some version -> empty. With [`Column::StateFlat`] (the live keys) it
    /// lists every key that existed at a past version, for key listings at committed blocks.
    StateDeletedKeys,
}

impl Column {
    /// Every column, in a fixed order.
    pub const ALL: [Column; 13] = [
        Column::Meta,
        Column::Headers,
        Column::Bodies,
        Column::Justifications,
        Column::BlockIndex,
        Column::StateFlat,
        Column::StateNodes,
        Column::StateValues,
        Column::Receipts,
        Column::Indexes,
        Column::Safety,
        Column::Pending,
        Column::StateDeletedKeys,
    ];

    /// The stable on-disk name.
    pub const fn name(self) -> &'static str {
        match self {
            Column::Meta => "meta",
            Column::Headers => "headers",
            Column::Bodies => "bodies",
            Column::Justifications => "justifications",
            Column::BlockIndex => "block_index",
            Column::StateFlat => "state_flat",
            Column::StateNodes => "state_nodes",
            Column::StateValues => "state_values",
            Column::Receipts => "receipts",
            Column::Indexes => "indexes",
            Column::Safety => "safety",
            Column::Pending => "pending",
            Column::StateDeletedKeys => "state_deleted_keys",
        }
    }

    /// Position in [`Column::ALL`].
    pub const fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::Column;

    #[test]
    fn index_matches_all_and_names_are_unique() {
        let mut names = std::collections::BTreeSet::new();
        for (i, col) in Column::ALL.iter().enumerate() {
            assert_eq!(col.index(), i);
            assert!(names.insert(col.name()), "duplicate name {}", col.name());
        }
    }
}
