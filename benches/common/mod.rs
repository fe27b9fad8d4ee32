//! Shared by the benchmarks: run the client from a freshly exec'd copy of
//! the bench binary, so its peak RSS does not include the bench's memory
//! (on Linux a child's high-water mark starts from its parent's at exec).
#![allow(dead_code)]

use std::process::{Command, Stdio};

/// Child resource use, as reported by wait4.
pub struct Usage {
    pub cpu_s: f64,
    pub max_rss_mb: f64,
}

/// Spawn `cmd` (stdout to /dev/null), wait for it with wait4, and return
/// its CPU time and peak RSS. Panics if it fails.
pub fn measure(cmd: &mut Command) -> Usage {
    let mut child = cmd.stdout(Stdio::null()).spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child with valid pointers.
    let r = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    assert_eq!(r, pid);
    // already reaped by wait4; this only releases the handle
    let _ = child.try_wait();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "command failed"
    );
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Usage {
        cpu_s: tv(ru.ru_utime) + tv(ru.ru_stime),
        max_rss_mb: ru.ru_maxrss as f64 / 1024.0,
    }
}

/// In the wrapper process (`BENCH --wrap CMD...`): run CMD, print "cpu rss_mb".
/// Returns true if this process was the wrapper.
pub fn wrapper_main() -> bool {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) != Some("--wrap") {
        return false;
    }
    let u = measure(Command::new(&args[2]).args(&args[3..]).stderr(Stdio::inherit()));
    println!("{} {}", u.cpu_s, u.max_rss_mb);
    true
}

/// A command with a scrubbed environment, as the tests run the client:
/// nothing from the shell (no LOKI_*, proxies, colour variables, profile),
/// UTC; what a bench needs it sets itself.
pub fn clean(program: impl AsRef<std::ffi::OsStr>) -> Command {
    let mut c = Command::new(program);
    c.env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .env("HOME", "/nonexistent/logcli-bench-home")
        .env("XDG_CONFIG_HOME", "/nonexistent/logcli-bench-config")
        .env("TZ", "UTC");
    c
}

/// Run the client through the wrapper (scrubbed environment); env and args as given.
pub fn measure_wrapped(env: &[(&str, String)], args: &[String]) -> Usage {
    let mut c = clean(std::env::current_exe().unwrap());
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c
        .arg("--wrap")
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .expect("run wrapper");
    assert!(out.status.success(), "wrapper failed");
    let text = String::from_utf8(out.stdout).unwrap();
    let mut it = text.split_whitespace();
    Usage {
        cpu_s: it.next().unwrap().parse().unwrap(),
        max_rss_mb: it.next().unwrap().parse().unwrap(),
    }
}

/// The median of some measurements (the middle one; the upper middle for
/// an even count).
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Grafana's logcli from `../shared/reference` (or `$LOKI_REFERENCE`), when
/// it is there: benches then measure it side by side.
pub fn reference_logcli() -> Option<String> {
    let dir = std::env::var("LOKI_REFERENCE")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/reference"));
    let out = Command::new(dir.join("bin")).arg("logcli").output().ok()?;
    let path = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && std::path::Path::new(&path).exists()).then_some(path)
}

/// RFC3339 (UTC) of Unix nanoseconds: Grafana's logcli needs an offset.
pub fn rfc3339(ns: i64) -> String {
    let secs = ns.div_euclid(1_000_000_000);
    let nanos = ns.rem_euclid(1_000_000_000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // civil from days (Howard Hinnant's algorithm)
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{nanos:09}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// A logfmt service log of `mb` MiB at `path` (kept between runs): one
/// error line in six (status 503), ~150 bytes a line.
pub fn logfmt_file(path: &std::path::Path, mb: usize) {
    use std::io::Write;
    let want = mb * 1024 * 1024;
    if std::fs::metadata(path).map(|m| m.len() as usize).unwrap_or(0) == want {
        return;
    }
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let mut written = 0;
    let mut i = 0u64;
    let levels = ["info", "info", "info", "warn", "error", "debug"];
    while written < want {
        let line = format!(
            "ts=2026-11-25T10:{:02}:{:02}.{:03}Z level={} caller=server.go:{} method=GET path=/api/v1/items/{} status={} duration={}ms msg=\"request {} served\"\n",
            (i / 60000) % 60,
            (i / 1000) % 60,
            i % 1000,
            levels[(i % 6) as usize],
            i % 400,
            i % 997,
            if i % 6 == 4 { 503 } else { 200 },
            i % 3000,
            i
        );
        let take = line.len().min(want - written);
        f.write_all(&line.as_bytes()[..take]).unwrap();
        written += take;
        i += 1;
    }
    f.flush().unwrap();
}

/// CPU seconds (user + system) a running process has used, from /proc.
pub fn cpu_secs(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let f: Vec<&str> = stat.rsplit(')').next().unwrap_or("").split_whitespace().collect();
    let t = |i: usize| f.get(i).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
    (t(11) + t(12)) / 100.0
}

/// A memory figure of a running process in MB, from /proc/PID/status:
/// `VmRSS:` now, `VmHWM:` its peak.
pub fn proc_mb(pid: u32, key: &str) -> f64 {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let kb: f64 = text
        .lines()
        .find(|l| l.starts_with(key))
        .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        .unwrap_or(0.0);
    kb / 1024.0
}
