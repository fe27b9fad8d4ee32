//! The labels of one entry while it goes through the pipeline, kept the way
//! Loki's labels builder keeps them: the labels the entry came with (stream
//! labels and structured metadata, "base") first, then the labels stages
//! added ("parsed"), and the error label and its details apart from both.
//!
//! Loki's rules that follow from it:
//! - a parsed name that a base label already has gets `_extracted`;
//! - a name parsed once is never parsed again in the same entry (the first
//!   value wins, even across stages), though label_format may rewrite it;
//! - `__error__` and `__error_details__` are not labels until the end: label
//!   filters see `__error__` only by that name, never `__error_details__`.

use super::Labels;

pub const ERROR: &str = "__error__";
pub const ERROR_DETAILS: &str = "__error_details__";

pub struct Row<'a> {
    pub labels: &'a mut Labels,
    /// Base labels still present, at the front of `labels`.
    n_base: usize,
    /// Base names that were removed (they still count as base).
    base_gone: Vec<String>,
    /// Parsed names that were removed (they still count as parsed).
    parsed_gone: Vec<String>,
    pub err: String,
    pub details: String,
}

impl<'a> Row<'a> {
    pub fn new(labels: &'a mut Labels) -> Row<'a> {
        let n_base = labels.len();
        Row {
            labels,
            n_base,
            base_gone: Vec::new(),
            parsed_gone: Vec::new(),
            err: String::new(),
            details: String::new(),
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.labels.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Was the entry born with this label (even if it was dropped since)?
    pub fn base_has(&self, name: &str) -> bool {
        self.labels[..self.n_base].iter().any(|(k, _)| k == name) || self.base_gone.iter().any(|k| k == name)
    }

    /// Has a stage already set this name?
    pub fn extracted(&self, name: &str) -> bool {
        self.labels[self.n_base..].iter().any(|(k, _)| k == name) || self.parsed_gone.iter().any(|k| k == name)
    }

    /// The name a parser gives a key: `_extracted` when a base label has it.
    pub fn parsed_name<'n>(&self, name: &'n str) -> std::borrow::Cow<'n, str> {
        if self.base_has(name) {
            format!("{name}_extracted").into()
        } else {
            name.into()
        }
    }

    /// A parser's label: skipped when a stage already set that name.
    /// Returns whether it was set.
    pub fn add_parsed(&mut self, name: &str, value: &str) -> bool {
        if self.extracted(name) {
            return false;
        }
        self.labels.push((name.to_string(), value.to_string()));
        true
    }

    /// Set a label, replacing any value (label_format, expression parsers).
    pub fn set(&mut self, name: &str, value: String) {
        if let Some(e) = self.labels.iter_mut().find(|(k, _)| k == name) {
            e.1 = value;
        } else {
            self.labels.push((name.to_string(), value));
        }
    }

    pub fn remove(&mut self, name: &str) {
        if name == ERROR {
            self.err.clear();
            return;
        }
        if name == ERROR_DETAILS {
            self.details.clear();
            return;
        }
        if let Some(i) = self.labels.iter().position(|(k, _)| k == name) {
            let (k, _) = self.labels.remove(i);
            if i < self.n_base {
                self.n_base -= 1;
                self.base_gone.push(k);
            } else {
                self.parsed_gone.push(k);
            }
        }
    }

    /// Keep the labels for which `keep(name, value)` holds; the error label
    /// and its details always stay.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &str) -> bool) {
        let mut i = 0;
        while i < self.labels.len() {
            let (k, v) = &self.labels[i];
            if keep(k, v) {
                i += 1;
            } else {
                let k = k.clone();
                self.remove(&k);
            }
        }
    }

    pub fn has_err(&self) -> bool {
        !self.err.is_empty()
    }

    /// A parser's error: it replaces any earlier one.
    pub fn set_err(&mut self, err: &str, details: Option<String>) {
        self.err.clear();
        self.err.push_str(err);
        if let Some(d) = details {
            self.details = d;
        }
    }

    /// The value a label filter or `drop`/`keep` matcher sees for `name`.
    pub fn filter_value(&self, name: &str) -> &str {
        if name == ERROR {
            return &self.err;
        }
        self.get(name).unwrap_or("")
    }

    /// Every label with the error labels, sorted by name: what templates see
    /// as `.`.
    pub fn map(&self) -> Vec<(&str, &str)> {
        let mut m: Vec<(&str, &str)> = self.labels.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        if !self.err.is_empty() {
            m.push((ERROR, &self.err));
        }
        if !self.details.is_empty() {
            m.push((ERROR_DETAILS, &self.details));
        }
        m.sort_unstable_by(|a, b| a.0.cmp(b.0));
        m
    }

    /// The final label set: the error labels become labels.
    pub fn finish(self) {
        if !self.err.is_empty() {
            self.labels.push((ERROR.into(), self.err));
        }
        if !self.details.is_empty() {
            self.labels.push((ERROR_DETAILS.into(), self.details));
        }
    }
}

/// Loki's label-name sanitising: whitespace trimmed, a leading digit
/// prefixed with `_`, and every character other than ASCII letters, digits
/// and `_` replaced by `_`.
pub fn sanitize(key: &str) -> std::borrow::Cow<'_, str> {
    let key = key.trim();
    let clean = key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    let digit = key.as_bytes().first().is_some_and(|b| b.is_ascii_digit());
    if clean && !digit {
        return key.into();
    }
    let mut out = String::with_capacity(key.len() + 1);
    if digit {
        out.push('_');
    }
    for c in key.chars() {
        out.push(if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' });
    }
    out.into()
}
