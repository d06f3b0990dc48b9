//! `key generate` and `key inspect` (offline).

use anyhow::Context;

use crate::args::{KeyCommand, KeyOutputArgs, OutputType};
use crate::keys::{self, KeyInfo};

/// Runs a `key` subcommand and prints its output.
pub fn run(command: &KeyCommand) -> anyhow::Result<()> {
    let (info, output) = match command {
        KeyCommand::Generate(args) => (
            keys::generate(args.words, args.output.ss58_prefix),
            &args.output,
        ),
        KeyCommand::Inspect(args) => (
            keys::inspect(&args.suri, args.output.ss58_prefix).context("cannot inspect the key")?,
            &args.output,
        ),
    };
    print!("{}", render(&info, output));
    Ok(())
}

/// The text `key` prints for `info`.
pub fn render(info: &KeyInfo, output: &KeyOutputArgs) -> String {
    match output.output_type {
        OutputType::Text => info.to_text(),
        OutputType::Json => {
            let mut text = serde_json::to_string_pretty(&info.to_json()).unwrap_or_default();
            text.push('\n');
            text
        }
    }
}
