//! Recording what the checker needs while the run goes: commits (order, certificates) and what
//! honest nodes signed or relayed (votes for the double-vote check, QCs and TCs).

use metanode_consensus::{BlockRef, CommitCertificate, Hash, Message, QuorumCert};
use parity_scale_codec::Encode;

use super::world::{CommitEvent, World};

impl World<'_> {
    pub(super) fn on_commit(
        &mut self,
        node: usize,
        block: BlockRef,
        parent: Hash,
        cert: CommitCertificate,
    ) {
        let st = &mut self.nodes[node].storage;
        let (last_h, last_id) = st.chain.last().copied().unwrap_or((0, self.config.genesis));
        if block.height != last_h + 1 || parent != last_id {
            self.violations.push(format!(
                "node {node}: commit of height {} (parent {}) after height {last_h} ({})",
                block.height,
                hex::encode(&parent[..4]),
                hex::encode(&last_id[..4])
            ));
        }
        st.chain.push((block.height, block.id));
        st.committed = block;
        st.committed_cert = Some(cert.clone());
        st.blocks.retain(|_, b| b.height > block.height);
        let epoch = cert.qc.vote.epoch;
        match self
            .sets
            .get(&epoch)
            .map(|set| cert.verify(set, &self.config.genesis))
        {
            Some(Ok(c)) if c.height >= block.height => {}
            Some(Ok(c)) => self.violations.push(format!(
                "node {node}: certificate commits height {} < {}",
                c.height, block.height
            )),
            Some(Err(e)) => self
                .violations
                .push(format!("node {node}: invalid commit certificate: {e}")),
            None => self.violations.push(format!(
                "node {node}: commit certificate of unknown epoch {epoch}"
            )),
        }
        if self.nodes[node].is_honest() {
            let key = *blake3::hash(&cert.qc.encode()).as_bytes();
            self.qcs.entry(key).or_insert(cert.qc.clone());
        }
        self.commits.push(CommitEvent {
            node,
            time_ms: self.now,
            height: block.height,
            id: block.id,
            qc_round: cert.qc.round(),
            epoch,
        });
    }

    /// Record what an honest node signed or relayed: votes (double-vote check), QCs and TCs.
    pub(super) fn observe(&mut self, node: usize, msg: &Message) {
        let qc = |q: &QuorumCert, this: &mut Self| {
            if q.round() > 0 {
                this.qcs
                    .entry(*blake3::hash(&q.encode()).as_bytes())
                    .or_insert_with(|| q.clone());
            }
        };
        match msg {
            Message::Vote(v) => {
                let key = (v.data.epoch, v.author, v.data.round);
                if let Some(prev) = self.votes.get(&key) {
                    if *prev != v.data {
                        self.violations.push(format!(
                            "honest node {node} (key {}) signed two votes in round {}",
                            v.author, v.data.round
                        ));
                    }
                } else {
                    self.votes.insert(key, v.data);
                }
            }
            Message::Proposal(p) => {
                qc(&p.block.justify, self);
                if let Some(tc) = &p.last_tc {
                    self.tcs
                        .entry(*blake3::hash(&tc.encode()).as_bytes())
                        .or_insert_with(|| tc.clone());
                }
            }
            Message::Timeout(t) => {
                qc(&t.high_qc, self);
                if let Some(tc) = &t.last_tc {
                    self.tcs
                        .entry(*blake3::hash(&tc.encode()).as_bytes())
                        .or_insert_with(|| tc.clone());
                }
            }
            Message::Sync(i) => {
                qc(&i.highest_qc, self);
                if let Some(tc) = &i.highest_tc {
                    self.tcs
                        .entry(*blake3::hash(&tc.encode()).as_bytes())
                        .or_insert_with(|| tc.clone());
                }
            }
            Message::BlockRequest(_) | Message::BlockResponse(_) => {}
        }
    }
}
