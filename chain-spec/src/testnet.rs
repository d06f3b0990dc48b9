//! Local testnet specs: N validators on one machine (`metanode testnet`).

use metanode_primitives::AccountId32;

use crate::dev::{dev_account, dev_genesis, dev_properties, DEV_ACCOUNTS};
use crate::spec::{ChainSpec, ChainType, ConsensusParams, ValidatorSpec};

/// One validator of a local testnet, with the keys `metanode testnet` generated for it.
#[derive(Clone, Debug)]
pub struct TestnetValidator {
    /// Its sr25519 session key.
    pub session_key: AccountId32,
    /// The libp2p peer id of its ed25519 network key.
    pub peer_id: String,
    /// The TCP port it listens on, on 127.0.0.1.
    pub p2p_port: u16,
}

/// The chain spec of a local testnet: the given validators (in leader order) are the bootnodes on 127.0.0.1,
/// `full_nodes` (peer ids) may connect too; the well-known dev accounts (`//Alice` … `//Ferdie`) and every validator's
/// session account are funded with every token; `//Alice` is admin and AUR issuer.
///
/// The dev accounts' secrets are public: a local testnet is for testing, never for value.
pub fn local_testnet_spec(validators: &[TestnetValidator], full_nodes: Vec<String>) -> ChainSpec {
    let funded: Vec<AccountId32> = DEV_ACCOUNTS
        .iter()
        .map(|n| dev_account(n))
        .chain(validators.iter().map(|v| v.session_key))
        .collect();
    ChainSpec {
        name: "Metanode Local Testnet".into(),
        id: "local_testnet".into(),
        chain_type: ChainType::Local,
        boot_nodes: validators
            .iter()
            .map(|v| format!("/ip4/127.0.0.1/tcp/{}/p2p/{}", v.p2p_port, v.peer_id))
            .collect(),
        allowed_peers: full_nodes,
        properties: dev_properties(),
        // A crashed leader on one machine should not cost a minute: cap the doubling round timeout at 16 s.
        consensus: ConsensusParams {
            max_round_timeout_ms: 16_000,
            ..ConsensusParams::default()
        },
        validators: validators
            .iter()
            .enumerate()
            .map(|(i, v)| ValidatorSpec {
                name: format!("node{i}"),
                session_key: v.session_key,
                network_key: Some(v.peer_id.clone()),
            })
            .collect(),
        genesis: dev_genesis(&funded),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Genesis;
    use metanode_primitives::Pair;

    fn validator(i: u8) -> TestnetValidator {
        TestnetValidator {
            session_key: Pair::from_string(&format!("//Validator{i}"), None)
                .unwrap()
                .public(),
            peer_id: format!("12D3KooWPeer{i}"),
            p2p_port: 30333 + u16::from(i),
        }
    }

    #[test]
    fn a_four_validator_testnet_validates_and_names_its_bootnodes() {
        let validators: Vec<_> = (0..4).map(validator).collect();
        let spec = local_testnet_spec(&validators, vec!["12D3KooWFull".into()]);
        spec.validate().expect("valid");
        assert_eq!(spec.validators.len(), 4);
        assert_eq!(
            spec.boot_nodes[2],
            "/ip4/127.0.0.1/tcp/30335/p2p/12D3KooWPeer2"
        );
        let back = ChainSpec::from_json_bytes(spec.to_json(false).unwrap().as_bytes()).unwrap();
        assert_eq!(back, spec);
        assert_eq!(back.allowed_peers, vec!["12D3KooWFull".to_string()]);
    }

    #[test]
    fn the_genesis_storage_holds_the_four_validators_in_leader_order() {
        use metanode_runtime::queries;
        let validators: Vec<_> = (0..4).map(validator).collect();
        let spec = local_testnet_spec(&validators, vec![]);
        let storage = spec.genesis_storage().unwrap();
        let set = queries::validators(&storage);
        assert_eq!(set.len(), 4);
        for (info, v) in set.iter().zip(&validators) {
            assert_eq!(info.session_key, v.session_key);
            assert_eq!(info.network_key, v.peer_id.as_bytes());
        }
        assert_eq!(queries::validator_epoch(&storage), 0);
        // `build-spec --raw` carries the same set.
        let raw = spec.to_raw().unwrap();
        let Genesis::Raw(top) = &raw.genesis else {
            panic!("raw genesis expected")
        };
        let key = format!("0x{}", hex::encode(queries::validators_key()));
        let value = top
            .top
            .get(&key)
            .expect("raw spec holds Validators.Validators");
        let bytes = hex::decode(value.trim_start_matches("0x")).unwrap();
        assert_eq!(queries::decode_validators(&bytes).unwrap(), set);
    }

    #[test]
    fn a_typed_genesis_set_must_match_the_top_level_validators() {
        let validators: Vec<_> = (0..4).map(validator).collect();
        let mut spec = local_testnet_spec(&validators, vec![]);
        let mut list = spec.genesis_validators();
        if let Genesis::Runtime(config) = &mut spec.genesis {
            config.validators = list.clone();
        }
        spec.validate().expect("an equal list is accepted");
        list.swap(0, 1);
        if let Genesis::Runtime(config) = &mut spec.genesis {
            config.validators = list;
        }
        let err = spec.validate().unwrap_err().to_string();
        assert!(err.contains("genesis.runtime.validators"), "{err}");
    }

    #[test]
    fn a_multi_validator_spec_needs_every_network_key() {
        let validators: Vec<_> = (0..4).map(validator).collect();
        let mut spec = local_testnet_spec(&validators, vec![]);
        spec.validators[1].network_key = None;
        let err = spec.validate().unwrap_err().to_string();
        assert!(err.contains("networkKey"), "{err}");
    }
}
