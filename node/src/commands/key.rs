//! `metanode key generate|inspect|insert`.

use metanode_primitives::{Pair, DEFAULT_SS58_PREFIX};

use crate::cli::KeyCommand;
use crate::config::{base_path, chain_dir, load_chain_spec};
use crate::keystore;

/// Runs a key subcommand.
pub fn run(command: KeyCommand) -> anyhow::Result<()> {
    match command {
        KeyCommand::Generate { words, json } => {
            if words != 12 && words != 24 {
                anyhow::bail!("--words must be 12 or 24, got {words}");
            }
            let (pair, phrase) = Pair::generate_with_phrase(words);
            print_key(&pair, Some(&phrase), json);
        }
        KeyCommand::Inspect { suri, json } => {
            let pair = Pair::from_string(&suri, None)
                .map_err(|e| anyhow::anyhow!("invalid secret URI: {e}"))?;
            print_key(&pair, None, json);
        }
        KeyCommand::Insert {
            suri,
            chain,
            storage,
        } => {
            let spec = load_chain_spec(&chain)?;
            let (base, _tmp) = base_path(&storage, false)?;
            let dir = chain_dir(&base, &spec);
            let pair = keystore::insert_session_key(&dir, &suri)?;
            println!(
                "session key {} installed at {}",
                pair.public(),
                keystore::session_key_path(&dir).display()
            );
        }
    }
    Ok(())
}

fn print_key(pair: &Pair, phrase: Option<&str>, json: bool) {
    let account = pair.public();
    let public_hex = format!("0x{}", hex::encode(account.0));
    let ss58 = account.to_ss58(DEFAULT_SS58_PREFIX);
    if json {
        let mut value = serde_json::json!({
            "publicKey": public_hex,
            "accountId": public_hex,
            "ss58Address": ss58,
        });
        if let Some(phrase) = phrase {
            value["secretPhrase"] = phrase.into();
        }
        println!("{value:#}");
        return;
    }
    if let Some(phrase) = phrase {
        println!("Secret phrase:       {phrase}");
    }
    println!("  Public key (hex):  {public_hex}");
    println!("  Account ID:        {public_hex}");
    println!("  SS58 Address:      {ss58}");
}
