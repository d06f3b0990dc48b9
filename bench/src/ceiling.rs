//! The machine's ceiling: sr25519 verifications per second on one core (this thread), single and batched.
//!
//! Every transaction carries one sr25519 signature that each node must check at least once, so verifications per
//! second on one core bound what one core can admit. Throughput is reported as a ratio to the batched figure: a
//! ratio survives a slower or busier machine, an absolute number does not.

use std::time::{Duration, Instant};

use metanode_primitives::{verify, verify_batch, AccountId32, Pair, Signature};

/// Batch sizes measured.
pub const BATCH_SIZES: [usize; 2] = [64, 256];

/// Verifications per second, measured in one run on one thread.
#[derive(Clone, Debug, PartialEq)]
pub struct Ceiling {
    /// One `verify` at a time.
    pub single: f64,
    /// `verify_batch` over batches of [`BATCH_SIZES`], in that order.
    pub batched: Vec<(usize, f64)>,
}

impl Ceiling {
    /// The best batched rate: the ceiling the headline divides by.
    pub fn best_batched(&self) -> f64 {
        self.batched.iter().map(|(_, r)| *r).fold(0.0, f64::max)
    }
}

/// A signature failed to verify: the measurement would be meaningless.
#[derive(Debug, thiserror::Error)]
#[error("a correct sr25519 signature failed to verify (batch size {batch})")]
pub struct CeilingError {
    batch: usize,
}

/// Measures each mode for about `per_mode` (at least one full pass).
pub fn measure(per_mode: Duration) -> Result<Ceiling, CeilingError> {
    let n = *BATCH_SIZES.iter().max().unwrap_or(&256);
    let items: Vec<(Vec<u8>, Signature, AccountId32)> = (0..n)
        .map(|i| {
            let mut seed = [0u8; 32];
            seed[..8].copy_from_slice(&(i as u64 + 1).to_le_bytes());
            let pair = Pair::from_seed(&seed);
            // About the size of a transfer's signing payload.
            let message: Vec<u8> = (0..110u32).map(|b| (b as u8) ^ (i as u8)).collect();
            let sig = pair.sign(&message);
            (message, sig, pair.public())
        })
        .collect();

    let started = Instant::now();
    let mut count = 0u64;
    while count < n as u64 || started.elapsed() < per_mode {
        let (m, s, a) = &items[count as usize % n];
        if !verify(s, m, a) {
            return Err(CeilingError { batch: 1 });
        }
        count += 1;
    }
    let single = count as f64 / started.elapsed().as_secs_f64();

    let mut batched = Vec::new();
    for size in BATCH_SIZES {
        let batch: Vec<(&[u8], &Signature, &AccountId32)> = items[..size]
            .iter()
            .map(|(m, s, a)| (m.as_slice(), s, a))
            .collect();
        let started = Instant::now();
        let mut verified = 0u64;
        while verified == 0 || started.elapsed() < per_mode {
            if !verify_batch(&batch) {
                return Err(CeilingError { batch: size });
            }
            verified += size as u64;
        }
        batched.push((size, verified as f64 / started.elapsed().as_secs_f64()));
    }
    Ok(Ceiling { single, batched })
}
