//! Per-transaction accounting and latency percentiles.
//!
//! Contract: every pre-signed transaction ends in exactly one [`TxState`]; [`Accounting::of`] counts them, and a
//! transaction the node accepted that never reached a finalized block within the drain period is `lost`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// What happened to one pre-signed transaction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TxState {
    /// Never sent: the phase ended first.
    NotSent,
    /// Not sent because an earlier nonce of the same account was rejected (it could never become ready).
    Skipped,
    /// The node refused it; the reason is the RPC error (`<code> <message>`).
    Rejected(String),
    /// Accepted at `submitted`; not (yet) seen in a finalized block.
    Pending { submitted: Instant },
    /// Seen in finalized block `block`, whose finality notification arrived at `finalized`.
    Finalized {
        submitted: Instant,
        finalized: Instant,
        block: u32,
    },
}

/// Counts over the states of all transactions of a phase.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Accounting {
    /// Sent to a node (accepted or rejected).
    pub sent: usize,
    /// Accepted and finalized.
    pub finalized: usize,
    /// Rejected, by reason.
    pub rejected: BTreeMap<String, usize>,
    /// Accepted but never finalized.
    pub lost: usize,
    /// Skipped after a rejection of the same account.
    pub skipped: usize,
    /// Never sent.
    pub not_sent: usize,
}

impl Accounting {
    /// Counts `states` (call after the drain period: `Pending` counts as lost).
    pub fn of(states: &[TxState]) -> Accounting {
        let mut acc = Accounting::default();
        for state in states {
            match state {
                TxState::NotSent => acc.not_sent += 1,
                TxState::Skipped => acc.skipped += 1,
                TxState::Rejected(reason) => {
                    acc.sent += 1;
                    *acc.rejected.entry(reason.clone()).or_default() += 1;
                }
                TxState::Pending { .. } => {
                    acc.sent += 1;
                    acc.lost += 1;
                }
                TxState::Finalized { .. } => {
                    acc.sent += 1;
                    acc.finalized += 1;
                }
            }
        }
        acc
    }

    /// Rejected in total.
    pub fn rejected_total(&self) -> usize {
        self.rejected.values().sum()
    }

    /// Whether every sent transaction is finalized or rejected.
    pub fn balanced(&self) -> bool {
        self.finalized + self.rejected_total() + self.lost == self.sent
    }
}

/// Submit→finalized latencies of the finalized transactions.
pub fn latencies(states: &[TxState]) -> Vec<Duration> {
    states
        .iter()
        .filter_map(|s| match s {
            TxState::Finalized {
                submitted,
                finalized,
                ..
            } => Some(finalized.saturating_duration_since(*submitted)),
            _ => None,
        })
        .collect()
}

/// The `p`-th percentile (0 < p <= 100) by nearest rank; `None` for no samples.
pub fn percentile(samples: &mut [Duration], p: f64) -> Option<Duration> {
    if samples.is_empty() || !(p > 0.0 && p <= 100.0) {
        return None;
    }
    samples.sort_unstable();
    let rank = (p / 100.0 * samples.len() as f64).ceil() as usize;
    Some(samples[rank.clamp(1, samples.len()) - 1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let mut samples: Vec<Duration> = (1..=100).rev().map(Duration::from_millis).collect();
        assert_eq!(
            percentile(&mut samples, 50.0),
            Some(Duration::from_millis(50))
        );
        assert_eq!(
            percentile(&mut samples, 99.0),
            Some(Duration::from_millis(99))
        );
        assert_eq!(
            percentile(&mut samples, 100.0),
            Some(Duration::from_millis(100))
        );
        let mut one = vec![Duration::from_millis(7)];
        assert_eq!(percentile(&mut one, 1.0), Some(Duration::from_millis(7)));
        assert_eq!(percentile(&mut [], 50.0), None);
        assert_eq!(percentile(&mut one, 0.0), None);
    }

    #[test]
    fn every_state_is_counted_once_and_pending_is_lost() {
        let t = Instant::now();
        let states = vec![
            TxState::NotSent,
            TxState::Skipped,
            TxState::Rejected("1016 pool full".into()),
            TxState::Rejected("1016 pool full".into()),
            TxState::Rejected("1010 invalid".into()),
            TxState::Pending { submitted: t },
            TxState::Finalized {
                submitted: t,
                finalized: t + Duration::from_millis(5),
                block: 3,
            },
        ];
        let acc = Accounting::of(&states);
        assert_eq!(acc.sent, 5);
        assert_eq!(acc.finalized, 1);
        assert_eq!(acc.lost, 1);
        assert_eq!(acc.rejected["1016 pool full"], 2);
        assert_eq!(acc.rejected_total(), 3);
        assert_eq!((acc.skipped, acc.not_sent), (1, 1));
        assert!(acc.balanced());
        assert_eq!(latencies(&states), vec![Duration::from_millis(5)]);
    }
}
