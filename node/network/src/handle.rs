//! The cloneable handle to the swarm task, and the events it emits.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use libp2p::{Multiaddr, PeerId};
use tokio::sync::{mpsc, oneshot};

use crate::{RequestError, Topic};

/// Capacity of the data command queue (broadcast/send); full means "drop".
pub(crate) const DATA_QUEUE: usize = 1024;
/// Capacity of the control command queue.
pub(crate) const CONTROL_QUEUE: usize = 256;
/// Capacity of the event channel to the node.
pub(crate) const EVENT_QUEUE: usize = 1024;

/// Minimum interval between two "command queue full" warnings (shared by all clones).
const DROP_WARN_INTERVAL: Duration = Duration::from_secs(5);

/// Counts commands dropped because the queue was full; warns at most every few seconds.
#[derive(Default)]
pub(crate) struct DropLog {
    state: parking_lot::Mutex<(u64, Option<Instant>)>,
}

impl DropLog {
    fn dropped(&self, what: &'static str) {
        let mut state = self.state.lock();
        state.0 += 1;
        let now = Instant::now();
        if state
            .1
            .is_none_or(|t| now.duration_since(t) >= DROP_WARN_INTERVAL)
        {
            tracing::warn!(target: "network", dropped = state.0, what, "command queue full; dropped");
            state.1 = Some(now);
        }
    }
}

/// What the network tells the node.
#[derive(Debug)]
pub enum NetworkEvent {
    /// A notification from a connected, allowed, not banned peer.
    Notification {
        /// The sender.
        peer: PeerId,
        /// Its topic.
        topic: Topic,
        /// The payload (at most `max_notification_size` bytes).
        data: Vec<u8>,
    },
    /// An inbound sync request; the node answers with `respond.send(bytes)` (dropping it answers
    /// nothing; the requester sees an error). Answers larger than `max_response_size` are not
    /// sent. The node must answer within `request_timeout`.
    Request {
        /// The requester.
        peer: PeerId,
        /// The request bytes (at most `max_request_size`).
        data: Vec<u8>,
        /// Where to put the answer.
        respond: oneshot::Sender<Vec<u8>>,
    },
    /// The first connection to an allowed peer was established.
    PeerConnected(PeerId),
    /// The last connection to a peer that was reported connected was closed.
    PeerDisconnected(PeerId),
}

/// Fire-and-forget notifications (dropped when the queue is full).
pub(crate) struct DataCommand {
    pub(crate) topic: Topic,
    pub(crate) data: Vec<u8>,
    pub(crate) to: Targets,
}

/// Which connected peers a notification goes to.
pub(crate) enum Targets {
    /// Every connected peer.
    All,
    /// These peers (those not connected are skipped).
    Only(Vec<PeerId>),
    /// Every connected peer but these.
    AllExcept(Vec<PeerId>),
}

/// Control commands.
pub(crate) enum ControlCommand {
    Request {
        peer: PeerId,
        data: Vec<u8>,
        reply: oneshot::Sender<Result<Vec<u8>, RequestError>>,
    },
    Report {
        peer: PeerId,
        reason: String,
    },
    SetAllowed(HashSet<PeerId>),
    Peers(oneshot::Sender<Vec<PeerId>>),
    ListenAddrs(oneshot::Sender<Vec<Multiaddr>>),
    Shutdown,
}

/// A cloneable handle to the network task. The task ends when every `Handle` and the event
/// receiver are dropped, or on [`Handle::shutdown`]; afterwards every method is a no-op or
/// returns an empty/shutdown answer.
#[derive(Clone)]
pub struct Handle {
    pub(crate) local_peer_id: PeerId,
    pub(crate) data: mpsc::Sender<DataCommand>,
    pub(crate) control: mpsc::Sender<ControlCommand>,
    pub(crate) drops: Arc<DropLog>,
}

impl Handle {
    /// Our peer id.
    pub fn local_peer_id(&self) -> PeerId {
        self.local_peer_id
    }

    /// Best effort, never blocks: sends to every connected allowed peer. Dropped (and logged)
    /// when the command queue is full or `data` exceeds `max_notification_size`.
    /// Notifications are independent streams: their order is not guaranteed.
    pub fn broadcast(&self, topic: Topic, data: Vec<u8>) {
        self.push_data(DataCommand {
            topic,
            data,
            to: Targets::All,
        });
    }

    /// As [`Handle::broadcast`], to every connected peer except those in `except`.
    pub fn broadcast_except(&self, topic: Topic, data: Vec<u8>, except: Vec<PeerId>) {
        self.push_data(DataCommand {
            topic,
            data,
            to: Targets::AllExcept(except),
        });
    }

    /// Best effort to one peer (dropped if it is not connected, or as in [`Handle::broadcast`]).
    pub fn send(&self, peer: PeerId, topic: Topic, data: Vec<u8>) {
        self.send_each(vec![peer], topic, data);
    }

    /// Best effort to each of `peers` (those not connected are skipped; otherwise as [`Handle::broadcast`]).
    pub fn send_each(&self, peers: Vec<PeerId>, topic: Topic, data: Vec<u8>) {
        self.push_data(DataCommand {
            topic,
            data,
            to: Targets::Only(peers),
        });
    }

    fn push_data(&self, cmd: DataCommand) {
        if let Err(e) = self.data.try_send(cmd) {
            match e {
                mpsc::error::TrySendError::Full(_) => self.drops.dropped("notification"),
                mpsc::error::TrySendError::Closed(_) => {
                    tracing::debug!(target: "network", "network stopped; notification dropped")
                }
            }
        }
    }

    /// Sends `data` (the node's sync request) to a connected peer and waits for the answer,
    /// bounded by `max_request_size`, `max_response_size` and `request_timeout`.
    pub async fn request(&self, peer: PeerId, data: Vec<u8>) -> Result<Vec<u8>, RequestError> {
        let (reply, rx) = oneshot::channel();
        self.control
            .send(ControlCommand::Request { peer, data, reply })
            .await
            .map_err(|_| RequestError::Shutdown)?;
        rx.await.map_err(|_| RequestError::Shutdown)?
    }

    /// The node found this peer misbehaving (invalid signature, garbage, wrong blocks):
    /// disconnect it, ban it for `ban_duration` and log the reason (warn, fields `peer`, `reason`).
    pub fn report(&self, peer: PeerId, reason: String) {
        self.push_control(ControlCommand::Report { peer, reason });
    }

    /// Replaces the allowed set (validator set changed); connected peers no longer allowed are
    /// disconnected, newly allowed bootnodes/known peers are dialed.
    pub fn set_allowed(&self, allowed: HashSet<PeerId>) {
        self.push_control(ControlCommand::SetAllowed(allowed));
    }

    /// Stops the network task: all connections are closed, pending requests fail.
    pub fn shutdown(&self) {
        self.push_control(ControlCommand::Shutdown);
    }

    fn push_control(&self, cmd: ControlCommand) {
        if let Err(e) = self.control.try_send(cmd) {
            match e {
                mpsc::error::TrySendError::Full(_) => {
                    tracing::error!(target: "network", "control queue full; command dropped")
                }
                mpsc::error::TrySendError::Closed(_) => {
                    tracing::debug!(target: "network", "network stopped; command dropped")
                }
            }
        }
    }

    /// Currently connected peers (allowed and not banned ones only); empty after shutdown.
    pub async fn peers(&self) -> Vec<PeerId> {
        let (tx, rx) = oneshot::channel();
        if self.control.send(ControlCommand::Peers(tx)).await.is_err() {
            return Vec::new();
        }
        rx.await.unwrap_or_default()
    }

    /// Addresses the swarm listens on (known right after [`crate::start`]); empty after shutdown.
    pub async fn listen_addrs(&self) -> Vec<Multiaddr> {
        let (tx, rx) = oneshot::channel();
        if self
            .control
            .send(ControlCommand::ListenAddrs(tx))
            .await
            .is_err()
        {
            return Vec::new();
        }
        rx.await.unwrap_or_default()
    }
}
