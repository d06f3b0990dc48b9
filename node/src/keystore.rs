//! The node's keystore: the validator session key as a secret URI in a file readable by its owner only.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use metanode_primitives::Pair;

/// Where the session key of a chain directory lives.
pub fn session_key_path(chain_dir: &Path) -> PathBuf {
    chain_dir.join("keystore").join("session")
}

/// Reads the session key, if one was installed. Refuses a key file others can read.
pub fn load_session_key(chain_dir: &Path) -> anyhow::Result<Option<Pair>> {
    let path = session_key_path(chain_dir);
    if !path.exists() {
        return Ok(None);
    }
    check_private(&path)?;
    let suri =
        std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let pair = Pair::from_string(suri.trim(), None)
        .map_err(|e| anyhow::anyhow!("{} does not hold a valid secret URI: {e}", path.display()))?;
    Ok(Some(pair))
}

/// Writes the session key with mode 0600, replacing any previous one.
pub fn insert_session_key(chain_dir: &Path, suri: &str) -> anyhow::Result<Pair> {
    let pair =
        Pair::from_string(suri, None).map_err(|e| anyhow::anyhow!("invalid secret URI: {e}"))?;
    let path = session_key_path(chain_dir);
    let dir = path.parent().context("keystore path has a parent")?;
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&path)
        .with_context(|| format!("writing {}", path.display()))?;
    file.write_all(suri.as_bytes())?;
    file.sync_all()?;
    Ok(pair)
}

#[cfg(unix)]
fn check_private(path: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode();
    if mode & 0o077 != 0 {
        bail!(
            "{} is readable by other users (mode {:o}); run `chmod 600 {}`",
            path.display(),
            mode & 0o777,
            path.display()
        );
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path) -> anyhow::Result<()> {
    Ok(())
}
