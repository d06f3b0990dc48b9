//! A simulated node: a `Core` (absent while crashed) and the durable storage its driver keeps.
//!
//! Storage holds exactly what the core asked to persist (`PersistSafety`, `PersistBlock`) and what it
//! committed; a crash drops the core and every not-yet-executed output, storage survives.

use std::collections::BTreeMap;

use metanode_consensus::{
    BlockRef, CommitCertificate, Config, Core, Hash, Height, ProposedBlock, QuorumCert,
    RecoveryState, SafetyData, ValidatorIndex, ValidatorSet,
};

use super::keys;
use super::scenario::Role;

/// What survives a crash.
#[derive(Clone, Debug)]
pub struct Storage {
    pub safety: SafetyData,
    pub blocks: BTreeMap<Hash, ProposedBlock>,
    pub committed: BlockRef,
    pub committed_cert: Option<CommitCertificate>,
    /// Committed chain: (height, id), in order.
    pub chain: Vec<(Height, Hash)>,
    pub validators: ValidatorSet,
}

/// One simulated node.
pub struct SimNode {
    /// Index of the node's key in `keys::public_keys` (fixed for life).
    pub key: usize,
    /// The node's index in the current epoch's set.
    pub validator: ValidatorIndex,
    pub role: Role,
    pub core: Option<Core>,
    pub storage: Storage,
    /// Bumped at each crash: timers and app answers of an older generation are dropped.
    pub generation: u64,
    /// Crash inside the next output batch.
    pub crash_in_batch: bool,
    pub nonce: u64,
}

impl SimNode {
    pub fn new(
        seed: u64,
        validator: ValidatorIndex,
        role: Role,
        config: &Config,
        set: &ValidatorSet,
    ) -> SimNode {
        let genesis = BlockRef {
            id: config.genesis,
            round: 0,
            height: 0,
        };
        let storage = Storage {
            safety: SafetyData::default(),
            blocks: BTreeMap::new(),
            committed: genesis,
            committed_cert: None,
            chain: vec![(0, config.genesis)],
            validators: set.clone(),
        };
        let mut node = SimNode {
            key: usize::from(validator),
            validator,
            role,
            core: None,
            storage,
            generation: 0,
            crash_in_batch: false,
            nonce: 0,
        };
        node.boot(seed, config);
        node
    }

    /// (Re)build the core from storage.
    pub fn boot(&mut self, seed: u64, config: &Config) {
        let s = &self.storage;
        let set = s.validators.clone();
        let highest_qc = match set.start() {
            Some(root) if set.epoch() > 0 => QuorumCert::epoch_start(set.epoch(), root),
            _ => QuorumCert::genesis(config.genesis),
        };
        let recovery = RecoveryState {
            safety: s.safety.clone(),
            committed: s.committed,
            committed_cert: s.committed_cert.clone(),
            highest_qc,
            blocks: s.blocks.values().cloned().collect(),
        };
        let signer = keys::signer(seed, self.key);
        self.core = Some(Core::new(config.clone(), set, Some(signer), recovery));
    }

    pub fn crash(&mut self) {
        self.core = None;
        self.generation += 1;
        self.crash_in_batch = false;
    }

    pub fn is_honest(&self) -> bool {
        self.role == Role::Honest
    }
}
