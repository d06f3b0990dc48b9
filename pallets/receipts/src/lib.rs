//! The Receipts pallet (index 6): one receipt per applied extrinsic and per economic action the runtime takes by
//! itself, and the block's receipts root.
//!
//! Terms: the executive calls [`Pallet::on_initialize`] when a block starts (it clears `Receipts.BlockReceipts`)
//! and [`Pallet::append`] once for every applied extrinsic, success or failure, inherents included, in block
//! order, then once for each of the runtime's own actions when the block finalizes (mining rewards: `signer` is
//! `None` and `effect` says what happened). So after a block, `Receipts.BlockReceipts` holds exactly that block's
//! receipts (as `System.Events` holds its events): receipt `i` is extrinsic `i` for `i` below the extrinsic count,
//! and the runtime's actions follow. An extrinsic that is not includable leaves no receipt.
//!
//! The **receipts root** is the blake3 binary Merkle root ([`metanode_primitives::merkle`]) over
//! [`receipt_leaf`] of each receipt in order; the block builder puts it into the header digest
//! (`Consensus(RCPT, root)`) and block import recomputes it. [`receipt_proof`] and [`verify_receipt`] prove and
//! check one receipt against a root.
//!
//! The pallet has no calls, events or errors. Receipt ids: see [`ReceiptId`].

pub mod storage;
pub mod types;

#[cfg(test)]
mod tests;

pub use types::{
    Effect, Outcome, Receipt, ReceiptId, ReceiptIdError, Related, RECEIPT_ID_DOMAIN,
    RECEIPT_ID_PREFIX,
};

use metanode_primitives::{
    leaf_hash, merkle_proof, merkle_root, verify_merkle_proof, MerkleProof, H256,
};
use metanode_support::{State, StateRead};
use parity_scale_codec::{DecodeAll, Encode};

use storage::BLOCK_RECEIPTS;

/// The pallet's index: part of the wire format.
pub const PALLET_INDEX: u8 = 6;

/// The Receipts pallet.
pub struct Pallet;

impl Pallet {
    /// Block start: forgets the previous block's receipts.
    pub fn on_initialize(state: &mut dyn State) {
        BLOCK_RECEIPTS.remove(state);
    }

    /// Appends `receipt` to `Receipts.BlockReceipts` without decoding the list ([`State::append`]: in place on
    /// the executive's overlay).
    pub fn append(state: &mut dyn State, receipt: &Receipt) {
        state.append(&BLOCK_RECEIPTS.final_key(), &receipt.encode());
    }

    /// The receipts of the state's block, in extrinsic order (empty if none or undecodable; the latter is logged).
    pub fn block_receipts(state: &dyn StateRead) -> Vec<Receipt> {
        match state.get(&BLOCK_RECEIPTS.final_key()) {
            None => Vec::new(),
            Some(raw) => decode_receipts(&raw).unwrap_or_else(|error| {
                tracing::error!(target: "runtime::receipts", %error, "Receipts.BlockReceipts does not decode");
                Vec::new()
            }),
        }
    }

    /// The receipts root of the state's block's receipts.
    pub fn root(state: &dyn StateRead) -> H256 {
        receipts_root(&Self::block_receipts(state))
    }
}

/// Decodes a raw `Receipts.BlockReceipts` value (`Vec<Receipt>`, as fetched over RPC).
pub fn decode_receipts(raw: &[u8]) -> Result<Vec<Receipt>, parity_scale_codec::Error> {
    Vec::<Receipt>::decode_all(&mut &raw[..])
}

/// A receipt's leaf in the receipts tree: `leaf_hash(SCALE(receipt))` = `blake3(0x00 ‖ SCALE(receipt))`.
pub fn receipt_leaf(receipt: &Receipt) -> H256 {
    H256(leaf_hash(&receipt.encode()))
}

/// The blake3 binary Merkle root over the receipts' leaves in order; the empty tree's root
/// (`blake3_256(b"")`) for none.
pub fn receipts_root(receipts: &[Receipt]) -> H256 {
    H256(merkle_root(&leaves(receipts)))
}

/// The Merkle proof of `receipts[index]`; `None` if `index` is out of range.
pub fn receipt_proof(receipts: &[Receipt], index: usize) -> Option<MerkleProof> {
    merkle_proof(&leaves(receipts), index)
}

/// Whether `proof` shows `receipt` is in the receipts tree with root `root`.
pub fn verify_receipt(receipt: &Receipt, proof: &MerkleProof, root: &H256) -> bool {
    verify_merkle_proof(&root.0, &receipt_leaf(receipt).0, proof)
}

fn leaves(receipts: &[Receipt]) -> Vec<[u8; 32]> {
    receipts.iter().map(|r| receipt_leaf(r).0).collect()
}
