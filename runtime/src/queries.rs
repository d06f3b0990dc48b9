//! Typed reads of runtime state, and the storage keys behind them (so RPC clients can fetch raw values with
//! `state_getStorage` and decode them with the types named here).

use metanode_primitives::{AccountId32, BlockNumber, MerkleProof, H256};
use metanode_support::codec::{Decode, DecodeAll};
use metanode_support::{AccountInfo, StateRead};

use crate::event::EventRecord;
use crate::receipts::Receipt;
use crate::{
    admin, balances, receipts, system, timestamp, validators, wallets, Receipts, Token,
    ValidatorInfo, Validators, Wallets,
};

/// `System.Account` of `who` (default if none).
pub fn account(state: &dyn StateRead, who: &AccountId32) -> AccountInfo {
    system::Pallet::account(state, who)
}

/// The next nonce `who` must sign with.
pub fn account_nonce(state: &dyn StateRead, who: &AccountId32) -> u32 {
    system::Pallet::account_nonce(state, who)
}

/// `who`'s balance of `token` (FLX: free balance).
pub fn token_balance(state: &dyn StateRead, token: Token, who: &AccountId32) -> u128 {
    Wallets::balance(state, token, who)
}

/// Total issuance of `token`.
pub fn total_issuance(state: &dyn StateRead, token: Token) -> u128 {
    Wallets::total_issuance(state, token)
}

/// The events of the state's block (empty if none or undecodable; the latter is logged).
pub fn events(state: &dyn StateRead) -> Vec<EventRecord> {
    match system::Pallet::events_raw(state) {
        None => Vec::new(),
        Some(raw) => decode_events(&raw).unwrap_or_else(|error| {
            tracing::error!(target: "runtime", %error, "System.Events does not decode");
            Vec::new()
        }),
    }
}

/// Decodes a raw `System.Events` value (as fetched over RPC).
pub fn decode_events(raw: &[u8]) -> Result<Vec<EventRecord>, metanode_support::codec::Error> {
    Vec::<EventRecord>::decode_all(&mut &raw[..])
}

/// Decodes a raw `System.Account` value.
pub fn decode_account(raw: &[u8]) -> Result<AccountInfo, metanode_support::codec::Error> {
    AccountInfo::decode_all(&mut &raw[..])
}

/// Decodes a raw balance or issuance value (`u128`).
pub fn decode_balance(raw: &[u8]) -> Result<u128, metanode_support::codec::Error> {
    u128::decode(&mut &raw[..])
}

/// The state's block number.
pub fn block_number(state: &dyn StateRead) -> BlockNumber {
    system::Pallet::block_number(state)
}

/// The hash of block `n`, if still kept in `System.BlockHash`.
pub fn block_hash(state: &dyn StateRead, n: BlockNumber) -> Option<H256> {
    system::Pallet::block_hash(state, n)
}

/// The state's block time, ms.
pub fn timestamp_now(state: &dyn StateRead) -> u64 {
    timestamp::Pallet::now(state)
}

/// The admin (root) key.
pub fn admin_key(state: &dyn StateRead) -> Option<AccountId32> {
    admin::Pallet::key(state)
}

/// The AUR issuer.
pub fn aur_issuer(state: &dyn StateRead) -> Option<AccountId32> {
    Wallets::aur_issuer(state)
}

/// The validator set, in leader order (`Validators.Validators`; empty before genesis).
pub fn validators(state: &dyn StateRead) -> Vec<ValidatorInfo> {
    Validators::validators(state)
}

/// The epoch the validator set belongs to (`Validators.Epoch`; genesis = 0).
pub fn validator_epoch(state: &dyn StateRead) -> u64 {
    Validators::epoch(state)
}

/// The number of the block that last changed the validator set (`Validators.LastChange`; 0 if it never changed
/// after genesis). With [`validator_epoch`] > 0, that block is where the current epoch's set was scheduled.
pub fn validators_last_change(state: &dyn StateRead) -> BlockNumber {
    Validators::last_change(state).unwrap_or_default()
}

/// Decodes a raw `Validators.Validators` value (`Vec<ValidatorInfo>`, as fetched over RPC).
pub fn decode_validators(raw: &[u8]) -> Result<Vec<ValidatorInfo>, metanode_support::codec::Error> {
    Vec::<ValidatorInfo>::decode_all(&mut &raw[..])
}

/// Decodes a raw `Validators.Epoch` value (`u64`).
pub fn decode_validator_epoch(raw: &[u8]) -> Result<u64, metanode_support::codec::Error> {
    u64::decode_all(&mut &raw[..])
}

/// Storage key of `System.Account[who]` (value: `AccountInfo`).
pub fn account_key(who: &AccountId32) -> Vec<u8> {
    system::storage::ACCOUNT.final_key(who)
}

/// Storage key holding `who`'s balance of `token`: `System.Account[who]` for FLX (value `AccountInfo`, take
/// `data.free`), `Wallets.Balances[token][who]` otherwise (value `u128`, absent = 0).
pub fn token_balance_key(token: Token, who: &AccountId32) -> Vec<u8> {
    match token {
        Token::FLX => account_key(who),
        _ => wallets::storage::BALANCES.final_key(&token, who),
    }
}

/// Storage key of the total issuance of `token` (value `u128`).
pub fn total_issuance_key(token: Token) -> Vec<u8> {
    match token {
        Token::FLX => balances::storage::TOTAL_ISSUANCE.final_key(),
        _ => wallets::storage::TOTAL_ISSUANCE.final_key(&token),
    }
}

/// Storage key of `System.Events` (value `Vec<EventRecord>`).
pub fn events_key() -> Vec<u8> {
    system::storage::events_key()
}

/// Storage key of `System.Number`.
pub fn block_number_key() -> Vec<u8> {
    system::storage::NUMBER.final_key()
}

/// Storage key of `System.BlockHash[n]`.
pub fn block_hash_key(n: BlockNumber) -> Vec<u8> {
    system::storage::BLOCK_HASH.final_key(&n)
}

/// Storage key of `Validators.Validators` (value `Vec<ValidatorInfo>`).
pub fn validators_key() -> Vec<u8> {
    validators::storage::VALIDATORS.final_key()
}

/// Storage key of `Validators.Epoch` (value `u64`).
pub fn validator_epoch_key() -> Vec<u8> {
    validators::storage::EPOCH.final_key()
}

/// Storage key of `Validators.LastChange` (value `u32`).
pub fn validators_last_change_key() -> Vec<u8> {
    validators::storage::LAST_CHANGE.final_key()
}

/// Storage key of `Timestamp.Now`.
pub fn timestamp_now_key() -> Vec<u8> {
    timestamp::NOW.final_key()
}

/// The receipts of the state's block, in extrinsic order (`Receipts.BlockReceipts`; empty if none or undecodable,
/// the latter logged). Receipt `i` is extrinsic `i` of the block.
pub fn block_receipts(state: &dyn StateRead) -> Vec<Receipt> {
    Receipts::block_receipts(state)
}

/// Storage key of `Receipts.BlockReceipts` (value `Vec<Receipt>`).
pub fn block_receipts_key() -> Vec<u8> {
    receipts::storage::BLOCK_RECEIPTS.final_key()
}

/// Decodes a raw `Receipts.BlockReceipts` value (as fetched over RPC).
pub fn decode_receipts(raw: &[u8]) -> Result<Vec<Receipt>, metanode_support::codec::Error> {
    receipts::decode_receipts(raw)
}

/// A receipt's leaf in its block's receipts tree: `blake3(0x00 ‖ SCALE(receipt))`.
pub fn receipt_leaf(receipt: &Receipt) -> H256 {
    receipts::receipt_leaf(receipt)
}

/// The receipts root of a block's receipts (what its header's `Consensus(RCPT, ..)` digest item holds).
pub fn receipts_root(receipts: &[Receipt]) -> H256 {
    receipts::receipts_root(receipts)
}

/// The Merkle proof of `receipts[index]` against [`receipts_root`]; `None` if `index` is out of range.
pub fn receipt_proof(receipts: &[Receipt], index: usize) -> Option<MerkleProof> {
    receipts::receipt_proof(receipts, index)
}

/// Whether `proof` shows `receipt` is in the receipts tree with root `root`.
pub fn verify_receipt(receipt: &Receipt, proof: &MerkleProof, root: &H256) -> bool {
    receipts::verify_receipt(receipt, proof, root)
}
