//! `metanode purge-chain`.

use std::io::{BufRead, Write};

use anyhow::Context;

use crate::cli::PurgeChainArgs;
use crate::config::{base_path, chain_dir, load_chain_spec};

/// Deletes the chain's database directory after confirmation; the keystore stays.
pub fn run(args: PurgeChainArgs) -> anyhow::Result<()> {
    let spec = load_chain_spec(&args.chain)?;
    let (base, _tmp) = base_path(&args.storage, false)?;
    let db = chain_dir(&base, &spec).join("db");
    if !db.exists() {
        println!("{} does not exist; nothing to purge", db.display());
        return Ok(());
    }
    if !args.yes {
        print!(
            "Delete the database of chain `{}` at {}? [y/N]: ",
            spec.id,
            db.display()
        );
        std::io::stdout().flush()?;
        let mut answer = String::new();
        std::io::stdin().lock().read_line(&mut answer)?;
        if !matches!(answer.trim(), "y" | "Y" | "yes") {
            println!("aborted");
            return Ok(());
        }
    }
    std::fs::remove_dir_all(&db).with_context(|| format!("removing {}", db.display()))?;
    println!("{} removed", db.display());
    Ok(())
}
