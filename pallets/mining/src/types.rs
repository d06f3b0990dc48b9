//! [`Emission`] (the chain spec's schedule), the inputs the runtime hands over ([`Author`], [`Certificate`]) and
//! what the pallet records ([`PendingReward`], [`Roster`], [`Payout`]).

use metanode_primitives::{AccountId32, BlockNumber};
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;
use serde::{Deserialize, Serialize};

/// FLX base units in one FLX (12 decimals).
const FLX: u128 = 1_000_000_000_000;

/// The emission schedule, from the chain spec (`genesis.runtime.mining`, camelCase): block `n` is worth
/// `rewardPerBlock >> (n / halvingInterval)` FLX base units (no halving when `halvingInterval` is 0), of which
/// `proposerPercent` goes to its proposer and the rest is split equally between the validators whose signatures
/// are in its certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Emission {
    /// FLX minted for a certified block before any halving, base units.
    pub reward_per_block: u128,
    /// Blocks between halvings; 0 = the reward never halves.
    pub halving_interval: BlockNumber,
    /// The proposer's share of a block's reward, percent (0..=100).
    pub proposer_percent: u8,
}

impl Default for Emission {
    /// 1 FLX per block, halving every 31,536,000 blocks (a year of 1 s blocks), 20 % to the proposer.
    fn default() -> Self {
        Emission {
            reward_per_block: FLX,
            halving_interval: 31_536_000,
            proposer_percent: 20,
        }
    }
}

impl Emission {
    /// Checks the schedule: `proposerPercent` at most 100.
    pub fn validate(&self) -> Result<(), EmissionError> {
        if self.proposer_percent > 100 {
            return Err(EmissionError::ProposerPercent(self.proposer_percent));
        }
        Ok(())
    }

    /// The reward of block `block`, base units.
    pub fn reward_at(&self, block: BlockNumber) -> u128 {
        if self.halving_interval == 0 {
            return self.reward_per_block;
        }
        let halvings = block / self.halving_interval;
        self.reward_per_block.checked_shr(halvings).unwrap_or(0)
    }

    /// `reward` split for a certificate with `signers` signers: `(proposer's amount, each signer's amount)`. The
    /// proposer gets `proposerPercent` of the reward plus the remainder of the equal split; with no signers the
    /// signers' share is not minted.
    pub fn split(&self, reward: u128, signers: usize) -> (u128, u128) {
        let percent = u128::from(self.proposer_percent.min(100));
        // reward * percent / 100 without overflow.
        let proposer = reward / 100 * percent + reward % 100 * percent / 100;
        let pool = reward - proposer;
        match u128::try_from(signers) {
            Ok(n) if n > 0 => (proposer + pool % n, pool / n),
            _ => (proposer, 0),
        }
    }
}

/// Why an emission schedule is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmissionError {
    /// The proposer's share is above 100 %.
    #[error("mining proposerPercent is {0}; at most 100 is allowed")]
    ProposerPercent(u8),
}

/// The block being finished: its proposer (from the header's consensus pre-digest) and the epoch it was proposed in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author {
    /// The proposer's session key (it also receives the block's fees).
    pub proposer: AccountId32,
    /// The epoch the block was proposed in.
    pub epoch: u64,
}

/// The quorum certificate a block's header carries for its parent: what it certifies and who signed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// The signers' epoch: their indices are positions in that epoch's validator set.
    pub epoch: u64,
    /// The certified block's number.
    pub height: BlockNumber,
    /// The signers' indices in the epoch's validator set (leader order), as the certificate lists them.
    pub signers: Vec<u32>,
}

/// `Mining.Pending`: the last finished block, rewarded when its child (carrying its certificate) finishes.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct PendingReward {
    /// The block's number.
    pub block: BlockNumber,
    /// Its proposer.
    pub proposer: AccountId32,
    /// The epoch it was proposed in.
    pub epoch: u64,
}

/// One epoch's validator session keys in leader order (`Mining.Rosters` keeps the last [`MAX_ROSTERS`](crate::MAX_ROSTERS)).
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct Roster {
    /// The epoch.
    pub epoch: u64,
    /// Its validators' session keys, in leader order.
    pub validators: Vec<AccountId32>,
}

/// What a block's reward paid to one account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Role {
    /// The rewarded block's proposer.
    #[codec(index = 0)]
    Proposer,
    /// A signer of the rewarded block's certificate.
    #[codec(index = 1)]
    Signer,
}

impl Role {
    /// The action's name as receipts record it: `proposer_reward` or `signer_reward`.
    pub fn action_name(self) -> &'static str {
        match self {
            Role::Proposer => "proposer_reward",
            Role::Signer => "signer_reward",
        }
    }
}

/// One minted payout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payout {
    /// The rewarded (certified) block.
    pub block: BlockNumber,
    /// Who received it.
    pub who: AccountId32,
    /// FLX base units minted.
    pub amount: u128,
    /// Why.
    pub role: Role,
}
