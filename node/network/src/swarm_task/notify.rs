//! The notify protocol: sending and receiving `[topic][data]` notifications.

use super::*;

impl SwarmTask {
    pub(super) fn on_notify(&mut self, event: request_response::Event<Frame, Vec<u8>>) {
        match event {
            request_response::Event::Message { peer, message, .. } => match message {
                request_response::Message::Request {
                    request, channel, ..
                } => {
                    let frame = match request {
                        Frame::Data(frame) => frame,
                        Frame::Oversized(tl) => {
                            self.ban(peer, &format!("oversized notification frame: {tl}"));
                            return;
                        }
                    };
                    let _ = self
                        .swarm
                        .behaviour_mut()
                        .notify
                        .send_response(channel, Vec::new());
                    self.on_notification(peer, frame);
                }
                request_response::Message::Response { request_id, .. } => {
                    self.notify_done(request_id);
                }
            },
            request_response::Event::OutboundFailure {
                peer,
                request_id,
                error,
                ..
            } => {
                self.notify_done(request_id);
                tracing::debug!(target: TARGET, peer = %peer, error = %error, "notification not delivered");
            }
            request_response::Event::InboundFailure { peer, error, .. } => {
                tracing::debug!(target: TARGET, peer = %peer, error = %error, "inbound notification failed");
            }
            request_response::Event::ResponseSent { .. } => {}
        }
    }

    pub(super) fn notify_done(&mut self, id: OutboundRequestId) {
        if let Some(peer) = self.notify_inflight.remove(&id) {
            decrement(&mut self.notify_per_peer, &peer);
        }
    }

    pub(super) fn on_notification(&mut self, peer: PeerId, frame: Vec<u8>) {
        if !self.connected.contains(&peer) {
            tracing::debug!(target: TARGET, peer = %peer, "notification from a peer not connected; dropped");
            return;
        }
        let Some((&topic_byte, _)) = frame.split_first() else {
            self.ban(peer, "empty notification frame");
            return;
        };
        let topic = match topic_byte {
            TOPIC_CONSENSUS => Topic::Consensus,
            TOPIC_TRANSACTIONS => Topic::Transactions,
            TOPIC_PEER_EXCHANGE => {
                match peer_exchange::decode(&frame[1..]) {
                    Ok(entries) => {
                        for (other, addrs) in entries {
                            self.learn_addresses(other, addrs);
                        }
                        self.redial(Instant::now());
                    }
                    Err(reason) => self.ban(peer, &format!("malformed peer exchange: {reason}")),
                }
                return;
            }
            other => {
                self.ban(
                    peer,
                    &format!("unknown notification topic byte {other:#04x}"),
                );
                return;
            }
        };
        let mut data = frame;
        data.remove(0);
        self.emit_data(NetworkEvent::Notification { peer, topic, data });
    }

    pub(super) fn send_frame(&mut self, peer: PeerId, frame: Vec<u8>) {
        if !self.connected.contains(&peer) {
            tracing::debug!(target: TARGET, peer = %peer, "notification to a peer not connected; dropped");
            return;
        }
        let inflight = self.notify_per_peer.entry(peer).or_default();
        if *inflight >= MAX_INFLIGHT_NOTIFICATIONS {
            tracing::debug!(target: TARGET, peer = %peer, "too many notifications in flight; dropped");
            return;
        }
        *inflight += 1;
        let id = self
            .swarm
            .behaviour_mut()
            .notify
            .send_request(&peer, Frame::Data(frame));
        self.notify_inflight.insert(id, peer);
    }

    pub(super) fn on_data(&mut self, cmd: DataCommand) {
        let DataCommand { topic, data, to } = cmd;
        let targets: Vec<PeerId> = match to {
            Targets::All => self.connected.iter().copied().collect(),
            Targets::Only(peers) => peers,
            Targets::AllExcept(except) => self
                .connected
                .iter()
                .filter(|peer| !except.contains(peer))
                .copied()
                .collect(),
        };
        if data.len() > self.limits.max_notification_size {
            tracing::warn!(
                target: TARGET,
                len = data.len(),
                max = self.limits.max_notification_size,
                "notification exceeds max_notification_size; dropped"
            );
            return;
        }
        let mut frame = Vec::with_capacity(data.len() + 1);
        frame.push(topic.to_byte());
        frame.extend_from_slice(&data);
        for peer in targets {
            self.send_frame(peer, frame.clone());
        }
    }
}
