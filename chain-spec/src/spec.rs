//! The chain spec document and its validation.

use std::collections::BTreeMap;
use std::path::Path;

use metanode_primitives::{genesis_header, state_root_of, AccountId32, Header, H256};
use metanode_runtime::{GenesisConfig, ValidatorInfo};
use serde::{Deserialize, Serialize};

use crate::ChainSpecError;

/// Token symbols in the order `system_properties` lists them (FLX, the native fee token, first).
pub const TOKEN_ORDER: [&str; 4] = ["FLX", "GEN", "NEX", "AUR"];

/// What kind of chain this is; mirrors Substrate's `ChainType` JSON values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ChainType {
    /// A single-node development chain with well-known keys.
    Development,
    /// A local multi-node testnet.
    Local,
    /// A live network.
    Live,
}

impl ChainType {
    /// The name `system_chainType` reports.
    pub fn as_str(&self) -> &'static str {
        match self {
            ChainType::Development => "Development",
            ChainType::Local => "Local",
            ChainType::Live => "Live",
        }
    }
}

/// Chain properties as `system_properties` reports them (Substrate's field names).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Properties {
    /// SS58 address prefix.
    pub ss58_format: u16,
    /// Token symbols, FLX first: `["FLX", "GEN", "NEX", "AUR"]`.
    pub token_symbol: Vec<String>,
    /// Decimals of each token, in `token_symbol` order.
    pub token_decimals: Vec<u8>,
}

impl Properties {
    /// Decimals of the token with this symbol.
    pub fn decimals_of(&self, symbol: &str) -> Option<u8> {
        let index = self.token_symbol.iter().position(|s| s == symbol)?;
        self.token_decimals.get(index).copied()
    }
}

/// Block cadence and consensus timing (DESIGN.md §4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ConsensusParams {
    /// A leader never proposes faster than this after its previous proposal.
    pub min_block_interval_ms: u64,
    /// An idle chain makes an empty block this often so time and finality keep moving.
    pub idle_block_interval_ms: u64,
    /// Base round timeout before a view change; doubles on consecutive timeouts.
    pub round_timeout_ms: u64,
    /// Upper bound of the round timeout back-off.
    pub max_round_timeout_ms: u64,
}

impl Default for ConsensusParams {
    fn default() -> Self {
        ConsensusParams {
            min_block_interval_ms: 50,
            idle_block_interval_ms: 1_000,
            round_timeout_ms: 4_000,
            max_round_timeout_ms: 60_000,
        }
    }
}

/// One genesis validator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValidatorSpec {
    /// A human name for logs and telemetry.
    pub name: String,
    /// The sr25519 key that signs consensus messages (SS58).
    pub session_key: AccountId32,
    /// The libp2p peer id of its network key, when it is known ahead of time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_key: Option<String>,
}

/// Raw genesis storage: hex key -> hex value.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGenesis {
    /// Top-level storage.
    pub top: BTreeMap<String, String>,
}

/// The genesis state, typed or raw.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub enum Genesis {
    /// The runtime's typed genesis configuration.
    Runtime(GenesisConfig),
    /// Storage as built by the runtime (`build-spec --raw`).
    Raw(RawGenesis),
}

/// A chain spec.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChainSpec {
    /// Human name, e.g. "Metanode Development".
    pub name: String,
    /// Short id; the default base path is `<data dir>/metanode/chains/<id>`.
    pub id: String,
    /// Kind of chain.
    pub chain_type: ChainType,
    /// Multiaddrs of nodes to connect to first.
    #[serde(default)]
    pub boot_nodes: Vec<String>,
    /// Peer ids of non-validator nodes (full nodes, RPC nodes) allowed to connect. Validators' `networkKey`s are
    /// always allowed; any other peer is refused.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allowed_peers: Vec<String>,
    /// SS58 prefix and tokens.
    pub properties: Properties,
    /// Block cadence and timeouts.
    #[serde(default)]
    pub consensus: ConsensusParams,
    /// The genesis validator set, in leader order.
    pub validators: Vec<ValidatorSpec>,
    /// The genesis state.
    pub genesis: Genesis,
}

impl ChainSpec {
    /// Parses and validates a chain spec from JSON bytes.
    pub fn from_json_bytes(bytes: &[u8]) -> Result<Self, ChainSpecError> {
        let spec: ChainSpec = serde_json::from_slice(bytes).map_err(|e| ChainSpecError::Json {
            reason: e.to_string(),
        })?;
        spec.validate()?;
        Ok(spec)
    }

    /// Reads, parses and validates a chain spec file.
    pub fn from_file(path: &Path) -> Result<Self, ChainSpecError> {
        let bytes = std::fs::read(path).map_err(|source| ChainSpecError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_json_bytes(&bytes)
    }

    /// Pretty JSON; with `raw`, the genesis is replaced by the storage it builds.
    pub fn to_json(&self, raw: bool) -> Result<String, ChainSpecError> {
        let spec = if raw { self.to_raw()? } else { self.clone() };
        serde_json::to_string_pretty(&spec).map_err(|e| ChainSpecError::Json {
            reason: e.to_string(),
        })
    }

    /// The same spec with a raw genesis.
    pub fn to_raw(&self) -> Result<ChainSpec, ChainSpecError> {
        let top = self
            .genesis_storage()?
            .into_iter()
            .map(|(k, v)| {
                (
                    format!("0x{}", hex::encode(k)),
                    format!("0x{}", hex::encode(v)),
                )
            })
            .collect();
        Ok(ChainSpec {
            genesis: Genesis::Raw(RawGenesis { top }),
            ..self.clone()
        })
    }

    /// The genesis storage this spec describes. A typed genesis whose own `validators` list is empty gets the
    /// spec's top-level `validators` ([`Self::genesis_validators`]), so that list stays the single source.
    pub fn genesis_storage(&self) -> Result<BTreeMap<Vec<u8>, Vec<u8>>, ChainSpecError> {
        match &self.genesis {
            Genesis::Runtime(config) => {
                let filled;
                let config = if config.validators.is_empty() {
                    filled = GenesisConfig {
                        validators: self.genesis_validators(),
                        ..config.clone()
                    };
                    &filled
                } else {
                    config
                };
                metanode_runtime::genesis_storage(config).map_err(|e| ChainSpecError::Genesis {
                    reason: e.to_string(),
                })
            }
            Genesis::Raw(raw) => raw
                .top
                .iter()
                .map(|(k, v)| Ok((decode_hex(k)?, decode_hex(v)?)))
                .collect(),
        }
    }

    /// The genesis block's header, from this spec alone: the state root of [`Self::genesis_storage`] written as
    /// version 0 of the state tree (blake3 Jellyfish Merkle tree), no extrinsics, empty digest. A node started
    /// with this spec has exactly this block 0.
    pub fn genesis_header(&self) -> Result<Header, ChainSpecError> {
        let storage = self.genesis_storage()?;
        let root = state_root_of(&storage).map_err(|e| ChainSpecError::Genesis {
            reason: e.to_string(),
        })?;
        Ok(genesis_header(root))
    }

    /// The genesis hash, `blake2_256(SCALE(genesis header))`: what `chain_getBlockHash(0)` returns on every node
    /// of this chain, and what every vote and certificate of the chain signs over.
    pub fn genesis_hash(&self) -> Result<H256, ChainSpecError> {
        Ok(self.genesis_header()?.hash())
    }

    /// The genesis validator set as the runtime stores it (`Validators.Validators`): each validator's session key
    /// and its `networkKey` as UTF-8 bytes (empty when it has none), in leader order.
    pub fn genesis_validators(&self) -> Vec<ValidatorInfo> {
        self.validators
            .iter()
            .map(|v| ValidatorInfo {
                session_key: v.session_key,
                network_key: v
                    .network_key
                    .as_deref()
                    .unwrap_or_default()
                    .as_bytes()
                    .to_vec(),
            })
            .collect()
    }

    /// The genesis validators' session keys, in leader order.
    pub fn validator_keys(&self) -> Vec<AccountId32> {
        self.validators.iter().map(|v| v.session_key).collect()
    }

    /// Checks everything a node relies on before it starts.
    pub fn validate(&self) -> Result<(), ChainSpecError> {
        let invalid = |field, reason: &str| ChainSpecError::Invalid {
            field,
            reason: reason.to_string(),
        };
        if self.id.is_empty()
            || !self
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            return Err(invalid(
                "id",
                "must be non-empty ASCII letters, digits, '-' or '_'",
            ));
        }
        if self.properties.ss58_format >= 16_384 {
            return Err(invalid("properties.ss58Format", "must be below 16384"));
        }
        let symbols: Vec<&str> = self
            .properties
            .token_symbol
            .iter()
            .map(String::as_str)
            .collect();
        if symbols != TOKEN_ORDER {
            return Err(invalid(
                "properties.tokenSymbol",
                "must be [\"FLX\", \"GEN\", \"NEX\", \"AUR\"]",
            ));
        }
        if self.properties.token_decimals.len() != TOKEN_ORDER.len()
            || self.properties.token_decimals.iter().any(|d| *d > 18)
        {
            return Err(invalid(
                "properties.tokenDecimals",
                "must list 4 values, each at most 18",
            ));
        }
        let c = &self.consensus;
        if c.idle_block_interval_ms == 0 || c.min_block_interval_ms > c.idle_block_interval_ms {
            return Err(invalid(
                "consensus",
                "need 0 < idleBlockIntervalMs and minBlockIntervalMs <= idleBlockIntervalMs",
            ));
        }
        if c.round_timeout_ms <= c.idle_block_interval_ms
            || c.max_round_timeout_ms < c.round_timeout_ms
        {
            return Err(invalid(
                "consensus",
                "need idleBlockIntervalMs < roundTimeoutMs <= maxRoundTimeoutMs",
            ));
        }
        if self.validators.is_empty() {
            return Err(invalid("validators", "at least one validator is required"));
        }
        let mut keys = self.validator_keys();
        keys.sort();
        keys.dedup();
        if keys.len() != self.validators.len() {
            return Err(invalid("validators", "a session key appears twice"));
        }
        if self.validators.len() > 1 && self.validators.iter().any(|v| v.network_key.is_none()) {
            return Err(invalid(
                "validators",
                "with more than one validator, every validator needs its networkKey (libp2p peer id)",
            ));
        }
        if let Genesis::Runtime(config) = &self.genesis {
            if !config.validators.is_empty() && config.validators != self.genesis_validators() {
                return Err(invalid(
                    "genesis.runtime.validators",
                    "must be empty (it is filled from `validators`) or equal to `validators`",
                ));
            }
        }
        Ok(())
    }
}

fn decode_hex(s: &str) -> Result<Vec<u8>, ChainSpecError> {
    s.strip_prefix("0x")
        .and_then(|h| hex::decode(h).ok())
        .ok_or_else(|| ChainSpecError::RawHex {
            entry: s.chars().take(40).collect(),
        })
}
