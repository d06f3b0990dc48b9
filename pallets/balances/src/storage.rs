//! Balances' storage (pallet prefix `Balances`). Account balances themselves live in `System.Account.data`.

use metanode_support::StorageValue;

/// `Balances.TotalIssuance`: the sum of every account's `free + reserved` FLX.
pub const TOTAL_ISSUANCE: StorageValue<u128> = StorageValue::new("Balances", "TotalIssuance");
