//! The wire shapes of Loki's answers (query results, tail frames), decoded
//! without copying lines that need no unescaping.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, SeqAccess, Visitor};
use serde::Deserialize;

use super::error::{Error, Result};
use super::labels::LabelSet;

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

/// A `dropped_entries` item. Loki sends `{"timestamp","labels":{...}}`;
/// when it records a whole dropped message it may put the line text where
/// the labels go, so anything but a label map decodes as `None`: a report
/// of any shape is still a sign of loss.
#[derive(Debug, Deserialize, Clone)]
pub struct DroppedEntry {
    #[serde(default, deserialize_with = "lenient_ts")]
    pub timestamp: Option<i64>,
    #[serde(default, deserialize_with = "lenient_labels")]
    pub labels: Option<LabelSet>,
}

fn lenient_ts<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(match v {
        serde_json::Value::String(s) => s.parse().ok(),
        serde_json::Value::Number(n) => n.as_i64(),
        _ => None,
    })
}

fn lenient_labels<'de, D: Deserializer<'de>>(d: D) -> Result<Option<LabelSet>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    Ok(serde_json::from_value(v).ok())
}

/// Decode a query answer's envelope; `result` stays raw until its type is known.
pub fn parse_response(body: &[u8]) -> Result<QueryResponse<'_>> {
    serde_json::from_slice(body).map_err(|e| Error::Protocol(format!("cannot decode query response: {e}")))
}

/// Decode a `streams` result.
pub fn parse_streams<'a>(raw: &'a serde_json::value::RawValue) -> Result<Vec<WireStream<'a>>> {
    serde_json::from_str(raw.get()).map_err(|e| Error::Protocol(format!("cannot decode streams: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn dropped_entries_of_any_shape_decode() {
        let f: TailFrame = serde_json::from_str(
            r#"{"streams":[],"dropped_entries":[{"timestamp":"5","labels":{"a":"1"}},{"timestamp":"6","labels":"level=error msg=oops"},{"labels":null}]}"#,
        )
        .unwrap();
        assert_eq!(f.dropped_entries.len(), 3);
        assert_eq!(f.dropped_entries[0].timestamp, Some(5));
        assert!(f.dropped_entries[0].labels.is_some());
        assert!(f.dropped_entries[1].labels.is_none(), "the line text where labels go");
        assert_eq!(f.dropped_entries[2].timestamp, None);
    }
}
