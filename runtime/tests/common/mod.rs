//! Shared fixtures: a genesis with //Alice, //Bob, //Charlie; a block builder like the node's.

#![allow(dead_code)]

use metanode_primitives::{
    extrinsics_root, AccountId32, Block, ConsensusPreDigest, Digest, Era, Header, OpaqueExtrinsic,
    Pair, UncheckedExtrinsic, H256,
};
use metanode_runtime::executive::{apply_extrinsic, finalize_block, inherents, initialize_block};
use metanode_runtime::support::codec::{Decode, Encode};
use metanode_runtime::support::testing::MemState;
use metanode_runtime::support::{Changes, DispatchResult, OverlayState, State, StateRead};
use metanode_runtime::{
    genesis_storage, queries, sign_call, ChainContext, GenesisConfig, RuntimeCall, SigningContext,
    Token, TransactionValidityError, ValidatorInfo,
};

/// One FLX (12 decimals).
pub const UNIT: u128 = 1_000_000_000_000;
/// The test chain's genesis hash (any value: the runtime only signs it).
pub const GENESIS: H256 = H256([7u8; 32]);
/// Block 1's time.
pub const T1: u64 = 1_700_000_000_000;

pub fn pair(name: &str) -> Pair {
    Pair::from_string(&format!("//{name}"), None).expect("dev key")
}

pub fn alice() -> AccountId32 {
    pair("Alice").public()
}
pub fn bob() -> AccountId32 {
    pair("Bob").public()
}
/// The block author in these tests.
pub fn charlie() -> AccountId32 {
    pair("Charlie").public()
}

pub fn ctx() -> ChainContext {
    ChainContext::new(GENESIS)
}

/// Alice, Bob, Charlie hold 1000 of FLX, GEN, NEX, AUR; Alice is admin and AUR issuer.
pub fn genesis() -> MemState {
    let endow = || {
        vec![
            (alice(), 1_000 * UNIT),
            (bob(), 1_000 * UNIT),
            (charlie(), 1_000 * UNIT),
        ]
    };
    genesis_storage(&GenesisConfig {
        balances: endow(),
        gen: endow(),
        nex: endow(),
        aur: endow(),
        aur_issuer: Some(alice()),
        admin: alice(),
        validators: vec![ValidatorInfo {
            session_key: alice(),
            network_key: b"12D3KooWAlice".to_vec(),
        }],
        mining: Default::default(),
    })
    .expect("genesis")
}

/// An immortal extrinsic from `signer` (wire form).
pub fn signed(call: &RuntimeCall, signer: &str, nonce: u32) -> Vec<u8> {
    sign_call(
        call,
        &pair(signer),
        nonce,
        Era::Immortal,
        0,
        &SigningContext::immortal(GENESIS),
    )
    .encode()
}

/// A header for block `number` authored by Charlie.
pub fn header(number: u32, parent_hash: H256) -> Header {
    let mut digest = Digest { logs: Vec::new() };
    digest.push_pre_digest(&ConsensusPreDigest {
        round: u64::from(number),
        epoch: 0,
        proposer: charlie(),
    });
    Header {
        parent_hash,
        number,
        state_root: H256::zero(),
        extrinsics_root: H256::zero(),
        digest,
    }
}

/// What building a block produced.
pub struct Built {
    pub block: Block,
    pub changes: Changes,
    /// Outcome of each submitted transaction, in order.
    pub outcomes: Vec<Result<DispatchResult, TransactionValidityError>>,
}

/// Builds block `number` on `base` like the node: initialize, inherents, transactions (skipping non-includable
/// ones), finalize, extrinsics root.
pub fn build_block(
    base: &dyn StateRead,
    number: u32,
    parent_hash: H256,
    now: u64,
    txs: &[Vec<u8>],
) -> Built {
    build_block_on(base, header(number, parent_hash), now, txs)
}

/// [`build_block`] from a given header (its digest as the consensus would make it; the seal is appended).
pub fn build_block_on(
    base: &dyn StateRead,
    mut header: Header,
    now: u64,
    txs: &[Vec<u8>],
) -> Built {
    let mut overlay = OverlayState::new(base);
    initialize_block(&mut overlay, &header);
    let mut extrinsics = inherents(now);
    for inherent in &extrinsics {
        let encoded = metanode_runtime::support::codec::Encode::encode(inherent);
        assert_eq!(apply_extrinsic(&mut overlay, &ctx(), &encoded), Ok(Ok(())));
    }
    let mut outcomes = Vec::new();
    for tx in txs {
        let outcome = apply_extrinsic(&mut overlay, &ctx(), tx);
        if outcome.is_ok() {
            extrinsics.push(OpaqueExtrinsic::decode(&mut &tx[..]).expect("opaque"));
        }
        outcomes.push(outcome);
    }
    let seal = finalize_block(&mut overlay, &ctx());
    seal.push_to(&mut header.digest);
    header.extrinsics_root = extrinsics_root(&extrinsics);
    Built {
        block: Block { header, extrinsics },
        changes: overlay.into_changes(),
        outcomes,
    }
}

/// Applies overlay changes to a state.
pub fn commit(state: &mut MemState, changes: &Changes) {
    for (k, v) in changes {
        match v {
            Some(v) => state.put(k, v.clone()),
            None => state.delete(k),
        }
    }
}

/// For every token, total issuance equals the sum of balances.
pub fn assert_issuance_invariant(state: &MemState) {
    use metanode_runtime::{system, wallets};
    let flx: u128 = system::storage::ACCOUNT
        .iter(state)
        .map(|(_, i)| i.data.total())
        .sum();
    assert_eq!(
        queries::total_issuance(state, Token::FLX),
        flx,
        "FLX issuance"
    );
    for token in Token::WALLET_TOKENS {
        let sum: u128 = wallets::storage::BALANCES
            .iter_prefix(state, &token)
            .map(|(_, b)| b)
            .sum();
        assert_eq!(
            queries::total_issuance(state, token),
            sum,
            "{token} issuance"
        );
    }
}

/// Raw extrinsic from call bytes (to send call data the runtime's types cannot express).
pub fn signed_raw(call: Vec<u8>, signer: &str, nonce: u32) -> Vec<u8> {
    use metanode_primitives::{AdditionalSigned, SignedExtra};
    let extra = SignedExtra {
        era: Era::Immortal,
        nonce,
        tip: 0,
        metadata_hash_mode: 0,
    };
    let additional = AdditionalSigned {
        spec_version: metanode_runtime::SPEC_VERSION,
        tx_version: metanode_runtime::TRANSACTION_VERSION,
        genesis_hash: GENESIS,
        era_block_hash: GENESIS,
    };
    UncheckedExtrinsic::new_signed(call, &pair(signer), extra, &additional).encode()
}

/// A SCALE quorum certificate of epoch 0 for block `height` signed by the validators at `signers` (the runtime
/// does not check signatures: consensus does, before a block is executed).
pub fn certificate(height: u32, signers: &[u16]) -> Vec<u8> {
    use metanode_consensus::{QuorumCert, VoteData};
    QuorumCert {
        vote: VoteData {
            epoch: 0,
            round: u64::from(height),
            block: [height as u8; 32],
            height: u64::from(height),
            parent: [0; 32],
            parent_round: u64::from(height.saturating_sub(1)),
        },
        signatures: signers.iter().map(|&i| (i, [i as u8; 64])).collect(),
    }
    .encode()
}
