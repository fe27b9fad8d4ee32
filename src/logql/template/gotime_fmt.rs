//! Go's reference-time layouts (`2006-01-02 15:04:05.000 -0700 MST`):
//! splitting a layout into its chunks, formatting and parsing.

use chrono_tz::Tz;

use super::gotime::{from_civil, tz_at, Civil, GoTime, DAYS, MONTHS};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Std {
    LongMonth,
    Month,
    NumMonth,
    ZeroMonth,
    LongWeekDay,
    WeekDay,
    Day,
    UnderDay,
    ZeroDay,
    UnderYearDay,
    ZeroYearDay,
    Hour,
    Hour12,
    ZeroHour12,
    Minute,
    ZeroMinute,
    Second,
    ZeroSecond,
    LongYear,
    Year,
    PM,
    Pm,
    TZ,
    /// Numeric zone: (iso "Z" for UTC, colons, seconds, hours only)
    Zone(bool, bool, bool, bool),
    /// Fraction: (digits, trailing zeros kept, separator)
    Frac(usize, bool, char),
}

const ZONES: [(&str, Std); 10] = [
    ("-07:00:00", Std::Zone(false, true, true, false)),
    ("-070000", Std::Zone(false, false, true, false)),
    ("-07:00", Std::Zone(false, true, false, false)),
    ("-0700", Std::Zone(false, false, false, false)),
    ("-07", Std::Zone(false, false, false, true)),
    ("Z07:00:00", Std::Zone(true, true, true, false)),
    ("Z070000", Std::Zone(true, false, true, false)),
    ("Z07:00", Std::Zone(true, true, false, false)),
    ("Z0700", Std::Zone(true, false, false, false)),
    ("Z07", Std::Zone(true, false, false, true)),
];

/// The next chunk of a layout: literal text before it, the chunk and its
/// length.
fn next_chunk(l: &str) -> Option<(usize, Std, usize)> {
    let b = l.as_bytes();
    for i in 0..b.len() {
        let rest = &l[i..];
        let pick = |pairs: &[(&str, Std)]| {
            pairs
                .iter()
                .find(|(p, _)| rest.starts_with(p))
                .map(|(p, s)| (i, *s, p.len()))
        };
        let found = match b[i] {
            b'J' => pick(&[("January", Std::LongMonth), ("Jan", Std::Month)]),
            b'M' => pick(&[("Monday", Std::LongWeekDay), ("Mon", Std::WeekDay), ("MST", Std::TZ)]),
            b'0' => pick(&[
                ("01", Std::ZeroMonth),
                ("02", Std::ZeroDay),
                ("03", Std::ZeroHour12),
                ("04", Std::ZeroMinute),
                ("05", Std::ZeroSecond),
                ("06", Std::Year),
                ("002", Std::ZeroYearDay),
            ]),
            b'1' => pick(&[("15", Std::Hour), ("1", Std::NumMonth)]),
            b'2' => pick(&[("2006", Std::LongYear), ("2", Std::Day)]),
            b'_' if rest.starts_with("_2006") => Some((i + 1, Std::LongYear, 4)),
            b'_' => pick(&[("__2", Std::UnderYearDay), ("_2", Std::UnderDay)]),
            b'3' => Some((i, Std::Hour12, 1)),
            b'4' => Some((i, Std::Minute, 1)),
            b'5' => Some((i, Std::Second, 1)),
            b'P' => pick(&[("PM", Std::PM)]),
            b'p' => pick(&[("pm", Std::Pm)]),
            b'-' | b'Z' => pick(&ZONES),
            c @ (b'.' | b',') => frac(rest, c as char).map(|(s, n)| (i, s, n)),
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

fn frac(rest: &str, sep: char) -> Option<(Std, usize)> {
    let b = rest.as_bytes();
    let d = *b.get(1)?;
    if d != b'0' && d != b'9' {
        return None;
    }
    let n = b[1..].iter().take_while(|&&c| c == d).count();
    if b.get(1 + n).is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((Std::Frac(n, d == b'0', sep), n + 1))
}

/// Go's `Time.String()`.
pub fn time_string(t: &GoTime) -> String {
    format(t, "2006-01-02 15:04:05.999999999 -0700 MST")
}

/// `t.Format(layout)`.
pub fn format(t: &GoTime, layout: &str) -> String {
    let c = t.civil();
    let mut out = String::with_capacity(layout.len() + 10);
    let mut l = layout;
    while let Some((at, std, len)) = next_chunk(l) {
        out.push_str(&l[..at]);
        put(&mut out, std, &c, t);
        l = &l[at + len..];
    }
    out.push_str(l);
    out
}

fn put(out: &mut String, std: Std, c: &Civil, t: &GoTime) {
    let h12 = if c.hour % 12 == 0 { 12 } else { c.hour % 12 };
    let s = match std {
        Std::LongMonth => MONTHS[c.month as usize - 1].to_string(),
        Std::Month => MONTHS[c.month as usize - 1][..3].to_string(),
        Std::NumMonth => c.month.to_string(),
        Std::ZeroMonth => format!("{:02}", c.month),
        Std::LongWeekDay => DAYS[c.wday].to_string(),
        Std::WeekDay => DAYS[c.wday][..3].to_string(),
        Std::Day => c.day.to_string(),
        Std::UnderDay => format!("{:>2}", c.day),
        Std::ZeroDay => format!("{:02}", c.day),
        Std::UnderYearDay => format!("{:>3}", c.yday),
        Std::ZeroYearDay => format!("{:03}", c.yday),
        Std::Hour => format!("{:02}", c.hour),
        Std::Hour12 => h12.to_string(),
        Std::ZeroHour12 => format!("{h12:02}"),
        Std::Minute => c.min.to_string(),
        Std::ZeroMinute => format!("{:02}", c.min),
        Std::Second => c.sec.to_string(),
        Std::ZeroSecond => format!("{:02}", c.sec),
        Std::LongYear => format!("{:04}", c.year),
        Std::Year => format!("{:02}", c.year.rem_euclid(100)),
        Std::PM => (if c.hour >= 12 { "PM" } else { "AM" }).to_string(),
        Std::Pm => (if c.hour >= 12 { "pm" } else { "am" }).to_string(),
        Std::TZ if !t.zone.is_empty() => t.zone.to_string(),
        Std::TZ => zone_text(t.offset, false, false, false),
        Std::Zone(iso, colon, secs, hours) => {
            if iso && t.offset == 0 {
                "Z".to_string()
            } else {
                zone_text(t.offset, colon, secs, hours)
            }
        }
        Std::Frac(n, zeros, sep) => fraction(t.nsec, n, zeros, sep),
    };
    out.push_str(&s);
}

fn zone_text(offset: i32, colon: bool, secs: bool, hours: bool) -> String {
    let (sign, a) = if offset < 0 { ('-', -offset) } else { ('+', offset) };
    let mut s = format!("{sign}{:02}", a / 3600);
    if !hours {
        if colon {
            s.push(':');
        }
        s.push_str(&format!("{:02}", a / 60 % 60));
    }
    if secs {
        if colon {
            s.push(':');
        }
        s.push_str(&format!("{:02}", a % 60));
    }
    s
}

fn fraction(nsec: u32, n: usize, zeros: bool, sep: char) -> String {
    let digits = format!("{nsec:09}");
    let mut d = &digits[..n.min(9)];
    if !zeros {
        d = d.trim_end_matches('0');
        if d.is_empty() {
            return String::new();
        }
    }
    format!("{sep}{d}")
}

/// The offset a literal `Z` gives: UTC itself, not a zone at +00:00.
const UTC_Z: i32 = i32::MIN;

/// The parsed fields, before they become a time.
#[derive(Default)]
struct Fields {
    year: i64,
    month: u32,
    day: u32,
    hour: u32,
    min: u32,
    sec: u32,
    nsec: u32,
    pm: Option<bool>,
    offset: Option<i32>,
    zone: Option<String>,
    /// The layout has a fraction after the seconds.
    frac_follows: bool,
}

fn num(v: &str, min: usize, max: usize) -> Option<(i64, &str)> {
    let n = v.bytes().take(max).take_while(u8::is_ascii_digit).count();
    if n < min {
        return None;
    }
    Some((v[..n].parse().ok()?, &v[n..]))
}

fn name<'a>(v: &'a str, names: &[&str], len: Option<usize>) -> Option<(u32, &'a str)> {
    for (i, n) in names.iter().enumerate() {
        let n = len.map_or(*n, |l| &n[..l]);
        if v.len() >= n.len() && v[..n.len()].eq_ignore_ascii_case(n) {
            return Some((i as u32, &v[n.len()..]));
        }
    }
    None
}

fn parse_zone(v: &str, std: Std) -> Option<(i32, &str)> {
    let Std::Zone(iso, colon, secs, hours) = std else {
        return None;
    };
    if iso && v.starts_with('Z') {
        return Some((UTC_Z, &v[1..]));
    }
    let sign = match v.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let mut rest = &v[1..];
    let (h, r) = num(rest, 2, 2)?;
    rest = r;
    let mut total = h * 3600;
    let field = |rest: &mut &str| -> Option<i64> {
        if colon {
            *rest = rest.strip_prefix(':')?;
        }
        let (m, r) = num(rest, 2, 2)?;
        *rest = r;
        Some(m)
    };
    if !hours {
        total += field(&mut rest)? * 60;
    }
    if secs {
        total += field(&mut rest)?;
    }
    Some(((sign * total) as i32, rest))
}

fn field<'a>(f: &mut Fields, std: Std, v: &'a str) -> Option<&'a str> {
    let set = |x: &mut u32, r: Option<(i64, &'a str)>| r.map(|(n, rest)| (*x = n as u32, rest).1);
    match std {
        Std::LongYear => num(v, 4, 4).map(|(n, r)| (f.year = n, r).1),
        Std::Year => num(v, 2, 2).map(|(n, r)| (f.year = if n >= 69 { 1900 + n } else { 2000 + n }, r).1),
        Std::LongMonth => name(v, &MONTHS, None).map(|(m, r)| (f.month = m + 1, r).1),
        Std::Month => name(v, &MONTHS, Some(3)).map(|(m, r)| (f.month = m + 1, r).1),
        Std::NumMonth => set(&mut f.month, num(v, 1, 2)),
        Std::ZeroMonth => set(&mut f.month, num(v, 2, 2)),
        Std::LongWeekDay => name(v, &DAYS, None).map(|(_, r)| r),
        Std::WeekDay => name(v, &DAYS, Some(3)).map(|(_, r)| r),
        Std::Day | Std::UnderDay => set(&mut f.day, num(v.trim_start_matches(' '), 1, 2)),
        Std::ZeroDay => set(&mut f.day, num(v, 2, 2)),
        Std::Hour => set(&mut f.hour, num(v, 1, 2)),
        Std::Hour12 => set(&mut f.hour, num(v, 1, 2)),
        Std::ZeroHour12 => set(&mut f.hour, num(v, 2, 2)),
        Std::Minute => set(&mut f.min, num(v, 1, 2)),
        Std::ZeroMinute => set(&mut f.min, num(v, 2, 2)),
        Std::Second | Std::ZeroSecond => {
            let min = if std == Std::Second { 1 } else { 2 };
            let r = set(&mut f.sec, num(v, min, 2))?;
            Some(if f.frac_follows { r } else { parse_frac_after_sec(f, r) })
        }
        Std::PM | Std::Pm => {
            let p = v.get(..2)?.to_ascii_uppercase();
            f.pm = Some(p == "PM");
            (p == "PM" || p == "AM").then(|| &v[2..])
        }
        Std::TZ => {
            let n = v.bytes().take_while(u8::is_ascii_uppercase).count();
            (n >= 3).then(|| (f.zone = Some(v[..n].to_string()), &v[n..]).1)
        }
        Std::Zone(..) => parse_zone(v, std).map(|(o, r)| (f.offset = Some(o), r).1),
        Std::Frac(n, true, _) => {
            let r = v.strip_prefix(['.', ','])?;
            let digits = r.get(..n).filter(|d| d.bytes().all(|b| b.is_ascii_digit()))?;
            f.nsec = frac_nanos(digits);
            Some(&r[n..])
        }
        Std::Frac(_, false, _) => {
            let b = v.as_bytes();
            if b.len() < 2 || !(b[0] == b'.' || b[0] == b',') || !b[1].is_ascii_digit() {
                return Some(v);
            }
            let d = b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            f.nsec = frac_nanos(&v[1..1 + d]);
            Some(&v[1 + d..])
        }
        Std::UnderYearDay | Std::ZeroYearDay => num(v, 1, 3).map(|(_, r)| r),
    }
}

fn frac_nanos(d: &str) -> u32 {
    let mut s: String = d.chars().take(9).collect();
    while s.len() < 9 {
        s.push('0');
    }
    s.parse().unwrap_or(0)
}

/// Go accepts a fraction after seconds even when the layout has none.
fn parse_frac_after_sec<'a>(f: &mut Fields, r: &'a str) -> &'a str {
    let b = r.as_bytes();
    if b.len() > 1 && (b[0] == b'.' || b[0] == b',') && b[1].is_ascii_digit() {
        let d = b[1..].iter().take_while(|c| c.is_ascii_digit()).count();
        f.nsec = frac_nanos(&r[1..1 + d]);
        return &r[1 + d..];
    }
    r
}

/// `time.ParseInLocation(layout, value, loc)`; None on any mismatch.
pub fn parse(layout: &str, value: &str, loc: Option<Tz>) -> Option<GoTime> {
    let mut f = Fields {
        year: 0,
        month: 1,
        day: 1,
        ..Fields::default()
    };
    let (mut l, mut v) = (layout, value);
    while let Some((at, std, len)) = next_chunk(l) {
        v = v.strip_prefix(&l[..at])?;
        l = &l[at + len..];
        f.frac_follows = matches!(next_chunk(l), Some((_, Std::Frac(..), _)));
        v = field(&mut f, std, v)?;
    }
    if v != l {
        return None;
    }
    build(f, loc)
}

fn days_in(year: i64, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn build(f: Fields, loc: Option<Tz>) -> Option<GoTime> {
    let mut hour = f.hour;
    match f.pm {
        Some(true) if hour < 12 => hour += 12,
        Some(false) if hour == 12 => hour = 0,
        _ => {}
    }
    if !(1..=12).contains(&f.month)
        || f.day < 1
        || f.day > days_in(f.year, f.month)
        || hour > 23
        || f.min > 59
        || f.sec > 59
    {
        return None;
    }
    let c = Civil {
        year: f.year,
        month: f.month,
        day: f.day,
        hour,
        min: f.min,
        sec: f.sec,
        wday: 0,
        yday: 0,
    };
    if f.offset == Some(UTC_Z) {
        return Some(from_civil(&c, f.nsec, None));
    }
    if let Some(off) = f.offset {
        let utc = from_civil(&c, f.nsec, None);
        let secs = utc.secs - off as i64;
        let (name, lo) = match loc {
            Some(tz) => (tz_at(tz, secs).1, tz_at(tz, secs).0),
            None => ("UTC".into(), 0),
        };
        let zone = if lo == off { name } else { "".into() };
        return Some(GoTime {
            secs,
            nsec: f.nsec,
            offset: off,
            zone,
        });
    }
    if let Some(z) = f.zone {
        if z == "UTC" {
            return Some(from_civil(&c, f.nsec, None));
        }
        let t = from_civil(&c, f.nsec, loc);
        if *t.zone == *z {
            return Some(t);
        }
        let utc = from_civil(&c, f.nsec, None);
        return Some(GoTime { zone: z.into(), ..utc });
    }
    Some(from_civil(&c, f.nsec, loc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts() {
        let t = GoTime::utc(1_700_000_000, 123_000_000);
        assert_eq!(format(&t, "2006-01-02T15:04:05.000Z07:00"), "2023-11-14T22:13:20.123Z");
        assert_eq!(
            format(&t, "Mon Jan 2 15:04:05 MST 2006"),
            "Tue Nov 14 22:13:20 UTC 2023"
        );
        assert_eq!(format(&t, "Jan 2 2006 3:04PM"), "Nov 14 2023 10:13PM");
        assert_eq!(format(&t, "15:04:05.000000000"), "22:13:20.123000000");
        let p = parse("2006-01-02T15:04:05Z07:00", "2024-01-01T00:00:00Z", None).unwrap();
        assert_eq!(time_string(&p), "2024-01-01 00:00:00 +0000 UTC");
        let tz: Tz = "Europe/Paris".parse().unwrap();
        let p = parse("2006-01-02 15:04", "2024-06-01 12:00", Some(tz)).unwrap();
        assert_eq!(p.secs, 1_717_236_000);
        assert!(parse("2006-01-02", "garbage", None).is_none());
        let p = parse(time_rfc3339(), "2024-01-01T00:00:00+02:00", None).unwrap();
        assert_eq!(time_string(&p), "2024-01-01 00:00:00 +0200 +0200");
    }

    fn time_rfc3339() -> &'static str {
        "2006-01-02T15:04:05Z07:00"
    }
}
