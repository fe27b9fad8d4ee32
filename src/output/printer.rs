//! The entry printer: logcli's default, raw and jsonl formats, written into
//! one buffer that goes out per line on a terminal and in 64 KiB blocks
//! otherwise. It is a [`Sink`], generic over the writer.

use std::collections::HashMap;
use std::io::Write;

use super::labels::{LabelOptions, LabelSelector};
use super::style::Styles;
use crate::core::time::{TimeFormatter, TimestampFormat, Zone};
use crate::core::{LabelSet, Result, Sink};

const FLUSH_AT: usize = 64 * 1024;
/// Streams remembered by `stream()` before the cache starts over.
const MAX_STREAMS: usize = 4096;

/// Output format of log entries (`-o`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Default,
    Raw,
    Jsonl,
}

/// How entries are printed, resolved once from flags.
#[derive(Debug, Clone)]
pub struct PrinterConfig {
    pub mode: Mode,
    pub labels: LabelOptions,
    pub zone: Zone,
    pub timestamp_format: TimestampFormat,
    /// Escape codes allowed (a terminal, or forced).
    pub color: bool,
    /// A colour per stream instead of red labels (`--colored-output`).
    pub color_by_stream: bool,
    /// Mark matches of this regex in lines (only when colouring).
    pub highlight: Option<regex::Regex>,
    /// Write each entry out at once (stdout is a terminal).
    pub line_buffered: bool,
}

impl Default for PrinterConfig {
    fn default() -> Self {
        PrinterConfig {
            mode: Mode::Default,
            labels: LabelOptions::default(),
            zone: Zone::Utc,
            timestamp_format: TimestampFormat::Rfc3339,
            color: false,
            color_by_stream: false,
            highlight: None,
            line_buffered: false,
        }
    }
}

/// Where the label columns come from, which differs by source as in logcli.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Query pages: common labels fixed from the first page (announced on
    /// stderr unless `announce` is false), padding per page.
    Pages { announce: bool },
    /// A live tail: full label sets, no padding beyond `--labels-length`.
    Live,
    /// Local evaluation: full label sets, padding grows with the widest seen.
    Growing,
}

/// A stream prepared for printing: label text (default output) and label
/// JSON (jsonl), computed once per stream instead of per entry.
#[derive(Debug, Clone, Default)]
struct StreamView {
    label_text: String,
    color: Option<Vec<u8>>,
    json: Vec<u8>,
}

pub struct Printer<W: Write> {
    w: W,
    buf: Vec<u8>,
    tf: TimeFormatter,
    cfg: PrinterConfig,
    styles: Styles,
    layout: Layout,
    /// Fixed at the first page (Pages) or at creation (Live, Growing).
    sel: Option<LabelSelector>,
    views: Vec<StreamView>,
    index: HashMap<LabelSet, usize>,
    pad: usize,
    written: u64,
}

impl<W: Write> Printer<W> {
    pub fn new(w: W, cfg: PrinterConfig, layout: Layout) -> Self {
        let sel = match layout {
            Layout::Pages { .. } => None,
            Layout::Live => Some(LabelSelector::new(
                &LabelOptions {
                    include_common: true,
                    ..cfg.labels.clone()
                },
                std::iter::empty(),
            )),
            Layout::Growing => Some(LabelSelector::new(&cfg.labels, std::iter::empty())),
        };
        Printer {
            w,
            buf: Vec::with_capacity(FLUSH_AT + 4096),
            tf: TimeFormatter::new(cfg.zone, cfg.timestamp_format),
            pad: cfg.labels.min_width,
            cfg,
            styles: Styles::default(),
            layout,
            sel,
            views: Vec::new(),
            index: HashMap::new(),
            written: 0,
        }
    }

    pub fn config(&self) -> &PrinterConfig {
        &self.cfg
    }

    /// Write bytes that are not entries (metric JSON, label lists) through
    /// the same buffer.
    pub fn raw(&mut self, bytes: &[u8]) -> Result<()> {
        self.buf.extend_from_slice(bytes);
        self.spill()
    }

    pub fn into_inner(mut self) -> Result<W> {
        Sink::flush(&mut self)?;
        Ok(self.w)
    }

    fn view(&self, ls: &LabelSet) -> StreamView {
        let mut v = StreamView::default();
        let Some(sel) = &self.sel else { return v };
        if self.cfg.labels.no_labels {
            return v;
        }
        match self.cfg.mode {
            Mode::Default => {
                v.label_text = sel.shown(ls).to_go_string();
                if self.cfg.color {
                    v.color = Some(if self.cfg.color_by_stream {
                        self.styles.stream(&v.label_text).to_vec()
                    } else {
                        self.styles.labels.clone()
                    });
                }
            }
            Mode::Jsonl => sel.json(ls).write_json(&mut v.json),
            Mode::Raw => {}
        }
        v
    }

    /// The first page fixes the common labels and announces them.
    fn fix_common(&mut self, streams: &[&LabelSet]) {
        let sel = LabelSelector::new(&self.cfg.labels, streams.iter().copied());
        if let Layout::Pages { announce: true } = self.layout {
            if !sel.common().is_empty() {
                crate::diagln!("Common labels: {}", sel.common());
            }
            if !self.cfg.labels.exclude.is_empty() {
                crate::diagln!("Ignoring labels key: {}", self.cfg.labels.exclude.join(","));
            }
            if !self.cfg.labels.include.is_empty() {
                crate::diagln!("Print only labels key: {}", self.cfg.labels.include.join(","));
            }
        }
        self.sel = Some(sel);
    }

    fn spill(&mut self) -> Result<()> {
        if self.buf.len() >= FLUSH_AT {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    fn default_line(&mut self, stream: usize, ts: i64, line: &str) {
        let color = self.cfg.color;
        if color {
            self.buf.extend_from_slice(&self.styles.timestamp);
        }
        self.tf.write(ts, &mut self.buf);
        if color {
            self.buf.extend_from_slice(&self.styles.reset);
        }
        self.buf.push(b' ');
        if !self.cfg.labels.no_labels {
            let v = &self.views[stream];
            if let Some(c) = &v.color {
                self.buf.extend_from_slice(c);
            }
            self.buf.extend_from_slice(v.label_text.as_bytes());
            let width = v.label_text.len();
            self.buf.resize(self.buf.len() + self.pad.saturating_sub(width), b' ');
            if v.color.is_some() {
                self.buf.extend_from_slice(&self.styles.reset);
            }
            self.buf.push(b' ');
        }
        let line = line.trim();
        match (&self.cfg.highlight, color) {
            (Some(re), true) => {
                let mut last = 0;
                for m in re.find_iter(line).filter(|m| !m.is_empty()) {
                    self.buf.extend_from_slice(&line.as_bytes()[last..m.start()]);
                    self.buf.extend_from_slice(&self.styles.highlight);
                    self.buf.extend_from_slice(m.as_str().as_bytes());
                    self.buf.extend_from_slice(&self.styles.reset);
                    last = m.end();
                }
                self.buf.extend_from_slice(&line.as_bytes()[last..]);
            }
            _ => self.buf.extend_from_slice(line.as_bytes()),
        }
        self.buf.push(b'\n');
    }

    fn jsonl_line(&mut self, stream: usize, ts: i64, line: &str) {
        if self.cfg.labels.no_labels {
            self.buf.extend_from_slice(b"{\"line\":");
        } else {
            self.buf.extend_from_slice(b"{\"labels\":");
            self.buf.extend_from_slice(&self.views[stream].json);
            self.buf.extend_from_slice(b",\"line\":");
        }
        crate::core::gofmt::json_string(line, &mut self.buf);
        self.buf.extend_from_slice(b",\"timestamp\":\"");
        self.tf.write_rfc3339nano(ts, &mut self.buf);
        self.buf.extend_from_slice(b"\"}\n");
    }
}

impl<W: Write> Sink for Printer<W> {
    fn page(&mut self, streams: &[&LabelSet]) -> Result<()> {
        if self.sel.is_none() {
            self.fix_common(streams);
        }
        self.index.clear();
        self.views.clear();
        for ls in streams {
            let v = self.view(ls);
            self.views.push(v);
        }
        if let Layout::Pages { .. } = self.layout {
            // logcli pads to the widest label text of the batch.
            let widest = self.views.iter().map(|v| v.label_text.len()).max().unwrap_or(0);
            self.pad = widest.max(self.cfg.labels.min_width);
        }
        Ok(())
    }

    fn stream(&mut self, labels: &[(String, String)]) -> usize {
        if let Some(&i) = self.index.get(labels) {
            return i;
        }
        if self.sel.is_none() {
            self.sel = Some(LabelSelector::new(&self.cfg.labels, std::iter::empty()));
        }
        if self.views.len() >= MAX_STREAMS {
            self.views.clear();
            self.index.clear();
        }
        let ls = LabelSet::from_sorted(labels.to_vec());
        let v = self.view(&ls);
        if self.layout == Layout::Growing {
            self.pad = self.pad.max(v.label_text.len());
        }
        self.views.push(v);
        self.index.insert(ls, self.views.len() - 1);
        self.views.len() - 1
    }

    #[inline]
    fn entry(&mut self, stream: usize, _labels: &[(String, String)], ts: i64, line: &str) -> Result<()> {
        match self.cfg.mode {
            Mode::Raw => {
                let l = line.strip_suffix('\n').unwrap_or(line);
                self.buf.extend_from_slice(l.as_bytes());
                self.buf.push(b'\n');
            }
            Mode::Jsonl => self.jsonl_line(stream, ts, line),
            Mode::Default => self.default_line(stream, ts, line),
        }
        self.written += 1;
        if self.cfg.line_buffered {
            return Sink::flush(self);
        }
        self.spill()
    }

    fn flush(&mut self) -> Result<()> {
        if !self.buf.is_empty() {
            self.w.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.w.flush()?;
        Ok(())
    }

    fn written(&self) -> u64 {
        self.written
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ls(p: &[(&str, &str)]) -> LabelSet {
        LabelSet::new(p.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect())
    }

    fn print(cfg: PrinterConfig, streams: &[LabelSet], entries: &[(usize, i64, &str)]) -> String {
        let mut p = Printer::new(Vec::new(), cfg, Layout::Pages { announce: false });
        let refs: Vec<&LabelSet> = streams.iter().collect();
        p.page(&refs).unwrap();
        for (s, ts, line) in entries {
            p.entry(*s, streams[*s].pairs(), *ts, line).unwrap();
        }
        String::from_utf8(p.into_inner().unwrap()).unwrap()
    }

    const T: i64 = 1_795_577_575_102_279_137;

    fn labels(f: impl FnOnce(&mut LabelOptions)) -> PrinterConfig {
        let mut c = PrinterConfig::default();
        f(&mut c.labels);
        c
    }

    #[test]
    fn default_output_pads_and_strips_common() {
        let s = [
            ls(&[("job", "x"), ("app", "web")]),
            ls(&[("job", "x"), ("app", "database")]),
        ];
        let out = print(PrinterConfig::default(), &s, &[(0, T, "  hello  \n"), (1, T, "b")]);
        assert_eq!(
            out,
            "2026-11-25T03:32:55Z {app=\"web\"}      hello\n2026-11-25T03:32:55Z {app=\"database\"} b\n"
        );
    }

    #[test]
    fn single_stream_prints_empty_labels_like_logcli() {
        let s = [ls(&[("job", "x")])];
        assert_eq!(
            print(PrinterConfig::default(), &s, &[(0, T, "a")]),
            "2026-11-25T03:32:55Z {} a\n"
        );
        let keep = labels(|l| l.include_common = true);
        assert_eq!(print(keep, &s, &[(0, T, "a")]), "2026-11-25T03:32:55Z {job=\"x\"} a\n");
    }

    #[test]
    fn include_and_exclude_labels() {
        let s = [
            ls(&[("job", "x"), ("app", "web"), ("env", "p")]),
            ls(&[("job", "x"), ("app", "db"), ("env", "d")]),
        ];
        let inc = labels(|l| l.include = vec!["app".into()]);
        assert_eq!(print(inc, &s, &[(0, T, "a")]), "2026-11-25T03:32:55Z {app=\"web\"} a\n");
        let exc = labels(|l| l.exclude = vec!["env".into()]);
        assert_eq!(print(exc, &s, &[(1, T, "a")]), "2026-11-25T03:32:55Z {app=\"db\"}  a\n");
        let nol = labels(|l| l.no_labels = true);
        assert_eq!(print(nol, &s, &[(1, T, " a ")]), "2026-11-25T03:32:55Z a\n");
    }

    #[test]
    fn raw_and_jsonl() {
        let s = [ls(&[("job", "x")])];
        let raw = PrinterConfig {
            mode: Mode::Raw,
            ..Default::default()
        };
        assert_eq!(print(raw, &s, &[(0, T, " a \n"), (0, T, "b\n\n")]), " a \nb\n\n");
        let j = PrinterConfig {
            mode: Mode::Jsonl,
            ..Default::default()
        };
        assert_eq!(
            print(j, &s, &[(0, T, "a<b>\n")]),
            "{\"labels\":{\"job\":\"x\"},\"line\":\"a\\u003cb\\u003e\\n\",\"timestamp\":\"2026-11-25T03:32:55.102279137Z\"}\n"
        );
        let mut j = PrinterConfig {
            mode: Mode::Jsonl,
            zone: Zone::parse("Europe/Paris").unwrap(),
            ..Default::default()
        };
        j.labels.no_labels = true;
        assert_eq!(
            print(j, &s, &[(0, T - 137, "a")]),
            "{\"line\":\"a\",\"timestamp\":\"2026-11-25T04:32:55.102279+01:00\"}\n"
        );
    }

    #[test]
    fn colour_only_when_enabled() {
        let s = [ls(&[("a", "1")]), ls(&[("a", "2")])];
        let c = PrinterConfig {
            color: true,
            ..Default::default()
        };
        let out = print(c, &s, &[(0, T, "x")]);
        assert_eq!(out, "\x1b[34m2026-11-25T03:32:55Z\x1b[0m \x1b[31m{a=\"1\"}\x1b[0m x\n");
        let by_stream = PrinterConfig {
            color: true,
            color_by_stream: true,
            ..Default::default()
        };
        // FNV-32 (FNV-1) of `{a="1"}` is 2 mod 10 and of `{a="2"}` 5 mod 10:
        // logcli's palette slots 2 (bright green, 92) and 5 (magenta, 35).
        let out = print(by_stream, &s, &[(0, T, "x"), (1, T, "y")]);
        assert!(out.contains("\x1b[92m{a=\"1\"}\x1b[0m x\n"), "{out:?}");
        assert!(out.contains("\x1b[35m{a=\"2\"}\x1b[0m y\n"), "{out:?}");
        assert!(!out.contains("\x1b[31m{a"), "not the plain red of labels: {out:?}");
    }

    #[test]
    fn stream_registration_is_cached_and_growing_pads() {
        let mut p = Printer::new(Vec::new(), PrinterConfig::default(), Layout::Growing);
        let a = ls(&[("app", "a")]);
        let long = ls(&[("app", "a-longer-name")]);
        let ia = p.stream(a.pairs());
        assert_eq!(p.stream(a.pairs()), ia);
        p.entry(ia, a.pairs(), T, "1").unwrap();
        let il = p.stream(long.pairs());
        p.entry(il, long.pairs(), T, "2").unwrap();
        p.entry(ia, a.pairs(), T, "3").unwrap();
        let out = String::from_utf8(p.into_inner().unwrap()).unwrap();
        assert_eq!(
            out,
            "2026-11-25T03:32:55Z {app=\"a\"} 1\n\
             2026-11-25T03:32:55Z {app=\"a-longer-name\"} 2\n\
             2026-11-25T03:32:55Z {app=\"a\"}             3\n"
        );
    }
}
