//! Size bounds of the transaction pool.

/// Limits that keep the pool's memory bounded under any load.
#[derive(Clone, Copy, Debug)]
pub struct PoolLimits {
    /// Extrinsics in the pool.
    pub max_count: usize,
    /// Bytes of all extrinsics in the pool.
    pub max_bytes: usize,
    /// Extrinsics of one sender.
    pub max_per_sender: usize,
    /// Bytes of one extrinsic.
    pub max_tx_bytes: usize,
}

impl Default for PoolLimits {
    fn default() -> Self {
        PoolLimits {
            max_count: 8_192,
            max_bytes: 32 * 1024 * 1024,
            max_per_sender: 256,
            max_tx_bytes: 256 * 1024,
        }
    }
}
