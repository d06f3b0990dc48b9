//! Chain store behaviour over the in-memory store: commits, pruning, state views over pending layers.

use std::collections::BTreeMap;
use std::sync::Arc;

use metanode_primitives::{extrinsics_root, Block, Digest, Header, H256};
use metanode_storage::state::Changes;
use metanode_storage::{KvStore, MemStore};
use metanode_support::StateRead;

use super::genesis::GenesisError;
use super::{init_or_check_genesis, Chain, ChainEvent, PendingBlock};

fn genesis_storage() -> BTreeMap<Vec<u8>, Vec<u8>> {
    [
        (b"a".to_vec(), b"1".to_vec()),
        (b"c".to_vec(), b"3".to_vec()),
    ]
    .into_iter()
    .collect()
}

fn new_chain() -> (Arc<dyn KvStore>, Arc<Chain>) {
    let store: Arc<dyn KvStore> = Arc::new(MemStore::new());
    let state = metanode_storage::state::StateDb::new(store.clone());
    let genesis = init_or_check_genesis(store.as_ref(), &state, &genesis_storage()).unwrap();
    let chain = Arc::new(Chain::open(store.clone(), genesis.hash()).unwrap());
    (store, chain)
}

/// A block on `parent` applying `changes`, executed against the chain's state.
fn child(
    chain: &Chain,
    parent: H256,
    round: u64,
    changes: &[(&[u8], Option<&[u8]>)],
) -> PendingBlock {
    let layers = chain.uncommitted_chain(&parent).expect("parent known");
    let number = chain.header(&parent).unwrap().unwrap().number + 1;
    let ancestors: Vec<_> = layers.iter().rev().map(|b| &b.update).collect();
    let changes: Changes = changes
        .iter()
        .map(|(k, v)| (k.to_vec(), v.map(<[u8]>::to_vec)))
        .collect();
    let update = chain
        .state_db()
        .apply(&ancestors, u64::from(number), changes)
        .unwrap();
    let header = Header {
        parent_hash: parent,
        number,
        state_root: H256::from(update.root),
        extrinsics_root: extrinsics_root(&[]),
        digest: Digest {
            logs: vec![metanode_primitives::DigestItem::Other(
                round.to_le_bytes().to_vec(),
            )],
        },
    };
    PendingBlock::new(
        Block {
            header,
            extrinsics: Vec::new(),
        },
        round,
        update,
    )
}

#[test]
fn views_merge_pending_layers_over_the_committed_state() {
    let (_, chain) = new_chain();
    let genesis = chain.genesis_hash();
    let b1 = child(&chain, genesis, 1, &[(b"b", Some(b"2")), (b"c", None)]);
    let h1 = b1.hash;
    chain.insert_pending(b1);
    let b2 = child(&chain, h1, 2, &[(b"d", Some(b"4")), (b"a", Some(b"9"))]);
    let h2 = b2.hash;
    chain.insert_pending(b2);

    let view = chain.view_at(&h2).unwrap();
    assert_eq!(view.get(b"a"), Some(b"9".to_vec()));
    assert_eq!(view.get(b"c"), None, "deleted in an older layer");
    let mut keys = Vec::new();
    let mut cursor = Vec::new();
    while let Some(k) = view.next_key(&cursor) {
        keys.push(k.clone());
        cursor = k;
    }
    assert_eq!(keys, vec![b"a".to_vec(), b"b".to_vec(), b"d".to_vec()]);
    assert_eq!(
        chain.keys_at(b"", None, 10, Some(h1)).unwrap(),
        vec![b"a".to_vec(), b"b".to_vec()]
    );
    assert_eq!(chain.best_hash(), h2);
}

#[test]
fn key_listings_at_committed_blocks_stay_valid_after_finality_moves_on() {
    let (_, chain) = new_chain();
    let genesis = chain.genesis_hash();
    let before = chain.keys_at(b"", None, 10, Some(genesis)).unwrap();
    let b1 = child(&chain, genesis, 1, &[(b"b", Some(b"2")), (b"c", None)]);
    let h1 = b1.hash;
    chain.insert_pending(b1);
    chain.commit(&h1, vec![1]).unwrap();
    let b2 = child(&chain, h1, 2, &[(b"d", Some(b"4")), (b"a", None)]);
    let h2 = b2.hash;
    chain.insert_pending(b2);
    chain.commit(&h2, vec![2]).unwrap();

    assert_eq!(
        chain.keys_at(b"", None, 10, Some(genesis)).unwrap(),
        before,
        "genesis keys, including the ones deleted since"
    );
    assert_eq!(
        chain.keys_at(b"", None, 10, Some(h1)).unwrap(),
        vec![b"a".to_vec(), b"b".to_vec()]
    );
    assert_eq!(
        chain.keys_at(b"", Some(b"a"), 10, Some(h2)).unwrap(),
        vec![b"b".to_vec(), b"d".to_vec()]
    );
    assert!(chain
        .keys_at(b"", None, 10, Some(H256::repeat_byte(9)))
        .is_err());
}

#[test]
fn commit_makes_blocks_durable_and_prunes_forks() {
    let (store, chain) = new_chain();
    let mut events = chain.subscribe();
    let genesis = chain.genesis_hash();
    let b1 = child(&chain, genesis, 1, &[(b"b", Some(b"2"))]);
    let fork = child(&chain, genesis, 2, &[(b"x", Some(b"0"))]);
    let (h1, hf) = (b1.hash, fork.hash);
    chain.insert_pending(b1);
    chain.insert_pending(fork);
    assert!(matches!(
        events.try_recv(),
        Ok(ChainEvent::Imported { best: true, .. })
    ));

    let head = chain.commit(&h1, vec![7, 7]).unwrap();
    assert_eq!(head.number, 1);
    assert_eq!(chain.finalized().hash, h1);
    assert!(
        chain.pending(&hf).is_none(),
        "the fork can never be committed"
    );
    assert_eq!(chain.justification(&h1).unwrap(), Some(vec![7, 7]));
    assert_eq!(chain.hash_of(1).unwrap(), Some(h1));
    assert_eq!(
        chain.storage_at(b"b", Some(h1)).unwrap(),
        Some(b"2".to_vec())
    );
    assert_eq!(
        chain.storage_at(b"b", Some(genesis)).unwrap(),
        None,
        "history keeps the old state"
    );

    // A committed block cannot be committed twice; an unknown one not at all.
    assert!(chain.commit(&h1, vec![]).is_err());
    assert!(chain.commit(&H256::repeat_byte(9), vec![]).is_err());

    // Reopening the store finds the same finalized head.
    let reopened = Chain::open(store.clone(), genesis).unwrap();
    assert_eq!(reopened.finalized(), head);
    assert_eq!(reopened.header(&h1).unwrap().unwrap().number, 1);
}

#[test]
fn a_store_of_another_chain_is_refused() {
    let (store, _) = new_chain();
    let state = metanode_storage::state::StateDb::new(store.clone());
    let mut other = genesis_storage();
    other.insert(b"z".to_vec(), b"26".to_vec());
    let err = init_or_check_genesis(store.as_ref(), &state, &other).unwrap_err();
    assert!(matches!(err, GenesisError::Mismatch { .. }), "{err:?}");
    assert!(err.to_string().contains("another chain"));
}

#[test]
fn commit_indexes_the_blocks_receipts_in_the_same_batch() {
    use metanode_runtime::receipts::Outcome;
    use metanode_runtime::{queries, Receipt, ReceiptId};
    use parity_scale_codec::Encode;

    let (_, chain) = new_chain();
    let alice = metanode_primitives::AccountId32([1; 32]);
    let receipt = |index: u32, signer| Receipt {
        id: ReceiptId::compute(&chain.genesis_hash(), 1, index, &H256([index as u8; 32])),
        block: 1,
        index,
        signer,
        pallet: b"Wallets".to_vec(),
        call: b"transfer".to_vec(),
        outcome: Outcome::Success,
        fee: 5,
        related: None,
        timestamp_ms: 9,
        effect: None,
    };
    let receipts = vec![receipt(0, None), receipt(1, Some(alice))];
    let key = queries::block_receipts_key();
    let raw = receipts.encode();
    let b1 = child(&chain, chain.genesis_hash(), 1, &[(&key, Some(&raw))]);
    let h1 = b1.hash;
    chain.insert_pending(b1);
    assert_eq!(
        chain.receipt(&receipts[1].id).unwrap(),
        None,
        "pending blocks are not indexed"
    );
    chain.commit(&h1, vec![1, 2, 3]).unwrap();
    let indexed = chain.receipt(&receipts[1].id).unwrap().expect("indexed");
    assert_eq!((indexed.block, indexed.index), (1, 1));
    assert_eq!(indexed.receipt, receipts[1]);
    assert!(chain.receipt(&receipts[0].id).unwrap().is_some());
    assert_eq!(
        chain.receipts_by_account(&alice, 0, 10).unwrap(),
        vec![receipts[1].id]
    );
}

/// Offline verifiers compute the genesis hash from the chain spec alone (`ChainSpec::genesis_hash`, in
/// metanode-primitives' in-memory Jellyfish Merkle tree); it must be exactly the block 0 the node writes.
#[test]
fn the_spec_computed_genesis_hash_is_the_nodes_block_0() {
    let validator = |seed: u8| metanode_chain_spec::TestnetValidator {
        session_key: metanode_primitives::Pair::from_seed(&[seed; 32]).public(),
        peer_id: format!("12D3KooWvalidator{seed}"),
        p2p_port: 30_330 + u16::from(seed),
    };
    let testnet =
        metanode_chain_spec::local_testnet_spec(&[validator(1), validator(2)], Vec::new());
    for spec in [metanode_chain_spec::dev_spec(), testnet] {
        let store: Arc<dyn KvStore> = Arc::new(MemStore::new());
        let state = metanode_storage::state::StateDb::new(store.clone());
        let storage = spec.genesis_storage().unwrap();
        let written = init_or_check_genesis(store.as_ref(), &state, &storage).unwrap();
        assert_eq!(
            written.hash(),
            spec.genesis_hash().unwrap(),
            "spec {}",
            spec.id
        );
        assert_eq!(written, spec.genesis_header().unwrap());
    }
    // The tiny hand-made state too, including the empty one.
    for storage in [genesis_storage(), BTreeMap::new()] {
        let store: Arc<dyn KvStore> = Arc::new(MemStore::new());
        let state = metanode_storage::state::StateDb::new(store.clone());
        let written = init_or_check_genesis(store.as_ref(), &state, &storage).unwrap();
        let root = metanode_primitives::state_root_of(&storage).unwrap();
        assert_eq!(written, metanode_primitives::genesis_header(root));
    }
}
