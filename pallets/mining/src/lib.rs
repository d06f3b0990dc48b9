//! The Mining pallet (index 9): each certified block mints FLX by the chain spec's [`Emission`] schedule, split
//! between the block's proposer and the validators whose signatures are in its certificate.
//!
//! Terms: a block's certificate (the quorum certificate of 2f+1 validator signatures) is only known once its child
//! is proposed: the child's header carries it. So the executive calls [`Pallet::on_finalize`] at the end of every
//! block `n` with `n`'s proposer and the certificate of block `n - 1` from `n`'s header; the pallet then rewards
//! `n - 1` (remembered in `Mining.Pending`) and remembers `n`. A committed block's certificate was verified by
//! consensus before the block was executed, so the signers paid are the ones who really signed.
//!
//! - The proposer gets `proposerPercent` of the reward plus the rounding remainder; each signer gets an equal share
//!   of the rest ([`Emission::split`]). A proposer who also signed is paid for both.
//! - A certificate without signatures (the round-0 certificate that starts an epoch) pays the proposer's share only;
//!   the signers' share is not minted.
//! - Signer indices refer to the certificate's epoch's validator set in leader order; `Mining.Rosters` keeps the last
//!   [`MAX_ROSTERS`] sets so a certificate signed just before a set change is still paid to its signers.
//! - A payout to an account that does not exist and is below the existential deposit is not minted (logged).
//!
//! Invariant: `Mining.TotalMinted` = the sum of all `Rewarded` amounts, and each was added to FLX's total issuance.
//! The pallet has no calls.

pub mod event;
pub mod storage;
pub mod types;

#[cfg(test)]
mod tests;

pub use event::Event;
pub use types::{
    Author, Certificate, Emission, EmissionError, Payout, PendingReward, Role, Roster,
};

use std::marker::PhantomData;

use metanode_primitives::{AccountId32, BlockNumber};
use metanode_support::{Context, Currency, State, StateRead};

use storage::{EMISSION, PENDING, ROSTERS, TOTAL_MINTED};

/// The pallet's index: part of the wire format.
pub const PALLET_INDEX: u8 = 9;
/// How many epochs' validator sets `Mining.Rosters` keeps.
pub const MAX_ROSTERS: usize = 4;

/// What the runtime provides to this pallet.
pub trait Config: 'static {
    /// FLX, minted into.
    type Currency: Currency;
    /// The current validator set's epoch.
    fn validator_epoch(state: &dyn StateRead) -> u64;
    /// The current validator set's session keys, in leader order.
    fn validators(state: &dyn StateRead) -> Vec<AccountId32>;
}

/// The Mining pallet.
pub struct Pallet<T>(PhantomData<T>);

impl<T: Config> Pallet<T> {
    /// Genesis: sets the emission schedule.
    pub fn set_emission(state: &mut dyn State, emission: &Emission) {
        EMISSION.put(state, emission);
    }

    /// The emission schedule (the default when genesis set none).
    pub fn emission(state: &dyn StateRead) -> Emission {
        EMISSION.get(state).unwrap_or_default()
    }

    /// All FLX minted so far, base units.
    pub fn total_minted(state: &dyn StateRead) -> u128 {
        TOTAL_MINTED.get_or_default(state)
    }

    /// The block awaiting its certificate.
    pub fn pending(state: &dyn StateRead) -> Option<PendingReward> {
        PENDING.get(state)
    }

    /// Block `now` ends: records the current validator set if its epoch is new, rewards the pending block when
    /// `certificate` certifies it, and leaves block `now` (by `author`) pending. Returns the payouts minted, in
    /// order (proposer first, then signers in index order); each also emitted `Rewarded`.
    pub fn on_finalize(
        ctx: &mut Context<'_>,
        now: BlockNumber,
        author: Option<&Author>,
        certificate: Option<&Certificate>,
    ) -> Vec<Payout> {
        Self::note_roster(ctx.state);
        let payouts = match (PENDING.get(ctx.state), certificate) {
            (Some(pending), Some(cert)) if cert.height == pending.block => {
                Self::reward(ctx, &pending, cert)
            }
            (Some(pending), cert) => {
                tracing::warn!(
                    target: "runtime::mining",
                    pending = pending.block,
                    certified = ?cert.map(|c| c.height),
                    "the block's certificate does not certify the pending block: no reward"
                );
                Vec::new()
            }
            (None, _) => Vec::new(),
        };
        match author {
            Some(author) => PENDING.put(
                ctx.state,
                &PendingReward {
                    block: now,
                    proposer: author.proposer,
                    epoch: author.epoch,
                },
            ),
            None => PENDING.remove(ctx.state),
        }
        payouts
    }

    /// Appends the current set to `Mining.Rosters` when its epoch is not the last one recorded (the set itself is
    /// only read then).
    fn note_roster(state: &mut dyn State) {
        let epoch = T::validator_epoch(state);
        let mut rosters = ROSTERS.get_or_default(state);
        if rosters.last().map(|r| r.epoch) == Some(epoch) {
            return;
        }
        rosters.push(Roster {
            epoch,
            validators: T::validators(state),
        });
        let excess = rosters.len().saturating_sub(MAX_ROSTERS);
        rosters.drain(..excess);
        ROSTERS.put(state, &rosters);
    }

    /// The accounts that signed `cert`, by its epoch's roster; signers outside it are skipped (logged).
    fn signers(state: &dyn StateRead, cert: &Certificate) -> Vec<AccountId32> {
        if cert.signers.is_empty() {
            return Vec::new();
        }
        let rosters = ROSTERS.get_or_default(state);
        let Some(roster) = rosters.iter().find(|r| r.epoch == cert.epoch) else {
            tracing::warn!(target: "runtime::mining", epoch = cert.epoch, "no roster for the certificate's epoch: signers not paid");
            return Vec::new();
        };
        cert.signers
            .iter()
            .filter_map(|&index| {
                let who = usize::try_from(index).ok().and_then(|i| roster.validators.get(i));
                if who.is_none() {
                    tracing::warn!(target: "runtime::mining", index, epoch = cert.epoch, "certificate signer outside the epoch's set: not paid");
                }
                who.copied()
            })
            .collect()
    }

    /// Mints the pending block's reward to its proposer and its certificate's signers.
    fn reward(ctx: &mut Context<'_>, pending: &PendingReward, cert: &Certificate) -> Vec<Payout> {
        let emission = Self::emission(ctx.state);
        let reward = emission.reward_at(pending.block);
        let signers = Self::signers(ctx.state, cert);
        let (proposer_amount, signer_amount) = emission.split(reward, signers.len());
        let mut payouts = Vec::with_capacity(signers.len() + 1);
        let shares = std::iter::once((pending.proposer, proposer_amount, Role::Proposer)).chain(
            signers
                .into_iter()
                .map(|who| (who, signer_amount, Role::Signer)),
        );
        for (who, amount, role) in shares {
            if let Some(payout) = Self::mint(ctx, pending.block, who, amount, role) {
                payouts.push(payout);
            }
        }
        payouts
    }

    /// Mints one share; `None` when it is zero or cannot be deposited (nothing written then).
    fn mint(
        ctx: &mut Context<'_>,
        block: BlockNumber,
        who: AccountId32,
        amount: u128,
        role: Role,
    ) -> Option<Payout> {
        if amount == 0 {
            return None;
        }
        let minted = ctx.with_transaction(|c| {
            T::Currency::deposit(c, &who, amount)?;
            let total = TOTAL_MINTED
                .get_or_default(c.state)
                .checked_add(amount)
                .ok_or(metanode_support::ArithmeticError::Overflow)?;
            TOTAL_MINTED.put(c.state, &total);
            c.deposit_event(Event::Rewarded {
                block,
                who,
                amount,
                role,
            });
            Ok::<_, metanode_support::DispatchError>(())
        });
        match minted {
            Ok(()) => Some(Payout {
                block,
                who,
                amount,
                role,
            }),
            Err(error) => {
                tracing::warn!(target: "runtime::mining", %who, amount, ?role, ?error, "reward not minted");
                None
            }
        }
    }
}
