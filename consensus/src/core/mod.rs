//! The consensus core: a pure state machine, `handle(Input) -> Vec<Output>`.

mod io;

pub use io::{Input, Output};

use crate::config::Config;
use crate::crypto::Signer;
use crate::messages::QuorumCert;
use crate::recovery::RecoveryState;
use crate::types::{BlockRef, Round};
use crate::validators::ValidatorSet;

/// The consensus state machine of one node.
pub struct Core {
    config: Config,
    validators: ValidatorSet,
    signer: Option<Signer>,
    round: Round,
    highest_qc: QuorumCert,
    committed: BlockRef,
}

impl Core {
    /// Build a core from persisted state (`signer` None = follower).
    pub fn new(config: Config, validators: ValidatorSet, signer: Option<Signer>, recovery: RecoveryState) -> Self {
        Core {
            config,
            validators,
            signer,
            round: recovery.highest_qc.round() + 1,
            highest_qc: recovery.highest_qc,
            committed: recovery.committed,
        }
    }

    /// Recovery state of a fresh chain: committed = genesis (round 0, height 0).
    pub fn genesis_recovery(genesis: BlockRef) -> RecoveryState {
        RecoveryState {
            safety: Default::default(),
            committed: genesis,
            committed_cert: None,
            highest_qc: QuorumCert::genesis(genesis.id),
            blocks: Vec::new(),
        }
    }

    /// Feed one input; returns the effects to execute, in order.
    pub fn handle(&mut self, input: Input) -> Vec<Output> {
        let _ = (input, &self.config, &self.validators, &self.signer);
        Vec::new()
    }

    /// Current round.
    pub fn round(&self) -> Round {
        self.round
    }

    /// Highest QC known.
    pub fn highest_qc(&self) -> &QuorumCert {
        &self.highest_qc
    }

    /// Last committed block.
    pub fn committed(&self) -> BlockRef {
        self.committed
    }

    /// Validator set of the current epoch (verify incoming messages against it).
    pub fn validators(&self) -> &ValidatorSet {
        &self.validators
    }
}
