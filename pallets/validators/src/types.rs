//! [`ValidatorInfo`]: one member of the validator set.

use metanode_primitives::AccountId32;
use parity_scale_codec::{Decode, Encode};
use scale_info::TypeInfo;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One validator: the key that signs its consensus messages and the libp2p identity it is reached at.
///
/// JSON (chain specs, RPC): `{"sessionKey": "<SS58>", "networkKey": "<peer id>"}`; `networkKey` is the peer id
/// string (it must be UTF-8, which the pallet and genesis enforce).
#[derive(Debug, Clone, PartialEq, Eq, Encode, Decode, TypeInfo, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ValidatorInfo {
    /// The sr25519 key that signs consensus messages.
    pub session_key: AccountId32,
    /// The libp2p peer id (base58 text) as UTF-8 bytes, at most [`MAX_NETWORK_KEY_LEN`](crate::MAX_NETWORK_KEY_LEN)
    /// bytes; empty only for a single-validator genesis that needs no network.
    #[serde(
        serialize_with = "serialize_network_key",
        deserialize_with = "deserialize_network_key"
    )]
    pub network_key: Vec<u8>,
}

impl ValidatorInfo {
    /// The network key as text (`None` if it is not UTF-8).
    pub fn network_key_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.network_key).ok()
    }
}

fn serialize_network_key<S: Serializer>(key: &[u8], s: S) -> Result<S::Ok, S::Error> {
    let text = std::str::from_utf8(key)
        .map_err(|_| serde::ser::Error::custom("a validator's networkKey is not UTF-8"))?;
    s.serialize_str(text)
}

fn deserialize_network_key<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    String::deserialize(d).map(String::into_bytes)
}
