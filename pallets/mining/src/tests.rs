//! Unit tests against a mock runtime (System + Balances with ED = 10) whose validator set is a test storage item.
//! Each test that mints ends by checking that FLX's total issuance grew by exactly `Mining.TotalMinted`.

use metanode_pallet_balances as balances;
use metanode_pallet_system as system;
use metanode_support::codec::Decode;
use metanode_support::testing::{MemState, RecordingSink};
use metanode_support::StorageValue;

use super::*;

/// The mock's validator set.
const SET: StorageValue<(u64, Vec<AccountId32>)> = StorageValue::new("Test", "Set");

struct Test;
impl balances::Config for Test {
    type AccountStore = system::Pallet;
    const EXISTENTIAL_DEPOSIT: u128 = 10;
}
impl Config for Test {
    type Currency = balances::Pallet<Test>;
    fn validator_epoch(state: &dyn StateRead) -> u64 {
        SET.get_or_default(state).0
    }
    fn validators(state: &dyn StateRead) -> Vec<AccountId32> {
        SET.get_or_default(state).1
    }
}
type Mining = Pallet<Test>;
type Flx = balances::Pallet<Test>;

fn acc(n: u8) -> AccountId32 {
    AccountId32([n; 32])
}

/// Validators 1, 2, 3 in epoch 0; 1,000 per block, 20 % to the proposer, no halving.
fn setup() -> (MemState, RecordingSink) {
    let mut s = MemState::new();
    SET.put(&mut s, &(0, vec![acc(1), acc(2), acc(3)]));
    Mining::set_emission(
        &mut s,
        &Emission {
            reward_per_block: 1_000,
            halving_interval: 0,
            proposer_percent: 20,
        },
    );
    (s, RecordingSink::default())
}

fn finish(
    s: &mut MemState,
    sink: &mut RecordingSink,
    now: BlockNumber,
    proposer: u8,
    cert: Option<Certificate>,
) -> Vec<Payout> {
    let author = Author {
        proposer: acc(proposer),
        epoch: SET.get_or_default(s).0,
    };
    let mut ctx = Context::new(s, sink);
    Mining::on_finalize(&mut ctx, now, Some(&author), cert.as_ref())
}

fn cert(epoch: u64, height: BlockNumber, signers: &[u32]) -> Option<Certificate> {
    Some(Certificate {
        epoch,
        height,
        signers: signers.to_vec(),
    })
}

fn amounts(payouts: &[Payout]) -> Vec<(AccountId32, u128, Role)> {
    payouts.iter().map(|p| (p.who, p.amount, p.role)).collect()
}

fn assert_minted_into_issuance(s: &MemState) {
    assert_eq!(
        <Flx as Currency>::total_issuance(s),
        Mining::total_minted(s),
        "FLX issuance grew by exactly what Mining minted"
    );
}

#[test]
fn the_first_block_only_becomes_pending() {
    let (mut s, mut sink) = setup();
    assert!(finish(&mut s, &mut sink, 1, 1, cert(0, 0, &[])).is_empty());
    assert_eq!(
        Mining::pending(&s),
        Some(PendingReward {
            block: 1,
            proposer: acc(1),
            epoch: 0
        })
    );
    assert_eq!(Mining::total_minted(&s), 0);
    assert!(sink.events.is_empty());
}

#[test]
fn a_certified_block_pays_its_proposer_and_signers() {
    let (mut s, mut sink) = setup();
    finish(&mut s, &mut sink, 1, 2, cert(0, 0, &[]));
    let payouts = finish(&mut s, &mut sink, 2, 3, cert(0, 1, &[0, 1, 2]));
    // 20 % of 1,000 = 200 to the proposer, 800 / 3 = 266 each, the remainder 2 to the proposer.
    assert_eq!(
        amounts(&payouts),
        vec![
            (acc(2), 202, Role::Proposer),
            (acc(1), 266, Role::Signer),
            (acc(2), 266, Role::Signer),
            (acc(3), 266, Role::Signer),
        ]
    );
    assert!(payouts.iter().all(|p| p.block == 1));
    assert_eq!(Flx::free_balance(&s, &acc(2)), 468);
    assert_eq!(Mining::total_minted(&s), 1_000);
    assert_eq!(
        Mining::pending(&s).map(|p| (p.block, p.proposer)),
        Some((2, acc(3)))
    );
    let rewarded: Vec<Event> = sink
        .events
        .iter()
        .filter(|e| e[0] == PALLET_INDEX)
        .map(|e| Event::decode(&mut &e[1..]).unwrap())
        .collect();
    assert_eq!(rewarded.len(), 4);
    assert_eq!(
        rewarded[0],
        Event::Rewarded {
            block: 1,
            who: acc(2),
            amount: 202,
            role: Role::Proposer
        }
    );
    assert_minted_into_issuance(&s);
}

#[test]
fn a_certificate_without_signatures_pays_the_proposer_share_only() {
    let (mut s, mut sink) = setup();
    finish(&mut s, &mut sink, 1, 1, None);
    let payouts = finish(&mut s, &mut sink, 2, 1, cert(0, 1, &[]));
    assert_eq!(amounts(&payouts), vec![(acc(1), 200, Role::Proposer)]);
    assert_eq!(Mining::total_minted(&s), 200);
    assert_minted_into_issuance(&s);
}

#[test]
fn a_certificate_for_another_block_or_none_pays_nothing() {
    let (mut s, mut sink) = setup();
    finish(&mut s, &mut sink, 1, 1, None);
    assert!(finish(&mut s, &mut sink, 2, 1, cert(0, 7, &[0])).is_empty());
    assert!(finish(&mut s, &mut sink, 3, 1, None).is_empty());
    assert_eq!(Mining::total_minted(&s), 0);
    assert_eq!(Mining::pending(&s).map(|p| p.block), Some(3));
}

#[test]
fn signers_are_paid_by_their_epochs_set_after_the_set_changes() {
    let (mut s, mut sink) = setup();
    finish(&mut s, &mut sink, 1, 1, None);
    // Block 1 changed the set: epoch 1 is validators 7 and 8. Block 1's certificate is still epoch 0's.
    SET.put(&mut s, &(1, vec![acc(7), acc(8)]));
    let payouts = finish(&mut s, &mut sink, 2, 7, cert(0, 1, &[1, 2]));
    assert_eq!(
        amounts(&payouts),
        vec![
            (acc(1), 200, Role::Proposer),
            (acc(2), 400, Role::Signer),
            (acc(3), 400, Role::Signer),
        ]
    );
    let payouts = finish(&mut s, &mut sink, 3, 8, cert(1, 2, &[0, 1]));
    assert_eq!(
        amounts(&payouts),
        vec![
            (acc(7), 200, Role::Proposer),
            (acc(7), 400, Role::Signer),
            (acc(8), 400, Role::Signer),
        ]
    );
    assert_minted_into_issuance(&s);
}

#[test]
fn signers_outside_the_set_or_of_an_unknown_epoch_are_not_paid() {
    let (mut s, mut sink) = setup();
    finish(&mut s, &mut sink, 1, 1, None);
    let payouts = finish(&mut s, &mut sink, 2, 1, cert(0, 1, &[0, 9]));
    assert_eq!(
        amounts(&payouts),
        vec![(acc(1), 200, Role::Proposer), (acc(1), 800, Role::Signer)]
    );
    let payouts = finish(&mut s, &mut sink, 3, 1, cert(5, 2, &[0]));
    assert_eq!(amounts(&payouts), vec![(acc(1), 200, Role::Proposer)]);
    assert_minted_into_issuance(&s);
}

#[test]
fn rosters_keep_the_last_few_epochs_and_are_written_only_on_change() {
    let (mut s, mut sink) = setup();
    for epoch in 0..10u64 {
        SET.put(&mut s, &(epoch, vec![acc(epoch as u8)]));
        let block = epoch as BlockNumber + 1;
        finish(&mut s, &mut sink, block, 1, None);
        finish(&mut s, &mut sink, block + 100, 1, None);
    }
    let rosters = storage::ROSTERS.get_or_default(&s);
    assert_eq!(
        rosters.iter().map(|r| r.epoch).collect::<Vec<_>>(),
        vec![6, 7, 8, 9]
    );
    assert_eq!(rosters[3].validators, vec![acc(9)]);
}

#[test]
fn a_share_below_the_existential_deposit_for_a_new_account_is_not_minted() {
    let (mut s, mut sink) = setup();
    Mining::set_emission(
        &mut s,
        &Emission {
            reward_per_block: 30,
            halving_interval: 0,
            proposer_percent: 50,
        },
    );
    finish(&mut s, &mut sink, 1, 1, None);
    // 15 to the proposer (>= ED 10), 15 / 3 = 5 each to the signers: account 1 exists by then and gets its 5;
    // accounts 2 and 3 do not exist and 5 is below the ED.
    let payouts = finish(&mut s, &mut sink, 2, 1, cert(0, 1, &[0, 1, 2]));
    assert_eq!(
        amounts(&payouts),
        vec![(acc(1), 15, Role::Proposer), (acc(1), 5, Role::Signer)]
    );
    assert_eq!(Mining::total_minted(&s), 20);
    assert_minted_into_issuance(&s);
}

#[test]
fn the_reward_halves_on_schedule_and_reaches_zero() {
    let emission = Emission {
        reward_per_block: 1_000,
        halving_interval: 10,
        proposer_percent: 20,
    };
    assert_eq!(emission.reward_at(0), 1_000);
    assert_eq!(emission.reward_at(9), 1_000);
    assert_eq!(emission.reward_at(10), 500);
    assert_eq!(emission.reward_at(35), 125);
    assert_eq!(emission.reward_at(10 * 200), 0);
    let never = Emission {
        halving_interval: 0,
        ..emission
    };
    assert_eq!(never.reward_at(BlockNumber::MAX), 1_000);
}

#[test]
fn the_split_never_mints_more_than_the_reward() {
    for percent in [0u8, 1, 20, 99, 100] {
        let emission = Emission {
            reward_per_block: 0,
            halving_interval: 0,
            proposer_percent: percent,
        };
        for reward in [0u128, 1, 7, 1_000, 999_999_999_999_999, u128::MAX] {
            for signers in 0..6usize {
                let (proposer, each) = emission.split(reward, signers);
                let total = proposer + each * signers as u128;
                if signers == 0 {
                    assert!(total <= reward);
                } else {
                    assert_eq!(total, reward, "{percent}% of {reward} over {signers}");
                }
            }
        }
    }
    assert_eq!(
        Emission {
            proposer_percent: 101,
            ..Emission::default()
        }
        .validate(),
        Err(EmissionError::ProposerPercent(101))
    );
    assert_eq!(Emission::default().validate(), Ok(()));
}
