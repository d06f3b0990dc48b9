//! Node keys and peer ids.

use std::io::Write;
use std::path::Path;

use libp2p::{identity, identity::Keypair, PeerId};

use crate::NetworkError;

/// The node key file in a base path: loads an ed25519 key (the 32-byte secret as hex on one
/// line), or, if the file does not exist, generates one and writes it with mode 0600 (parent
/// directories are created). A file that exists but is not a valid key is an error naming the
/// path; it is never replaced.
pub fn load_or_generate_node_key(path: &Path) -> Result<Keypair, NetworkError> {
    let io_err = |source| NetworkError::KeyIo {
        path: path.to_path_buf(),
        source,
    };
    match std::fs::read_to_string(path) {
        Ok(text) => parse_secret(text.trim()).map_err(|reason| NetworkError::CorruptKey {
            path: path.to_path_buf(),
            reason,
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
                std::fs::create_dir_all(parent).map_err(io_err)?;
            }
            let keypair = identity::ed25519::Keypair::generate();
            let secret = hex::encode(keypair.secret().as_ref());
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            let mut file = options.open(path).map_err(io_err)?;
            file.write_all(format!("{secret}\n").as_bytes())
                .and_then(|()| file.sync_all())
                .map_err(io_err)?;
            Ok(Keypair::from(keypair))
        }
        Err(e) => Err(io_err(e)),
    }
}

fn parse_secret(text: &str) -> Result<Keypair, String> {
    let mut bytes = hex::decode(text).map_err(|e| format!("not hex: {e}"))?;
    if bytes.len() != 32 {
        return Err(format!("expected 32 bytes, found {}", bytes.len()));
    }
    Keypair::ed25519_from_bytes(&mut bytes).map_err(|e| e.to_string())
}

/// Parses a peer id string as printed by libp2p (base58, e.g. `12D3KooW...`).
pub fn parse_peer_id(s: &str) -> Result<PeerId, NetworkError> {
    s.trim()
        .parse::<PeerId>()
        .map_err(|e| NetworkError::InvalidPeerId {
            input: s.to_string(),
            reason: e.to_string(),
        })
}

/// The peer id of an ed25519 public key given as 32 bytes (used by `metanode testnet` to write
/// chain specs).
pub fn peer_id_from_ed25519_public(public: &[u8; 32]) -> Result<PeerId, NetworkError> {
    let key = identity::ed25519::PublicKey::try_from_bytes(public)
        .map_err(|e| NetworkError::InvalidPublicKey(e.to_string()))?;
    Ok(identity::PublicKey::from(key).to_peer_id())
}

/// The 32-byte ed25519 public key of a node key (fails for non-ed25519 keys).
pub fn ed25519_public(keypair: &Keypair) -> Result<[u8; 32], NetworkError> {
    keypair
        .public()
        .try_into_ed25519()
        .map(|pk| pk.to_bytes())
        .map_err(|_| NetworkError::NotEd25519)
}
