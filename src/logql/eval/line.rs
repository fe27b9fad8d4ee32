//! Line filters (`|=`, `!=`, `|~`, `!~`, `|>`, `!>`, `ip(...)`, joined by
//! `or`) and `| decolorize`.

use std::sync::OnceLock;

use regex::Regex;

use super::ip::IpMatcher;
use super::regex::compile;
use crate::logql::ast::{FilterOp, FilterValue, LineFilter};
use crate::logql::pattern::Pattern;

#[derive(Debug)]
enum Alt {
    Contains(String),
    Regex(Regex),
    Pattern(Pattern),
    Ip(IpMatcher),
}

#[derive(Debug)]
pub struct LineStage {
    negate: bool,
    alts: Vec<Alt>,
}

impl LineStage {
    /// Loki keeps `ip()` semantics in an `or` chain only for `!=` (which it
    /// splits into separate filters); after `|=` every alternative is read
    /// as a plain string, ip("...") included.
    pub fn compile(l: &LineFilter) -> Result<LineStage, String> {
        let mut alts = Vec::with_capacity(l.values.len());
        let plain = l.values.len() > 1 && !l.op.negated();
        for v in &l.values {
            let v = match v {
                FilterValue::Ip(s) if plain => &FilterValue::Str(s.clone()),
                v => v,
            };
            alts.push(match (v, l.op) {
                (FilterValue::Ip(s), FilterOp::Contains | FilterOp::NotContains) => Alt::Ip(IpMatcher::parse(s)?),
                (FilterValue::Ip(_), _) => return Err("ip: invalid operation".into()),
                (FilterValue::Str(s), FilterOp::Contains | FilterOp::NotContains) => Alt::Contains(s.clone()),
                (FilterValue::Str(s), FilterOp::Regex | FilterOp::NotRegex) => Alt::Regex(compile(s)?),
                (FilterValue::Str(s), FilterOp::Pattern | FilterOp::NotPattern) => {
                    let p = Pattern::parse_filter(s)?;
                    if p.has_named() {
                        return Err(format!("named captures are not allowed: found '<{}>'", p.names()[0]));
                    }
                    Alt::Pattern(p)
                }
            });
        }
        Ok(LineStage {
            negate: l.op.negated(),
            alts,
        })
    }

    pub fn keeps(&self, line: &str) -> bool {
        let hit = self.alts.iter().any(|a| match a {
            Alt::Contains(s) => line.contains(s.as_str()),
            Alt::Regex(r) => r.is_match(line),
            Alt::Pattern(p) => p.test(line),
            Alt::Ip(m) => m.in_text(line),
        });
        hit != self.negate
    }
}

/// Loki's ANSI pattern: CSI sequences, and OSC only up to BEL; anything
/// else stays.
fn ansi() -> &'static Regex {
    static RE: OnceLock<Regex> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            "[\u{1b}\u{9b}][\\[\\]()#;?]*(?:(?:(?:[a-zA-Z0-9]*(?:;[a-zA-Z0-9]*)*)?\u{7})|(?:(?:[0-9]{1,4}(?:;[0-9]{0,4})*)?[0-9A-PRZcf-ntqry=><~]))",
        )
        .expect("valid ANSI pattern")
    })
}

/// Strip ANSI escape sequences the way Loki's `decolorize` does.
pub fn decolorize(s: &str) -> String {
    if !s.contains(['\u{1b}', '\u{9b}']) {
        return s.to_string();
    }
    ansi().replace_all(s, "").into_owned()
}
