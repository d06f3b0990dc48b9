//! Weights of Wallets' calls (`ref_time` picoseconds, `proof_size` bytes; estimates, not benchmarks).

use metanode_support::Weight;

use crate::token::Token;

/// `transfer`: FLX costs a Balances transfer; other tokens two balance entries.
pub fn transfer(token: Token) -> Weight {
    match token {
        Token::FLX => Weight::from_parts(65_000_000, 7_186),
        _ => Weight::from_parts(45_000_000, 5_200),
    }
}

/// `mint_aur`.
pub fn mint_aur() -> Weight {
    Weight::from_parts(35_000_000, 4_100)
}

/// `burn_aur`.
pub fn burn_aur() -> Weight {
    Weight::from_parts(35_000_000, 4_100)
}

/// `set_aur_issuer`.
pub fn set_aur_issuer() -> Weight {
    Weight::from_parts(15_000_000, 1_500)
}
