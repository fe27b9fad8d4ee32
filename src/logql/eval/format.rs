//! `line_format`, `label_format`, `drop` and `keep`.

use super::filters::Sel;
use super::row::{Row, ERROR, ERROR_DETAILS};
use crate::logql::ast::{LabelArg, LabelFmt};
use crate::logql::template::{Context, Template};

pub const TEMPLATE_ERR: &str = "TemplateFormatErr";

pub struct LineFormat {
    tmpl: Template,
    /// `{{.name}}` alone: Loki copies the label (never the error labels).
    simple: Option<String>,
}

impl LineFormat {
    pub fn compile(src: &str) -> Result<LineFormat, String> {
        let tmpl = Template::parse_named("line", src).map_err(|e| format!("invalid line template: {e}"))?;
        let simple = tmpl.simple_field().map(String::from);
        Ok(LineFormat { tmpl, simple })
    }

    pub fn apply(&self, ts: i64, line: &mut String, row: &mut Row<'_>) {
        if let Some(name) = &self.simple {
            let v = row.get(name).unwrap_or("").to_string();
            *line = v;
            return;
        }
        let mut out = String::with_capacity(line.len());
        let r = {
            let map = row.map();
            let ctx = Context { labels: &map, line, ts };
            self.tmpl.render(&ctx, &mut out)
        };
        match r {
            Ok(()) => *line = out,
            Err(e) => {
                row.err = TEMPLATE_ERR.into();
                row.details = e;
            }
        }
    }
}

pub enum Fmt {
    Rename(String),
    Template(Template),
}

pub struct LabelFormat {
    items: Vec<(String, Fmt)>,
}

impl LabelFormat {
    pub fn compile(items: &[LabelFmt]) -> Result<LabelFormat, String> {
        let mut out: Vec<(String, Fmt)> = Vec::with_capacity(items.len());
        for i in items {
            let (dst, f) = match i {
                LabelFmt::Rename { dst, src } => (dst, Fmt::Rename(src.clone())),
                LabelFmt::Template { dst, template } => {
                    let t = Template::parse_named("label", template)
                        .map_err(|e| format!("invalid template for label '{dst}': {e}"))?;
                    (dst, Fmt::Template(t))
                }
            };
            if dst == ERROR {
                return Err(format!("{dst} cannot be formatted"));
            }
            if out.iter().any(|(d, _)| d == dst) {
                return Err(format!(
                    "multiple label name '{dst}' not allowed in a single format operation"
                ));
            }
            out.push((dst.clone(), f));
        }
        Ok(LabelFormat { items: out })
    }

    /// Renames take effect at once; the templates all see the labels as
    /// they were at the first template of the stage.
    pub fn apply(&self, ts: i64, line: &str, row: &mut Row<'_>) {
        let mut data: Option<Vec<(String, String)>> = None;
        for (dst, f) in &self.items {
            match f {
                Fmt::Rename(src) => {
                    if let Some(v) = row.get(src).map(String::from) {
                        row.set(dst, v);
                        row.remove(src);
                    }
                }
                Fmt::Template(t) => {
                    let data = data.get_or_insert_with(|| {
                        row.map()
                            .into_iter()
                            .map(|(k, v)| (k.to_string(), v.to_string()))
                            .collect()
                    });
                    let map: Vec<(&str, &str)> = data.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                    let mut out = String::new();
                    let ctx = Context { labels: &map, line, ts };
                    match t.render(&ctx, &mut out) {
                        Ok(()) => row.set(dst, out),
                        Err(e) => {
                            row.err = TEMPLATE_ERR.into();
                            row.details = e;
                        }
                    }
                }
            }
        }
    }
}

pub type Args = Vec<(String, Option<Sel>)>;

pub fn label_args(args: &[LabelArg]) -> Result<Args, String> {
    args.iter()
        .map(|a| Ok((a.name.clone(), a.matcher.as_ref().map(Sel::new).transpose()?)))
        .collect()
}

/// `drop a, b="v"`: a matcher drops the label only when its value
/// matches; `__error__` and `__error_details__` can be dropped.
pub fn drop(args: &Args, row: &mut Row<'_>) {
    for (name, sel) in args {
        let value = match name.as_str() {
            ERROR => row.err.as_str(),
            ERROR_DETAILS => row.details.as_str(),
            _ => row.get(name).unwrap_or(""),
        };
        if sel.as_ref().is_none_or(|s| s.matches(value)) {
            row.remove(name);
        }
    }
}

/// `keep a, b="v"`: every other label goes, except the error labels.
pub fn keep(args: &Args, row: &mut Row<'_>) {
    if args.is_empty() {
        return;
    }
    row.retain(|k, v| {
        args.iter()
            .any(|(n, sel)| n == k && sel.as_ref().is_none_or(|s| s.matches(v)))
    });
}
