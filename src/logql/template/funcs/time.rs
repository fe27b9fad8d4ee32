//! Functions of the entry (`__line__`, `__timestamp__`) and of time:
//! sprig's `date`, `toDate`, `now`, `unixEpoch`, Loki's `toDateInZone`,
//! `unixToTime`, `unixEpochMillis`, `unixEpochNanos`. Times are Go
//! `time.Time` values; "Local" is UTC.

use super::super::gotime::{zone_of, GoTime};
use super::super::gotime_fmt::{format, parse};
use super::super::value::{IntType, Value};
use super::super::Env;
use super::s;

fn time_arg(a: &[Value], i: usize) -> GoTime {
    match a.get(i) {
        Some(Value::Time(t)) => t.clone(),
        _ => GoTime::zero(),
    }
}

fn now() -> GoTime {
    GoTime::from_unix_nanos(crate::core::time::now_nanos())
}

/// Loki's `unixToTime`: seconds, milliseconds, microseconds or
/// nanoseconds by the number of digits (or days, with five).
fn unix_to_time(epoch: &str) -> Result<GoTime, String> {
    let i = epoch.parse::<i64>().map_err(|_| {
        let why = if epoch.trim_start_matches(['-', '+']).bytes().all(|b| b.is_ascii_digit()) && !epoch.is_empty() {
            "value out of range"
        } else {
            "invalid syntax"
        };
        format!("unable to parse time '{epoch}': strconv.ParseInt: parsing {epoch:?}: {why}")
    })?;
    Ok(match epoch.len() {
        5 => GoTime::utc(i * 86_400, 0),
        10 => GoTime::utc(i, 0),
        13 => GoTime::from_unix_nanos(i.saturating_mul(1_000_000)),
        16 => GoTime::from_unix_nanos(i.saturating_mul(1_000)),
        19 => GoTime::from_unix_nanos(i),
        _ => return Err(format!("unable to parse time '{epoch}': %!w(<nil>)")),
    })
}

/// sprig's `date`: a time, or seconds as int/int64; anything else is now.
fn date(layout: &str, v: Option<&Value>) -> String {
    let t = match v {
        Some(Value::Time(t)) => t.clone(),
        Some(Value::Int(i, IntType::Int | IntType::Int64)) => GoTime::utc(*i, 0),
        _ => now(),
    };
    format(&t.in_zone("Local"), layout)
}

/// The methods of `time.Time` a template can call without arguments.
pub fn time_method(t: &GoTime, name: &str) -> Option<Value> {
    let c = t.civil();
    let i = |v: i64| Some(Value::int(v));
    let i64v = |v: i128| Some(Value::Int(v as i64, IntType::Int64));
    match name {
        "Unix" => i64v(t.secs as i128),
        "UnixMilli" => i64v(t.unix_nanos().div_euclid(1_000_000)),
        "UnixMicro" => i64v(t.unix_nanos().div_euclid(1_000)),
        "UnixNano" => i64v(t.unix_nanos()),
        "Year" => i(c.year),
        "Day" => i(c.day as i64),
        "Hour" => i(c.hour as i64),
        "Minute" => i(c.min as i64),
        "Second" => i(c.sec as i64),
        "Nanosecond" => i(t.nsec as i64),
        "YearDay" => i(c.yday as i64),
        "Month" => Some(Value::str(super::super::gotime::MONTHS[c.month as usize - 1])),
        "Weekday" => Some(Value::str(super::super::gotime::DAYS[c.wday])),
        "UTC" | "Local" => Some(Value::Time(t.in_zone("UTC"))),
        "String" => Some(Value::string(super::super::gotime_fmt::time_string(t))),
        "IsZero" => Some(Value::Bool(*t == GoTime::zero())),
        _ => None,
    }
}

pub(super) fn call(f: &str, a: &[Value], ctx: &Env<'_>) -> Result<Option<Value>, String> {
    let st = |x: String| Ok(Some(Value::string(x)));
    let tm = |t: GoTime| Ok(Some(Value::Time(t)));
    match f {
        "__line__" => st(ctx.line.to_string()),
        "__timestamp__" => tm(GoTime::from_unix_nanos(ctx.ts)),
        "now" => tm(now()),
        "unixEpoch" => st(time_arg(a, 0).secs.to_string()),
        "unixEpochMillis" => st((time_arg(a, 0).unix_nanos().div_euclid(1_000_000)).to_string()),
        "unixEpochNanos" => st(time_arg(a, 0).unix_nanos().to_string()),
        "unixToTime" => tm(unix_to_time(s(a, 0))?),
        "toDate" => tm(parse(s(a, 0), s(a, 1), None).unwrap_or_else(GoTime::zero)),
        "toDateInZone" => tm(parse(s(a, 0), s(a, 2), zone_of(s(a, 1))).unwrap_or_else(GoTime::zero)),
        "date" => st(date(s(a, 0), a.get(1))),
        _ => Ok(None),
    }
}
