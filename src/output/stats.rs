//! `--stats`: Loki's query statistics on stderr, in logcli's layout (its 88
//! keys in its order, a tab-padded column, Go durations, go-humanize
//! bytes), summed over all pages and printed once (logcli prints a table
//! per batch).

use serde_json::{Map, Value};

use crate::core::gofmt::{fmt_go_duration, humanize_bytes};

/// How a value is printed.
#[derive(Clone, Copy)]
enum Kind {
    Int,
    Bytes,
    /// integer nanoseconds
    Nanos,
    /// float seconds
    Seconds,
    Bool,
}

/// logcli's rows: printed key, JSON path in Loki's `stats`, kind.
fn rows() -> Vec<(String, String, Kind)> {
    use Kind::*;
    let mut r: Vec<(String, String, Kind)> = Vec::new();
    let mut add = |k: &str, p: &str, kind: Kind| r.push((k.to_string(), p.to_string(), kind));
    for (k, p, kind) in [
        ("TotalReached", "totalReached", Int),
        ("TotalChunksMatched", "totalChunksMatched", Int),
        ("TotalBatches", "totalBatches", Int),
        ("TotalLinesSent", "totalLinesSent", Int),
        ("RecvWaitTime", "recvWaitTime", Seconds),
    ] {
        add(&format!("Ingester.{k}"), &format!("ingester.{p}"), kind);
    }
    for side in ["Ingester", "Querier"] {
        let s = side.to_lowercase();
        for (k, p, kind) in [
            ("TotalChunksRef", "store.totalChunksRef", Int),
            ("TotalChunksDownloaded", "store.totalChunksDownloaded", Int),
            ("ChunksDownloadTime", "store.chunksDownloadTime", Nanos),
            ("ChunkRefsFetchTime", "store.chunkRefsFetchTime", Nanos),
            ("HeadChunkBytes", "store.chunk.headChunkBytes", Bytes),
            ("HeadChunkLines", "store.chunk.headChunkLines", Int),
            ("DecompressedBytes", "store.chunk.decompressedBytes", Bytes),
            ("DecompressedLines", "store.chunk.decompressedLines", Int),
            // logcli's spelling
            ("PostFilterLInes", "store.chunk.postFilterLines", Int),
            ("CompressedBytes", "store.chunk.compressedBytes", Bytes),
            ("TotalDuplicates", "store.chunk.totalDuplicates", Int),
        ] {
            add(&format!("{side}.{k}"), &format!("{s}.{p}"), kind);
        }
    }
    add(
        "Querier.QueryReferencedStructuredMetadata",
        "querier.store.queryReferencedStructuredMetadata",
        Bool,
    );
    add("Querier.QueryUsedV2Engine", "querier.store.queryUsedV2Engine", Bool);
    r.extend(cache_rows());
    for (k, p, kind) in [
        ("BytesProcessedPerSecond", "summary.bytesProcessedPerSecond", Bytes),
        ("LinesProcessedPerSecond", "summary.linesProcessedPerSecond", Int),
        ("TotalBytesProcessed", "summary.totalBytesProcessed", Bytes),
        ("TotalLinesProcessed", "summary.totalLinesProcessed", Int),
        ("PostFilterLines", "summary.totalPostFilterLines", Int),
        ("ExecTime", "summary.execTime", Seconds),
        ("QueueTime", "summary.queueTime", Seconds),
    ] {
        r.push((format!("Summary.{k}"), p.to_string(), kind));
    }
    r
}

/// The cache rows: six counters per cache, with the download time first
/// for the results cache and last for the chunk, index and instant-metric
/// caches, as logcli orders them.
fn cache_rows() -> Vec<(String, String, Kind)> {
    use Kind::*;
    let mut r = Vec::new();
    let cache = [
        ("Requests", "requests", Int),
        ("EntriesRequested", "entriesRequested", Int),
        ("EntriesFound", "entriesFound", Int),
        ("EntriesStored", "entriesStored", Int),
        ("BytesSent", "bytesSent", Bytes),
        ("BytesReceived", "bytesReceived", Bytes),
    ];
    for (name, key, download) in [
        ("Chunk", "chunk", Some(false)),
        ("Index", "index", Some(false)),
        ("StatsResult", "statsResult", None),
        ("VolumeResult", "volumeResult", None),
        ("SeriesResult", "seriesResult", None),
        ("LabelResult", "labelResult", None),
        ("Result", "result", Some(true)),
        ("InstantMetricResult", "instantMetricResult", Some(false)),
    ] {
        let dl = (
            format!("Cache.{name}.DownloadTime"),
            format!("cache.{key}.downloadTime"),
            Nanos,
        );
        if download == Some(true) {
            r.push(dl.clone());
        }
        for (k, p, kind) in cache {
            r.push((format!("Cache.{name}.{k}"), format!("cache.{key}.{p}"), kind));
        }
        if download == Some(false) {
            r.push(dl);
        }
    }
    r
}

#[derive(Debug, Default)]
pub struct Stats {
    total: Map<String, Value>,
    pages: u64,
}

/// Add `from` into `into`: numbers summed, booleans or-ed.
fn merge(into: &mut Map<String, Value>, from: &Map<String, Value>) {
    for (k, v) in from {
        match (into.get_mut(k), v) {
            (Some(Value::Object(a)), Value::Object(b)) => merge(a, b),
            (Some(a @ Value::Number(_)), Value::Number(b)) => {
                let x = a.as_number().cloned();
                *a = match (x.as_ref().and_then(|n| n.as_u64()), b.as_u64()) {
                    (Some(x), Some(y)) => Value::from(x.saturating_add(y)),
                    _ => Value::from(a.as_f64().unwrap_or(0.0) + b.as_f64().unwrap_or(0.0)),
                };
            }
            (Some(Value::Bool(a)), Value::Bool(b)) => *a |= *b,
            (None, v) => {
                into.insert(k.clone(), v.clone());
            }
            _ => {}
        }
    }
}

impl Stats {
    pub fn add(&mut self, raw: &serde_json::value::RawValue) {
        if let Ok(Value::Object(m)) = serde_json::from_str::<Value>(raw.get()) {
            merge(&mut self.total, &m);
            self.pages += 1;
        }
    }

    fn get(&self, path: &str) -> Option<&Value> {
        let mut cur = self.total.get(path.split('.').next()?)?;
        for k in path.split('.').skip(1) {
            cur = cur.get(k)?;
        }
        Some(cur)
    }

    /// A summed rate is meaningless: rates are recomputed from the sums.
    fn rate(&self, of: &str) -> Option<f64> {
        let secs = self.get("summary.execTime")?.as_f64()?;
        (secs > 0.0).then(|| self.get(of).and_then(Value::as_f64).unwrap_or(0.0) / secs)
    }

    fn value(&self, path: &str, kind: Kind) -> String {
        let v = match path {
            "summary.bytesProcessedPerSecond" if self.pages > 1 => {
                self.rate("summary.totalBytesProcessed").map(Value::from)
            }
            "summary.linesProcessedPerSecond" if self.pages > 1 => {
                self.rate("summary.totalLinesProcessed").map(|r| Value::from(r as u64))
            }
            _ => self.get(path).cloned(),
        };
        let num = v.as_ref().and_then(Value::as_f64).unwrap_or(0.0);
        match kind {
            Kind::Int => v.filter(Value::is_number).map_or("0".into(), |n| n.to_string()),
            Kind::Bytes => humanize_bytes(num.max(0.0) as u64),
            Kind::Nanos => fmt_go_duration(num as i64),
            // Go's time.Duration(seconds * 1e9) truncates
            Kind::Seconds => fmt_go_duration((num * 1e9) as i64),
            Kind::Bool => v.and_then(|b| b.as_bool()).unwrap_or(false).to_string(),
        }
    }

    /// logcli's table: `KEY \t... VALUE`, the tabs padding the key column
    /// like Go's tabwriter (tab width 8, tabs as padding).
    pub fn render(&self) -> String {
        let rows = rows();
        let widest = rows.iter().map(|r| r.0.len() + 1).max().unwrap_or(0);
        let column = widest.div_ceil(8) * 8;
        let mut s = String::new();
        for (key, path, kind) in &rows {
            let tabs = (column - (key.len() + 1)).div_ceil(8);
            s.push_str(key);
            s.push(' ');
            s.push_str(&"\t".repeat(tabs));
            s.push(' ');
            s.push_str(&self.value(path, *kind));
            s.push('\n');
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One page of stats as Loki v3.7.6 sent it with the captured query
    /// (fixtures/loki-wire/query_range-log-all.json).
    fn captured() -> Stats {
        let body = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/loki-wire/query_range-log-all.json"
        ))
        .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        let raw = serde_json::value::RawValue::from_string(v["data"]["stats"].to_string()).unwrap();
        let mut st = Stats::default();
        st.add(&raw);
        st
    }

    #[test]
    fn logcli_s_keys_order_and_tab_column() {
        let r = captured().render();
        // the key column of logcli 3.7.6's --stats (fixtures/logcli/stats-flag-query/stderr)
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/logcli/stats-flag-query/stderr"
        ))
        .unwrap();
        let logcli: Vec<&str> = text.lines().skip(1).take(88).collect();
        let ours: Vec<&str> = r.lines().collect();
        assert_eq!(ours.len(), 88);
        for (a, b) in logcli.iter().zip(&ours) {
            let key = |l: &str| l.rsplit_once("\t ").map(|(k, _)| k.to_string()).unwrap();
            assert_eq!(key(a), key(b), "key and tabs");
        }
    }

    #[test]
    fn values_like_go() {
        let r = captured().render();
        let row = |k: &str| {
            r.lines()
                .find(|l| l.starts_with(&format!("{k} ")))
                .and_then(|l| l.rsplit_once("\t "))
                .map(|(_, v)| v.to_string())
                .unwrap()
        };
        assert_eq!(row("Ingester.HeadChunkBytes"), "20 kB");
        assert_eq!(row("Ingester.TotalLinesSent"), "10");
        assert_eq!(row("Ingester.ChunkRefsFetchTime"), "38.367µs");
        assert_eq!(row("Ingester.RecvWaitTime"), "300µs");
        assert_eq!(row("Summary.ExecTime"), "1.589ms");
        assert_eq!(row("Summary.BytesProcessedPerSecond"), "13 MB");
        assert_eq!(row("Querier.QueryUsedV2Engine"), "false");
        assert_eq!(row("Cache.Chunk.BytesSent"), "0 B");
    }

    #[test]
    fn pages_are_summed_and_rates_recomputed() {
        let mut st = captured();
        let body = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/loki-wire/query_range-log-all.json"
        ))
        .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        st.add(&serde_json::value::RawValue::from_string(v["data"]["stats"].to_string()).unwrap());
        let r = st.render();
        assert!(r.contains("Summary.TotalLinesProcessed \t\t\t 20\n"), "{r}");
        // 41064 bytes in 3.178 ms: the same rate as one page
        assert!(r.contains("Summary.BytesProcessedPerSecond \t\t 13 MB\n"), "{r}");
    }
}
