//! Metanode's permissioned libp2p network.
//!
//! One libp2p swarm runs in one tokio task behind a cloneable [`Handle`]; the node receives
//! [`NetworkEvent`]s on a bounded channel. The crate only moves bytes: the node encodes and
//! decodes consensus messages, transactions and sync requests. See the README for the
//! protocol names, the frame format, the bounds and the permissioning rules.

mod behaviour;
mod codec;
mod config;
mod error;
mod handle;
mod keys;
mod peer_exchange;
mod swarm_task;

use std::collections::{HashMap, HashSet};
use std::time::Duration;

pub use libp2p::{identity::Keypair, Multiaddr, PeerId};

pub use config::{NetworkConfig, Topic};
pub use error::{NetworkError, RequestError};
pub use handle::{Handle, NetworkEvent};
pub use keys::{
    ed25519_public, load_or_generate_node_key, parse_peer_id, peer_id_from_ed25519_public,
};

use libp2p::{multiaddr::Protocol, noise, tcp, yamux, SwarmBuilder};

/// Connections stay up this long without traffic (ping keeps them busy anyway).
const IDLE_CONNECTION_TIMEOUT: Duration = Duration::from_secs(3600);

/// Builds the swarm, starts listening on every `config.listen` address, dials the bootnodes
/// and spawns the network task on the current tokio runtime.
///
/// Fails with [`NetworkError::Listen`] if a listen address cannot be bound, with
/// [`NetworkError::Bootnode`] if a bootnode address lacks its `/p2p/<peer id>` suffix, and with
/// [`NetworkError::NoRuntime`] outside a tokio runtime. The task ends when every [`Handle`]
/// and the event receiver are dropped, or on [`Handle::shutdown`].
pub fn start(
    config: NetworkConfig,
) -> Result<(Handle, tokio::sync::mpsc::Receiver<NetworkEvent>), NetworkError> {
    let runtime = tokio::runtime::Handle::try_current().map_err(|_| NetworkError::NoRuntime)?;
    ed25519_public(&config.keypair)?;
    let mut known: HashMap<PeerId, Vec<Multiaddr>> = HashMap::new();
    for addr in &config.bootnodes {
        let Some(Protocol::P2p(peer)) = addr.iter().last() else {
            return Err(NetworkError::Bootnode {
                addr: addr.clone(),
                reason: "must end with /p2p/<peer id>".into(),
            });
        };
        let entry = known.entry(peer).or_default();
        let addr = swarm_task::strip_p2p(addr.clone());
        if !entry.contains(&addr) {
            entry.push(addr);
        }
    }
    let behaviour = behaviour::Behaviour::new(&config)?;
    let local_peer_id = config.keypair.public().to_peer_id();
    let _guard = runtime.enter();
    let mut swarm = SwarmBuilder::with_existing_identity(config.keypair.clone())
        .with_tokio()
        .with_tcp(
            tcp::Config::default().nodelay(true),
            noise::Config::new,
            yamux::Config::default,
        )
        .map_err(|e| NetworkError::Swarm(e.to_string()))?
        .with_behaviour(|_| behaviour)
        .map_err(|e| NetworkError::Swarm(e.to_string()))?
        .with_swarm_config(|c| c.with_idle_connection_timeout(IDLE_CONNECTION_TIMEOUT))
        .build();
    let mut listeners_pending = HashSet::new();
    for addr in &config.listen {
        probe_bind(addr).map_err(|e| NetworkError::Listen {
            addr: addr.clone(),
            reason: e.to_string(),
        })?;
        let id = swarm
            .listen_on(addr.clone())
            .map_err(|e| NetworkError::Listen {
                addr: addr.clone(),
                reason: e.to_string(),
            })?;
        listeners_pending.insert(id);
    }
    for (peer, addrs) in &known {
        for addr in addrs {
            swarm.add_peer_address(*peer, addr.clone());
        }
    }
    let (events_tx, events_rx) = tokio::sync::mpsc::channel(handle::EVENT_QUEUE);
    let (data_tx, data_rx) = tokio::sync::mpsc::channel(handle::DATA_QUEUE);
    let (control_tx, control_rx) = tokio::sync::mpsc::channel(handle::CONTROL_QUEUE);
    let limits = swarm_task::Limits {
        max_notification_size: config.max_notification_size,
        max_request_size: config.max_request_size,
        max_response_size: config.max_response_size,
        request_timeout: config.request_timeout,
        ban_duration: config.ban_duration,
    };
    let task = swarm_task::SwarmTask::new(
        swarm,
        limits,
        config.allowed,
        events_tx,
        data_rx,
        control_rx,
        known,
        listeners_pending,
    );
    runtime.spawn(task.run());
    Ok((
        Handle {
            local_peer_id,
            data: data_tx,
            control: control_tx,
            drops: Default::default(),
        },
        events_rx,
    ))
}

/// libp2p-tcp binds listeners with `SO_REUSEPORT`, so a second node on the same port would
/// silently share it. Binding a plain socket first turns "address in use" into an error.
fn probe_bind(addr: &Multiaddr) -> std::io::Result<()> {
    let mut iter = addr.iter();
    let ip: std::net::IpAddr = match iter.next() {
        Some(Protocol::Ip4(ip)) => ip.into(),
        Some(Protocol::Ip6(ip)) => ip.into(),
        _ => return Ok(()),
    };
    match iter.next() {
        Some(Protocol::Tcp(port)) if port != 0 => {
            drop(std::net::TcpListener::bind((ip, port))?);
            Ok(())
        }
        _ => Ok(()),
    }
}
