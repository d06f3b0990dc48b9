//! `RuntimeVersionJson`: the result of `state_getRuntimeVersion`, in Substrate's JSON shape.
//!
//! Contract (sp_version's serde form): camelCase fields `specName`, `implName`, `authoringVersion`,
//! `specVersion`, `implVersion`, `apis` as `[["0x<8-byte api id>", version], ..]`,
//! `transactionVersion`, `systemVersion` (deserialising also accepts the older name
//! `stateVersion`). The runtime's own `RuntimeVersion` is converted into this by the node.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use super::bytes::{from_hex, to_hex};

/// A runtime's version in JSON form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuntimeVersionJson {
    /// Identifies the runtime (e.g. `"metanode"`).
    pub spec_name: String,
    /// Name of the implementation.
    pub impl_name: String,
    /// Version of the authorship interface.
    pub authoring_version: u32,
    /// Version of the runtime specification; part of every signed payload.
    pub spec_version: u32,
    /// Version of the implementation.
    pub impl_version: u32,
    /// Supported runtime APIs: `(blake2_64 of the API name, version)`.
    #[serde(
        serialize_with = "serialize_apis",
        deserialize_with = "deserialize_apis"
    )]
    pub apis: Vec<([u8; 8], u32)>,
    /// Version of the extrinsic format; part of every signed payload.
    pub transaction_version: u32,
    /// State/system version (0 or 1).
    #[serde(alias = "stateVersion")]
    pub system_version: u8,
}

fn serialize_apis<S: Serializer>(
    apis: &[([u8; 8], u32)],
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(apis.iter().map(|(id, version)| (to_hex(id), version)))
}

fn deserialize_apis<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<([u8; 8], u32)>, D::Error> {
    let raw: Vec<(String, u32)> = Vec::deserialize(deserializer)?;
    raw.into_iter()
        .map(|(id, version)| {
            let bytes = from_hex(&id).map_err(de::Error::custom)?;
            let id: [u8; 8] = bytes.as_slice().try_into().map_err(|_| {
                de::Error::custom(format!("api id {id} must be 8 bytes, got {}", bytes.len()))
            })?;
            Ok((id, version))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> RuntimeVersionJson {
        RuntimeVersionJson {
            spec_name: "metanode".into(),
            impl_name: "metanode-node".into(),
            authoring_version: 1,
            spec_version: 100,
            impl_version: 2,
            apis: vec![([0xdf, 0x6a, 0xcb, 0x68, 0x99, 0x07, 0x60, 0x9b], 5)],
            transaction_version: 1,
            system_version: 1,
        }
    }

    #[test]
    fn golden_json() {
        let json = serde_json::to_string(&sample()).unwrap();
        assert_eq!(
            json,
            r#"{"specName":"metanode","implName":"metanode-node","authoringVersion":1,"specVersion":100,"implVersion":2,"apis":[["0xdf6acb689907609b",5]],"transactionVersion":1,"systemVersion":1}"#
        );
        assert_eq!(
            serde_json::from_str::<RuntimeVersionJson>(&json).unwrap(),
            sample()
        );
    }

    #[test]
    fn accepts_state_version_and_rejects_bad_api_ids() {
        let json = r#"{"specName":"metanode","implName":"metanode-node","authoringVersion":1,"specVersion":100,"implVersion":2,"apis":[["0xdf6acb689907609b",5]],"transactionVersion":1,"stateVersion":1}"#;
        assert_eq!(
            serde_json::from_str::<RuntimeVersionJson>(json).unwrap(),
            sample()
        );
        let bad = json.replace("0xdf6acb689907609b", "0xdf6a");
        let err = serde_json::from_str::<RuntimeVersionJson>(&bad).unwrap_err();
        assert!(err.to_string().contains("must be 8 bytes"), "{err}");
    }
}
