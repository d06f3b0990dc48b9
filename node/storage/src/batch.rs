//! [`WriteBatch`]: a list of puts and deletes applied atomically, in order.

use crate::Column;

/// One operation of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchOp {
    /// Set `key` to `value`.
    Put {
        col: Column,
        key: Vec<u8>,
        value: Vec<u8>,
    },
    /// Remove `key` (no error if absent).
    Delete { col: Column, key: Vec<u8> },
}

/// Puts and deletes over any columns, written all or nothing. Later operations on the same key win.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteBatch {
    ops: Vec<BatchOp>,
}

impl WriteBatch {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value` in `col`.
    pub fn put(&mut self, col: Column, key: impl Into<Vec<u8>>, value: impl Into<Vec<u8>>) {
        self.ops.push(BatchOp::Put {
            col,
            key: key.into(),
            value: value.into(),
        });
    }

    /// Removes `key` from `col`.
    pub fn delete(&mut self, col: Column, key: impl Into<Vec<u8>>) {
        self.ops.push(BatchOp::Delete {
            col,
            key: key.into(),
        });
    }

    /// No operations.
    pub fn is_empty(&self) -> bool {
        self.ops.is_empty()
    }

    /// Number of operations.
    pub fn len(&self) -> usize {
        self.ops.len()
    }

    /// The operations, in order.
    pub fn ops(&self) -> &[BatchOp] {
        &self.ops
    }

    /// Consumes the batch into its operations.
    pub fn into_ops(self) -> Vec<BatchOp> {
        self.ops
    }

    /// What this batch leaves at `key` in `col`, judged by its last operation on that key:
    /// `None` if the batch does not touch the key, `Some(None)` if it deletes it.
    pub fn pending(&self, col: Column, key: &[u8]) -> Option<Option<&[u8]>> {
        self.ops.iter().rev().find_map(|op| match op {
            BatchOp::Put {
                col: c,
                key: k,
                value,
            } if *c == col && k == key => Some(Some(value.as_slice())),
            BatchOp::Delete { col: c, key: k } if *c == col && k == key => Some(None),
            _ => None,
        })
    }
}
