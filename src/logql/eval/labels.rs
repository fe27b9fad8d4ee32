//! The label vector an entry carries through the pipeline: lookups,
//! updates, parsed labels with Loki's `_extracted` rule, error labels.

use super::Labels;

pub(super) fn get<'a>(labels: &'a Labels, name: &str) -> Option<&'a str> {
    labels.iter().rev().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

pub(super) fn set(labels: &mut Labels, name: &str, value: String) {
    if let Some(e) = labels.iter_mut().find(|(k, _)| k == name) {
        e.1 = value;
    } else {
        labels.push((name.to_string(), value));
    }
}

/// Add a parsed label; a name already taken by a stream label gets Loki's
/// `_extracted` suffix.
pub(super) fn add_parsed(labels: &mut Labels, n_stream: usize, name: &str, value: String) {
    if labels[..n_stream].iter().any(|(k, _)| k == name) {
        let alt = format!("{name}_extracted");
        set(labels, &alt, value);
    } else {
        set(labels, name, value);
    }
}

pub(super) fn set_error(labels: &mut Labels, err: &str, details: Option<String>) {
    if get(labels, "__error__").is_none() {
        labels.push(("__error__".into(), err.into()));
        if let Some(d) = details {
            labels.push(("__error_details__".into(), d));
        }
    }
}

/// Loki's label-name sanitising: invalid characters become `_`.
pub(super) fn sanitize(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for (i, c) in key.chars().enumerate() {
        if c.is_ascii_alphabetic() || c == '_' || (i > 0 && c.is_ascii_digit()) {
            out.push(c);
        } else if c.is_ascii_digit() {
            out.push('_');
            out.push(c);
        } else if !c.is_control() {
            out.push('_');
        }
    }
    out
}
