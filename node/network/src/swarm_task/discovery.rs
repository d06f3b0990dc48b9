//! Dialing with backoff, address learning (identify) and the internal peer exchange.

use super::*;

impl SwarmTask {
    /// Connected peers other than `peer`, with their known addresses.
    pub(super) fn known_others(&self, peer: PeerId) -> Vec<(PeerId, Vec<Multiaddr>)> {
        self.connected
            .iter()
            .filter(|p| **p != peer)
            .filter_map(|p| self.known.get(p).map(|a| (*p, a.clone())))
            .collect()
    }

    /// Dials every allowed, known, unconnected, unbanned peer whose backoff has elapsed.
    pub(super) fn redial(&mut self, now: Instant) {
        let local = *self.swarm.local_peer_id();
        let candidates: Vec<PeerId> = self
            .known
            .keys()
            .filter(|p| **p != local && self.allowed.contains(p) && !self.is_banned(p))
            .filter(|p| !self.swarm.is_connected(p))
            .copied()
            .collect();
        for peer in candidates {
            let backoff = self.backoff.entry(peer).or_insert(Backoff {
                next: now,
                delay: MIN_BACKOFF,
            });
            if backoff.next > now {
                continue;
            }
            backoff.next = now + backoff.delay;
            backoff.delay = (backoff.delay * 2).min(MAX_BACKOFF);
            let addrs = self.known.get(&peer).cloned().unwrap_or_default();
            let opts = DialOpts::peer_id(peer)
                .addresses(addrs)
                .condition(PeerCondition::DisconnectedAndNotDialing)
                .build();
            match self.swarm.dial(opts) {
                Ok(()) => tracing::debug!(target: TARGET, peer = %peer, "dialing"),
                Err(e) => tracing::debug!(target: TARGET, peer = %peer, error = %e, "dial skipped"),
            }
        }
    }

    /// A connection that lived at least [`STABLE_CONNECTION`] restarts the backoff at
    /// [`MIN_BACKOFF`]; a short-lived one (e.g. the remote refuses us) keeps doubling it, so a
    /// peer that keeps closing on us is not redialed every second.
    pub(super) fn schedule_redial_after_close(&mut self, peer: PeerId) {
        let lived = self
            .connected_since
            .remove(&peer)
            .map(|since| since.elapsed());
        if !self.allowed.contains(&peer) {
            self.backoff.remove(&peer);
            return;
        }
        let now = Instant::now();
        let stable = lived.is_some_and(|d| d >= STABLE_CONNECTION);
        let backoff = self.backoff.entry(peer).or_insert(Backoff {
            next: now,
            delay: MIN_BACKOFF,
        });
        if stable {
            backoff.delay = MIN_BACKOFF;
        }
        backoff.next = now + backoff.delay;
        backoff.delay = (backoff.delay * 2).min(MAX_BACKOFF);
    }

    pub(super) fn learn_addresses(&mut self, peer: PeerId, addrs: Vec<Multiaddr>) {
        if peer == *self.swarm.local_peer_id() || !self.allowed.contains(&peer) {
            return;
        }
        for addr in addrs {
            let addr = strip_p2p(addr);
            let entry = self.known.entry(peer).or_default();
            if entry.contains(&addr) {
                continue;
            }
            if entry.len() >= peer_exchange::MAX_ADDRS {
                entry.remove(0);
            }
            entry.push(addr.clone());
            self.swarm.add_peer_address(peer, addr);
        }
    }

    pub(super) fn on_identify(&mut self, event: identify::Event) {
        let identify::Event::Received { peer_id, info, .. } = event else {
            return;
        };
        if !self.connected.contains(&peer_id) {
            return;
        }
        self.learn_addresses(peer_id, info.listen_addrs);
        let Some(addrs) = self.known.get(&peer_id).cloned() else {
            return;
        };
        // Tell the new peer about everyone else, and everyone else about the new peer.
        let others = self.known_others(peer_id);
        if !others.is_empty() {
            self.send_peer_exchange(peer_id, &others);
        }
        let about_new = [(peer_id, addrs)];
        let targets: Vec<PeerId> = self
            .connected
            .iter()
            .filter(|p| **p != peer_id)
            .copied()
            .collect();
        for target in targets {
            self.send_peer_exchange(target, &about_new);
        }
    }

    pub(super) fn send_peer_exchange(&mut self, to: PeerId, entries: &[(PeerId, Vec<Multiaddr>)]) {
        for chunk in entries.chunks(peer_exchange::MAX_PEERS) {
            let mut frame = vec![TOPIC_PEER_EXCHANGE];
            frame.extend(peer_exchange::encode(chunk));
            if frame.len() <= self.limits.max_notification_size {
                self.send_frame(to, frame);
            }
        }
    }
}
