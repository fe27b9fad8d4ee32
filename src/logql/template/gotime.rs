//! Go's `time.Time` as templates see it: printing (`String`, `Format` with
//! Go's reference layout) and parsing (`time.ParseInLocation`). "Local" is
//! UTC, as in Loki's containers.

use std::rc::Rc;

use chrono::{NaiveDate, Offset, TimeZone};
use chrono_tz::{OffsetName, Tz};

#[derive(Clone, Debug, PartialEq)]
pub struct GoTime {
    /// Seconds since 1970-01-01 UTC.
    pub secs: i64,
    pub nsec: u32,
    /// Offset of the zone at this instant, in seconds east of UTC.
    pub offset: i32,
    /// The zone abbreviation ("" for a fixed numeric offset).
    pub zone: Rc<str>,
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m as i64 + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub const DAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// The broken-down local time of a GoTime.
pub struct Civil {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub min: u32,
    pub sec: u32,
    pub wday: usize,
    pub yday: u32,
}

impl GoTime {
    pub fn utc(secs: i64, nsec: u32) -> GoTime {
        GoTime {
            secs,
            nsec,
            offset: 0,
            zone: Rc::from("UTC"),
        }
    }

    /// `time.Unix(0, ns)` in Local (UTC).
    pub fn from_unix_nanos(ns: i64) -> GoTime {
        GoTime::utc(ns.div_euclid(1_000_000_000), ns.rem_euclid(1_000_000_000) as u32)
    }

    /// The zero time, `0001-01-01 00:00:00 +0000 UTC`.
    pub fn zero() -> GoTime {
        GoTime::utc(days_from_civil(1, 1, 1) * 86_400, 0)
    }

    pub fn unix_nanos(&self) -> i128 {
        self.secs as i128 * 1_000_000_000 + self.nsec as i128
    }

    pub fn civil(&self) -> Civil {
        let local = self.secs + self.offset as i64;
        let days = local.div_euclid(86_400);
        let rem = local.rem_euclid(86_400);
        let (year, month, day) = civil_from_days(days);
        Civil {
            year,
            month,
            day,
            hour: (rem / 3600) as u32,
            min: (rem / 60 % 60) as u32,
            sec: (rem % 60) as u32,
            wday: (days + 4).rem_euclid(7) as usize,
            yday: (days - days_from_civil(year, 1, 1) + 1) as u32,
        }
    }

    /// The same instant in a zone ("Local" and "UTC" are UTC).
    pub fn in_zone(&self, zone: &str) -> GoTime {
        match zone_of(zone) {
            Some(tz) => {
                let (offset, name) = tz_at(tz, self.secs);
                GoTime {
                    offset,
                    zone: name,
                    ..self.clone()
                }
            }
            None => GoTime::utc(self.secs, self.nsec),
        }
    }
}

/// A zone by name; None for UTC (and Local, which is UTC).
pub fn zone_of(name: &str) -> Option<Tz> {
    match name {
        "" | "UTC" | "Local" => None,
        n => n.parse::<Tz>().ok(),
    }
}

fn numeric_zone(offset: i32) -> String {
    let (sign, a) = if offset < 0 { ('-', -offset) } else { ('+', offset) };
    if a % 3600 == 0 {
        format!("{sign}{:02}", a / 3600)
    } else {
        format!("{sign}{:02}{:02}", a / 3600, a / 60 % 60)
    }
}

/// Offset and abbreviation of a zone at an instant.
pub fn tz_at(tz: Tz, secs: i64) -> (i32, Rc<str>) {
    let Some(dt) = chrono::DateTime::from_timestamp(secs, 0) else {
        return (0, Rc::from("UTC"));
    };
    let off = tz.offset_from_utc_datetime(&dt.naive_utc());
    let offset = off.fix().local_minus_utc();
    let name = off
        .abbreviation()
        .map(String::from)
        .unwrap_or_else(|| numeric_zone(offset));
    (offset, Rc::from(name))
}

/// A civil time in a zone (or UTC) as a GoTime, as `time.Date` does.
pub fn from_civil(c: &Civil, nsec: u32, tz: Option<Tz>) -> GoTime {
    let days = days_from_civil(c.year, 1, 1) + month_day_offset(c.year, c.month, c.day);
    let local = days * 86_400 + c.hour as i64 * 3600 + c.min as i64 * 60 + c.sec as i64;
    let Some(tz) = tz else { return GoTime::utc(local, nsec) };
    let naive =
        NaiveDate::from_ymd_opt(c.year as i32, c.month, c.day).and_then(|d| d.and_hms_opt(c.hour, c.min, c.sec));
    let offset = naive
        .and_then(|n| tz.from_local_datetime(&n).earliest())
        .map(|dt| dt.offset().fix().local_minus_utc())
        .unwrap_or(0);
    let secs = local - offset as i64;
    let (offset, zone) = tz_at(tz, secs);
    GoTime {
        secs,
        nsec,
        offset,
        zone,
    }
}

/// Days from Jan 1 of `year` to the given month and day, letting days
/// overflow the month as Go's normalisation does.
fn month_day_offset(year: i64, month: u32, day: u32) -> i64 {
    days_from_civil(year, month, 1) - days_from_civil(year, 1, 1) + day as i64 - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_like_go() {
        let t = GoTime::from_unix_nanos(1_795_653_692_177_000_000);
        assert_eq!(
            super::super::gotime_fmt::time_string(&t),
            "2026-11-26 00:41:32.177 +0000 UTC"
        );
        assert_eq!(
            super::super::gotime_fmt::time_string(&GoTime::zero()),
            "0001-01-01 00:00:00 +0000 UTC"
        );
        let ny = GoTime::utc(1_700_000_000, 0).in_zone("America/New_York");
        assert_eq!(
            super::super::gotime_fmt::time_string(&ny),
            "2023-11-14 17:13:20 -0500 EST"
        );
    }
}
