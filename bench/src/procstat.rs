//! CPU time and peak resident memory of a process, from `/proc/<pid>/stat` and `/proc/<pid>/status`.

use std::time::Duration;

/// Why a process could not be sampled.
#[derive(Debug, thiserror::Error)]
pub enum ProcError {
    /// The proc file could not be read (the process exited?).
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// The proc file does not have the expected shape.
    #[error("{path} is malformed: {reason}")]
    Malformed { path: String, reason: &'static str },
}

/// One sample of a process.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProcSample {
    /// User + system CPU time so far.
    pub cpu: Duration,
    /// Peak resident set size (VmHWM), bytes.
    pub peak_rss: u64,
}

/// Clock ticks per second of `/proc/<pid>/stat` times (`getconf CLK_TCK`; 100 on Linux when unavailable).
pub fn clock_ticks() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .filter(|t| *t > 0)
        .unwrap_or(100)
}

/// Samples process `pid`; `ticks` from [`clock_ticks`].
pub fn sample(pid: u32, ticks: u64) -> Result<ProcSample, ProcError> {
    let stat_path = format!("/proc/{pid}/stat");
    let stat = read(&stat_path)?;
    let status_path = format!("/proc/{pid}/status");
    let status = read(&status_path)?;
    let cpu_ticks = parse_cpu_ticks(&stat).ok_or(ProcError::Malformed {
        path: stat_path,
        reason: "no utime/stime fields",
    })?;
    let peak_kb = parse_vm_hwm_kb(&status).ok_or(ProcError::Malformed {
        path: status_path,
        reason: "no VmHWM line",
    })?;
    Ok(ProcSample {
        cpu: Duration::from_micros(cpu_ticks * 1_000_000 / ticks),
        peak_rss: peak_kb * 1024,
    })
}

fn read(path: &str) -> Result<String, ProcError> {
    std::fs::read_to_string(path).map_err(|source| ProcError::Read {
        path: path.to_string(),
        source,
    })
}

/// utime + stime (fields 14 and 15) of a `/proc/<pid>/stat` line; the command name may hold spaces and parens, so
/// fields are counted after the last `)`.
pub fn parse_cpu_ticks(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // rest starts at field 3 (state): utime is field 14 -> index 11, stime field 15 -> index 12.
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// `VmHWM` of `/proc/<pid>/status`, in kB.
pub fn parse_vm_hwm_kb(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stat_and_status() {
        let stat = "4242 (meta node (x)) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 9 0 1000 1 1";
        assert_eq!(parse_cpu_ticks(stat), Some(300));
        assert_eq!(parse_cpu_ticks("garbage"), None);
        let status =
            "Name:\tmetanode\nVmPeak:\t  9000 kB\nVmHWM:\t   51200 kB\nVmRSS:\t 40000 kB\n";
        assert_eq!(parse_vm_hwm_kb(status), Some(51_200));
        assert_eq!(parse_vm_hwm_kb("Name: x\n"), None);
    }

    #[test]
    fn samples_this_process() {
        let s = sample(std::process::id(), clock_ticks()).unwrap();
        assert!(s.peak_rss > 0);
    }
}
