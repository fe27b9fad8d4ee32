//! Formatters for log entries (default, raw, jsonl), label selection, colour,
//! and Go-style indented JSON for metric results. Writes into one buffer that
//! is flushed to the underlying writer in large chunks.

use std::io::{self, Write};

use crate::cli::{OutputMode, TimestampFormat};
use crate::model::LabelSet;
use crate::time::{TimeFormatter, Zone};

const FLUSH_AT: usize = 64 * 1024;

/// How entries are printed, resolved once from flags.
#[derive(Debug, Clone)]
pub struct OutputOptions {
    pub mode: OutputMode,
    pub no_labels: bool,
    pub include_labels: Vec<String>,
    pub exclude_labels: Vec<String>,
    pub include_common_labels: bool,
    pub labels_length: usize,
    pub colored_output: bool,
    /// Whether escape codes may be written (stdout is a terminal, NO_COLOR unset...).
    pub color: bool,
    /// Regex whose matches are marked in lines (only when colouring).
    pub highlight: Option<regex::Regex>,
    pub zone: Zone,
    pub timestamp_format: TimestampFormat,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            mode: OutputMode::Default,
            no_labels: false,
            include_labels: vec![],
            exclude_labels: vec![],
            include_common_labels: false,
            labels_length: 0,
            colored_output: false,
            color: false,
            highlight: None,
            zone: Zone::Utc,
            timestamp_format: TimestampFormat::Rfc3339,
        }
    }
}

/// Decide whether to colour stdout. `auto`: `CLICOLOR_FORCE` (not 0) forces
/// it; otherwise a terminal with `NO_COLOR` unset and `TERM` not dumb.
pub fn color_wanted(when: crate::cli::ColorWhen) -> bool {
    use std::io::IsTerminal;
    match when {
        crate::cli::ColorWhen::Always => return true,
        crate::cli::ColorWhen::Never => return false,
        crate::cli::ColorWhen::Auto => {}
    }
    if std::env::var("CLICOLOR_FORCE").is_ok_and(|v| !v.is_empty() && v != "0") {
        return true;
    }
    if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return false;
    }
    if std::env::var("TERM").is_ok_and(|t| t == "dumb") {
        return false;
    }
    io::stdout().is_terminal()
}

const BLUE: &[u8] = b"\x1b[34m";
const RED: &[u8] = b"\x1b[31m";
const RESET: &[u8] = b"\x1b[0m";
const HIGHLIGHT: &[u8] = b"\x1b[1;7m";

/// logcli's palette for `--colored-output`, picked by FNV-32 of the label text.
const STREAM_COLORS: [&str; 12] = ["96", "36", "92", "32", "95", "35", "93", "33", "94", "34", "91", "31"];

fn fnv32(data: &[u8]) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for &b in data {
        h = h.wrapping_mul(0x01000193);
        h ^= b as u32;
    }
    h
}

/// A stream prepared for printing: its label text (default output) and its
/// label JSON (jsonl), computed once per stream instead of per entry.
#[derive(Debug, Clone, Default)]
pub struct StreamView {
    label_text: String,
    color: Option<&'static str>,
    json: Vec<u8>,
}

/// The labels to show for one stream once common labels are fixed.
pub struct LabelSelector {
    common: LabelSet,
    include: Vec<String>,
    exclude: Vec<String>,
}

impl LabelSelector {
    /// Common labels are those shared by every stream of `first` (the first
    /// page), minus `--include-label` names; none with `--include-common-labels`.
    pub fn new<'a>(opts: &OutputOptions, first: impl IntoIterator<Item = &'a LabelSet>) -> Self {
        let mut common: Option<LabelSet> = None;
        if !opts.include_common_labels {
            for ls in first {
                common = Some(match common {
                    None => ls.clone(),
                    Some(c) => c.intersect(ls),
                });
            }
        }
        let mut common = common.unwrap_or_default();
        if !opts.include_labels.is_empty() {
            common = common.select(&opts.include_labels, false);
        }
        LabelSelector {
            common,
            include: opts.include_labels.clone(),
            exclude: opts.exclude_labels.clone(),
        }
    }

    pub fn common(&self) -> &LabelSet {
        &self.common
    }

    /// Labels shown in default output (common removed, include/exclude applied).
    pub fn shown(&self, ls: &LabelSet) -> LabelSet {
        self.filter(ls.subtract(&self.common))
    }

    /// Labels written in jsonl: the full set, include/exclude applied.
    pub fn json(&self, ls: &LabelSet) -> LabelSet {
        self.filter(ls.clone())
    }

    fn filter(&self, mut ls: LabelSet) -> LabelSet {
        if !self.include.is_empty() {
            ls = ls.select(&self.include, true);
        }
        if !self.exclude.is_empty() {
            ls = ls.select(&self.exclude, false);
        }
        ls
    }
}

/// Writes entries to `W` through a large buffer.
pub struct Printer<W: Write> {
    /// Exit conditions checked on every printed entry.
    pub watch: Option<crate::check::Watch>,
    w: W,
    buf: Vec<u8>,
    tf: TimeFormatter,
    opts: OutputOptions,
    /// Width labels are padded to on the current page.
    pad: usize,
}

impl<W: Write> Printer<W> {
    pub fn new(w: W, opts: OutputOptions) -> Self {
        Printer {
            watch: None,
            w,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            tf: TimeFormatter::new(opts.zone, opts.timestamp_format),
            pad: opts.labels_length,
            opts,
        }
    }

    pub fn options(&self) -> &OutputOptions {
        &self.opts
    }

    /// Prepare the streams of one page; sets the padding to the longest label
    /// text of the page (at least `--labels-length`), as logcli does per batch.
    pub fn prepare<'a>(
        &mut self,
        sel: &LabelSelector,
        streams: impl IntoIterator<Item = &'a LabelSet>,
    ) -> Vec<StreamView> {
        let mut pad = self.opts.labels_length;
        let views: Vec<StreamView> = streams.into_iter().map(|ls| self.view(sel, ls)).collect();
        for v in &views {
            pad = pad.max(v.label_text.len());
        }
        self.pad = pad;
        views
    }

    /// Prepare one stream without touching the page padding (tail).
    pub fn view(&self, sel: &LabelSelector, ls: &LabelSet) -> StreamView {
        let mut v = StreamView::default();
        match self.opts.mode {
            OutputMode::Default if !self.opts.no_labels => {
                v.label_text = sel.shown(ls).to_go_string();
                if self.opts.color {
                    v.color = Some(if self.opts.colored_output {
                        STREAM_COLORS[(fnv32(v.label_text.as_bytes()) % STREAM_COLORS.len() as u32) as usize]
                    } else {
                        "31"
                    });
                }
            }
            OutputMode::Jsonl if !self.opts.no_labels => sel.json(ls).write_json(&mut v.json),
            _ => {}
        }
        v
    }

    /// Set the label padding explicitly (tail keeps a running maximum).
    pub fn set_pad(&mut self, pad: usize) {
        self.pad = pad.max(self.opts.labels_length);
    }

    pub fn label_width(view: &StreamView) -> usize {
        view.label_text.len()
    }

    /// Print one entry.
    #[inline]
    pub fn entry(&mut self, view: &StreamView, ts: i64, line: &str) -> io::Result<()> {
        match self.opts.mode {
            OutputMode::Raw => {
                let l = line.strip_suffix('\n').unwrap_or(line);
                self.buf.extend_from_slice(l.as_bytes());
                self.buf.push(b'\n');
            }
            OutputMode::Jsonl => {
                if self.opts.no_labels {
                    self.buf.extend_from_slice(b"{\"line\":");
                } else {
                    self.buf.extend_from_slice(b"{\"labels\":");
                    self.buf.extend_from_slice(&view.json);
                    self.buf.extend_from_slice(b",\"line\":");
                }
                crate::encode::json_string(line, &mut self.buf);
                self.buf.extend_from_slice(b",\"timestamp\":\"");
                self.tf.write_rfc3339nano(ts, &mut self.buf);
                self.buf.extend_from_slice(b"\"}\n");
            }
            OutputMode::Default => {
                let color = self.opts.color;
                if color {
                    self.buf.extend_from_slice(BLUE);
                }
                self.tf.write(ts, &mut self.buf);
                if color {
                    self.buf.extend_from_slice(RESET);
                }
                self.buf.push(b' ');
                if !self.opts.no_labels {
                    if let Some(c) = view.color {
                        if c == "31" {
                            self.buf.extend_from_slice(RED);
                        } else {
                            self.buf.extend_from_slice(b"\x1b[");
                            self.buf.extend_from_slice(c.as_bytes());
                            self.buf.push(b'm');
                        }
                    }
                    self.buf.extend_from_slice(view.label_text.as_bytes());
                    for _ in view.label_text.len()..self.pad {
                        self.buf.push(b' ');
                    }
                    if view.color.is_some() {
                        self.buf.extend_from_slice(RESET);
                    }
                    self.buf.push(b' ');
                }
                let line = line.trim();
                match (&self.opts.highlight, color) {
                    (Some(re), true) => {
                        let mut last = 0;
                        for m in re.find_iter(line) {
                            if m.start() == m.end() {
                                continue;
                            }
                            self.buf.extend_from_slice(&line.as_bytes()[last..m.start()]);
                            self.buf.extend_from_slice(HIGHLIGHT);
                            self.buf.extend_from_slice(m.as_str().as_bytes());
                            self.buf.extend_from_slice(RESET);
                            last = m.end();
                        }
                        self.buf.extend_from_slice(&line.as_bytes()[last..]);
                    }
                    _ => self.buf.extend_from_slice(line.as_bytes()),
                }
                self.buf.push(b'\n');
            }
        }
        if self.buf.len() >= FLUSH_AT {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// Apply the exit conditions to an entry just printed; on a stop the
    /// output so far is flushed first.
    pub fn observe(&mut self, labels: &LabelSet, line: &str) -> crate::error::Result<()> {
        let Some(w) = self.watch.as_mut() else { return Ok(()) };
        if let Err(e) = w.observe(labels, line) {
            self.flush()?;
            return Err(e);
        }
        Ok(())
    }

    /// Entries seen by the exit conditions.
    pub fn watched(&self) -> u64 {
        self.watch.as_ref().map_or(0, |w| w.seen)
    }

    /// Write raw bytes (metric JSON, label lists) through the same buffer.
    pub fn raw(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= FLUSH_AT {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    pub fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.w.flush()
    }

    pub fn into_inner(mut self) -> io::Result<W> {
        self.flush()?;
        Ok(self.w)
    }
}

/// Go's `json.MarshalIndent(v, "", "  ")` of a JSON value (map keys sorted,
/// numbers as given), as logcli prints metric results.
pub fn go_indent_json(v: &serde_json::Value, out: &mut Vec<u8>) {
    fn rec(v: &serde_json::Value, depth: usize, out: &mut Vec<u8>) {
        use serde_json::Value;
        let nl = |out: &mut Vec<u8>, d: usize| {
            out.push(b'\n');
            for _ in 0..d {
                out.extend_from_slice(b"  ");
            }
        };
        match v {
            Value::Null => out.extend_from_slice(b"null"),
            Value::Bool(b) => out.extend_from_slice(if *b { b"true" } else { b"false" }),
            Value::Number(n) => out.extend_from_slice(n.to_string().as_bytes()),
            Value::String(s) => crate::encode::json_string(s, out),
            Value::Array(a) => {
                if a.is_empty() {
                    out.extend_from_slice(b"[]");
                    return;
                }
                out.push(b'[');
                for (i, x) in a.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    nl(out, depth + 1);
                    rec(x, depth + 1, out);
                }
                nl(out, depth);
                out.push(b']');
            }
            Value::Object(m) => {
                if m.is_empty() {
                    out.extend_from_slice(b"{}");
                    return;
                }
                out.push(b'{');
                for (i, (k, x)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    nl(out, depth + 1);
                    crate::encode::json_string(k, out);
                    out.extend_from_slice(b": ");
                    rec(x, depth + 1, out);
                }
                nl(out, depth);
                out.push(b'}');
            }
        }
    }
    rec(v, 0, out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ls(p: &[(&str, &str)]) -> LabelSet {
        LabelSet::new(p.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect())
    }

    fn print(opts: OutputOptions, streams: &[LabelSet], entries: &[(usize, i64, &str)]) -> String {
        let sel = LabelSelector::new(&opts, streams.iter());
        let mut p = Printer::new(Vec::new(), opts);
        let views = p.prepare(&sel, streams.iter());
        for (s, ts, line) in entries {
            p.entry(&views[*s], *ts, line).unwrap();
        }
        String::from_utf8(p.into_inner().unwrap()).unwrap()
    }

    const T: i64 = 1_795_577_575_102_279_137;

    #[test]
    fn default_output_pads_and_strips_common() {
        let s = [
            ls(&[("job", "x"), ("app", "web")]),
            ls(&[("job", "x"), ("app", "database")]),
        ];
        let out = print(OutputOptions::default(), &s, &[(0, T, "  hello  \n"), (1, T, "b")]);
        assert_eq!(
            out,
            "2026-11-25T03:32:55Z {app=\"web\"}      hello\n2026-11-25T03:32:55Z {app=\"database\"} b\n"
        );
    }

    #[test]
    fn single_stream_prints_empty_labels_like_logcli() {
        let s = [ls(&[("job", "x")])];
        assert_eq!(
            print(OutputOptions::default(), &s, &[(0, T, "a")]),
            "2026-11-25T03:32:55Z {} a\n"
        );
        let keep = OutputOptions {
            include_common_labels: true,
            ..Default::default()
        };
        assert_eq!(print(keep, &s, &[(0, T, "a")]), "2026-11-25T03:32:55Z {job=\"x\"} a\n");
    }

    #[test]
    fn include_and_exclude_labels() {
        let s = [
            ls(&[("job", "x"), ("app", "web"), ("env", "p")]),
            ls(&[("job", "x"), ("app", "db"), ("env", "d")]),
        ];
        let inc = OutputOptions {
            include_labels: vec!["app".into()],
            ..Default::default()
        };
        assert_eq!(print(inc, &s, &[(0, T, "a")]), "2026-11-25T03:32:55Z {app=\"web\"} a\n");
        let exc = OutputOptions {
            exclude_labels: vec!["env".into()],
            ..Default::default()
        };
        assert_eq!(print(exc, &s, &[(1, T, "a")]), "2026-11-25T03:32:55Z {app=\"db\"}  a\n");
        let nol = OutputOptions {
            no_labels: true,
            ..Default::default()
        };
        assert_eq!(print(nol, &s, &[(1, T, " a ")]), "2026-11-25T03:32:55Z a\n");
    }

    #[test]
    fn raw_and_jsonl() {
        let s = [ls(&[("job", "x")])];
        let raw = OutputOptions {
            mode: OutputMode::Raw,
            ..Default::default()
        };
        assert_eq!(print(raw, &s, &[(0, T, " a \n"), (0, T, "b\n\n")]), " a \nb\n\n");
        let j = OutputOptions {
            mode: OutputMode::Jsonl,
            ..Default::default()
        };
        assert_eq!(
            print(j, &s, &[(0, T, "a<b>\n")]),
            "{\"labels\":{\"job\":\"x\"},\"line\":\"a\\u003cb\\u003e\\n\",\"timestamp\":\"2026-11-25T03:32:55.102279137Z\"}\n"
        );
        let j = OutputOptions {
            mode: OutputMode::Jsonl,
            no_labels: true,
            zone: Zone::parse("Europe/Paris").unwrap(),
            ..Default::default()
        };
        assert_eq!(
            print(j, &s, &[(0, T - 137, "a")]),
            "{\"line\":\"a\",\"timestamp\":\"2026-11-25T04:32:55.102279+01:00\"}\n"
        );
    }

    #[test]
    fn colour_only_when_enabled() {
        let s = [ls(&[("a", "1")]), ls(&[("a", "2")])];
        let c = OutputOptions {
            color: true,
            ..Default::default()
        };
        let out = print(c, &s, &[(0, T, "x")]);
        assert_eq!(out, "\x1b[34m2026-11-25T03:32:55Z\x1b[0m \x1b[31m{a=\"1\"}\x1b[0m x\n");
        let h = OutputOptions {
            color: true,
            colored_output: true,
            ..Default::default()
        };
        let a = print(h.clone(), &s, &[(0, T, "x")]);
        assert_eq!(a, print(h, &s, &[(0, T, "x")]));
        assert!(!a.contains("\x1b[31m{a"));
    }

    #[test]
    fn go_indent_matches_marshal_indent() {
        let v: serde_json::Value =
            serde_json::from_str(r#"[{"metric":{"app":"db"},"value":[1795577876.102,"3"]},{"metric":{},"values":[]}]"#)
                .unwrap();
        let mut out = Vec::new();
        go_indent_json(&v, &mut out);
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "[\n  {\n    \"metric\": {\n      \"app\": \"db\"\n    },\n    \"value\": [\n      1795577876.102,\n      \"3\"\n    ]\n  },\n  {\n    \"metric\": {},\n    \"values\": []\n  }\n]"
        );
    }
}
