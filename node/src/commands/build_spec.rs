//! `metanode build-spec`.

use crate::cli::BuildSpecArgs;
use crate::config::load_chain_spec;

/// Prints the selected chain spec as JSON.
pub fn run(args: BuildSpecArgs) -> anyhow::Result<()> {
    let spec = load_chain_spec(&args.chain)?;
    println!("{}", spec.to_json(args.raw)?);
    Ok(())
}
