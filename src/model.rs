//! Label sets, entries and the wire shapes of Loki's responses.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
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
            crate::encode::go_quote(v, &mut s);
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
            crate::encode::json_string(k, out);
            out.push(b':');
            crate::encode::json_string(v, out);
        }
        out.push(b'}');
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

/// One log entry with owned data (tail, local evaluation).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub ts: i64,
    pub labels: std::sync::Arc<LabelSet>,
    pub line: String,
}

/// A string that borrows from the response body when it has no escapes.
#[derive(Debug)]
pub struct Str<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Cow<'de, str>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Cow::Borrowed(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Cow::Owned(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
                Ok(Cow::Owned(v))
            }
        }
        d.deserialize_str(V).map(Str)
    }
}

/// `["<ns>", "<line>"]`, optionally with a third element (categorize-labels)
/// that is ignored.
#[derive(Debug)]
pub struct WireValue<'a> {
    pub ts: i64,
    pub line: Cow<'a, str>,
}

impl<'de: 'a, 'a> Deserialize<'de> for WireValue<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = WireValue<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a [timestamp, line] pair")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<WireValue<'a>, A::Error> {
                let ts: Str = s.next_element()?.ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let ts =
                    ts.0.parse::<i64>()
                        .map_err(|_| de::Error::custom(format!("invalid timestamp {:?}", ts.0)))?;
                let line: Str = s.next_element()?.ok_or_else(|| de::Error::invalid_length(1, &self))?;
                while s.next_element::<IgnoredAny>()?.is_some() {}
                Ok(WireValue { ts, line: line.0 })
            }
        }
        d.deserialize_seq(V(std::marker::PhantomData))
    }
}

/// One stream object of a `streams` result or a tail frame.
#[derive(Debug, Deserialize)]
pub struct WireStream<'a> {
    pub stream: LabelSet,
    #[serde(borrow)]
    pub values: Vec<WireValue<'a>>,
}

/// `data` of a query response; `result` is decoded once the type is known.
#[derive(Debug, Deserialize)]
pub struct QueryData<'a> {
    #[serde(rename = "resultType")]
    pub result_type: Cow<'a, str>,
    #[serde(borrow)]
    pub result: &'a serde_json::value::RawValue,
    #[serde(default, borrow)]
    pub stats: Option<&'a serde_json::value::RawValue>,
}

#[derive(Debug, Deserialize)]
pub struct QueryResponse<'a> {
    #[serde(default)]
    pub status: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pub data: QueryData<'a>,
}

/// A tail frame: `{"streams":[...],"dropped_entries":[...]}`.
#[derive(Debug, Deserialize)]
pub struct TailFrame<'a> {
    #[serde(default, borrow)]
    pub streams: Vec<WireStream<'a>>,
    #[serde(default)]
    pub dropped_entries: Vec<DroppedEntry>,
}

#[derive(Debug, Deserialize, Clone)]
pub struct DroppedEntry {
    #[serde(deserialize_with = "ts_from_str")]
    pub timestamp: i64,
    pub labels: LabelSet,
}

fn ts_from_str<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let s: Str = Deserialize::deserialize(d)?;
    s.0.parse()
        .map_err(|_| de::Error::custom(format!("invalid timestamp {:?}", s.0)))
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
    fn wire_values_borrow_and_parse() {
        let body = br#"{"stream":{"b":"2","a":"1"},"values":[["10","plain"],["11","esc\"aped",{"parsed":{}}]]}"#;
        let s: WireStream = serde_json::from_slice(body).unwrap();
        assert_eq!(s.stream.to_go_string(), r#"{a="1", b="2"}"#);
        assert_eq!(s.values[0].ts, 10);
        assert!(matches!(s.values[0].line, Cow::Borrowed("plain")));
        assert_eq!(s.values[1].line, "esc\"aped");
        assert!(serde_json::from_slice::<WireStream>(br#"{"stream":{},"values":[["x","y"]]}"#).is_err());
    }
}
