//! Block rewards at finalization: Mining pays the parent block, certified by the quorum certificate in this block's
//! header, and each payout gets a receipt after the block's extrinsics' receipts.

use metanode_consensus::QuorumCert;
use metanode_support::codec::DecodeAll;
use metanode_support::{Context, State};

use super::ChainContext;
use crate::mining::{Author, Certificate, Payout};
use crate::receipts::{Effect, Outcome, Receipt, ReceiptId};
use crate::system::EventBuffer;
use crate::{Mining, Receipts, System, Timestamp};

/// The pallet name of mining payout receipts.
const MINING: &str = "Mining";

/// Runs Mining's end-of-block step for the block in `state` and appends one receipt per payout.
///
/// The proposer comes from the header's consensus pre-digest and the parent's certificate from its
/// `Consensus(HSQC, ..)` item (both recorded by `System::initialize`). Consensus verified that certificate before
/// the block was executed; one that does not decode here pays nothing (and cannot be in a committed block).
pub fn reward_parent(state: &mut dyn State, ctx: &ChainContext) {
    let digest = System::digest(state);
    let now = System::block_number(state);
    let author = digest.pre_digest().map(|pre| Author {
        proposer: pre.proposer,
        epoch: pre.epoch,
    });
    let certificate = digest.parent_qc().and_then(|bytes| {
        let certificate = parent_certificate(bytes);
        if certificate.is_none() {
            tracing::warn!(target: "runtime::mining", block = now, "the parent certificate does not decode");
        }
        certificate
    });
    let mut events = EventBuffer::default();
    let payouts = Mining::on_finalize(
        &mut Context::new(state, &mut events),
        now,
        author.as_ref(),
        certificate.as_ref(),
    );
    events.flush(state);
    // Every applied extrinsic has a receipt, so the block's receipts so far number its extrinsics.
    let first = System::extrinsic_index(state);
    for (index, payout) in (first..).zip(&payouts) {
        let receipt = payout_receipt(state, ctx, index, payout);
        Receipts::append(state, &receipt);
    }
}

/// What Mining needs of a SCALE `QuorumCert`: its epoch, certified height and signer indices.
fn parent_certificate(bytes: &[u8]) -> Option<Certificate> {
    let qc = QuorumCert::decode_all(&mut &bytes[..]).ok()?;
    Some(Certificate {
        epoch: qc.vote.epoch,
        height: u32::try_from(qc.vote.height).ok()?,
        signers: qc
            .signatures
            .iter()
            .map(|(index, _)| u32::from(*index))
            .collect(),
    })
}

/// The receipt of one payout, at receipt index `index` of the block.
fn payout_receipt(
    state: &dyn metanode_support::StateRead,
    ctx: &ChainContext,
    index: u32,
    payout: &Payout,
) -> Receipt {
    let block = System::block_number(state);
    let action = payout.role.action_name();
    let effect = Effect::Minted {
        to: payout.who,
        amount: payout.amount,
    };
    Receipt {
        id: ReceiptId::for_action(&ctx.genesis_hash, block, index, (MINING, action), &effect),
        block,
        index,
        signer: None,
        pallet: MINING.as_bytes().to_vec(),
        call: action.as_bytes().to_vec(),
        outcome: Outcome::Success,
        fee: 0,
        related: None,
        timestamp_ms: Timestamp::now(state),
        effect: Some(effect),
    }
}
