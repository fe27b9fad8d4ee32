//! Each line's timestamp for local evaluation (`--stdin-timestamp`): a
//! regex (its first group, else the whole match, read like `--from`), or a
//! strftime FORMAT (contains `%`) that the line starts with.

use regex::Regex;

use crate::core::time::{parse_time, Zone};
use crate::core::{Error, Result};

pub enum TsExtractor {
    Regex(Regex, Zone),
    Format(String, Zone),
}

impl TsExtractor {
    pub fn new(spec: &str, zone: Zone) -> Result<TsExtractor> {
        if spec.contains('%') {
            return Ok(TsExtractor::Format(spec.to_string(), zone));
        }
        Regex::new(spec)
            .map(|r| TsExtractor::Regex(r, zone))
            .map_err(|e| Error::usage(format!("--stdin-timestamp: {e}")))
    }

    /// The line's time, if it has one; `now` resolves relative forms.
    pub fn get(&self, line: &str, now: i64) -> Option<i64> {
        match self {
            TsExtractor::Regex(re, zone) => {
                let c = re.captures(line)?;
                let m = c.get(1).or_else(|| c.get(0))?;
                parse_time(m.as_str(), now, *zone).ok()
            }
            TsExtractor::Format(fmt, zone) => {
                if let Ok((dt, _)) = chrono::DateTime::parse_and_remainder(line, fmt) {
                    return dt.timestamp_nanos_opt();
                }
                let (naive, _) = chrono::NaiveDateTime::parse_and_remainder(line, fmt).ok()?;
                zone.local_to_nanos(naive)
            }
        }
    }
}
