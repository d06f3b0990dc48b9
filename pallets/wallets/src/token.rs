//! [`Token`]: the four tokens, by their wire index.

use std::fmt;
use std::str::FromStr;

use parity_scale_codec::{Decode, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// A token. The index is the wire format; a byte that is not one of these fails to decode (so a call naming an
/// unknown token is invalid call data, rejected before it is included).
#[allow(clippy::upper_case_acronyms)]
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Encode,
    Decode,
    TypeInfo,
    MaxEncodedLen,
)]
pub enum Token {
    /// Genesis token.
    GEN = 0,
    /// NEX.
    NEX = 1,
    /// FLX, the native fee token (held by Balances in `System.Account`).
    FLX = 2,
    /// AUR, minted and burned only by its issuer.
    AUR = 3,
}

/// A token symbol that is not GEN, NEX, FLX or AUR.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown token {symbol:?}: expected one of GEN, NEX, FLX, AUR")]
pub struct UnknownTokenSymbol {
    /// The text given.
    pub symbol: String,
}

impl Token {
    /// Every token, in wire order.
    pub const ALL: [Token; 4] = [Token::GEN, Token::NEX, Token::FLX, Token::AUR];
    /// The tokens whose balances this pallet stores (all but FLX).
    pub const WALLET_TOKENS: [Token; 3] = [Token::GEN, Token::NEX, Token::AUR];

    /// The symbol, e.g. `"GEN"`.
    pub fn symbol(&self) -> &'static str {
        match self {
            Token::GEN => "GEN",
            Token::NEX => "NEX",
            Token::FLX => "FLX",
            Token::AUR => "AUR",
        }
    }

    /// The token with wire index `index`.
    pub fn from_index(index: u8) -> Option<Token> {
        Token::ALL.into_iter().find(|t| *t as u8 == index)
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.symbol())
    }
}

impl FromStr for Token {
    type Err = UnknownTokenSymbol;
    /// Case-insensitive symbol.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Token::ALL
            .into_iter()
            .find(|t| t.symbol().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownTokenSymbol {
                symbol: s.to_string(),
            })
    }
}
