//! The combined libp2p behaviour: gating (allow list, block list, limits), identify, ping and
//! the two request-response protocols (`notify`, `sync`).

use std::time::Duration;

use libp2p::{
    allow_block_list::{self, AllowedPeers, BlockedPeers},
    connection_limits::{self, ConnectionLimits},
    identify, ping,
    request_response::{self, ProtocolSupport},
    swarm::NetworkBehaviour,
};

use crate::codec::FrameCodec;
use crate::config::{stream_protocol, NetworkConfig};
use crate::NetworkError;

/// Concurrent streams per connection on the notify protocol (inbound + outbound).
pub(crate) const NOTIFY_MAX_STREAMS: usize = 256;
/// Concurrent streams per connection on the sync protocol (inbound + outbound).
pub(crate) const SYNC_MAX_STREAMS: usize = 64;

/// All behaviours of the swarm.
#[derive(NetworkBehaviour)]
pub(crate) struct Behaviour {
    /// Denies connections with peers outside the allowed set.
    pub allowed: allow_block_list::Behaviour<AllowedPeers>,
    /// Denies connections with banned peers and closes their connections.
    pub blocked: allow_block_list::Behaviour<BlockedPeers>,
    /// Bounds pending and established connections.
    pub limits: connection_limits::Behaviour,
    /// Learns peers' listen addresses.
    pub identify: identify::Behaviour,
    /// Keeps connections alive and measures latency.
    pub ping: ping::Behaviour,
    /// One-way notifications: request `[topic][data]`, empty response.
    pub notify: request_response::Behaviour<FrameCodec>,
    /// Sync requests and responses.
    pub sync: request_response::Behaviour<FrameCodec>,
}

impl Behaviour {
    /// Builds the behaviour for `config` (the allowed set is filled in here).
    pub(crate) fn new(config: &NetworkConfig) -> Result<Self, NetworkError> {
        let mut allowed = allow_block_list::Behaviour::<AllowedPeers>::default();
        for peer in &config.allowed {
            allowed.allow_peer(*peer);
        }
        let limits = ConnectionLimits::default()
            .with_max_pending_incoming(Some(64))
            .with_max_pending_outgoing(Some(64))
            .with_max_established(Some(512))
            .with_max_established_per_peer(Some(3));
        let identify = identify::Behaviour::new(
            identify::Config::new(
                format!("{}/1", config.protocol_prefix()),
                config.keypair.public(),
            )
            .with_agent_version(format!("metanode/{}", env!("CARGO_PKG_VERSION")))
            .with_interval(Duration::from_secs(300)),
        );
        let notify = request_response::Behaviour::with_codec(
            FrameCodec {
                // topic byte + payload
                max_request: config.max_notification_size.saturating_add(1),
                max_response: 0,
            },
            [(
                stream_protocol(config.notify_protocol())?,
                ProtocolSupport::Full,
            )],
            request_response::Config::default()
                .with_request_timeout(config.request_timeout)
                .with_max_concurrent_streams(NOTIFY_MAX_STREAMS),
        );
        let sync = request_response::Behaviour::with_codec(
            FrameCodec {
                max_request: config.max_request_size,
                max_response: config.max_response_size,
            },
            [(
                stream_protocol(config.sync_protocol())?,
                ProtocolSupport::Full,
            )],
            request_response::Config::default()
                .with_request_timeout(config.request_timeout)
                .with_max_concurrent_streams(SYNC_MAX_STREAMS),
        );
        Ok(Self {
            allowed,
            blocked: allow_block_list::Behaviour::default(),
            limits: connection_limits::Behaviour::new(limits),
            identify,
            ping: ping::Behaviour::new(ping::Config::new()),
            notify,
            sync,
        })
    }
}
