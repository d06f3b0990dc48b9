//! Static parameters of the core. One chain, one `Config`; validated once with [`Config::validate`].
//!
//! The minimum block interval is not here: the core asks for a payload as soon as it leads a round
//! and the driver answers when its cadence allows (never faster than its `min_block_interval`), so
//! `round_timeout_ms` must exceed the driver's longest payload delay plus a network round trip.

use crate::types::{Hash, Round};

/// Parameters of the consensus core.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Chain genesis block id; part of every signed message.
    pub genesis: Hash,
    /// Round timeout after a round that ended with a QC.
    pub round_timeout_ms: u64,
    /// Cap of the exponential back-off (the timeout doubles per round without a QC).
    pub max_round_timeout_ms: u64,
    /// Votes and timeouts more than this many rounds ahead of the current round are dropped.
    pub future_round_window: Round,
    /// Most blocks asked for or sent in one block request/response.
    pub max_fetch_blocks: u16,
    /// Most uncommitted blocks held; beyond it the node must catch up through committed-block sync.
    pub max_pending_blocks: usize,
    /// Recently committed blocks kept to answer other validators' block requests.
    pub committed_cache: usize,
}

/// Why a config is unusable.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    /// A parameter out of range.
    #[error("config field {field} is invalid: {reason}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// Why.
        reason: &'static str,
    },
}

impl Config {
    /// Defaults for a chain with `genesis`: 2 s base timeout, 60 s cap, 100-round window.
    pub fn new(genesis: Hash) -> Self {
        Config {
            genesis,
            round_timeout_ms: 2_000,
            max_round_timeout_ms: 60_000,
            future_round_window: 100,
            max_fetch_blocks: 64,
            max_pending_blocks: 4_096,
            committed_cache: 1_024,
        }
    }

    /// Check ranges.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let bad = |field, reason| Err(ConfigError::Invalid { field, reason });
        if self.round_timeout_ms == 0 {
            return bad("round_timeout_ms", "must be positive");
        }
        if self.max_round_timeout_ms < self.round_timeout_ms {
            return bad("max_round_timeout_ms", "must be at least round_timeout_ms");
        }
        if self.future_round_window == 0 {
            return bad("future_round_window", "must be positive");
        }
        if self.max_fetch_blocks == 0 {
            return bad("max_fetch_blocks", "must be positive");
        }
        if self.max_pending_blocks == 0 {
            return bad("max_pending_blocks", "must be positive");
        }
        Ok(())
    }
}

impl Default for Config {
    fn default() -> Self {
        Config::new([0u8; 32])
    }
}
