//! Markdown tables and the headline.

use std::fmt::Write as _;
use std::time::Duration;

use crate::ceiling::Ceiling;
use crate::load::PhaseReport;

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

/// The ceiling as a markdown table.
pub fn ceiling_table(c: &Ceiling) -> String {
    let mut out = String::from("| sr25519 verify, one core | verifications/s |\n|---|---:|\n");
    let _ = writeln!(out, "| single | {:.0} |", c.single);
    for (size, rate) in &c.batched {
        let _ = writeln!(out, "| batched ({size}) | {rate:.0} |");
    }
    out
}

/// One setup's phases as a markdown table; `ceiling` is the batched verify rate.
pub fn phase_table(setup: &str, phases: &[PhaseReport], ceiling: f64) -> String {
    let mut out = format!(
        "### {setup}\n\n| phase | offered tx/s | finalized tx/s | x ceiling | sent | finalized | rejected | lost | \
         p50 ms | p95 ms | p99 ms | tx/block | blocks | CPU % (per node) | peak RSS MiB (per node) |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n"
    );
    for p in phases {
        let (p50, p95, p99) = p
            .latency
            .map(|(a, b, c)| (ms(a), ms(b), ms(c)))
            .unwrap_or_else(|| ("-".into(), "-".into(), "-".into()));
        let cpu: Vec<String> = p
            .nodes
            .iter()
            .map(|n| format!("{:.0}", n.cpu_percent))
            .collect();
        let rss: Vec<String> = p
            .nodes
            .iter()
            .map(|n| format!("{:.0}", n.peak_rss_mib))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {:.0} | {:.0} | {:.3} | {} | {} | {} | {} | {p50} | {p95} | {p99} | {:.1} | {} | {} | {} |",
            p.label,
            p.offered_tps,
            p.finalized_tps,
            if ceiling > 0.0 { p.finalized_tps / ceiling } else { 0.0 },
            p.accounting.sent,
            p.accounting.finalized,
            p.accounting.rejected_total(),
            p.accounting.lost,
            p.avg_block_txs,
            p.blocks,
            cpu.join(" / "),
            rss.join(" / "),
        );
    }
    let reasons: Vec<String> = phases
        .iter()
        .flat_map(|p| {
            p.accounting
                .rejected
                .iter()
                .map(move |(r, n)| format!("{}: {n} × `{r}`", p.label))
        })
        .collect();
    if !reasons.is_empty() {
        let _ = writeln!(out, "\nRejections: {}", reasons.join("; "));
    }
    let skipped: usize = phases.iter().map(|p| p.accounting.skipped).sum();
    if skipped > 0 {
        let _ = writeln!(
            out,
            "\nSkipped (later nonces of a rejected account, never sent): {skipped}"
        );
    }
    out
}

/// The peak finalized rate of a setup's phases.
pub fn peak(phases: &[PhaseReport]) -> f64 {
    phases.iter().map(|p| p.finalized_tps).fold(0.0, f64::max)
}

/// The headline line, exactly as the issue fixes it.
pub fn headline(dev: f64, testnet: f64, ceiling: f64, p50: Duration) -> String {
    let ratio = |x: f64| if ceiling > 0.0 { x / ceiling } else { 0.0 };
    format!(
        "headline: dev {dev:.0} tx/s = {:.3} x verify-ceiling; testnet4 {testnet:.0} tx/s = {:.3} x verify-ceiling; p50 {} ms",
        ratio(dev),
        ratio(testnet),
        ms(p50)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headline_has_the_fixed_shape() {
        let line = headline(500.0, 200.0, 10_000.0, Duration::from_millis(420));
        assert_eq!(
            line,
            "headline: dev 500 tx/s = 0.050 x verify-ceiling; testnet4 200 tx/s = 0.020 x verify-ceiling; p50 420 ms"
        );
    }
}
