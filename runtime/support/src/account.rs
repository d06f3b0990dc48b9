//! The account record stored in `System.Account`, and the [`AccountStore`] trait through which Balances keeps FLX
//! in it without depending on the System pallet.
//!
//! Encodings are Substrate's: `AccountInfo { nonce: u32, consumers: u32, providers: u32, sufficients: u32, data }`
//! and `AccountData { free, reserved, frozen, flags }` (all `u128`), with `TypeInfo` paths
//! `frame_system::AccountInfo` and `pallet_balances::types::AccountData`.

use metanode_primitives::AccountId32;
use parity_scale_codec::{Decode, Encode, MaxEncodedLen};
use scale_info::{build::Fields, meta_type, Path, Type, TypeInfo, TypeParameter};

use crate::context::Context;
use crate::error::DispatchResult;
use crate::state::StateRead;

/// `System.Account` value.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen)]
pub struct AccountInfo {
    /// Number of extrinsics the account has sent (next expected nonce).
    pub nonce: u32,
    /// Other modules that depend on this account existing.
    pub consumers: u32,
    /// Modules that allow this account to exist (Balances while it holds at least the existential deposit).
    pub providers: u32,
    /// Modules that let the account exist by themselves (unused here).
    pub sufficients: u32,
    /// FLX balances.
    pub data: AccountData,
}

/// FLX balances of an account (`pallet_balances::types::AccountData`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Encode, Decode, MaxEncodedLen)]
pub struct AccountData {
    /// Spendable balance.
    pub free: u128,
    /// Reserved balance (unused so far).
    pub reserved: u128,
    /// Balance that `free` may not drop below (unused so far).
    pub frozen: u128,
    /// Substrate's `ExtraFlags` bits (unused: 0).
    pub flags: u128,
}

impl AccountData {
    /// `free + reserved`, saturating.
    pub fn total(&self) -> u128 {
        self.free.saturating_add(self.reserved)
    }
}

/// Where Balances keeps account data: implemented by System (`AccountStore = System`).
pub trait AccountStore {
    /// The account's data; default if the account does not exist.
    fn data(state: &dyn StateRead, who: &AccountId32) -> AccountData;
    /// Whether the account exists (has at least one provider).
    fn exists(state: &dyn StateRead, who: &AccountId32) -> bool;
    /// Stores `data`. `Some` on an account that does not exist creates it (a provider reference, System's
    /// `NewAccount` event); `None` drops Balances' provider reference and reaps the account (nonce included,
    /// System's `KilledAccount` event) when nothing else references it.
    fn set_data(
        ctx: &mut Context<'_>,
        who: &AccountId32,
        data: Option<AccountData>,
    ) -> DispatchResult;
}

impl TypeInfo for AccountInfo {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("AccountInfo", "frame_system"))
            .type_params(vec![
                TypeParameter::new("Nonce", Some(meta_type::<u32>())),
                TypeParameter::new("AccountData", Some(meta_type::<AccountData>())),
            ])
            .composite(
                Fields::named()
                    .field(|f| f.ty::<u32>().name("nonce").type_name("Nonce"))
                    .field(|f| f.ty::<u32>().name("consumers").type_name("RefCount"))
                    .field(|f| f.ty::<u32>().name("providers").type_name("RefCount"))
                    .field(|f| f.ty::<u32>().name("sufficients").type_name("RefCount"))
                    .field(|f| f.ty::<AccountData>().name("data").type_name("AccountData")),
            )
    }
}

impl TypeInfo for AccountData {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("AccountData", "pallet_balances::types"))
            .type_params(vec![TypeParameter::new(
                "Balance",
                Some(meta_type::<u128>()),
            )])
            .composite(
                Fields::named()
                    .field(|f| f.ty::<u128>().name("free").type_name("Balance"))
                    .field(|f| f.ty::<u128>().name("reserved").type_name("Balance"))
                    .field(|f| f.ty::<u128>().name("frozen").type_name("Balance"))
                    .field(|f| f.ty::<u128>().name("flags").type_name("ExtraFlags")),
            )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_info_layout_is_substrates() {
        let info = AccountInfo {
            nonce: 1,
            consumers: 0,
            providers: 1,
            sufficients: 0,
            data: AccountData {
                free: 5,
                ..Default::default()
            },
        };
        let bytes = info.encode();
        assert_eq!(bytes.len(), 16 + 64);
        assert_eq!(&bytes[..4], &[1, 0, 0, 0]);
        assert_eq!(bytes[16], 5);
        assert_eq!(
            AccountInfo::type_info().path.segments,
            vec!["frame_system", "AccountInfo"]
        );
        assert_eq!(
            AccountData::type_info().path.segments,
            vec!["pallet_balances", "types", "AccountData"]
        );
    }
}
