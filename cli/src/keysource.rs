//! Where signing keys and destination accounts come from.
//!
//! Contract for `--from` ([`load_signer`]): a value that starts with `//` or `0x`, or contains
//! whitespace (a phrase), is a secret URI; anything else must name an existing key file — either
//! the JSON `key generate --output-type json` writes (its `secretPhrase`, else its `secretSeed`)
//! or a text file holding one secret URI. So a mistyped path is an error, never silently a
//! soft-derived dev key. A key file readable by group or others is still used, with a warning
//! naming the fix.
//! Contract for `--to` / `balance` ([`parse_account`]): SS58 (any prefix), `0x` + 32-byte hex,
//! or a secret URI starting with `/` (`//Bob`), whose public key is used.

use std::path::{Path, PathBuf};

use metanode_primitives::{AccountId32, Pair, SecretUriError};
use zeroize::Zeroize;

/// Why a key or account could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum KeySourceError {
    /// The secret URI is malformed.
    #[error("invalid secret URI: {source}")]
    SecretUri {
        /// The derivation error.
        #[source]
        source: SecretUriError,
    },
    /// Neither a secret URI nor an existing file.
    #[error("{path} is not a key file (no such file) and not a secret URI (those start with // or 0x, or are phrases)")]
    NoKeyFile {
        /// The path given.
        path: PathBuf,
    },
    /// The key file could not be read.
    #[error("cannot read key file {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The key file is JSON without a secret.
    #[error(
        "key file {path} is JSON but has neither \"secretPhrase\" nor a usable \"secretSeed\""
    )]
    NoSecretInJson {
        /// The file.
        path: PathBuf,
    },
    /// The key file holds an invalid secret.
    #[error("key file {path} does not hold a valid secret URI: {source}")]
    BadFileSecret {
        /// The file.
        path: PathBuf,
        /// The derivation error.
        #[source]
        source: SecretUriError,
    },
    /// Not an address and not a `/`-URI.
    #[error("{text:?} is not an account: expected an SS58 address, 0x + 64 hex digits, or a dev name like //Bob ({reason})")]
    BadAccount {
        /// The text given.
        text: String,
        /// Why SS58/hex parsing failed.
        reason: String,
    },
}

/// A signing key and where it came from.
pub struct Signer {
    /// The key pair.
    pub pair: Pair,
    /// The key file it was read from, if any.
    pub file: Option<PathBuf>,
    /// A warning to show (e.g. key file permissions).
    pub warning: Option<String>,
}

/// Loads the `--from` key: a secret URI or a key file.
pub fn load_signer(from: &str) -> Result<Signer, KeySourceError> {
    let looks_like_uri =
        from.starts_with("//") || from.starts_with("0x") || from.contains(char::is_whitespace);
    if !looks_like_uri {
        let path = Path::new(from);
        if !path.is_file() {
            return Err(KeySourceError::NoKeyFile {
                path: path.to_path_buf(),
            });
        }
        return load_key_file(path);
    }
    let pair =
        Pair::from_string(from, None).map_err(|source| KeySourceError::SecretUri { source })?;
    Ok(Signer {
        pair,
        file: None,
        warning: None,
    })
}

/// Loads a key file (JSON from `key generate --output-type json`, or one secret URI).
pub fn load_key_file(path: &Path) -> Result<Signer, KeySourceError> {
    let mut text = std::fs::read_to_string(path).map_err(|source| KeySourceError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let warning = permission_warning(path);
    let secret = secret_from_file_text(&text);
    text.zeroize();
    let Some(mut secret) = secret else {
        return Err(KeySourceError::NoSecretInJson {
            path: path.to_path_buf(),
        });
    };
    let pair = Pair::from_string(&secret, None).map_err(|source| KeySourceError::BadFileSecret {
        path: path.to_path_buf(),
        source,
    });
    secret.zeroize();
    Ok(Signer {
        pair: pair?,
        file: Some(path.to_path_buf()),
        warning,
    })
}

/// The secret URI inside a key file's text: JSON `secretPhrase` (else `secretSeed` unless
/// `n/a`), or the trimmed text itself. `None` for JSON without either.
pub fn secret_from_file_text(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(trimmed).ok()?;
        let field = |name: &str| {
            value
                .get(name)
                .and_then(|v| v.as_str())
                .filter(|s| !s.is_empty() && *s != "n/a")
                .map(str::to_string)
        };
        return field("secretPhrase").or_else(|| field("secretSeed"));
    }
    Some(trimmed.to_string())
}

/// A warning if `path` is readable by group or others (Unix), naming the fix.
pub fn permission_warning(path: &Path) -> Option<String> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).ok()?.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Some(format!(
                "key file {} is accessible by group/others (mode {mode:03o}); run `chmod 600 {}`",
                path.display(),
                path.display()
            ));
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    None
}

/// Parses a destination or queried account: SS58, `0x` hex, or a `/`-URI such as `//Bob`.
pub fn parse_account(text: &str) -> Result<AccountId32, KeySourceError> {
    if text.starts_with('/') {
        return Pair::from_string(text, None)
            .map(|pair| pair.public())
            .map_err(|source| KeySourceError::BadAccount {
                text: text.to_string(),
                reason: source.to_string(),
            });
    }
    AccountId32::parse(text).map_err(|e| KeySourceError::BadAccount {
        text: text.to_string(),
        reason: e.to_string(),
    })
}
