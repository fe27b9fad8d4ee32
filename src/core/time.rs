//! Nanosecond timestamps: parsing of flags (`--from`, `--since`, ...) and
//! formatting in Go's layouts, as logcli prints them.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Offset, TimeZone, Timelike, Utc};
use chrono_tz::{OffsetName, Tz};

pub const NANOS_PER_SEC: i64 = 1_000_000_000;

/// Go layouts logcli offers for printed timestamps (`--output-timestamp-format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    Rfc3339,
    Rfc3339nano,
    Rfc822z,
    Rfc1123z,
    Stampmilli,
    Stampmicro,
    Stampnano,
    Unixdate,
}

impl TimestampFormat {
    /// Every format with its flag value, in the order of logcli's help.
    pub const ALL: [(&'static str, TimestampFormat); 8] = [
        ("rfc3339", TimestampFormat::Rfc3339),
        ("rfc3339nano", TimestampFormat::Rfc3339nano),
        ("rfc822z", TimestampFormat::Rfc822z),
        ("rfc1123z", TimestampFormat::Rfc1123z),
        ("stampmilli", TimestampFormat::Stampmilli),
        ("stampmicro", TimestampFormat::Stampmicro),
        ("stampnano", TimestampFormat::Stampnano),
        ("unixdate", TimestampFormat::Unixdate),
    ];

    pub fn from_name(name: &str) -> Option<TimestampFormat> {
        Self::ALL
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, f)| *f)
    }
}

/// Current time in Unix nanoseconds.
pub fn now_nanos() -> i64 {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    d.as_nanos().min(i64::MAX as u128) as i64
}

/// Parse a duration: Go style (`1h30m`, `500ms`, `1.5s`, `2us`, `10ns`) plus
/// `d` (24h) and `w` (7d). A bare number is seconds.
pub fn parse_duration(s: &str) -> Result<i64, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("empty duration".into());
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    if let Ok(secs) = body.parse::<f64>() {
        if secs.is_finite() {
            let n = (secs * NANOS_PER_SEC as f64).round() as i64;
            return Ok(if neg { -n } else { n });
        }
    }
    let bytes = body.as_bytes();
    let mut i = 0;
    let mut total: f64 = 0.0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'.') {
            i += 1;
        }
        if start == i {
            return Err(format!("invalid duration {s:?}"));
        }
        let num: f64 = body[start..i].parse().map_err(|_| format!("invalid duration {s:?}"))?;
        let ustart = i;
        // The unit runs to the next digit (µs is two bytes in UTF-8).
        while i < bytes.len() && !bytes[i].is_ascii_digit() && bytes[i] != b'.' {
            i += 1;
        }
        let unit = &body[ustart..i];
        let mult: f64 = match unit {
            "ns" => 1.0,
            "us" | "µs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "d" => 86400e9,
            "w" => 604800e9,
            "y" => 365.0 * 86400e9,
            "" => return Err(format!("missing unit in duration {s:?}")),
            _ => return Err(format!("unknown unit {unit:?} in duration {s:?}")),
        };
        total += num * mult;
    }
    if total > i64::MAX as f64 {
        return Err(format!("duration {s:?} is too large"));
    }
    let n = total.round() as i64;
    Ok(if neg { -n } else { n })
}

/// Time zone used to print timestamps and to read times without an offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Zone {
    Utc,
    Named(Tz),
}

impl Zone {
    /// `Local`, `UTC` or an IANA name. Local is `$TZ`, else the system zone.
    pub fn parse(name: &str) -> Result<Zone, String> {
        if name.eq_ignore_ascii_case("utc") || name == "Z" {
            return Ok(Zone::Utc);
        }
        if name.eq_ignore_ascii_case("local") {
            let local = std::env::var("TZ")
                .ok()
                .map(|v| v.trim_start_matches(':').to_string())
                .filter(|v| !v.is_empty())
                .or_else(|| iana_time_zone::get_timezone().ok());
            return Ok(match local.and_then(|n| n.parse::<Tz>().ok()) {
                Some(tz) if tz.name() == "UTC" || tz.name() == "Etc/UTC" => Zone::Utc,
                Some(tz) => Zone::Named(tz),
                None => Zone::Utc,
            });
        }
        name.parse::<Tz>()
            .map(Zone::Named)
            .map_err(|_| format!("unknown time zone {name:?} (use Local, UTC or an IANA name such as Europe/Paris)"))
    }

    /// Offset from UTC in seconds and the zone abbreviation at `secs`.
    fn offset_at(&self, secs: i64) -> (i32, String) {
        match self {
            Zone::Utc => (0, "UTC".to_string()),
            Zone::Named(tz) => {
                let utc = DateTime::from_timestamp(secs, 0).unwrap_or_default().naive_utc();
                let off = tz.offset_from_utc_datetime(&utc);
                let secs = off.fix().local_minus_utc();
                let abbr = off
                    .abbreviation()
                    .map(str::to_string)
                    .unwrap_or_else(|| go_numeric_abbr(secs));
                (secs, abbr)
            }
        }
    }

    /// Interpret a wall-clock time in this zone; ambiguous times take the earlier.
    pub fn local_to_nanos(&self, naive: NaiveDateTime) -> Option<i64> {
        match self {
            Zone::Utc => naive.and_utc().timestamp_nanos_opt(),
            Zone::Named(tz) => tz
                .from_local_datetime(&naive)
                .earliest()
                .and_then(|d| d.timestamp_nanos_opt()),
        }
    }
}

fn go_numeric_abbr(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    if a % 3600 == 0 {
        format!("{sign}{:02}", a / 3600)
    } else {
        format!("{sign}{:02}{:02}", a / 3600, (a % 3600) / 60)
    }
}

/// Parse a point in time given on the command line. `now` is the reference
/// for relative forms. See `TIME_HELP` in `cli`.
pub fn parse_time(s: &str, now: i64, zone: Zone) -> Result<i64, String> {
    let t = s.trim();
    let bad = || {
        format!(
            "invalid time {s:?}: use RFC3339 (2026-11-25T10:00:00Z, offset optional), Unix seconds or nanoseconds, or now-2h / 2h"
        )
    };
    if t.is_empty() {
        return Err(bad());
    }
    if t.eq_ignore_ascii_case("now") {
        return Ok(now);
    }
    if let Some(rest) = t.strip_prefix("now") {
        let d = parse_duration(rest).map_err(|_| bad())?;
        return Ok(now.saturating_add(d));
    }
    // Unix epoch: integer or decimal. Magnitude decides the unit.
    if t.bytes().all(|b| b.is_ascii_digit() || b == b'.') && t.bytes().filter(|&b| b == b'.').count() <= 1 {
        if !t.contains('.') {
            let v: i128 = t.parse().map_err(|_| bad())?;
            let ns = if v < 100_000_000_000 {
                v * 1_000_000_000
            } else if v < 100_000_000_000_000 {
                v * 1_000_000
            } else if v < 100_000_000_000_000_000 {
                v * 1_000
            } else {
                v
            };
            return i64::try_from(ns).map_err(|_| bad());
        }
        let (int, frac) = t.split_once('.').unwrap_or((t, ""));
        let secs: i64 = int.parse().map_err(|_| bad())?;
        let mut f = frac.chars().take(9).collect::<String>();
        while f.len() < 9 {
            f.push('0');
        }
        let nanos: i64 = f.parse().map_err(|_| bad())?;
        return secs
            .checked_mul(NANOS_PER_SEC)
            .and_then(|v| v.checked_add(nanos))
            .ok_or_else(bad);
    }
    // Relative duration back from now: "2h".
    if t.as_bytes()[0].is_ascii_digit() && !t.contains('-') && !t.contains(':') {
        if let Ok(d) = parse_duration(t) {
            return Ok(now.saturating_sub(d));
        }
    }
    if let Ok(dt) = DateTime::parse_from_rfc3339(t) {
        return dt.timestamp_nanos_opt().ok_or_else(bad);
    }
    // Offset given in other spellings: 2026-11-25 10:00:00+01:00
    for fmt in [
        "%Y-%m-%d %H:%M:%S%.f%:z",
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
    ] {
        if let Ok(dt) = DateTime::parse_from_str(t, fmt) {
            return dt.timestamp_nanos_opt().ok_or_else(bad);
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(t, fmt) {
            return zone.local_to_nanos(naive).ok_or_else(bad);
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(t, "%Y-%m-%d") {
        let naive = d.and_hms_opt(0, 0, 0).ok_or_else(bad)?;
        return zone.local_to_nanos(naive).ok_or_else(bad);
    }
    Err(bad())
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Formats nanosecond timestamps in one zone and layout. Caches the part that
/// only depends on the second, since consecutive entries share it.
pub struct TimeFormatter {
    zone: Zone,
    format: TimestampFormat,
    cached_sec: i64,
    cached_offset: i32,
    cached_abbr: String,
    cached_prefix: String,
}

impl TimeFormatter {
    pub fn new(zone: Zone, format: TimestampFormat) -> Self {
        TimeFormatter {
            zone,
            format,
            cached_sec: i64::MIN,
            cached_offset: 0,
            cached_abbr: String::new(),
            cached_prefix: String::new(),
        }
    }

    /// Append the timestamp in the configured layout.
    pub fn write(&mut self, ns: i64, out: &mut Vec<u8>) {
        let secs = ns.div_euclid(NANOS_PER_SEC);
        let nanos = ns.rem_euclid(NANOS_PER_SEC) as u32;
        if secs != self.cached_sec {
            self.refresh(secs);
        }
        out.extend_from_slice(self.cached_prefix.as_bytes());
        match self.format {
            TimestampFormat::Rfc3339 => write_offset_z(self.cached_offset, out),
            TimestampFormat::Rfc3339nano => {
                write_trimmed_frac(nanos, out);
                write_offset_z(self.cached_offset, out);
            }
            TimestampFormat::Stampmilli => write_frac(nanos / 1_000_000, 3, out),
            TimestampFormat::Stampmicro => write_frac(nanos / 1_000, 6, out),
            TimestampFormat::Stampnano => write_frac(nanos, 9, out),
            TimestampFormat::Rfc822z | TimestampFormat::Rfc1123z | TimestampFormat::Unixdate => {}
        }
    }

    /// RFC3339 with nanoseconds, trailing zeros dropped (Go's RFC3339Nano),
    /// regardless of the configured layout. Used by JSON output.
    pub fn write_rfc3339nano(&mut self, ns: i64, out: &mut Vec<u8>) {
        let saved = self.format;
        if saved != TimestampFormat::Rfc3339nano {
            self.format = TimestampFormat::Rfc3339nano;
            self.cached_sec = i64::MIN;
        }
        self.write(ns, out);
        if saved != TimestampFormat::Rfc3339nano {
            self.format = saved;
            self.cached_sec = i64::MIN;
        }
    }

    fn refresh(&mut self, secs: i64) {
        use std::fmt::Write;
        let (offset, abbr) = self.zone.offset_at(secs);
        let local = DateTime::from_timestamp(secs + offset as i64, 0).unwrap_or_default();
        let (y, mo, d) = (local.year(), local.month0() as usize, local.day());
        let (h, mi, s) = (local.hour(), local.minute(), local.second());
        let wd = DAYS[local.weekday().num_days_from_monday() as usize];
        let p = &mut self.cached_prefix;
        p.clear();
        let _ = match self.format {
            TimestampFormat::Rfc3339 | TimestampFormat::Rfc3339nano => {
                write!(p, "{y:04}-{:02}-{d:02}T{h:02}:{mi:02}:{s:02}", mo + 1)
            }
            TimestampFormat::Rfc822z => write!(
                p,
                "{d:02} {} {:02} {h:02}:{mi:02} {}",
                MONTHS[mo],
                y.rem_euclid(100),
                numeric_offset(offset)
            ),
            TimestampFormat::Rfc1123z => write!(
                p,
                "{wd}, {d:02} {} {y:04} {h:02}:{mi:02}:{s:02} {}",
                MONTHS[mo],
                numeric_offset(offset)
            ),
            TimestampFormat::Stampmilli | TimestampFormat::Stampmicro | TimestampFormat::Stampnano => {
                write!(p, "{} {d:>2} {h:02}:{mi:02}:{s:02}", MONTHS[mo])
            }
            TimestampFormat::Unixdate => {
                write!(p, "{wd} {} {d:>2} {h:02}:{mi:02}:{s:02} {abbr} {y:04}", MONTHS[mo])
            }
        };
        self.cached_sec = secs;
        self.cached_offset = offset;
        self.cached_abbr = abbr;
    }
}

fn numeric_offset(secs: i32) -> String {
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    format!("{sign}{:02}{:02}", a / 3600, (a % 3600) / 60)
}

fn write_offset_z(secs: i32, out: &mut Vec<u8>) {
    if secs == 0 {
        out.push(b'Z');
        return;
    }
    let sign = if secs < 0 { b'-' } else { b'+' };
    let a = secs.unsigned_abs();
    out.push(sign);
    push_2(a / 3600, out);
    out.push(b':');
    push_2((a % 3600) / 60, out);
}

fn push_2(v: u32, out: &mut Vec<u8>) {
    out.push(b'0' + (v / 10 % 10) as u8);
    out.push(b'0' + (v % 10) as u8);
}

fn write_frac(mut v: u32, digits: usize, out: &mut Vec<u8>) {
    out.push(b'.');
    let start = out.len();
    out.resize(start + digits, b'0');
    for i in (0..digits).rev() {
        out[start + i] = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

fn write_trimmed_frac(nanos: u32, out: &mut Vec<u8>) {
    if nanos == 0 {
        return;
    }
    let mut digits = 9;
    let mut v = nanos;
    while v % 10 == 0 {
        v /= 10;
        digits -= 1;
    }
    write_frac(v, digits, out);
}

/// Go's `FormatFloat(seconds, 'f', -1, 64)` of a nanosecond duration, as logcli
/// sends `step` and `interval`.
pub fn seconds_param(ns: i64) -> String {
    let v = ns as f64 / NANOS_PER_SEC as f64;
    format!("{v}")
}

/// `Utc` used by tests and by callers that need a `DateTime`.
pub fn to_datetime(ns: i64) -> DateTime<Utc> {
    DateTime::from_timestamp(ns.div_euclid(NANOS_PER_SEC), ns.rem_euclid(NANOS_PER_SEC) as u32).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(ns: i64, zone: Zone, f: TimestampFormat) -> String {
        let mut out = Vec::new();
        TimeFormatter::new(zone, f).write(ns, &mut out);
        String::from_utf8(out).unwrap()
    }

    const TS: i64 = 1_795_577_575_102_279_137; // 2026-11-25T03:32:55.102279137Z

    #[test]
    fn go_layouts_in_utc() {
        let z = Zone::Utc;
        assert_eq!(fmt(TS, z, TimestampFormat::Rfc3339), "2026-11-25T03:32:55Z");
        assert_eq!(
            fmt(TS, z, TimestampFormat::Rfc3339nano),
            "2026-11-25T03:32:55.102279137Z"
        );
        assert_eq!(
            fmt(TS - 137, z, TimestampFormat::Rfc3339nano),
            "2026-11-25T03:32:55.102279Z"
        );
        assert_eq!(
            fmt(TS - 102_279_137, z, TimestampFormat::Rfc3339nano),
            "2026-11-25T03:32:55Z"
        );
        assert_eq!(fmt(TS, z, TimestampFormat::Rfc822z), "25 Nov 26 03:32 +0000");
        assert_eq!(fmt(TS, z, TimestampFormat::Rfc1123z), "Wed, 25 Nov 2026 03:32:55 +0000");
        assert_eq!(fmt(TS, z, TimestampFormat::Stampmilli), "Nov 25 03:32:55.102");
        assert_eq!(fmt(TS, z, TimestampFormat::Stampmicro), "Nov 25 03:32:55.102279");
        assert_eq!(fmt(TS, z, TimestampFormat::Stampnano), "Nov 25 03:32:55.102279137");
        assert_eq!(fmt(TS, z, TimestampFormat::Unixdate), "Wed Nov 25 03:32:55 UTC 2026");
    }

    #[test]
    fn named_zone_offsets_and_abbreviations() {
        let z = Zone::parse("Europe/Paris").unwrap();
        assert_eq!(fmt(TS, z, TimestampFormat::Rfc3339), "2026-11-25T04:32:55+01:00");
        assert_eq!(fmt(TS, z, TimestampFormat::Unixdate), "Wed Nov 25 04:32:55 CET 2026");
        let ny = Zone::parse("America/New_York").unwrap();
        assert_eq!(
            fmt(TS, ny, TimestampFormat::Rfc1123z),
            "Tue, 24 Nov 2026 22:32:55 -0500"
        );
        // single-digit day is space padded in stamp layouts
        let early = 1_780_272_000_000_000_000; // 2026-06-01T00:00:00Z
        assert_eq!(
            fmt(early, Zone::Utc, TimestampFormat::Stampmilli),
            "Jun  1 00:00:00.000"
        );
        assert!(Zone::parse("Mars/Olympus").is_err());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1h").unwrap(), 3600 * NANOS_PER_SEC);
        assert_eq!(parse_duration("1h30m").unwrap(), 5400 * NANOS_PER_SEC);
        assert_eq!(parse_duration("500ms").unwrap(), 500_000_000);
        assert_eq!(parse_duration("1.5s").unwrap(), 1_500_000_000);
        assert_eq!(parse_duration("2d").unwrap(), 2 * 86400 * NANOS_PER_SEC);
        assert_eq!(parse_duration("3").unwrap(), 3 * NANOS_PER_SEC);
        assert_eq!(parse_duration("10µs").unwrap(), 10_000);
        assert!(parse_duration("h").is_err());
        assert!(parse_duration("5 parsecs").is_err());
        assert!(parse_duration("").is_err());
    }

    #[test]
    fn times() {
        let now = TS;
        let z = Zone::Utc;
        assert_eq!(parse_time("now", now, z).unwrap(), now);
        assert_eq!(parse_time("now-2h", now, z).unwrap(), now - 7200 * NANOS_PER_SEC);
        assert_eq!(parse_time("2h", now, z).unwrap(), now - 7200 * NANOS_PER_SEC);
        assert_eq!(parse_time("1795577575", now, z).unwrap(), 1_795_577_575 * NANOS_PER_SEC);
        assert_eq!(parse_time("1795577575102", now, z).unwrap(), 1_795_577_575_102_000_000);
        assert_eq!(parse_time("1795577575102279137", now, z).unwrap(), TS);
        assert_eq!(parse_time("1795577575.5", now, z).unwrap(), 1_795_577_575_500_000_000);
        assert_eq!(parse_time("2026-11-25T03:32:55.102279137Z", now, z).unwrap(), TS);
        assert_eq!(parse_time("2026-11-25T04:32:55.102279137+01:00", now, z).unwrap(), TS);
        assert_eq!(parse_time("2026-11-25T03:32:55.102279137", now, z).unwrap(), TS);
        let paris = Zone::parse("Europe/Paris").unwrap();
        assert_eq!(parse_time("2026-11-25T04:32:55.102279137", now, paris).unwrap(), TS);
        assert_eq!(parse_time("2026-11-25", now, z).unwrap(), 1_795_564_800 * NANOS_PER_SEC);
        assert!(parse_time("yesterday", now, z).is_err());
        assert!(parse_time("2026-13-45T00:00:00Z", now, z).is_err());
    }

    #[test]
    fn step_param_like_go() {
        assert_eq!(seconds_param(60 * NANOS_PER_SEC), "60");
        assert_eq!(seconds_param(1_500_000_000), "1.5");
    }
}
