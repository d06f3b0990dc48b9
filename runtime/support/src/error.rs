//! [`DispatchError`] and its parts, encoded exactly as Substrate's `sp_runtime::DispatchError`.
//!
//! Variant indices are Substrate's (`Other` 0 … `RootNotAllowed` 13); `Trie` (14) is not produced by this runtime and
//! is left out. `Other`'s text and `ModuleError::message` are not encoded (as in Substrate): they exist for logs.
//! `TypeInfo` is written by hand so the metadata carries Substrate's paths (`sp_runtime::DispatchError`, ...).

use parity_scale_codec::{Decode, Encode, MaxEncodedLen};
use scale_info::{build::Fields, build::Variants, Path, Type, TypeInfo};

/// Why a dispatch failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode)]
pub enum DispatchError {
    /// Some other error; the text is for logs only and not encoded.
    #[codec(index = 0)]
    Other(#[codec(skip)] &'static str),
    /// A lookup (e.g. of a `MultiAddress`) failed.
    #[codec(index = 1)]
    CannotLookup,
    /// The origin is not allowed to make this call.
    #[codec(index = 2)]
    BadOrigin,
    /// An error of a pallet.
    #[codec(index = 3)]
    Module(ModuleError),
    /// The account still has consumer references.
    #[codec(index = 4)]
    ConsumerRemaining,
    /// The account has no provider reference.
    #[codec(index = 5)]
    NoProviders,
    /// Too many consumer references.
    #[codec(index = 6)]
    TooManyConsumers,
    /// A token operation failed.
    #[codec(index = 7)]
    Token(TokenError),
    /// Checked arithmetic failed.
    #[codec(index = 8)]
    Arithmetic(ArithmeticError),
    /// The storage transaction layer failed.
    #[codec(index = 9)]
    Transactional(TransactionalError),
    /// Resources are exhausted.
    #[codec(index = 10)]
    Exhausted,
    /// State is corrupt.
    #[codec(index = 11)]
    Corruption,
    /// A resource is temporarily unavailable.
    #[codec(index = 12)]
    Unavailable,
    /// Root origin is not allowed here.
    #[codec(index = 13)]
    RootNotAllowed,
}

/// A pallet's error: its pallet index and the error's variant index (first byte; the other three are zero).
#[derive(Debug, Clone, Copy, Eq, Encode, Decode, MaxEncodedLen)]
pub struct ModuleError {
    /// The pallet index.
    pub index: u8,
    /// The error's variant index in byte 0.
    pub error: [u8; 4],
    /// The error's name, for logs; not encoded.
    #[codec(skip)]
    pub message: Option<&'static str>,
}

impl PartialEq for ModuleError {
    fn eq(&self, other: &Self) -> bool {
        self.index == other.index && self.error == other.error
    }
}

/// Errors of token operations (`sp_runtime::TokenError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen)]
pub enum TokenError {
    /// Funds are unavailable.
    FundsUnavailable,
    /// The account would be left with less than its existential deposit while a consumer remains.
    OnlyProvider,
    /// The amount is below the minimum (existential deposit) for a new account.
    BelowMinimum,
    /// The account cannot be created.
    CannotCreate,
    /// The asset is unknown.
    UnknownAsset,
    /// Funds are frozen.
    Frozen,
    /// The operation is not supported.
    Unsupported,
    /// A hold could not be created.
    CannotCreateHold,
    /// Withdrawal would kill an account that must stay alive.
    NotExpendable,
    /// The account is blocked.
    Blocked,
}

/// Checked arithmetic errors (`sp_arithmetic::ArithmeticError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen)]
pub enum ArithmeticError {
    /// Underflow.
    Underflow,
    /// Overflow.
    Overflow,
    /// Division by zero.
    DivisionByZero,
}

/// Errors of the storage transaction layer (`sp_runtime::TransactionalError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Encode, Decode, MaxEncodedLen)]
pub enum TransactionalError {
    /// Too many nested transactions.
    LimitReached,
    /// No transaction is open.
    NoLayer,
}

/// The result of a dispatch.
pub type DispatchResult = Result<(), DispatchError>;

impl DispatchError {
    /// A pallet error: pallet `index`, variant `error`, named `message` (for logs).
    pub fn module(index: u8, error: u8, message: &'static str) -> Self {
        DispatchError::Module(ModuleError {
            index,
            error: [error, 0, 0, 0],
            message: Some(message),
        })
    }
}

impl From<ArithmeticError> for DispatchError {
    fn from(e: ArithmeticError) -> Self {
        DispatchError::Arithmetic(e)
    }
}

impl From<TokenError> for DispatchError {
    fn from(e: TokenError) -> Self {
        DispatchError::Token(e)
    }
}

impl std::fmt::Display for DispatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DispatchError::Other(text) if !text.is_empty() => write!(f, "other error: {text}"),
            DispatchError::Other(_) => write!(f, "other error"),
            DispatchError::CannotLookup => write!(f, "cannot look up the address"),
            DispatchError::BadOrigin => write!(f, "bad origin: this caller may not make this call"),
            DispatchError::Module(m) => match m.message {
                Some(name) => write!(f, "module error {}.{} ({name})", m.index, m.error[0]),
                None => write!(f, "module error {}.{}", m.index, m.error[0]),
            },
            DispatchError::ConsumerRemaining => write!(f, "account has consumer references"),
            DispatchError::NoProviders => write!(f, "account has no providers"),
            DispatchError::TooManyConsumers => write!(f, "too many consumers"),
            DispatchError::Token(e) => write!(f, "token error: {e:?}"),
            DispatchError::Arithmetic(e) => write!(f, "arithmetic error: {e:?}"),
            DispatchError::Transactional(e) => write!(f, "transactional error: {e:?}"),
            DispatchError::Exhausted => write!(f, "resources exhausted"),
            DispatchError::Corruption => write!(f, "state corrupt"),
            DispatchError::Unavailable => write!(f, "resource unavailable"),
            DispatchError::RootNotAllowed => write!(f, "root origin not allowed"),
        }
    }
}

impl std::error::Error for DispatchError {}

/// A unit-variant enum type with Substrate's path.
pub(crate) fn unit_enum(path: Path, names: &[&'static str]) -> Type {
    let variants = names
        .iter()
        .enumerate()
        .fold(Variants::new(), |v, (i, name)| {
            v.variant_unit(*name, i as u8)
        });
    Type::builder().path(path).variant(variants)
}

impl TypeInfo for DispatchError {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("DispatchError", "sp_runtime"))
            .variant(
                Variants::new()
                    .variant_unit("Other", 0)
                    .variant_unit("CannotLookup", 1)
                    .variant_unit("BadOrigin", 2)
                    .variant("Module", |v| {
                        v.index(3).fields(
                            Fields::unnamed()
                                .field(|f| f.ty::<ModuleError>().type_name("ModuleError")),
                        )
                    })
                    .variant_unit("ConsumerRemaining", 4)
                    .variant_unit("NoProviders", 5)
                    .variant_unit("TooManyConsumers", 6)
                    .variant("Token", |v| {
                        v.index(7).fields(
                            Fields::unnamed()
                                .field(|f| f.ty::<TokenError>().type_name("TokenError")),
                        )
                    })
                    .variant("Arithmetic", |v| {
                        v.index(8).fields(
                            Fields::unnamed()
                                .field(|f| f.ty::<ArithmeticError>().type_name("ArithmeticError")),
                        )
                    })
                    .variant("Transactional", |v| {
                        v.index(9).fields(Fields::unnamed().field(|f| {
                            f.ty::<TransactionalError>().type_name("TransactionalError")
                        }))
                    })
                    .variant_unit("Exhausted", 10)
                    .variant_unit("Corruption", 11)
                    .variant_unit("Unavailable", 12)
                    .variant_unit("RootNotAllowed", 13),
            )
    }
}

impl TypeInfo for ModuleError {
    type Identity = Self;
    fn type_info() -> Type {
        Type::builder()
            .path(Path::new("ModuleError", "sp_runtime"))
            .composite(
                Fields::named()
                    .field(|f| f.ty::<u8>().name("index").type_name("u8"))
                    .field(|f| {
                        f.ty::<[u8; 4]>()
                            .name("error")
                            .type_name("[u8; MAX_MODULE_ERROR_ENCODED_SIZE]")
                    }),
            )
    }
}

impl TypeInfo for TokenError {
    type Identity = Self;
    fn type_info() -> Type {
        unit_enum(
            Path::new("TokenError", "sp_runtime"),
            &[
                "FundsUnavailable",
                "OnlyProvider",
                "BelowMinimum",
                "CannotCreate",
                "UnknownAsset",
                "Frozen",
                "Unsupported",
                "CannotCreateHold",
                "NotExpendable",
                "Blocked",
            ],
        )
    }
}

impl TypeInfo for ArithmeticError {
    type Identity = Self;
    fn type_info() -> Type {
        unit_enum(
            Path::new("ArithmeticError", "sp_arithmetic"),
            &["Underflow", "Overflow", "DivisionByZero"],
        )
    }
}

impl TypeInfo for TransactionalError {
    type Identity = Self;
    fn type_info() -> Type {
        unit_enum(
            Path::new("TransactionalError", "sp_runtime"),
            &["LimitReached", "NoLayer"],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_match_substrate() {
        assert_eq!(DispatchError::BadOrigin.encode(), vec![2]);
        assert_eq!(DispatchError::Other("ignored").encode(), vec![0]);
        assert_eq!(
            DispatchError::module(2, 2, "InsufficientBalance").encode(),
            vec![3, 2, 2, 0, 0, 0]
        );
        assert_eq!(
            DispatchError::Token(TokenError::FundsUnavailable).encode(),
            vec![7, 0]
        );
        assert_eq!(
            DispatchError::Arithmetic(ArithmeticError::Overflow).encode(),
            vec![8, 1]
        );
        let decoded = DispatchError::decode(&mut &[3u8, 2, 2, 0, 0, 0][..]).unwrap();
        assert_eq!(decoded, DispatchError::module(2, 2, "InsufficientBalance"));
        assert_eq!(
            DispatchError::decode(&mut &[13u8][..]).unwrap(),
            DispatchError::RootNotAllowed
        );
    }

    #[test]
    fn type_paths_are_substrates() {
        let ty = DispatchError::type_info();
        assert_eq!(ty.path.segments, vec!["sp_runtime", "DispatchError"]);
        assert_eq!(
            ArithmeticError::type_info().path.segments,
            vec!["sp_arithmetic", "ArithmeticError"]
        );
    }
}
