//! `StorageChangeSet`: the result items of `state_queryStorageAt` and `state_subscribeStorage`.
//!
//! Contract (Substrate's `sp_core::storage::StorageChangeSet`): `{"block": "0x<hash>", "changes":
//! [["0x<key>", "0x<value>" | null], ..]}`; `null` means the key has no value at that block.

use primitive_types::H256;
use serde::{Deserialize, Serialize};

use super::Bytes;

/// Storage values of some keys at one block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StorageChangeSet {
    /// The block the values were read at.
    pub block: H256,
    /// `(key, value)` pairs in request order; `None` = no value.
    pub changes: Vec<(Bytes, Option<Bytes>)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golden_json() {
        let set = StorageChangeSet {
            block: H256::repeat_byte(0xab),
            changes: vec![
                (Bytes(vec![0x01]), Some(Bytes(vec![0x02, 0x03]))),
                (Bytes(vec![0x04]), None),
            ],
        };
        let json = serde_json::to_string(&set).unwrap();
        assert_eq!(
            json,
            format!(
                r#"{{"block":"0x{}","changes":[["0x01","0x0203"],["0x04",null]]}}"#,
                "ab".repeat(32)
            )
        );
        assert_eq!(
            serde_json::from_str::<StorageChangeSet>(&json).unwrap(),
            set
        );
    }
}
