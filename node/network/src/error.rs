//! Error types of the network crate.

use std::path::PathBuf;

use libp2p::{Multiaddr, PeerId};

/// Errors of starting the network, loading keys and parsing peer ids.
#[derive(Debug, thiserror::Error)]
pub enum NetworkError {
    /// A listen address could not be bound (port in use, bad interface, unsupported transport).
    #[error("cannot listen on {addr}: {reason}")]
    Listen {
        /// The address from [`crate::NetworkConfig::listen`].
        addr: Multiaddr,
        /// Why binding failed.
        reason: String,
    },
    /// A bootnode address is unusable.
    #[error("bootnode {addr}: {reason}")]
    Bootnode {
        /// The address from [`crate::NetworkConfig::bootnodes`].
        addr: Multiaddr,
        /// What is wrong with it.
        reason: String,
    },
    /// The swarm could not be built (transport or behaviour setup failed).
    #[error("cannot build the libp2p swarm: {0}")]
    Swarm(String),
    /// The node key is not an ed25519 key.
    #[error("the node key must be an ed25519 key")]
    NotEd25519,
    /// `start` was called outside a tokio runtime.
    #[error("network::start must be called inside a tokio runtime")]
    NoRuntime,
    /// Reading, creating or writing the node key file failed.
    #[error("node key file {path}: {source}")]
    KeyIo {
        /// The key file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The node key file exists but does not hold a 32-byte ed25519 secret in hex.
    #[error("node key file {path} is corrupt: {reason}")]
    CorruptKey {
        /// The key file.
        path: PathBuf,
        /// What is wrong with its content.
        reason: String,
    },
    /// A peer id string could not be parsed.
    #[error("invalid peer id {input:?}: {reason}")]
    InvalidPeerId {
        /// The rejected input.
        input: String,
        /// Why it was rejected.
        reason: String,
    },
    /// Bytes that should be an ed25519 public key are not one.
    #[error("invalid ed25519 public key: {0}")]
    InvalidPublicKey(String),
}

/// Why [`crate::Handle::request`] did not return an answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RequestError {
    /// The peer is not connected (or not allowed, or banned).
    #[error("peer {0} is not connected")]
    NotConnected(PeerId),
    /// No answer within the configured request timeout.
    #[error("request to {0} timed out")]
    Timeout(PeerId),
    /// The request exceeds our `max_request_size`, or the answer exceeds our `max_response_size`
    /// (the responder is then treated as misbehaving).
    #[error("{what} of {len} bytes exceeds the bound of {max} bytes")]
    TooLarge {
        /// "request" or "response".
        what: &'static str,
        /// The announced or actual length.
        len: usize,
        /// The configured bound.
        max: usize,
    },
    /// The peer closed the stream or connection without answering (for example its node
    /// dropped the responder).
    #[error("peer {0} closed the request without an answer")]
    ConnectionClosed(PeerId),
    /// The peer does not speak the sync protocol of this chain.
    #[error("peer {0} does not support the sync protocol")]
    UnsupportedProtocol(PeerId),
    /// Too many requests to this peer are already in flight.
    #[error("too many requests in flight to {0}")]
    TooManyInflight(PeerId),
    /// An I/O error on the request stream.
    #[error("i/o error on the request to {peer}: {reason}")]
    Io {
        /// The peer.
        peer: PeerId,
        /// The error text.
        reason: String,
    },
    /// The network task has stopped (shutdown, or the command queue is gone).
    #[error("the network task has stopped")]
    Shutdown,
}
