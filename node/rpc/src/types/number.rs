//! `NumberOrHex` and `ListOrValue`: the flexible parameters of `chain_getBlockHash`.
//!
//! Contract (Substrate's `sp_rpc`): a block number arrives as a JSON number (`42`) or a `0x`-hex
//! string (`"0x2a"`); a parameter that takes one value may also take a JSON list of them, and
//! then the result is a list in the same order. Both enums are `untagged`.

use primitive_types::U256;
use serde::{Deserialize, Serialize};

/// A number given as a JSON number or as a `0x`-hex string (up to 256 bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum NumberOrHex {
    /// A JSON number.
    Number(u64),
    /// A `0x`-prefixed hex string (`"0x0"`, `"0x2a"`).
    Hex(U256),
}

/// A number that does not fit the target type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` > u32::MAX, the max block number is u32.")]
pub struct NumberTooLarge {
    /// The value given, in decimal.
    pub value: String,
}

impl NumberOrHex {
    /// The value as a 256-bit integer.
    pub fn into_u256(self) -> U256 {
        match self {
            NumberOrHex::Number(n) => U256::from(n),
            NumberOrHex::Hex(h) => h,
        }
    }

    /// The value as a block number; fails (with Substrate's message) above `u32::MAX`.
    pub fn to_block_number(self) -> Result<u32, NumberTooLarge> {
        let value = self.into_u256();
        if value > U256::from(u32::MAX) {
            return Err(NumberTooLarge {
                value: value.to_string(),
            });
        }
        Ok(value.low_u32())
    }
}

impl From<u32> for NumberOrHex {
    fn from(n: u32) -> Self {
        NumberOrHex::Number(u64::from(n))
    }
}

impl From<u64> for NumberOrHex {
    fn from(n: u64) -> Self {
        NumberOrHex::Number(n)
    }
}

/// One value or a list of values (`untagged`: `[..]` is a list, anything else one value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ListOrValue<T> {
    /// A JSON list.
    List(Vec<T>),
    /// A single value.
    Value(T),
}

impl<T> ListOrValue<T> {
    /// Applies `f` to every element, keeping the shape (list stays list, value stays value).
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> ListOrValue<U> {
        match self {
            ListOrValue::List(items) => ListOrValue::List(items.into_iter().map(f).collect()),
            ListOrValue::Value(item) => ListOrValue::Value(f(item)),
        }
    }

    /// Like [`ListOrValue::map`] for a fallible `f`; stops at the first error.
    pub fn try_map<U, E>(self, mut f: impl FnMut(T) -> Result<U, E>) -> Result<ListOrValue<U>, E> {
        Ok(match self {
            ListOrValue::List(items) => {
                ListOrValue::List(items.into_iter().map(f).collect::<Result<_, _>>()?)
            }
            ListOrValue::Value(item) => ListOrValue::Value(f(item)?),
        })
    }
}

impl<T> From<T> for ListOrValue<T> {
    fn from(value: T) -> Self {
        ListOrValue::Value(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_or_hex_golden() {
        let n: NumberOrHex = serde_json::from_str("42").unwrap();
        assert_eq!(n, NumberOrHex::Number(42));
        let h: NumberOrHex = serde_json::from_str(r#""0x2a""#).unwrap();
        assert_eq!(h, NumberOrHex::Hex(U256::from(42)));
        assert_eq!(h.to_block_number(), Ok(42));
        assert_eq!(serde_json::to_string(&n).unwrap(), "42");
        assert_eq!(serde_json::to_string(&h).unwrap(), r#""0x2a""#);
        assert_eq!(
            serde_json::to_string(&NumberOrHex::Hex(U256::zero())).unwrap(),
            r#""0x0""#
        );
    }

    #[test]
    fn block_number_bounds() {
        assert_eq!(
            NumberOrHex::Number(u64::from(u32::MAX)).to_block_number(),
            Ok(u32::MAX)
        );
        let err = NumberOrHex::Number(u64::from(u32::MAX) + 1)
            .to_block_number()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "`4294967296` > u32::MAX, the max block number is u32."
        );
        let big: NumberOrHex =
            serde_json::from_str(r#""0xffffffffffffffffffffffffffffffffff""#).unwrap();
        assert!(big.to_block_number().is_err());
        assert!(serde_json::from_str::<NumberOrHex>("-1").is_err());
        assert!(serde_json::from_str::<NumberOrHex>(r#""xyz""#).is_err());
    }

    #[test]
    fn list_or_value_golden() {
        let one: ListOrValue<NumberOrHex> = serde_json::from_str("7").unwrap();
        assert_eq!(one, ListOrValue::Value(NumberOrHex::Number(7)));
        let many: ListOrValue<NumberOrHex> = serde_json::from_str(r#"[0, "0x1"]"#).unwrap();
        assert_eq!(
            many,
            ListOrValue::List(vec![NumberOrHex::Number(0), NumberOrHex::Hex(U256::one())])
        );
        let out: ListOrValue<Option<u8>> = ListOrValue::List(vec![Some(1), None]);
        assert_eq!(serde_json::to_string(&out).unwrap(), "[1,null]");
        assert_eq!(
            serde_json::to_string(&ListOrValue::Value(None::<u8>)).unwrap(),
            "null"
        );
        let mapped = many.try_map(|n| n.to_block_number()).unwrap();
        assert_eq!(mapped, ListOrValue::List(vec![0, 1]));
    }
}
