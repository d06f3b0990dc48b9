//! JSON types of the API, separate from runtime types: each one serialises exactly as its
//! Substrate counterpart so `@polkadot/api` and `subxt` read them unchanged.

pub mod block;
pub mod bytes;
pub mod finality;
pub mod header;
pub mod number;
pub mod payment;
pub mod receipts;
pub mod status;
pub mod storage;
pub mod system;
pub mod version;

pub use block::{Block, Justification, SignedBlock};
pub use bytes::{Bytes, HexError};
pub use finality::{FinalityProof, HashOrNumber};
pub use header::{Digest, Header};
pub use number::{ListOrValue, NumberOrHex, NumberTooLarge};
pub use payment::{DispatchClassJson, RuntimeDispatchInfoJson, WeightJson};
pub use receipts::{
    EffectJson, ReceiptJson, ReceiptOutcomeJson, ReceiptPage, ReceiptProofJson, RelatedJson,
    SetChangeJson,
};
pub use status::TransactionStatus;
pub use storage::StorageChangeSet;
pub use system::{ChainType, Health, NodeRole, PeerInfo, Properties, RpcMethods, SyncState};
pub use version::RuntimeVersionJson;
