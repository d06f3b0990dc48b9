//! Test fixtures shared by the node's unit tests: a chain over an in-memory store from a real runtime genesis, dev
//! keys, signed transfers, and bare headers with unsigned commit certificates for the indexes and sync.

use std::sync::Arc;

use metanode_consensus::{CommitCertificate, QuorumCert, VoteData};
use metanode_primitives::{
    AccountId32, Digest, DigestItem, Era, Header, MultiAddress, NextValidatorSet, Pair, H256,
};
use metanode_runtime::{
    balances, genesis_storage, sign_call, ChainContext, GenesisConfig, RuntimeCall, SigningContext,
    ValidatorInfo,
};
use metanode_storage::{KvStore, MemStore};
use parity_scale_codec::Encode;

use crate::chain::{init_or_check_genesis, Chain};

/// One token in plancks.
pub const UNIT: u128 = 1_000_000_000_000;

/// The dev key `//<name>`.
pub fn pair(name: &str) -> Pair {
    Pair::from_string(&format!("//{name}"), None).expect("dev key")
}

/// A chain at genesis (Alice and Bob endowed with 1,000 of each token, Alice the only validator), over memory.
pub fn chain() -> (Arc<Chain>, ChainContext) {
    let endow = || {
        vec![
            (pair("Alice").public(), 1_000 * UNIT),
            (pair("Bob").public(), 1_000 * UNIT),
        ]
    };
    let storage = genesis_storage(&GenesisConfig {
        balances: endow(),
        gen: endow(),
        nex: endow(),
        aur: endow(),
        aur_issuer: None,
        admin: pair("Alice").public(),
        validators: vec![ValidatorInfo {
            session_key: pair("Alice").public(),
            network_key: b"12D3KooWAlice".to_vec(),
        }],
        mining: Default::default(),
    })
    .expect("genesis");
    let store: Arc<dyn KvStore> = Arc::new(MemStore::new());
    let state = metanode_storage::state::StateDb::new(store.clone());
    let genesis = init_or_check_genesis(store.as_ref(), &state, &storage).expect("genesis");
    let chain = Arc::new(Chain::open(store, genesis.hash()).expect("chain"));
    (chain, ChainContext::new(genesis.hash()))
}

/// `Balances.transfer_allow_death` of one unit to Charlie, signed by `//<from>` with `nonce`, immortal.
pub fn transfer(ctx: &ChainContext, from: &str, nonce: u32) -> Vec<u8> {
    let call = RuntimeCall::Balances(balances::Call::transfer_allow_death {
        dest: MultiAddress::Id(pair("Charlie").public()),
        value: UNIT,
    });
    sign_call(
        &call,
        &pair(from),
        nonce,
        Era::Immortal,
        0,
        &SigningContext::immortal(ctx.genesis_hash),
    )
    .encode()
}

/// A bare header on `parent` (zero roots) whose digest carries `salt` (so siblings differ) and, with `next`, announces
/// a one-validator set for epoch `next`.
pub fn header(number: u32, parent: H256, salt: u8, next: Option<u64>) -> Header {
    let mut digest = Digest::default();
    digest.push(DigestItem::Other(vec![salt]));
    if let Some(epoch) = next {
        digest.push_next_validator_set(&NextValidatorSet {
            epoch,
            validators: vec![AccountId32([7; 32])],
        });
    }
    Header {
        parent_hash: parent,
        number,
        state_root: H256::zero(),
        extrinsics_root: H256::zero(),
        digest,
    }
}

/// An unsigned epoch-`epoch` commit certificate (SCALE) for `committed` at `round`, as the QC of its child in round
/// `round + 1`.
pub fn unsigned_certificate(epoch: u64, committed: &Header, round: u64) -> Vec<u8> {
    CommitCertificate {
        qc: QuorumCert {
            vote: VoteData {
                epoch,
                round: round + 1,
                block: [0xcc; 32],
                height: u64::from(committed.number) + 1,
                parent: committed.hash().0,
                parent_round: round,
            },
            signatures: Vec::new(),
        },
    }
    .encode()
}
