//! Runtime support for Metanode pallets: the pieces FRAME's `frame_support`/`frame_system` traits provide, written
//! as plain Rust with Substrate's on-chain formats.
//!
//! - [`state`]: [`StateRead`]/[`State`], the runtime's infallible view of chain state; [`overlay`]: a
//!   transactional overlay whose `into_changes()` the node commits.
//! - [`storage`]: typed items with Substrate's key layout `twox_128(pallet) ++ twox_128(item) ++ hasher(key)`.
//! - [`dispatch`], [`error`], [`weight`]: origins, `DispatchError` (Substrate's enum), weights and dispatch info.
//! - [`context`]: the state + event sink a call runs against, with storage transactions.
//! - [`account`], [`tokens`]: the `System.Account` record and the traits (`AccountStore`, `Currency`) through
//!   which pallets couple without depending on each other.
//!
//! Types clients match by path (`frame_system::AccountInfo`, `sp_runtime::DispatchError`, ...) implement
//! `TypeInfo` by hand with Substrate's paths.

pub mod account;
pub mod context;
pub mod dispatch;
pub mod error;
pub mod overlay;
pub mod state;
pub mod storage;
pub mod testing;
pub mod tokens;
pub mod weight;

pub use account::{AccountData, AccountInfo, AccountStore};
pub use context::{Context, EventSink, PalletEvent};
pub use dispatch::{
    ensure_none, ensure_root, ensure_signed, lookup, Dispatchable, Origin, PalletError,
};
pub use error::{
    ArithmeticError, DispatchError, DispatchResult, ModuleError, TokenError, TransactionalError,
};
pub use overlay::{Changes, OverlayError, OverlayState};
pub use state::{
    append_encoded_item, clear_prefix, iter_prefix_keys, new_encoded_vec, ReadOnly, State,
    StateRead,
};
pub use storage::{
    Blake2_128Concat, HasherKind, Identity, ReversibleStorageHasher, StorageDoubleMap,
    StorageHasher, StorageMap, StorageValue, Twox64Concat,
};
pub use tokens::{Currency, ExistenceRequirement};
pub use weight::{DispatchClass, DispatchInfo, Pays, Weight};

/// Re-exported so pallets derive with the same codec version.
pub use parity_scale_codec as codec;
/// Re-exported so pallets derive with the same `scale-info` version.
pub use scale_info;
