//! Weights of Balances' calls (`ref_time` picoseconds, `proof_size` bytes; estimates, not benchmarks).

use metanode_support::Weight;

/// Proof size of one `System.Account` entry (Substrate's figure).
const ACCOUNT_PROOF: u64 = 3_593;

/// `transfer_allow_death`: two account reads and writes, maybe a reap.
pub fn transfer_allow_death() -> Weight {
    Weight::from_parts(60_000_000, 2 * ACCOUNT_PROOF)
}

/// `transfer_keep_alive`: two account reads and writes.
pub fn transfer_keep_alive() -> Weight {
    Weight::from_parts(50_000_000, 2 * ACCOUNT_PROOF)
}

/// `force_set_balance`: one account, the issuance.
pub fn force_set_balance() -> Weight {
    Weight::from_parts(25_000_000, ACCOUNT_PROOF)
}
