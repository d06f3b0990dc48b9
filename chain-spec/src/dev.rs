//! The embedded development chain: one validator (//Alice), well-known funded accounts.

use metanode_primitives::{AccountId32, Pair};
use metanode_runtime::GenesisConfig;

use crate::spec::{
    ChainSpec, ChainType, ConsensusParams, Genesis, Properties, ValidatorSpec, TOKEN_ORDER,
};

/// The well-known development accounts, each derived from the dev phrase as `//<Name>`.
pub const DEV_ACCOUNTS: [&str; 6] = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"];

/// Decimals of FLX, GEN, NEX and AUR on the dev chain.
pub(crate) const DEV_DECIMALS: [u8; 4] = [12, 12, 12, 6];

/// Every dev account starts with this many whole units of each token.
pub(crate) const DEV_ENDOWMENT: u128 = 1_000_000;

/// The account of `//<name>` derived from the dev phrase.
pub fn dev_account(name: &str) -> AccountId32 {
    // The dev phrase and a fixed junction always derive: a failure here is a bug in the key code.
    Pair::from_string(&format!("//{name}"), None)
        .expect("the dev phrase derives every //Name")
        .public()
}

/// Dev properties: the four tokens with the dev decimals.
pub(crate) fn dev_properties() -> Properties {
    Properties {
        ss58_format: metanode_primitives::DEFAULT_SS58_PREFIX,
        token_symbol: TOKEN_ORDER.iter().map(|s| s.to_string()).collect(),
        token_decimals: DEV_DECIMALS.to_vec(),
    }
}

/// A genesis that gives every account in `funded` [`DEV_ENDOWMENT`] whole units of every token, with `//Alice` as
/// admin and AUR issuer. The validator list is filled from the spec's `validators` when genesis storage is built.
pub(crate) fn dev_genesis(funded: &[AccountId32]) -> Genesis {
    let endow = |decimals: u8| {
        let unit = DEV_ENDOWMENT * 10u128.pow(u32::from(decimals));
        funded.iter().map(|a| (*a, unit)).collect::<Vec<_>>()
    };
    let alice = dev_account("Alice");
    Genesis::Runtime(GenesisConfig {
        balances: endow(DEV_DECIMALS[0]),
        gen: endow(DEV_DECIMALS[1]),
        nex: endow(DEV_DECIMALS[2]),
        aur: endow(DEV_DECIMALS[3]),
        aur_issuer: Some(alice),
        admin: alice,
        validators: Vec::new(),
        mining: Default::default(),
    })
}

/// The single-validator development chain `metanode start` runs when no `--chain` is given.
pub fn dev_spec() -> ChainSpec {
    let funded: Vec<AccountId32> = DEV_ACCOUNTS.iter().map(|n| dev_account(n)).collect();
    ChainSpec {
        name: "Metanode Development".into(),
        id: "dev".into(),
        chain_type: ChainType::Development,
        boot_nodes: Vec::new(),
        allowed_peers: Vec::new(),
        properties: dev_properties(),
        consensus: ConsensusParams::default(),
        validators: vec![ValidatorSpec {
            name: "alice".into(),
            session_key: dev_account("Alice"),
            network_key: None,
        }],
        genesis: dev_genesis(&funded),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_spec_is_valid_and_round_trips_through_json() {
        let spec = dev_spec();
        spec.validate().expect("dev spec validates");
        let json = spec.to_json(false).expect("serialises");
        let back = ChainSpec::from_json_bytes(json.as_bytes()).expect("parses");
        assert_eq!(back, spec);
    }

    #[test]
    fn raw_spec_builds_the_same_storage() {
        let spec = dev_spec();
        let raw = spec.to_raw().expect("raw");
        assert_eq!(
            raw.genesis_storage().unwrap(),
            spec.genesis_storage().unwrap()
        );
        let json = raw.to_json(false).unwrap();
        let back = ChainSpec::from_json_bytes(json.as_bytes()).unwrap();
        assert_eq!(
            back.genesis_storage().unwrap(),
            spec.genesis_storage().unwrap()
        );
    }

    #[test]
    fn the_dev_genesis_storage_holds_alice_as_the_only_validator() {
        use metanode_runtime::queries;
        let storage = dev_spec().genesis_storage().unwrap();
        let set = queries::validators(&storage);
        assert_eq!(set.len(), 1);
        assert_eq!(set[0].session_key, dev_account("Alice"));
        assert!(set[0].network_key.is_empty());
        assert_eq!(queries::validator_epoch(&storage), 0);
        let raw = storage.get(&queries::validators_key()).unwrap();
        assert_eq!(queries::decode_validators(raw).unwrap(), set);
    }

    #[test]
    fn alice_is_the_dev_validator() {
        assert_eq!(
            dev_spec().validators[0].session_key.to_string(),
            "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY"
        );
    }

    #[test]
    fn invalid_specs_say_which_field_is_wrong() {
        let mut spec = dev_spec();
        spec.validators.clear();
        let err = spec.validate().unwrap_err().to_string();
        assert!(err.contains("validators"), "{err}");

        let mut spec = dev_spec();
        spec.properties.token_symbol.swap(0, 1);
        let err = spec.validate().unwrap_err().to_string();
        assert!(err.contains("tokenSymbol"), "{err}");

        let mut spec = dev_spec();
        spec.consensus.round_timeout_ms = spec.consensus.idle_block_interval_ms;
        assert!(spec.validate().is_err());

        let err = ChainSpec::from_json_bytes(b"{\"name\": 1}")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not valid JSON"), "{err}");
    }

    #[test]
    fn corrupt_raw_hex_is_rejected() {
        let mut raw = dev_spec().to_raw().unwrap();
        if let Genesis::Raw(r) = &mut raw.genesis {
            r.top.insert("zz".into(), "0x00".into());
        }
        let err = raw.genesis_storage().unwrap_err().to_string();
        assert!(err.contains("not 0x-prefixed hex"), "{err}");
    }
}
