//! `RuntimeDispatchInfoJson`: the result of `payment_queryInfo`, in Substrate's JSON shape.
//!
//! Contract (pallet-transaction-payment's serde form): `{"weight":{"ref_time":N,"proof_size":N},
//! "class":"normal"|"operational"|"mandatory","partialFee":"<decimal string>"}` — the weight's fields are
//! snake_case as sp_weights serialises them, the fee a decimal string so 128-bit amounts survive JavaScript.

use serde::{Deserialize, Serialize};

/// A two-dimensional weight, as `sp_weights::Weight` serialises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WeightJson {
    /// Execution time, picoseconds.
    pub ref_time: u64,
    /// Proof size, bytes.
    pub proof_size: u64,
}

/// A dispatch class: `"normal"`, `"operational"` or `"mandatory"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DispatchClassJson {
    /// A normal transaction.
    Normal,
    /// An operational transaction.
    Operational,
    /// An inherent.
    Mandatory,
}

/// `payment_queryInfo`'s answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuntimeDispatchInfoJson {
    /// Declared weight.
    pub weight: WeightJson,
    /// Dispatch class.
    pub class: DispatchClassJson,
    /// The fee without the tip, base units, as a decimal string.
    #[serde(with = "decimal_string")]
    pub partial_fee: u128,
}

mod decimal_string {
    use serde::{de, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &u128, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&value.to_string())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<u128, D::Error> {
        let text = String::deserialize(d)?;
        text.parse()
            .map_err(|e| de::Error::custom(format!("partialFee {text:?}: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_substrates() {
        let info = RuntimeDispatchInfoJson {
            weight: WeightJson {
                ref_time: 5,
                proof_size: 0,
            },
            class: DispatchClassJson::Normal,
            partial_fee: 1_000_000,
        };
        let json = serde_json::to_string(&info).unwrap();
        assert_eq!(
            json,
            r#"{"weight":{"ref_time":5,"proof_size":0},"class":"normal","partialFee":"1000000"}"#
        );
        assert_eq!(
            serde_json::from_str::<RuntimeDispatchInfoJson>(&json).unwrap(),
            info
        );
    }
}
