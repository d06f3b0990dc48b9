//! Bench chain specs: an existing spec (the embedded dev spec, or one `metanode testnet` wrote) with the bench
//! accounts funded in FLX and GEN at genesis.

use std::path::Path;

use metanode_chain_spec::{dev_spec, ChainSpec, Genesis};
use metanode_primitives::AccountId32;

use crate::accounts::bench_accounts;

/// Whole units of FLX and of GEN each bench account starts with.
pub const BENCH_ENDOWMENT_UNITS: u128 = 1_000_000;

/// Why a bench spec could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SpecError {
    /// The base spec holds raw storage, which cannot be extended with typed balances.
    #[error("the base spec {id} has a raw genesis; give the typed (non --raw) spec")]
    RawGenesis { id: String },
    /// The base spec lacks a token's decimals.
    #[error("the base spec {id} does not list the decimals of {symbol}")]
    MissingToken { id: String, symbol: &'static str },
    /// A bench account is already funded in the base spec.
    #[error("bench account {account} is already endowed in the base spec")]
    AlreadyFunded { account: AccountId32 },
    /// The spec file could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// Loading or validating the spec failed.
    #[error(transparent)]
    ChainSpec(#[from] metanode_chain_spec::ChainSpecError),
}

/// `base` with `accounts` bench accounts endowed with [`BENCH_ENDOWMENT_UNITS`] FLX and GEN; the result is validated.
pub fn with_bench_accounts(mut base: ChainSpec, accounts: usize) -> Result<ChainSpec, SpecError> {
    let unit = |symbol: &'static str| -> Result<u128, SpecError> {
        let decimals =
            base.properties
                .decimals_of(symbol)
                .ok_or_else(|| SpecError::MissingToken {
                    id: base.id.clone(),
                    symbol,
                })?;
        Ok(BENCH_ENDOWMENT_UNITS * 10u128.pow(u32::from(decimals)))
    };
    let flx = unit("FLX")?;
    let gen = unit("GEN")?;
    let id = base.id.clone();
    let Genesis::Runtime(config) = &mut base.genesis else {
        return Err(SpecError::RawGenesis { id });
    };
    for account in bench_accounts(accounts) {
        if config.balances.iter().any(|(a, _)| *a == account)
            || config.gen.iter().any(|(a, _)| *a == account)
        {
            return Err(SpecError::AlreadyFunded { account });
        }
        config.balances.push((account, flx));
        config.gen.push((account, gen));
    }
    base.validate()?;
    Ok(base)
}

/// The dev spec (one validator, //Alice) with bench accounts, as a development chain named `bench_dev`.
pub fn bench_dev_spec(accounts: usize) -> Result<ChainSpec, SpecError> {
    let mut spec = dev_spec();
    spec.name = "Metanode Bench Development".into();
    spec.id = "bench_dev".into();
    with_bench_accounts(spec, accounts)
}

/// Rewrites the spec file at `path` (e.g. a `metanode testnet` one) in place with bench accounts. The chain id is
/// kept, so the keys `metanode testnet` wrote under `chains/<id>` still apply.
pub fn add_bench_accounts_to_file(path: &Path, accounts: usize) -> Result<ChainSpec, SpecError> {
    let spec = with_bench_accounts(ChainSpec::from_file(path)?, accounts)?;
    write_spec(&spec, path)?;
    Ok(spec)
}

/// Writes `spec` as typed JSON.
pub fn write_spec(spec: &ChainSpec, path: &Path) -> Result<(), SpecError> {
    let json = spec.to_json(false)?;
    std::fs::write(path, json).map_err(|source| SpecError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use metanode_runtime::{queries, Token};

    #[test]
    fn bench_accounts_hold_flx_and_gen_at_genesis() {
        let spec = bench_dev_spec(3).unwrap();
        let storage = spec.genesis_storage().unwrap();
        for account in bench_accounts(3) {
            assert_eq!(
                queries::token_balance(&storage, Token::FLX, &account),
                BENCH_ENDOWMENT_UNITS * 10u128.pow(12)
            );
            assert_eq!(
                queries::token_balance(&storage, Token::GEN, &account),
                BENCH_ENDOWMENT_UNITS * 10u128.pow(12)
            );
        }
        // Extending twice would fund the same accounts twice: refused.
        let err = with_bench_accounts(spec, 1).unwrap_err();
        assert!(matches!(err, SpecError::AlreadyFunded { .. }), "{err}");
    }
}
