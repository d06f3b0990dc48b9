//! [`Receipt`], its [`ReceiptId`], [`Outcome`] and [`Related`].

use std::fmt;

use metanode_primitives::{blake3_256, AccountId32, BlockNumber, H256};
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;

/// Domain tag of receipt ids (version 1).
pub const RECEIPT_ID_DOMAIN: &[u8] = b"metanode/receipt/v1";
/// Prefix of a receipt id's text form.
pub const RECEIPT_ID_PREFIX: &str = "rx_";

/// A receipt id: the first 16 bytes of
/// `blake3("metanode/receipt/v1" ‖ genesis hash ‖ block number (u32 LE) ‖ index (u32 LE) ‖ extrinsic hash)`.
///
/// Unique per chain (genesis hash) and position (block, index), stable (a function of the chain's data only) and
/// short: its text form is `rx_` + base58 of the 16 bytes (at most 25 characters).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Encode, Decode, TypeInfo)]
pub struct ReceiptId(pub [u8; 16]);

impl ReceiptId {
    /// The id of the receipt of the runtime's own action at receipt index `index` of block `block`: as
    /// [`ReceiptId::compute`] with `blake3("metanode/action/v1" ‖ pallet ‖ 0x00 ‖ action ‖ 0x00 ‖ SCALE(effect))` in
    /// place of the extrinsic hash.
    pub fn for_action(
        genesis_hash: &H256,
        block: BlockNumber,
        index: u32,
        (pallet, action): (&str, &str),
        effect: &Effect,
    ) -> Self {
        let mut data = b"metanode/action/v1".to_vec();
        data.extend_from_slice(pallet.as_bytes());
        data.push(0);
        data.extend_from_slice(action.as_bytes());
        data.push(0);
        effect.encode_to(&mut data);
        Self::compute(genesis_hash, block, index, &H256(blake3_256(&data)))
    }

    /// The id of the receipt of extrinsic `index` of block `block` on the chain `genesis_hash`, whose transaction
    /// hash (`blake2_256` of its wire form) is `extrinsic_hash`.
    pub fn compute(
        genesis_hash: &H256,
        block: BlockNumber,
        index: u32,
        extrinsic_hash: &H256,
    ) -> Self {
        let mut data = Vec::with_capacity(RECEIPT_ID_DOMAIN.len() + 32 + 4 + 4 + 32);
        data.extend_from_slice(RECEIPT_ID_DOMAIN);
        data.extend_from_slice(&genesis_hash.0);
        data.extend_from_slice(&block.to_le_bytes());
        data.extend_from_slice(&index.to_le_bytes());
        data.extend_from_slice(&extrinsic_hash.0);
        let hash = blake3_256(&data);
        let mut id = [0u8; 16];
        id.copy_from_slice(&hash[..16]);
        ReceiptId(id)
    }

    /// Parses the text form `rx_<base58 of 16 bytes>`.
    pub fn parse(text: &str) -> Result<Self, ReceiptIdError> {
        let body = text
            .strip_prefix(RECEIPT_ID_PREFIX)
            .ok_or(ReceiptIdError::MissingPrefix)?;
        if body.is_empty() {
            return Err(ReceiptIdError::Empty);
        }
        let bytes = bs58::decode(body)
            .into_vec()
            .map_err(|_| ReceiptIdError::NotBase58)?;
        let id = <[u8; 16]>::try_from(bytes.as_slice())
            .map_err(|_| ReceiptIdError::WrongLength(bytes.len()))?;
        Ok(ReceiptId(id))
    }

    /// The raw 16 bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        &self.0
    }
}

impl fmt::Display for ReceiptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{RECEIPT_ID_PREFIX}{}",
            bs58::encode(&self.0).into_string()
        )
    }
}

impl fmt::Debug for ReceiptId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::str::FromStr for ReceiptId {
    type Err = ReceiptIdError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        ReceiptId::parse(s)
    }
}

/// Why a text is not a receipt id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReceiptIdError {
    /// It does not start with `rx_`.
    MissingPrefix,
    /// Nothing follows `rx_`.
    Empty,
    /// What follows `rx_` is not base58 (Bitcoin alphabet: no `0`, `O`, `I`, `l`).
    NotBase58,
    /// It decodes to this many bytes, not 16.
    WrongLength(usize),
}

impl fmt::Display for ReceiptIdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReceiptIdError::MissingPrefix => write!(f, "a receipt id starts with `rx_`"),
            ReceiptIdError::Empty => write!(f, "the receipt id is empty after `rx_`"),
            ReceiptIdError::NotBase58 => {
                write!(f, "the receipt id after `rx_` is not base58")
            }
            ReceiptIdError::WrongLength(n) => {
                write!(f, "the receipt id decodes to {n} bytes, expected 16")
            }
        }
    }
}

impl std::error::Error for ReceiptIdError {}

/// How an extrinsic's dispatch ended.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Outcome {
    /// The call succeeded (for `Admin.sudo`: the sudo call itself; the inner result is in the `Sudid` event).
    #[codec(index = 0)]
    Success,
    /// The call failed with a pallet's error; its writes were undone, the fee was still paid.
    #[codec(index = 1)]
    Failed {
        /// The failing pallet's index.
        pallet_index: u8,
        /// The error's variant index.
        error_index: u8,
        /// The error's name (e.g. `InsufficientBalance`), empty if the runtime does not know it.
        name: Vec<u8>,
    },
    /// The call failed with a non-module error (bad origin, arithmetic, ...): its description.
    #[codec(index = 2)]
    Other(Vec<u8>),
}

impl Outcome {
    /// Whether the call succeeded.
    pub fn is_success(&self) -> bool {
        matches!(self, Outcome::Success)
    }
}

/// What a receipt relates to, beyond its signer.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Related {
    /// An app (container deployment), by name.
    #[codec(index = 0)]
    App(Vec<u8>),
    /// An agreement, by id.
    #[codec(index = 1)]
    Agreement(u64),
}

/// What one of the runtime's own actions did (receipts of extrinsics have none: their effects are in their events).
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub enum Effect {
    /// FLX was minted to `to` (a mining reward).
    #[codec(index = 0)]
    Minted {
        /// The receiver.
        to: AccountId32,
        /// FLX base units.
        amount: u128,
    },
}

impl Effect {
    /// The account the action paid or charged.
    pub fn account(&self) -> &AccountId32 {
        match self {
            Effect::Minted { to, .. } => to,
        }
    }
}

/// The record of one applied extrinsic, or of one economic action the runtime took by itself (then `signer` is
/// `None`, `fee` is 0 and `effect` says what it did). Its leaf in the block's receipts tree is
/// `metanode_primitives::leaf_hash(SCALE(receipt))`.
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo)]
pub struct Receipt {
    /// See [`ReceiptId::compute`].
    pub id: ReceiptId,
    /// The block number.
    pub block: BlockNumber,
    /// The receipt's index in the block's receipts: the extrinsic's index for an extrinsic; for the runtime's own
    /// actions, which follow the block's extrinsics, the extrinsic count plus the action's position.
    pub index: u32,
    /// Who signed it; `None` for inherents and the runtime's own actions.
    pub signer: Option<AccountId32>,
    /// The pallet's name, e.g. `Wallets` (`Mining` for a mining reward).
    pub pallet: Vec<u8>,
    /// The call's name, e.g. `transfer`; for the runtime's own actions, the action's (`proposer_reward`).
    pub call: Vec<u8>,
    /// How the dispatch ended.
    pub outcome: Outcome,
    /// The FLX fee charged, base units (0 for inherents; charged even when the call failed).
    pub fee: u128,
    /// The app or agreement the call concerns, when there is one.
    pub related: Option<Related>,
    /// The block's time (`Timestamp.Now`), ms.
    pub timestamp_ms: u64,
    /// What the runtime's own action did; `None` for extrinsics.
    pub effect: Option<Effect>,
}
