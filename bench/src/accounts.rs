//! The bench accounts: `//bench//<i>` derived from the well-known dev phrase, so the spec writer and the load
//! generator agree on them without sharing any file.
//!
//! Contract: account `i` is `Pair::from_string("//bench//<i>")`; it is computed as one hard derivation from the
//! `//bench` pair (the dev phrase is stretched once, not once per account).

use metanode_primitives::crypto::DeriveJunction;
use metanode_primitives::{AccountId32, Pair};

/// The root every bench account derives from.
pub const BENCH_ROOT: &str = "//bench";

/// The first `n` bench key pairs, in index order.
pub fn bench_pairs(n: usize) -> Vec<Pair> {
    // The dev phrase and a fixed junction always derive: a failure is a bug in the key code.
    let root = Pair::from_string(BENCH_ROOT, None).expect("the dev phrase derives //bench");
    (0..n)
        .map(|i| root.derive(&[DeriveJunction::from_text(&i.to_string(), true)]))
        .collect()
}

/// The first `n` bench accounts.
pub fn bench_accounts(n: usize) -> Vec<AccountId32> {
    bench_pairs(n).iter().map(Pair::public).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivation_matches_the_secret_uri_form() {
        let pairs = bench_pairs(3);
        for (i, pair) in pairs.iter().enumerate() {
            let direct = Pair::from_string(&format!("//bench//{i}"), None).unwrap();
            assert_eq!(pair.public(), direct.public());
        }
        assert_ne!(pairs[0].public(), pairs[1].public());
    }
}
