#![doc = include_str!("../README.md")]

pub mod cert;
pub mod config;
mod core;
pub mod crypto;
pub mod messages;
pub mod recovery;
pub mod safety;
pub mod types;
pub mod validators;
pub mod verify;

pub use crate::cert::CertificateError;
pub use crate::config::{Config, ConfigError};
pub use crate::core::{Core, Footprint, Input, Output};
pub use crate::crypto::Signer;
pub use crate::messages::{
    decode_message, BlockRequest, BlockResponse, CommitCertificate, EquivocationEvidence, Message,
    MessageDecodeError, Proposal, ProposedBlock, QuorumCert, SyncInfo, Timeout, TimeoutCert,
    TimeoutSignature, Vote, VoteData,
};
pub use crate::recovery::RecoveryState;
pub use crate::safety::{SafetyData, SafetyError};
pub use crate::types::{
    BlockRef, Epoch, Hash, Height, PublicKey, Round, SignatureBytes, ValidatorIndex,
};
pub use crate::validators::{ValidatorSet, ValidatorSetError};
pub use crate::verify::{verify_message, Verified, VerifyError};
