//! What a restarted node hands back to the core.
//!
//! The core trusts only what was persisted through its outputs: the last `PersistSafety`, the blocks of
//! `PersistBlock` (uncommitted ones), and the last committed block with its certificate. Anything not
//! persisted is assumed lost; the core rebuilds its round from the certificates inside these.

use crate::messages::{CommitCertificate, ProposedBlock, QuorumCert};
use crate::safety::SafetyData;
use crate::types::BlockRef;

/// The persisted state a core is rebuilt from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryState {
    /// The last persisted safety data.
    pub safety: SafetyData,
    /// The last committed block.
    pub committed: BlockRef,
    /// Its certificate (None for a genesis or epoch root).
    pub committed_cert: Option<CommitCertificate>,
    /// The highest QC the node knows of (the core also scans `blocks` and `safety`).
    pub highest_qc: QuorumCert,
    /// Stored uncommitted blocks (any order).
    pub blocks: Vec<ProposedBlock>,
}
