//! The invariants every run must satisfy.
//!
//! 1. No violation was recorded while running: commits arrive in height order, each exactly once,
//!    each with a certificate that verifies against its epoch's set and covers the block; no honest
//!    key signed two different votes in one round.
//! 2. Agreement: no two honest nodes commit different blocks at one height.
//! 3. Prefix: honest committed chains are prefixes of one another.
//! 4. Every QC and TC an honest node sent or committed with has 2f+1 valid distinct signers.
//! 5. Equivocation evidence only ever names Byzantine validators.
//! 6. Liveness: after the network heals, a block commits within `3n + 15` rounds of the highest honest
//!    round at heal time, and every honest node reaches that height before the run ends.
//! 7. Bounded memory: every honest core's collections stay within their documented bounds.

use std::collections::BTreeMap;
use std::fmt;

use metanode_consensus::cert::{verify_qc, verify_tc};
use metanode_consensus::EquivocationEvidence;

use super::keys;

use super::scenario::{Role, Scenario};
use super::world::Outcome;

/// A broken invariant.
#[derive(Debug)]
pub struct Failure(pub String);

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn fail<T>(msg: String) -> Result<T, Failure> {
    Err(Failure(msg))
}

/// Rounds allowed between the heal and the first commit after it.
pub fn liveness_bound(n: usize) -> u64 {
    3 * n as u64 + 15
}

pub fn check(s: &Scenario, o: &Outcome) -> Result<(), Failure> {
    // 1
    if let Some(v) = o.violations.first() {
        return fail(format!(
            "invariant 1: {v} ({} violations)",
            o.violations.len()
        ));
    }
    // 2
    let mut by_height: BTreeMap<u64, ([u8; 32], usize)> = BTreeMap::new();
    for (node, chain) in o.chains.iter().enumerate().filter(|(i, _)| o.honest[*i]) {
        for (h, id) in chain {
            match by_height.get(h) {
                Some((other, who)) if other != id => {
                    return fail(format!("invariant 2: nodes {who} and {node} committed different blocks at height {h}"));
                }
                Some(_) => {}
                None => {
                    by_height.insert(*h, (*id, node));
                }
            }
        }
    }
    // 3
    let honest_chains: Vec<&Vec<_>> = o
        .chains
        .iter()
        .enumerate()
        .filter(|(i, _)| o.honest[*i])
        .map(|(_, c)| c)
        .collect();
    for a in &honest_chains {
        for b in &honest_chains {
            let k = a.len().min(b.len());
            if a[..k] != b[..k] {
                return fail(
                    "invariant 3: committed chains are not prefixes of one another".into(),
                );
            }
        }
    }
    // 4
    for qc in &o.qcs {
        let Some(set) = o.sets.get(&qc.vote.epoch) else {
            return fail(format!(
                "invariant 4: QC of unknown epoch {}",
                qc.vote.epoch
            ));
        };
        if let Err(e) = verify_qc(qc, set, &o.config.genesis) {
            return fail(format!(
                "invariant 4: QC of round {} invalid: {e}",
                qc.round()
            ));
        }
    }
    for tc in &o.tcs {
        let Some(set) = o.sets.get(&tc.epoch) else {
            return fail(format!("invariant 4: TC of unknown epoch {}", tc.epoch));
        };
        if let Err(e) = verify_tc(tc, set, &o.config.genesis) {
            return fail(format!(
                "invariant 4: TC of round {} invalid: {e}",
                tc.round
            ));
        }
    }
    // 5
    let all_keys = keys::public_keys(s.seed, s.n);
    for e in &o.evidence {
        let epoch = match e {
            EquivocationEvidence::Proposal { first, .. } => first.epoch,
            EquivocationEvidence::Vote { first, .. } => first.data.epoch,
        };
        let key = o
            .sets
            .get(&epoch)
            .and_then(|set| set.get(e.offender()).copied());
        let node = key.and_then(|k| all_keys.iter().position(|x| *x == k));
        if node.is_none_or(|i| s.roles[i] == Role::Honest) {
            return fail(format!(
                "invariant 5: equivocation evidence against honest validator {} of epoch {epoch}",
                e.offender()
            ));
        }
    }
    // 6
    let (round0, height0) = o.at_heal;
    let bound = round0 + liveness_bound(s.n);
    let first = o
        .commits
        .iter()
        .filter(|c| o.honest[c.node] && c.height > height0 && (c.epoch > 0 || c.qc_round <= bound))
        .map(|c| c.height)
        .min();
    let Some(target) = first else {
        return fail(format!(
            "invariant 6: no commit above height {height0} within {} rounds of round {round0} after the heal",
            liveness_bound(s.n)
        ));
    };
    for (node, chain) in o.chains.iter().enumerate().filter(|(i, _)| o.honest[*i]) {
        let h = chain.last().map_or(0, |c| c.0);
        if h < target {
            return fail(format!("invariant 6: honest node {node} only reached height {h}, others committed {target}"));
        }
    }
    // 7
    let window = o.config.future_round_window as usize;
    for (node, fp) in o
        .footprints
        .iter()
        .enumerate()
        .filter(|(i, _)| o.honest[*i])
    {
        let Some(fp) = fp else { continue };
        let ok = fp.pending_blocks <= o.config.max_pending_blocks
            && fp.proposals <= 2 * window + 1
            && fp.vote_rounds <= window + 2
            && fp.votes <= (window + 2) * s.nodes()
            && fp.timeout_rounds <= window + 1
            && fp.fetches <= 16;
        if !ok {
            return fail(format!(
                "invariant 7: node {node} memory out of bounds: {fp:?}"
            ));
        }
    }
    Ok(())
}
