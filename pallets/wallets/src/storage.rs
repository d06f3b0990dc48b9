//! Wallets' storage (pallet prefix `Wallets`).

use metanode_primitives::AccountId32;
use metanode_support::{
    Blake2_128Concat, StorageDoubleMap, StorageMap, StorageValue, Twox64Concat,
};

use crate::token::Token;

/// The pallet's storage prefix.
pub const PALLET: &str = "Wallets";

/// `Wallets.Balances`: `Twox64Concat(Token), Blake2_128Concat(AccountId32) -> u128` for GEN, NEX, AUR; zero
/// balances are not stored.
pub const BALANCES: StorageDoubleMap<Twox64Concat, Token, Blake2_128Concat, AccountId32, u128> =
    StorageDoubleMap::new(PALLET, "Balances");
/// `Wallets.TotalIssuance`: `Twox64Concat(Token) -> u128` for GEN, NEX, AUR.
pub const TOTAL_ISSUANCE: StorageMap<Twox64Concat, Token, u128> =
    StorageMap::new(PALLET, "TotalIssuance");
/// `Wallets.AurIssuer`: the only account that may mint and burn AUR.
pub const AUR_ISSUER: StorageValue<AccountId32> = StorageValue::new(PALLET, "AurIssuer");
