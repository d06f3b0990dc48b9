//! Node key file, peer id parsing, and start-up errors.

use metanode_network::{
    ed25519_public, load_or_generate_node_key, parse_peer_id, peer_id_from_ed25519_public,
    NetworkError,
};

#[test]
fn generates_with_mode_0600_and_reloads_same_peer_id() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("base").join("network").join("node_key");
    let first = load_or_generate_node_key(&path).expect("generate");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let text = std::fs::read_to_string(&path).expect("read");
    assert_eq!(text.trim().len(), 64, "32-byte hex secret on one line");
    let second = load_or_generate_node_key(&path).expect("reload");
    assert_eq!(first.public().to_peer_id(), second.public().to_peer_id());
}

#[test]
fn corrupt_key_file_is_an_error_naming_the_path_and_is_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("node_key");
    for garbage in ["not hex at all", "abcd", ""] {
        std::fs::write(&path, garbage).expect("write");
        let err = load_or_generate_node_key(&path).expect_err("corrupt");
        assert!(matches!(err, NetworkError::CorruptKey { .. }), "{err:?}");
        assert!(
            err.to_string().contains(&path.display().to_string()),
            "{err}"
        );
        assert_eq!(std::fs::read_to_string(&path).expect("kept"), garbage);
    }
}

#[test]
fn peer_ids_parse_and_derive_from_public_keys() {
    let key = metanode_network::Keypair::generate_ed25519();
    let peer = key.public().to_peer_id();
    assert_eq!(parse_peer_id(&peer.to_string()).expect("parse"), peer);
    let err = parse_peer_id("not-a-peer-id").expect_err("garbage");
    assert!(err.to_string().contains("not-a-peer-id"), "{err}");
    let public = ed25519_public(&key).expect("ed25519");
    assert_eq!(peer_id_from_ed25519_public(&public).expect("derive"), peer);
}
