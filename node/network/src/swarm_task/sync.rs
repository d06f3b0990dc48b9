//! The sync request/response protocol: outbound requests and inbound requests answered by the node.

use super::*;

impl SwarmTask {
    pub(super) fn on_sync(&mut self, event: request_response::Event<Frame, Vec<u8>>) {
        match event {
            request_response::Event::Message { peer, message, .. } => match message {
                request_response::Message::Request {
                    request, channel, ..
                } => match request {
                    Frame::Data(data) => self.on_inbound_request(peer, data, channel),
                    Frame::Oversized(tl) => {
                        self.ban(peer, &format!("oversized sync request: {tl}"))
                    }
                },
                request_response::Message::Response {
                    request_id,
                    response,
                } => {
                    if let Some((peer, reply)) = self.requests.remove(&request_id) {
                        decrement(&mut self.requests_per_peer, &peer);
                        let _ = reply.send(Ok(response));
                    }
                }
            },
            request_response::Event::OutboundFailure {
                peer,
                request_id,
                error,
                ..
            } => {
                let Some((_, reply)) = self.requests.remove(&request_id) else {
                    return;
                };
                decrement(&mut self.requests_per_peer, &peer);
                let err = match error {
                    OutboundFailure::DialFailure => RequestError::NotConnected(peer),
                    OutboundFailure::Timeout => RequestError::Timeout(peer),
                    OutboundFailure::ConnectionClosed => RequestError::ConnectionClosed(peer),
                    OutboundFailure::UnsupportedProtocols => {
                        RequestError::UnsupportedProtocol(peer)
                    }
                    OutboundFailure::Io(e) => {
                        if let Some(tl) = frame_too_large(&e) {
                            self.ban(peer, &format!("oversized sync response: {tl}"));
                            RequestError::TooLarge {
                                what: "response",
                                len: tl.len,
                                max: tl.max,
                            }
                        } else if e.kind() == std::io::ErrorKind::UnexpectedEof {
                            RequestError::ConnectionClosed(peer)
                        } else {
                            RequestError::Io {
                                peer,
                                reason: e.to_string(),
                            }
                        }
                    }
                };
                let _ = reply.send(Err(err));
            }
            request_response::Event::InboundFailure { peer, error, .. } => {
                tracing::debug!(target: TARGET, peer = %peer, error = %error, "inbound request failed");
            }
            request_response::Event::ResponseSent { .. } => {}
        }
    }

    pub(super) fn on_inbound_request(
        &mut self,
        peer: PeerId,
        data: Vec<u8>,
        channel: ResponseChannel<Vec<u8>>,
    ) {
        if !self.connected.contains(&peer) {
            return;
        }
        if self.inbound_per_peer.get(&peer).copied().unwrap_or(0) >= MAX_INBOUND_REQUESTS {
            tracing::debug!(target: TARGET, peer = %peer, "too many inbound requests; refused");
            return;
        }
        let (respond, rx) = oneshot::channel();
        if !self.emit_data(NetworkEvent::Request {
            peer,
            data,
            respond,
        }) {
            return;
        }
        let key = self.next_inbound;
        self.next_inbound += 1;
        self.inbound.insert(key, (peer, channel));
        *self.inbound_per_peer.entry(peer).or_default() += 1;
        let timeout = self.limits.request_timeout;
        self.answers.push(
            async move {
                let answer = tokio::time::timeout(timeout, rx)
                    .await
                    .ok()
                    .and_then(Result::ok);
                (key, answer)
            }
            .boxed(),
        );
    }

    pub(super) fn on_answer(&mut self, key: u64, answer: Option<Vec<u8>>) {
        let Some((peer, channel)) = self.inbound.remove(&key) else {
            return;
        };
        decrement(&mut self.inbound_per_peer, &peer);
        let Some(data) = answer else {
            tracing::debug!(target: TARGET, peer = %peer, "request not answered by the node");
            return;
        };
        if data.len() > self.limits.max_response_size {
            tracing::warn!(
                target: TARGET,
                peer = %peer,
                len = data.len(),
                max = self.limits.max_response_size,
                "response exceeds max_response_size; not sent"
            );
            return;
        }
        if self
            .swarm
            .behaviour_mut()
            .sync
            .send_response(channel, data)
            .is_err()
        {
            tracing::debug!(target: TARGET, peer = %peer, "requester gone before the answer");
        }
    }

    pub(super) fn start_request(
        &mut self,
        peer: PeerId,
        data: Vec<u8>,
    ) -> Result<OutboundRequestId, RequestError> {
        if !self.connected.contains(&peer) {
            return Err(RequestError::NotConnected(peer));
        }
        if data.len() > self.limits.max_request_size {
            return Err(RequestError::TooLarge {
                what: "request",
                len: data.len(),
                max: self.limits.max_request_size,
            });
        }
        let inflight = self.requests_per_peer.entry(peer).or_default();
        if *inflight >= MAX_INFLIGHT_REQUESTS {
            return Err(RequestError::TooManyInflight(peer));
        }
        *inflight += 1;
        Ok(self
            .swarm
            .behaviour_mut()
            .sync
            .send_request(&peer, Frame::Data(data)))
    }
}
