//! Catching up: certificates for validators that are behind, and missing blocks.
//!
//! When a validator sends us a timeout or proposal for a round we already left, we answer with our
//! highest QC and TC ([`SyncInfo`]) — at most three times per (its round, our round) — so a node that
//! missed a certificate (loss, partition, restart) rejoins the current round without waiting for the
//! next one.
//!
//! We only ask for blocks whose id is certified (we hold a QC, or a certified child naming it as
//! parent), so the vote data we already trust authenticates the answer: the first block must match it
//! and each further block must match the QC its child carries (checked by `verify_message`). Requests
//! are retried on every timer tick, rotating through the validators starting with the block's
//! proposer, and given up after `3n` attempts. At most [`MAX_FETCHES`] are in flight.

use super::{Core, Output};
use crate::crypto::block_request_bytes;
use crate::messages::{BlockRequest, BlockResponse, Message, SyncInfo};
use crate::types::Round;
use crate::types::{Hash, ValidatorIndex};

/// Most block requests in flight.
pub const MAX_FETCHES: usize = 16;

impl Core {
    pub(super) fn fetch(&mut self, id: Hash, out: &mut Vec<Output>) {
        if self.fetches.contains_key(&id)
            || self.blocks.contains(&id)
            || !self.certified.contains_key(&id)
        {
            return;
        }
        if self.fetches.len() >= MAX_FETCHES {
            return;
        }
        self.fetches.insert(id, 0);
        self.send_fetch(id, out);
    }

    fn send_fetch(&mut self, id: Hash, out: &mut Vec<Output>) {
        let (Some(me), Some(signer)) = (self.me, self.signer.as_ref()) else {
            return;
        };
        let (Some(data), Some(attempts)) = (self.certified.get(&id), self.fetches.get(&id)) else {
            return;
        };
        let n = self.validators.len() as u64;
        if n < 2 {
            return;
        }
        // Proposer first, then the others in turn, skipping ourselves.
        let mut peer = (u64::from(self.validators.leader(data.round)) + u64::from(*attempts)) % n;
        if peer == u64::from(me) {
            peer = (peer + 1) % n;
        }
        let missing = data.height.saturating_sub(self.committed.height).max(1);
        let count = missing.min(u64::from(self.config.max_fetch_blocks)) as u16;
        let mut request = BlockRequest {
            epoch: self.epoch(),
            id,
            count,
            author: me,
            signature: [0u8; 64],
        };
        request.signature = signer.sign(&block_request_bytes(&self.config.genesis, &request));
        tracing::debug!(target: "consensus", id = %hex::encode(id), to = peer, count, "fetch blocks");
        out.push(Output::SendTo {
            to: peer as ValidatorIndex,
            message: Message::BlockRequest(request),
        });
    }

    /// Walk up from `id` through stored blocks to the first missing ancestor above the committed
    /// height, and fetch it.
    pub(super) fn fetch_missing_ancestor(&mut self, id: Hash, out: &mut Vec<Output>) {
        let mut id = id;
        for _ in 0..=self.blocks.len() {
            let Some(entry) = self.blocks.entry(&id) else {
                if self
                    .certified
                    .get(&id)
                    .is_some_and(|v| v.height > self.committed.height)
                {
                    self.fetch(id, out);
                }
                return;
            };
            let parent = entry.block.parent;
            if self.is_valid(&parent) || entry.block.height <= self.committed.height + 1 {
                return;
            }
            id = parent;
        }
    }

    pub(super) fn retry_fetches(&mut self, out: &mut Vec<Output>) {
        let limit = 3 * self.validators.len() as u32;
        let ids: Vec<Hash> = self.fetches.keys().copied().collect();
        for id in ids {
            let give_up = match self.fetches.get_mut(&id) {
                Some(a) => {
                    *a += 1;
                    *a > limit
                }
                None => continue,
            };
            if give_up || self.blocks.contains(&id) || !self.certified.contains_key(&id) {
                self.fetches.remove(&id);
            } else {
                self.send_fetch(id, out);
            }
        }
        // Whatever still blocks a commit, our vote or our proposal is asked for again.
        self.try_commit(out);
        self.fetch_missing_ancestor(self.highest_qc.vote.block, out);
        if let Some((id, _)) = self.vote_candidate.clone() {
            self.fetch_missing_ancestor(id, out);
        }
    }

    /// `author` is in round `their_round`, behind us: send it our certificates.
    pub(super) fn help_laggard(
        &mut self,
        author: ValidatorIndex,
        their_round: Round,
        out: &mut Vec<Output>,
    ) {
        if Some(author) == self.me || their_round >= self.round {
            return;
        }
        let entry = self.sync_sent.entry(author).or_insert((0, 0, 0));
        if entry.0 == their_round && entry.1 == self.round {
            if entry.2 >= 3 {
                return;
            }
            entry.2 += 1;
        } else {
            *entry = (their_round, self.round, 1);
        }
        let highest_tc = self
            .highest_tc
            .clone()
            .filter(|tc| tc.round > self.highest_qc.round());
        let info = SyncInfo {
            epoch: self.epoch(),
            highest_qc: self.highest_qc.clone(),
            highest_tc,
        };
        out.push(Output::SendTo {
            to: author,
            message: Message::Sync(info),
        });
    }

    pub(super) fn on_sync(&mut self, info: SyncInfo, out: &mut Vec<Output>) {
        if info.epoch != self.epoch() {
            return;
        }
        self.process_qc(&info.highest_qc, out);
        if let Some(tc) = &info.highest_tc {
            self.process_tc(tc, out);
        }
    }

    pub(super) fn on_block_request(&mut self, req: BlockRequest, out: &mut Vec<Output>) {
        // A validator still in the previous epoch asks for the blocks that end it: answer from the
        // committed cache, addressed by its key's index in the current set.
        let to = if req.epoch == self.epoch() {
            req.author
        } else {
            let key = self
                .previous_set
                .as_ref()
                .filter(|p| p.epoch() == req.epoch)
                .and_then(|p| p.get(req.author));
            match key.and_then(|k| self.validators.index_of(k)) {
                Some(index) => index,
                None => return,
            }
        };
        if Some(to) == self.me {
            return;
        }
        let count = usize::from(req.count.min(self.config.max_fetch_blocks));
        let mut blocks = Vec::new();
        let mut id = req.id;
        while blocks.len() < count {
            let Some(block) = self.blocks.get_any(&id) else {
                break;
            };
            id = block.parent;
            let at_root = block.justify.round() == 0;
            blocks.push(block.clone());
            if at_root {
                break;
            }
        }
        if !blocks.is_empty() {
            out.push(Output::SendTo {
                to,
                message: Message::BlockResponse(BlockResponse {
                    epoch: req.epoch,
                    blocks,
                }),
            });
        }
    }

    pub(super) fn on_block_response(&mut self, resp: BlockResponse, out: &mut Vec<Output>) {
        if resp.epoch != self.epoch() {
            return;
        }
        let Some(first) = resp.blocks.first() else {
            return;
        };
        if !self.fetches.contains_key(&first.id) {
            return; // unsolicited
        }
        let Some(known) = self.certified.get(&first.id) else {
            return;
        };
        let matches = known.round == first.round
            && known.height == first.height
            && known.parent.is_none_or(|(parent, parent_round)| {
                parent == first.parent && parent_round == first.justify.round()
            });
        if !matches {
            tracing::debug!(target: "consensus", id = %hex::encode(first.id), "block response does not match its certificate");
            return;
        }
        self.fetches.remove(&first.id);
        // Oldest first, so each parent is in place before its child.
        for block in resp.blocks.into_iter().rev() {
            self.insert_block(block, out);
        }
        self.try_commit(out);
    }
}
