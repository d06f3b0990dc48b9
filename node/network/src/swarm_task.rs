//! The single tokio task that owns the swarm: gating, dialing, delivery and bans.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use futures::{future::BoxFuture, stream::FuturesUnordered, FutureExt, StreamExt};
use libp2p::{
    allow_block_list, connection_limits,
    core::transport::ListenerId,
    identify,
    request_response::{self, OutboundFailure, OutboundRequestId, ResponseChannel},
    swarm::{dial_opts::DialOpts, dial_opts::PeerCondition, ListenError, SwarmEvent},
    Multiaddr, PeerId, Swarm,
};
use tokio::sync::{mpsc, oneshot};

use crate::behaviour::{Behaviour, BehaviourEvent};
use crate::codec::{frame_too_large, Frame};
use crate::config::{TOPIC_CONSENSUS, TOPIC_PEER_EXCHANGE, TOPIC_TRANSACTIONS};
use crate::handle::{ControlCommand, DataCommand, NetworkEvent, Targets};
use crate::{peer_exchange, RequestError, Topic};

mod discovery;
mod notify;
mod sync;

const TARGET: &str = "network";
/// Period of the housekeeping tick (redials, ban expiry, exit check).
const TICK: Duration = Duration::from_millis(500);
/// First redial delay; doubles up to [`MAX_BACKOFF`].
const MIN_BACKOFF: Duration = Duration::from_secs(1);
/// Largest redial delay.
const MAX_BACKOFF: Duration = Duration::from_secs(30);
/// A connection that lived this long resets the redial backoff.
const STABLE_CONNECTION: Duration = Duration::from_secs(10);
/// Outbound notifications in flight per peer; more are dropped.
const MAX_INFLIGHT_NOTIFICATIONS: usize = 64;
/// Outbound sync requests in flight per peer.
const MAX_INFLIGHT_REQUESTS: usize = 16;
/// Inbound sync requests waiting for the node's answer per peer; more are refused.
const MAX_INBOUND_REQUESTS: usize = 16;
/// Event slots kept free for `PeerConnected`/`PeerDisconnected`: notifications and requests are
/// dropped once fewer slots remain, so connection events are (almost) never lost.
const RESERVED_EVENT_SLOTS: usize = 64;
/// Period of the full peer exchange with every connected peer.
const PEER_EXCHANGE_INTERVAL: Duration = Duration::from_secs(30);
/// Minimum interval between two "event channel full" warnings.
const DROP_WARN_INTERVAL: Duration = Duration::from_secs(5);

/// Bounds copied from the configuration.
pub(crate) struct Limits {
    pub max_notification_size: usize,
    pub max_request_size: usize,
    pub max_response_size: usize,
    pub request_timeout: Duration,
    pub ban_duration: Duration,
}

struct Backoff {
    next: Instant,
    delay: Duration,
}

type Reply = oneshot::Sender<Result<Vec<u8>, RequestError>>;
type Answer = BoxFuture<'static, (u64, Option<Vec<u8>>)>;

/// State of the swarm task.
pub(crate) struct SwarmTask {
    swarm: Swarm<Behaviour>,
    limits: Limits,
    allowed: HashSet<PeerId>,
    events: mpsc::Sender<NetworkEvent>,
    data_rx: mpsc::Receiver<DataCommand>,
    control_rx: mpsc::Receiver<ControlCommand>,
    /// Known dialable addresses per peer (bootnodes, identify, peer exchange).
    known: HashMap<PeerId, Vec<Multiaddr>>,
    /// Listeners that have not reported an address yet.
    listeners_pending: HashSet<ListenerId>,
    banned: HashMap<PeerId, Instant>,
    connected: HashSet<PeerId>,
    /// When each connected peer got its first connection.
    connected_since: HashMap<PeerId, Instant>,
    backoff: HashMap<PeerId, Backoff>,
    notify_inflight: HashMap<OutboundRequestId, PeerId>,
    notify_per_peer: HashMap<PeerId, usize>,
    requests: HashMap<OutboundRequestId, (PeerId, Reply)>,
    requests_per_peer: HashMap<PeerId, usize>,
    inbound: HashMap<u64, (PeerId, ResponseChannel<Vec<u8>>)>,
    inbound_per_peer: HashMap<PeerId, usize>,
    next_inbound: u64,
    answers: FuturesUnordered<Answer>,
    listen_waiters: Vec<oneshot::Sender<Vec<Multiaddr>>>,
    dropped_events: u64,
    last_drop_warn: Option<Instant>,
    last_peer_exchange: Instant,
}

impl SwarmTask {
    /// A task around a built swarm (listeners already started, nothing dialed yet).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        swarm: Swarm<Behaviour>,
        limits: Limits,
        allowed: HashSet<PeerId>,
        events: mpsc::Sender<NetworkEvent>,
        data_rx: mpsc::Receiver<DataCommand>,
        control_rx: mpsc::Receiver<ControlCommand>,
        known: HashMap<PeerId, Vec<Multiaddr>>,
        listeners_pending: HashSet<ListenerId>,
    ) -> Self {
        Self {
            swarm,
            limits,
            allowed,
            events,
            data_rx,
            control_rx,
            known,
            listeners_pending,
            banned: HashMap::new(),
            connected: HashSet::new(),
            connected_since: HashMap::new(),
            backoff: HashMap::new(),
            notify_inflight: HashMap::new(),
            notify_per_peer: HashMap::new(),
            requests: HashMap::new(),
            requests_per_peer: HashMap::new(),
            inbound: HashMap::new(),
            inbound_per_peer: HashMap::new(),
            next_inbound: 0,
            answers: FuturesUnordered::new(),
            listen_waiters: Vec::new(),
            dropped_events: 0,
            last_drop_warn: None,
            last_peer_exchange: Instant::now(),
        }
    }

    /// Runs until shutdown, or until every handle and the event receiver are gone.
    pub(crate) async fn run(mut self) {
        let local = *self.swarm.local_peer_id();
        tracing::info!(target: TARGET, peer = %local, "network started");
        self.redial(Instant::now());
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut data_open = true;
        let mut control_open = true;
        loop {
            tokio::select! {
                event = self.swarm.select_next_some() => self.on_swarm_event(event),
                cmd = self.control_rx.recv(), if control_open => match cmd {
                    Some(ControlCommand::Shutdown) => break,
                    Some(cmd) => self.on_control(cmd),
                    None => control_open = false,
                },
                cmd = self.data_rx.recv(), if data_open => match cmd {
                    Some(cmd) => self.on_data(cmd),
                    None => data_open = false,
                },
                Some((key, answer)) = self.answers.next(), if !self.answers.is_empty() => {
                    self.on_answer(key, answer)
                }
                _ = tick.tick() => {
                    if !data_open && !control_open && self.events.is_closed() {
                        break;
                    }
                    self.on_tick();
                }
            }
        }
        for (_, (_, reply)) in self.requests.drain() {
            let _ = reply.send(Err(RequestError::Shutdown));
        }
        tracing::info!(target: TARGET, peer = %local, "network stopped");
    }

    fn is_banned(&self, peer: &PeerId) -> bool {
        self.banned.contains_key(peer)
    }

    /// Delivers a notification or request, keeping [`RESERVED_EVENT_SLOTS`] free.
    fn emit_data(&mut self, event: NetworkEvent) -> bool {
        if self.events.capacity() <= RESERVED_EVENT_SLOTS {
            self.note_dropped_event();
            return false;
        }
        self.emit(event)
    }

    fn note_dropped_event(&mut self) {
        self.dropped_events += 1;
        let now = Instant::now();
        if self
            .last_drop_warn
            .is_none_or(|t| now.duration_since(t) >= DROP_WARN_INTERVAL)
        {
            tracing::warn!(
                target: TARGET,
                dropped = self.dropped_events,
                "event channel full; dropping events (the node is not keeping up)"
            );
            self.last_drop_warn = Some(now);
        }
    }

    fn emit(&mut self, event: NetworkEvent) -> bool {
        match self.events.try_send(event) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Full(_)) => {
                self.note_dropped_event();
                false
            }
            Err(mpsc::error::TrySendError::Closed(_)) => false,
        }
    }

    /// Marks `peer` as no longer connected from the node's point of view.
    fn mark_disconnected(&mut self, peer: PeerId) {
        if self.connected.remove(&peer) {
            self.emit(NetworkEvent::PeerDisconnected(peer));
        }
    }

    /// Disconnects and bans `peer` for `ban_duration`.
    pub(crate) fn ban(&mut self, peer: PeerId, reason: &str) {
        tracing::warn!(
            target: TARGET,
            peer = %peer,
            reason = %reason,
            ban_secs = self.limits.ban_duration.as_secs(),
            "peer banned"
        );
        self.banned
            .insert(peer, Instant::now() + self.limits.ban_duration);
        self.swarm.behaviour_mut().blocked.block_peer(peer);
        let _ = self.swarm.disconnect_peer_id(peer);
        self.mark_disconnected(peer);
    }

    fn on_tick(&mut self) {
        let now = Instant::now();
        let expired: Vec<PeerId> = self
            .banned
            .iter()
            .filter(|(_, until)| **until <= now)
            .map(|(p, _)| *p)
            .collect();
        for peer in expired {
            self.banned.remove(&peer);
            self.swarm.behaviour_mut().blocked.unblock_peer(peer);
            tracing::info!(target: TARGET, peer = %peer, "ban expired");
        }
        self.redial(now);
        if now.duration_since(self.last_peer_exchange) >= PEER_EXCHANGE_INTERVAL {
            self.last_peer_exchange = now;
            let peers: Vec<PeerId> = self.connected.iter().copied().collect();
            for peer in peers {
                let others = self.known_others(peer);
                if !others.is_empty() {
                    self.send_peer_exchange(peer, &others);
                }
            }
        }
    }

    fn on_swarm_event(&mut self, event: SwarmEvent<BehaviourEvent>) {
        match event {
            SwarmEvent::Behaviour(event) => self.on_behaviour_event(event),
            SwarmEvent::ConnectionEstablished {
                peer_id, endpoint, ..
            } => {
                if !self.allowed.contains(&peer_id) {
                    tracing::info!(target: TARGET, peer = %peer_id, "refused peer not in the allowed set");
                    let _ = self.swarm.disconnect_peer_id(peer_id);
                    return;
                }
                if self.is_banned(&peer_id) {
                    tracing::info!(target: TARGET, peer = %peer_id, "refused banned peer");
                    let _ = self.swarm.disconnect_peer_id(peer_id);
                    return;
                }
                if self.connected.insert(peer_id) {
                    self.connected_since.insert(peer_id, Instant::now());
                    tracing::info!(
                        target: TARGET,
                        peer = %peer_id,
                        addr = %endpoint.get_remote_address(),
                        "peer connected"
                    );
                    self.emit(NetworkEvent::PeerConnected(peer_id));
                }
            }
            SwarmEvent::ConnectionClosed {
                peer_id,
                num_established: 0,
                cause,
                ..
            } => {
                if self.connected.contains(&peer_id) {
                    tracing::info!(
                        target: TARGET,
                        peer = %peer_id,
                        cause = ?cause,
                        "peer disconnected"
                    );
                }
                self.mark_disconnected(peer_id);
                self.schedule_redial_after_close(peer_id);
            }
            SwarmEvent::IncomingConnectionError { peer_id, error, .. } => {
                self.log_refusal(peer_id, &error);
            }
            SwarmEvent::OutgoingConnectionError { peer_id, error, .. } => {
                tracing::debug!(target: TARGET, peer = ?peer_id, error = %error, "dial failed");
            }
            SwarmEvent::NewListenAddr {
                listener_id,
                address,
            } => {
                tracing::info!(target: TARGET, addr = %address, "listening");
                self.listener_done(listener_id);
            }
            SwarmEvent::ListenerClosed {
                listener_id,
                reason,
                ..
            } => {
                tracing::warn!(target: TARGET, reason = ?reason, "listener closed");
                self.listener_done(listener_id);
            }
            SwarmEvent::ListenerError { listener_id, error } => {
                tracing::warn!(target: TARGET, error = %error, "listener error");
                self.listener_done(listener_id);
            }
            _ => {}
        }
    }

    fn log_refusal(&self, peer: Option<PeerId>, error: &ListenError) {
        let ListenError::Denied { cause } = error else {
            tracing::debug!(target: TARGET, peer = ?peer, error = %error, "inbound connection failed");
            return;
        };
        if cause
            .downcast_ref::<allow_block_list::NotAllowed>()
            .is_some()
        {
            tracing::info!(target: TARGET, peer = ?peer, "refused peer not in the allowed set");
        } else if cause.downcast_ref::<allow_block_list::Blocked>().is_some() {
            tracing::info!(target: TARGET, peer = ?peer, "refused banned peer");
        } else if let Some(e) = cause.downcast_ref::<connection_limits::Exceeded>() {
            tracing::info!(target: TARGET, peer = ?peer, limit = e.limit(), "refused connection: limit reached");
        } else {
            tracing::info!(target: TARGET, peer = ?peer, "refused connection");
        }
    }

    fn listener_done(&mut self, id: ListenerId) {
        self.listeners_pending.remove(&id);
        if self.listeners_pending.is_empty() {
            let addrs: Vec<Multiaddr> = self.swarm.listeners().cloned().collect();
            for waiter in self.listen_waiters.drain(..) {
                let _ = waiter.send(addrs.clone());
            }
        }
    }

    fn on_behaviour_event(&mut self, event: BehaviourEvent) {
        match event {
            BehaviourEvent::Allowed(never) | BehaviourEvent::Blocked(never) => match never {},
            BehaviourEvent::Limits(never) => match never {},
            BehaviourEvent::Ping(_) => {}
            BehaviourEvent::Identify(event) => self.on_identify(event),
            BehaviourEvent::Notify(event) => self.on_notify(event),
            BehaviourEvent::Sync(event) => self.on_sync(event),
        }
    }

    fn on_control(&mut self, cmd: ControlCommand) {
        match cmd {
            ControlCommand::Request { peer, data, reply } => {
                let result = self.start_request(peer, data);
                match result {
                    Ok(id) => {
                        self.requests.insert(id, (peer, reply));
                    }
                    Err(e) => {
                        let _ = reply.send(Err(e));
                    }
                }
            }
            ControlCommand::Report { peer, reason } => self.ban(peer, &reason),
            ControlCommand::SetAllowed(allowed) => self.set_allowed(allowed),
            ControlCommand::Peers(reply) => {
                let _ = reply.send(self.connected.iter().copied().collect());
            }
            ControlCommand::ListenAddrs(reply) => {
                if self.listeners_pending.is_empty() {
                    let _ = reply.send(self.swarm.listeners().cloned().collect());
                } else {
                    self.listen_waiters.push(reply);
                }
            }
            ControlCommand::Shutdown => {}
        }
    }

    fn set_allowed(&mut self, allowed: HashSet<PeerId>) {
        let removed: Vec<PeerId> = self.allowed.difference(&allowed).copied().collect();
        let added: Vec<PeerId> = allowed.difference(&self.allowed).copied().collect();
        for peer in &added {
            self.swarm.behaviour_mut().allowed.allow_peer(*peer);
        }
        for peer in removed {
            tracing::info!(target: TARGET, peer = %peer, "peer removed from the allowed set; disconnecting");
            self.swarm.behaviour_mut().allowed.disallow_peer(peer);
            let _ = self.swarm.disconnect_peer_id(peer);
            self.mark_disconnected(peer);
        }
        tracing::info!(target: TARGET, allowed = allowed.len(), added = added.len(), "allowed set replaced");
        self.allowed = allowed;
        self.redial(Instant::now());
    }
}

fn decrement(map: &mut HashMap<PeerId, usize>, peer: &PeerId) {
    if let Some(n) = map.get_mut(peer) {
        *n = n.saturating_sub(1);
        if *n == 0 {
            map.remove(peer);
        }
    }
}

/// Removes a trailing `/p2p/<id>` component.
pub(crate) fn strip_p2p(mut addr: Multiaddr) -> Multiaddr {
    if matches!(
        addr.iter().last(),
        Some(libp2p::multiaddr::Protocol::P2p(_))
    ) {
        addr.pop();
    }
    addr
}
