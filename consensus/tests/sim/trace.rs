//! The run's trace: what goes into the trace hash, and the human-readable event log (`SIM_LOG=1`).

use metanode_consensus::{Hash, Input, Message, Output};
use parity_scale_codec::Encode;

pub fn input_tag(input: &Input) -> &'static [u8] {
    match input {
        Input::Start => b"start",
        Input::Message(_) => b"msg",
        Input::TimerFired { .. } => b"timer",
        Input::Payload { .. } => b"payload",
        Input::Verdict { .. } => b"verdict",
        Input::Reconfigure { .. } => b"reconfigure",
    }
}

pub fn trace_output(h: &mut blake3::Hasher, out: &Output) {
    match out {
        Output::PersistSafety(s) => h.update(&s.encode()),
        Output::PersistBlock(b) => h.update(&b.id),
        Output::Broadcast(m) => h.update(&m.encode()),
        Output::SendTo { to, message } => h.update(&to.to_le_bytes()).update(&message.encode()),
        Output::ScheduleTimer { round, after_ms } => h
            .update(&round.to_le_bytes())
            .update(&after_ms.to_le_bytes()),
        Output::RequestPayload { round, parent, .. } => {
            h.update(&round.to_le_bytes()).update(&parent.id)
        }
        Output::VerifyBlock(b) => h.update(b"verify").update(&b.id),
        Output::Commit { block, .. } => h.update(b"commit").update(&block.id),
        Output::Equivocation(e) => h.update(&e.encode()),
        Output::EpochStarted { epoch, .. } => h.update(&epoch.to_le_bytes()),
    };
}

fn short(h: &Hash) -> String {
    hex::encode(&h[..3])
}

fn describe_message(m: &Message) -> String {
    match m {
        Message::Proposal(p) => format!(
            "proposal r{} h{} id {} parent {} qc r{} tc {:?} by {}",
            p.block.round,
            p.block.height,
            short(&p.block.id),
            short(&p.block.parent),
            p.block.justify.round(),
            p.last_tc.as_ref().map(|t| t.round),
            p.author
        ),
        Message::Vote(v) => format!(
            "vote r{} {} by {}",
            v.data.round,
            short(&v.data.block),
            v.author
        ),
        Message::Timeout(t) => format!(
            "timeout r{} hqc r{} tc {:?} by {}",
            t.round,
            t.high_qc.round(),
            t.last_tc.as_ref().map(|t| t.round),
            t.author
        ),
        Message::BlockRequest(r) => format!(
            "block request {} x{} by {}",
            short(&r.id),
            r.count,
            r.author
        ),
        Message::BlockResponse(r) => format!(
            "block response {} blocks from {}",
            r.blocks.len(),
            short(&r.blocks[0].id)
        ),
        Message::Sync(i) => format!(
            "sync qc r{} tc {:?}",
            i.highest_qc.round(),
            i.highest_tc.as_ref().map(|t| t.round)
        ),
    }
}

pub fn describe_input(i: &Input) -> String {
    match i {
        Input::Start => "start".into(),
        Input::Message(m) => describe_message(m),
        Input::TimerFired { round } => format!("timer r{round}"),
        Input::Payload { round, id, .. } => format!("payload r{round} {}", short(id)),
        Input::Verdict { id, valid } => format!("verdict {} {valid}", short(id)),
        Input::Reconfigure { id, .. } => format!("reconfigure at {}", short(id)),
    }
}

pub fn describe_output(o: &Output) -> String {
    match o {
        Output::PersistSafety(s) => format!(
            "persist safety lvr {} pref {} lpr {}",
            s.last_voted_round, s.preferred_round, s.last_proposed_round
        ),
        Output::PersistBlock(b) => format!("persist block {}", short(&b.id)),
        Output::Broadcast(m) => format!("broadcast {}", describe_message(m)),
        Output::SendTo { to, message } => format!("send to {to}: {}", describe_message(message)),
        Output::ScheduleTimer { round, after_ms } => format!("timer r{round} +{after_ms}"),
        Output::RequestPayload { round, parent, .. } => {
            format!("request payload r{round} on {}", short(&parent.id))
        }
        Output::VerifyBlock(b) => format!("verify {} h{}", short(&b.id), b.height),
        Output::Commit { block, .. } => format!("COMMIT h{} {}", block.height, short(&block.id)),
        Output::Equivocation(e) => format!("EQUIVOCATION by {}", e.offender()),
        Output::EpochStarted { epoch, .. } => format!("EPOCH {epoch}"),
    }
}
