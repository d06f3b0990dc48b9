//! The Containers pallet (index 8): an app deployment is an on-chain record.
//!
//! Terms: an **app** is named by a DNS-label-like name ([`validate_name`]: [`MIN_NAME_LEN`] to [`MAX_NAME_LEN`]
//! bytes of `a-z`, `0-9` and `-`, not starting or ending with `-`), unique chain-wide. Its [`App`] record in
//! `Containers.Apps` holds the **owner** (the account that deployed it), the OCI **image digest** (sha256), the
//! deployment **manifest hash** (blake3), the **replicas** wanted (1 to [`MAX_REPLICAS`]), the **status**
//! (running or stopped), the **version** (1 at deploy, one more per `update`) and the blocks it was created and last
//! changed at. The chain records what should run; nodes or operators that run containers read it. An app's history
//! is its receipts: [`Call::app_name`] gives the runtime the receipt's related app.
//!
//! Calls, all signed: anyone may `deploy` a free name (at most [`MAX_APPS_PER_OWNER`] apps per owner); only the
//! owner may `update` (new image and/or manifest), `scale` (which also starts a stopped app), `stop` or `remove`
//! it. A call that would change nothing fails with `NoChange` (or `AlreadyStopped`), so every successful call is a
//! real change with its event. Every call checks the origin, then everything else (checked arithmetic), then
//! writes, then emits its event: a failed call writes nothing. The pallet reads the block number through
//! [`Config`], so it depends on support and primitives only.
//!
//! Invariants, after any call:
//! - `Containers.AppCount` = the number of `Containers.Apps` entries;
//! - every app's name is in exactly one `Containers.AppsByOwner` list, its owner's, exactly once; every name in
//!   those lists is an app; no list is empty or longer than [`MAX_APPS_PER_OWNER`];
//! - every stored app has a valid name, 1 to [`MAX_REPLICAS`] replicas, version >= 1 and
//!   `created_at <= updated_at`.

pub mod event;
pub mod storage;
pub mod types;
pub mod weights;

#[cfg(test)]
mod tests;

pub use event::{Call, Error, Event};
pub use types::{
    validate_name, validate_replicas, App, AppStatus, MAX_APPS_PER_OWNER, MAX_NAME_LEN,
    MAX_REPLICAS, MIN_NAME_LEN,
};

use std::marker::PhantomData;

use metanode_primitives::{AccountId32, BlockNumber};
use metanode_support::{
    ensure_signed, ArithmeticError, Context, DispatchError, DispatchResult, Origin, StateRead,
};

use storage::{APPS, APPS_BY_OWNER, APP_COUNT};

/// The pallet's index: part of the wire format.
pub const PALLET_INDEX: u8 = 8;

/// The log target.
const TARGET: &str = "runtime::containers";

/// What the runtime provides to this pallet.
pub trait Config: 'static {
    /// The number of the block being executed (System's `Number`).
    fn block_number(state: &dyn StateRead) -> BlockNumber;
}

/// The Containers pallet.
pub struct Pallet<T>(PhantomData<T>);

impl<T: Config> Pallet<T> {
    /// Runs a call.
    pub fn dispatch(ctx: &mut Context<'_>, origin: Origin, call: Call) -> DispatchResult {
        let who = ensure_signed(&origin)?;
        // A name that is not valid can never be stored: say so rather than `AppNotFound`.
        validate_name(call.app_name())?;
        match call {
            Call::deploy {
                name,
                image_digest,
                manifest_hash,
                replicas,
            } => Self::do_deploy(ctx, who, name, image_digest, manifest_hash, replicas),
            Call::update {
                name,
                image_digest,
                manifest_hash,
            } => Self::do_update(ctx, &who, name, image_digest, manifest_hash),
            Call::scale { name, replicas } => Self::do_scale(ctx, &who, name, replicas),
            Call::stop { name } => Self::do_stop(ctx, &who, name),
            Call::remove { name } => Self::do_remove(ctx, &who, name),
        }
    }

    fn do_deploy(
        ctx: &mut Context<'_>,
        owner: AccountId32,
        name: Vec<u8>,
        image_digest: [u8; 32],
        manifest_hash: [u8; 32],
        replicas: u32,
    ) -> DispatchResult {
        validate_replicas(replicas)?;
        if APPS.contains_key(ctx.state, &name) {
            return Err(Error::AppExists.into());
        }
        let mut owned = APPS_BY_OWNER.get_or_default(ctx.state, &owner);
        if owned.len() >= MAX_APPS_PER_OWNER {
            return Err(Error::TooManyApps.into());
        }
        let count = APP_COUNT
            .get_or_default(ctx.state)
            .checked_add(1)
            .ok_or(ArithmeticError::Overflow)?;
        let now = T::block_number(ctx.state);
        let app = App {
            owner,
            image_digest,
            manifest_hash,
            replicas,
            status: AppStatus::Running,
            version: 1,
            created_at: now,
            updated_at: now,
        };
        owned.push(name.clone());

        APPS.insert(ctx.state, &name, &app);
        APPS_BY_OWNER.insert(ctx.state, &owner, &owned);
        APP_COUNT.put(ctx.state, &count);
        tracing::debug!(target: TARGET, name = %String::from_utf8_lossy(&name), %owner, replicas, "app deployed");
        ctx.deposit_event(Event::Deployed {
            name,
            owner,
            version: app.version,
            replicas,
        });
        Ok(())
    }

    fn do_update(
        ctx: &mut Context<'_>,
        who: &AccountId32,
        name: Vec<u8>,
        image_digest: [u8; 32],
        manifest_hash: [u8; 32],
    ) -> DispatchResult {
        let mut app = owned_app(ctx.state, who, &name)?;
        if app.image_digest == image_digest && app.manifest_hash == manifest_hash {
            return Err(Error::NoChange.into());
        }
        let version = app
            .version
            .checked_add(1)
            .ok_or(ArithmeticError::Overflow)?;
        app.image_digest = image_digest;
        app.manifest_hash = manifest_hash;
        app.version = version;
        app.updated_at = T::block_number(ctx.state);

        APPS.insert(ctx.state, &name, &app);
        tracing::debug!(target: TARGET, name = %String::from_utf8_lossy(&name), version, "app updated");
        ctx.deposit_event(Event::Updated { name, version });
        Ok(())
    }

    fn do_scale(
        ctx: &mut Context<'_>,
        who: &AccountId32,
        name: Vec<u8>,
        replicas: u32,
    ) -> DispatchResult {
        validate_replicas(replicas)?;
        let mut app = owned_app(ctx.state, who, &name)?;
        if app.is_running() && app.replicas == replicas {
            return Err(Error::NoChange.into());
        }
        app.replicas = replicas;
        app.status = AppStatus::Running;
        app.updated_at = T::block_number(ctx.state);

        APPS.insert(ctx.state, &name, &app);
        tracing::debug!(target: TARGET, name = %String::from_utf8_lossy(&name), replicas, "app scaled");
        ctx.deposit_event(Event::Scaled { name, replicas });
        Ok(())
    }

    fn do_stop(ctx: &mut Context<'_>, who: &AccountId32, name: Vec<u8>) -> DispatchResult {
        let mut app = owned_app(ctx.state, who, &name)?;
        if !app.is_running() {
            return Err(Error::AlreadyStopped.into());
        }
        app.status = AppStatus::Stopped;
        app.updated_at = T::block_number(ctx.state);

        APPS.insert(ctx.state, &name, &app);
        tracing::debug!(target: TARGET, name = %String::from_utf8_lossy(&name), "app stopped");
        ctx.deposit_event(Event::Stopped { name });
        Ok(())
    }

    fn do_remove(ctx: &mut Context<'_>, who: &AccountId32, name: Vec<u8>) -> DispatchResult {
        owned_app(ctx.state, who, &name)?;
        let mut owned = APPS_BY_OWNER.get_or_default(ctx.state, who);
        owned.retain(|n| *n != name);
        let count = APP_COUNT
            .get_or_default(ctx.state)
            .checked_sub(1)
            .ok_or(ArithmeticError::Underflow)?;

        APPS.remove(ctx.state, &name);
        if owned.is_empty() {
            APPS_BY_OWNER.remove(ctx.state, who);
        } else {
            APPS_BY_OWNER.insert(ctx.state, who, &owned);
        }
        APP_COUNT.put(ctx.state, &count);
        tracing::debug!(target: TARGET, name = %String::from_utf8_lossy(&name), "app removed");
        ctx.deposit_event(Event::Removed { name });
        Ok(())
    }
}

impl<T> Pallet<T> {
    /// The app named `name`, if any.
    pub fn app(state: &dyn StateRead, name: &[u8]) -> Option<App> {
        APPS.get(state, &name.to_vec())
    }

    /// The names of `owner`'s apps, in deploy order (empty if none).
    pub fn apps_of(state: &dyn StateRead, owner: &AccountId32) -> Vec<Vec<u8>> {
        APPS_BY_OWNER.get_or_default(state, owner)
    }

    /// The number of apps.
    pub fn app_count(state: &dyn StateRead) -> u32 {
        APP_COUNT.get_or_default(state)
    }
}

/// The app named `name` if `who` owns it; `AppNotFound` or `NotOwner` otherwise.
fn owned_app(
    state: &dyn StateRead,
    who: &AccountId32,
    name: &Vec<u8>,
) -> Result<App, DispatchError> {
    let app = APPS.get(state, name).ok_or(Error::AppNotFound)?;
    if app.owner != *who {
        return Err(Error::NotOwner.into());
    }
    Ok(app)
}
