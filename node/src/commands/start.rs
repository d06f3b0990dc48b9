//! `metanode start`.

use tracing_subscriber::EnvFilter;

use crate::cli::StartArgs;
use crate::config::NodeConfig;

/// Validates the configuration, then runs the node until stopped.
pub fn run(args: StartArgs) -> anyhow::Result<()> {
    let filter = EnvFilter::try_new(&args.log)
        .map_err(|e| anyhow::anyhow!("invalid --log filter `{}`: {e}", args.log))?;
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(true)
        .init();
    let config = NodeConfig::from_args(&args)?;
    super::runtime()?.block_on(crate::service::run(config))
}
