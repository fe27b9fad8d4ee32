//! Label sets: small sorted vectors, rendered the way Go renders them.

use std::borrow::Borrow;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

/// A label set sorted by name. Small, so a sorted vector beats a map.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LabelSet(Vec<(String, String)>);

impl LabelSet {
    pub fn new(mut pairs: Vec<(String, String)>) -> Self {
        pairs.sort();
        pairs.dedup_by(|a, b| a.0 == b.0);
        LabelSet(pairs)
    }

    pub fn pairs(&self) -> &[(String, String)] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .binary_search_by(|(k, _)| k.as_str().cmp(name))
            .ok()
            .map(|i| self.0[i].1.as_str())
    }

    /// Labels present with the same value in both sets.
    pub fn intersect(&self, other: &LabelSet) -> LabelSet {
        LabelSet(
            self.0
                .iter()
                .filter(|(k, v)| other.get(k) == Some(v.as_str()))
                .cloned()
                .collect(),
        )
    }

    /// Labels of `self` minus those present with the same value in `other`.
    pub fn subtract(&self, other: &LabelSet) -> LabelSet {
        LabelSet(
            self.0
                .iter()
                .filter(|(k, v)| other.get(k) != Some(v.as_str()))
                .cloned()
                .collect(),
        )
    }

    /// Keep (`keep = true`) or drop the labels whose names are listed.
    pub fn select(&self, names: &[String], keep: bool) -> LabelSet {
        LabelSet(
            self.0
                .iter()
                .filter(|(k, _)| names.iter().any(|n| n == k) == keep)
                .cloned()
                .collect(),
        )
    }

    /// Prometheus/logcli rendering: `{a="1", b="2"}` with Go-quoted values.
    pub fn to_go_string(&self) -> String {
        let mut s = String::with_capacity(2 + self.0.len() * 16);
        s.push('{');
        for (i, (k, v)) in self.0.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            s.push_str(k);
            s.push('=');
            super::gofmt::go_quote(v, &mut s);
        }
        s.push('}');
        s
    }

    /// `{"a":"1","b":"2"}` as Go's encoding/json writes a map.
    pub fn write_json(&self, out: &mut Vec<u8>) {
        out.push(b'{');
        for (i, (k, v)) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            super::gofmt::json_string(k, out);
            out.push(b':');
            super::gofmt::json_string(v, out);
        }
        out.push(b'}');
    }
}

/// A `LabelSet` is looked up in maps by its sorted pairs, so a caller with a
/// borrowed, already sorted slice needs no allocation.
impl Borrow<[(String, String)]> for LabelSet {
    fn borrow(&self) -> &[(String, String)] {
        &self.0
    }
}

impl fmt::Display for LabelSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_go_string())
    }
}

impl<'de> Deserialize<'de> for LabelSet {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = LabelSet;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a label map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<LabelSet, A::Error> {
                let mut pairs = Vec::with_capacity(m.size_hint().unwrap_or(4));
                while let Some((k, v)) = m.next_entry::<String, String>()? {
                    pairs.push((k, v));
                }
                Ok(LabelSet::new(pairs))
            }
        }
        d.deserialize_map(V)
    }
}

/// Labels Loki adds when it answers a query but not on live tail frames
/// (`detected_level`: present in `query_range` and tail history, absent
/// from live frames and `dropped_entries`, see fixtures/loki-wire). They are
/// left out of an entry's identity so the same entry from both paths matches.
pub fn is_query_time_label(name: &str) -> bool {
    name == "detected_level"
}

impl LabelSet {
    /// Build from pairs already sorted by name with unique names (checked in
    /// debug builds).
    pub fn from_sorted(pairs: Vec<(String, String)>) -> Self {
        debug_assert!(pairs.windows(2).all(|w| w[0].0 < w[1].0));
        LabelSet(pairs)
    }

    /// The labels that identify a stream across query answers and tail
    /// frames (without query-time labels).
    pub fn identity(&self) -> LabelSet {
        if self.0.iter().any(|(k, _)| is_query_time_label(k)) {
            LabelSet(
                self.0
                    .iter()
                    .filter(|(k, _)| !is_query_time_label(k))
                    .cloned()
                    .collect(),
            )
        } else {
            self.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ls(p: &[(&str, &str)]) -> LabelSet {
        LabelSet::new(p.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect())
    }

    #[test]
    fn label_set_ops() {
        let a = ls(&[("job", "x"), ("app", "web"), ("env", "prod")]);
        let b = ls(&[("job", "x"), ("app", "db"), ("env", "prod")]);
        assert_eq!(a.to_go_string(), r#"{app="web", env="prod", job="x"}"#);
        let c = a.intersect(&b);
        assert_eq!(c.to_go_string(), r#"{env="prod", job="x"}"#);
        assert_eq!(a.subtract(&c).to_go_string(), r#"{app="web"}"#);
        assert_eq!(a.select(&["app".into()], true).to_go_string(), r#"{app="web"}"#);
        assert_eq!(
            a.select(&["app".into()], false).to_go_string(),
            r#"{env="prod", job="x"}"#
        );
        assert_eq!(LabelSet::default().to_go_string(), "{}");
        let mut j = Vec::new();
        c.write_json(&mut j);
        assert_eq!(j, br#"{"env":"prod","job":"x"}"#);
    }

    #[test]
    fn identity_drops_query_time_labels() {
        let a = ls(&[("job", "x"), ("detected_level", "info")]);
        assert_eq!(a.identity(), ls(&[("job", "x")]));
    }
}
