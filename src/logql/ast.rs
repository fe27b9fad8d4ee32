//! LogQL syntax tree and its canonical printing, which follows Loki's
//! `format_query` (the `String()` of Loki's syntax tree).

use std::fmt;

use crate::core::gofmt::{fmt_float, fmt_float_g, fmt_go_duration, fmt_prom_range, humanize_bytes_compact};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchOp {
    Eq,
    Neq,
    Re,
    Nre,
}

impl MatchOp {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOp::Eq => "=",
            MatchOp::Neq => "!=",
            MatchOp::Re => "=~",
            MatchOp::Nre => "!~",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Matcher {
    pub name: String,
    pub op: MatchOp,
    pub value: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterOp {
    Contains,
    NotContains,
    Regex,
    NotRegex,
    Pattern,
    NotPattern,
}

impl FilterOp {
    pub fn as_str(self) -> &'static str {
        match self {
            FilterOp::Contains => "|=",
            FilterOp::NotContains => "!=",
            FilterOp::Regex => "|~",
            FilterOp::NotRegex => "!~",
            FilterOp::Pattern => "|>",
            FilterOp::NotPattern => "!>",
        }
    }
    pub fn negated(self) -> bool {
        matches!(self, FilterOp::NotContains | FilterOp::NotRegex | FilterOp::NotPattern)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum FilterValue {
    Str(String),
    Ip(String),
}

/// `|= "a" or "b"`: one operator, alternatives joined by `or`.
#[derive(Debug, Clone, PartialEq)]
pub struct LineFilter {
    pub op: FilterOp,
    pub values: Vec<FilterValue>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum ParserStage {
    Json(Vec<(String, String)>),
    Logfmt {
        strict: bool,
        keep_empty: bool,
        params: Vec<(String, String)>,
    },
    Regexp(String),
    Pattern(String),
    Unpack,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Neq,
    Gt,
    Gte,
    Lt,
    Lte,
}

impl CmpOp {
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "==",
            CmpOp::Neq => "!=",
            CmpOp::Gt => ">",
            CmpOp::Gte => ">=",
            CmpOp::Lt => "<",
            CmpOp::Lte => "<=",
        }
    }
    pub fn eval<T: PartialOrd>(self, a: T, b: T) -> bool {
        match self {
            CmpOp::Eq => a == b,
            CmpOp::Neq => a != b,
            CmpOp::Gt => a > b,
            CmpOp::Gte => a >= b,
            CmpOp::Lt => a < b,
            CmpOp::Lte => a <= b,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum LabelFilter {
    Str(Matcher),
    Num {
        name: String,
        op: CmpOp,
        value: f64,
    },
    Duration {
        name: String,
        op: CmpOp,
        ns: i64,
        text: String,
    },
    Bytes {
        name: String,
        op: CmpOp,
        bytes: u64,
        text: String,
    },
    Ip {
        name: String,
        negate: bool,
        value: String,
    },
    And(Box<LabelFilter>, Box<LabelFilter>),
    Or(Box<LabelFilter>, Box<LabelFilter>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum LabelFmt {
    Rename { dst: String, src: String },
    Template { dst: String, template: String },
}

#[derive(Debug, Clone, PartialEq)]
pub struct LabelArg {
    pub name: String,
    pub matcher: Option<Matcher>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Stage {
    Line(LineFilter),
    Parser(ParserStage),
    Label(LabelFilter),
    LineFormat(String),
    LabelFormat(Vec<LabelFmt>),
    Drop(Vec<LabelArg>),
    Keep(Vec<LabelArg>),
    Decolorize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LogExpr {
    pub matchers: Vec<Matcher>,
    pub stages: Vec<Stage>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Unwrap {
    pub conversion: Option<String>,
    pub label: String,
    pub post: Vec<LabelFilter>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    pub without: bool,
    pub labels: Vec<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct VectorMatching {
    pub on: bool,
    pub labels: Vec<String>,
    /// "group_left" or "group_right" with its include labels.
    pub group: Option<(String, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum SampleExpr {
    Range {
        op: String,
        param: Option<f64>,
        log: LogExpr,
        unwrap: Option<Unwrap>,
        range: i64,
        offset: Option<i64>,
        grouping: Option<Grouping>,
    },
    Vector {
        op: String,
        grouping: Option<Grouping>,
        param: Option<f64>,
        inner: Box<SampleExpr>,
    },
    Binary {
        op: String,
        bool_mod: bool,
        matching: Option<VectorMatching>,
        lhs: Box<SampleExpr>,
        rhs: Box<SampleExpr>,
    },
    Literal(f64),
    VectorFn(f64),
    LabelReplace {
        inner: Box<SampleExpr>,
        dst: String,
        replacement: String,
        src: String,
        regex: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    Log(LogExpr),
    Sample(SampleExpr),
}

impl Expr {
    pub fn is_log(&self) -> bool {
        matches!(self, Expr::Log(_))
    }
}

/// Go's strconv.Quote.
fn q(s: &str) -> String {
    let mut o = String::new();
    crate::core::gofmt::go_quote(s, &mut o);
    o
}

/// A label name as Prometheus prints it: quoted unless it is a classic
/// `[A-Za-z_][A-Za-z0-9_]*` name.
pub fn label_name(name: &str) -> String {
    let classic = !name.is_empty()
        && name
            .chars()
            .enumerate()
            .all(|(i, c)| c == '_' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit()));
    if classic {
        name.to_string()
    } else {
        q(name)
    }
}

impl fmt::Display for Matcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}{}", label_name(&self.name), self.op.as_str(), q(&self.value))
    }
}

/// A label-filter matcher: a `=~` regex that Loki cannot reduce to a
/// string filter prints raw in backticks.
fn label_matcher(m: &Matcher, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    if m.op == MatchOp::Re && !m.value.contains('`') && !crate::logql::parser::relit::label_regex_reduces(&m.value) {
        return write!(f, "{}=~`{}`", label_name(&m.name), m.value);
    }
    write!(f, "{m}")
}

impl fmt::Display for LabelFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelFilter::Str(m) => label_matcher(m, f),
            LabelFilter::Num { name, op, value } => write!(f, "{name}{}{}", op.as_str(), fmt_float(*value)),
            LabelFilter::Duration { name, op, ns, .. } => write!(f, "{name}{}{}", op.as_str(), fmt_go_duration(*ns)),
            LabelFilter::Bytes { name, op, bytes, .. } => {
                write!(f, "{name}{}{}", op.as_str(), humanize_bytes_compact(*bytes))
            }
            LabelFilter::Ip { name, negate, value } => {
                write!(f, "{name}{}ip({})", if *negate { "!=" } else { "=" }, q(value))
            }
            LabelFilter::And(a, b) => write!(f, "( {a} , {b} )"),
            LabelFilter::Or(a, b) => write!(f, "( {a} or {b} )"),
        }
    }
}

fn kv_params(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{k}={}", q(v)))
        .collect::<Vec<_>>()
        .join(",")
}

impl fmt::Display for LineFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.op.as_str())?;
        f.write_str(" ")?;
        // `!= "a" or "b"` means neither: Loki prints `!= "a" != "b"`.
        let sep = if self.op.negated() {
            format!(" {} ", self.op.as_str())
        } else {
            " or ".to_string()
        };
        for (i, v) in self.values.iter().enumerate() {
            if i > 0 {
                f.write_str(&sep)?;
            }
            match v {
                FilterValue::Str(s) => f.write_str(&q(s))?,
                FilterValue::Ip(s) => write!(f, "ip({})", q(s))?,
            }
        }
        Ok(())
    }
}

impl fmt::Display for ParserStage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParserStage::Json(params) if params.is_empty() => f.write_str("| json"),
            ParserStage::Json(params) => write!(f, "| json {}", kv_params(params)),
            ParserStage::Logfmt {
                strict,
                keep_empty,
                params,
            } => {
                f.write_str("| logfmt")?;
                if *strict {
                    f.write_str(" --strict")?;
                }
                if *keep_empty {
                    f.write_str(" --keep-empty")?;
                }
                if !params.is_empty() {
                    write!(f, " {}", kv_params(params))?;
                }
                Ok(())
            }
            ParserStage::Regexp(r) => write!(f, "| regexp {}", q(r)),
            ParserStage::Pattern(p) => write!(f, "| pattern {}", q(p)),
            ParserStage::Unpack => f.write_str("| unpack"),
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stage::Line(l) => write!(f, "{l}"),
            Stage::Parser(p) => write!(f, "{p}"),
            Stage::Label(l) => write!(f, "| {l}"),
            Stage::LineFormat(t) => write!(f, "| line_format {}", q(t)),
            Stage::LabelFormat(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .map(|i| match i {
                        LabelFmt::Rename { dst, src } => format!("{dst}={src}"),
                        LabelFmt::Template { dst, template } => format!("{dst}={}", q(template)),
                    })
                    .collect();
                write!(f, "| label_format {}", parts.join(","))
            }
            Stage::Drop(args) | Stage::Keep(args) => {
                let kw = if matches!(self, Stage::Drop(_)) { "drop" } else { "keep" };
                let parts: Vec<String> = args
                    .iter()
                    .map(|a| match &a.matcher {
                        Some(m) => m.to_string(),
                        None => a.name.clone(),
                    })
                    .collect();
                write!(f, "| {kw} {}", parts.join(","))
            }
            Stage::Decolorize => f.write_str("| decolorize"),
        }
    }
}

impl fmt::Display for LogExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("{")?;
        for (i, m) in self.matchers.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{m}")?;
        }
        f.write_str("}")?;
        for s in &self.stages {
            write!(f, " {s}")?;
        }
        Ok(())
    }
}

impl fmt::Display for Grouping {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.without {
            f.write_str(" without ")?;
        } else if !self.labels.is_empty() {
            f.write_str(" by ")?;
        }
        if !self.labels.is_empty() || self.without {
            write!(f, "({})", self.labels.join(","))?;
        }
        Ok(())
    }
}

impl Grouping {
    /// After a range aggregation Loki prints the grouping as written,
    /// `by ()` included.
    pub fn range_text(&self, sep: &str) -> String {
        let kw = if self.without { "without" } else { "by" };
        format!(" {kw} ({})", self.labels.join(sep))
    }
}

impl fmt::Display for Unwrap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.conversion {
            Some(c) => write!(f, "| unwrap {c}({})", self.label)?,
            None => write!(f, "| unwrap {}", self.label)?,
        }
        for p in &self.post {
            write!(f, " | {p}")?;
        }
        Ok(())
    }
}

/// A binary operator with its `bool` and vector-matching modifiers, as
/// Loki prints it (an empty group slot leaves two spaces).
fn binary_op_text(op: &str, bool_mod: bool, matching: &Option<VectorMatching>) -> String {
    let mut o = op.to_string();
    if bool_mod {
        o.push_str(" bool");
    }
    if let Some(m) = matching {
        let mut group = String::new();
        if let Some((g, inc)) = &m.group {
            group = g.clone();
            if !inc.is_empty() {
                group = format!("{group} ({})", inc.join(","));
            }
        }
        // `ignoring ()` (and its group modifier) is not printed
        if m.on || !m.labels.is_empty() {
            let on = if m.on { "on" } else { "ignoring" };
            o = format!("{o} {on} ({}) {group}", m.labels.join(","));
        }
    }
    o
}

impl fmt::Display for SampleExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SampleExpr::Range {
                op,
                param,
                log,
                unwrap,
                range,
                offset,
                grouping,
            } => {
                write!(f, "{op}(")?;
                if let Some(p) = param {
                    write!(f, "{},", fmt_float(*p))?;
                }
                write!(f, "{log}")?;
                if let Some(u) = unwrap {
                    write!(f, " {u}")?;
                }
                write!(f, "[{}]", fmt_prom_range(*range))?;
                if let Some(o) = offset.filter(|o| *o != 0) {
                    write!(f, " offset {}", fmt_go_duration(o))?;
                }
                f.write_str(")")?;
                if let Some(g) = grouping {
                    f.write_str(&g.range_text(","))?;
                }
                Ok(())
            }
            SampleExpr::Vector {
                op,
                grouping,
                param,
                inner,
            } => {
                f.write_str(op)?;
                if let Some(g) = grouping {
                    write!(f, "{g}")?;
                }
                f.write_str("(")?;
                if let Some(p) = param {
                    write!(f, "{},", *p as i64)?;
                }
                write!(f, "{inner})")
            }
            SampleExpr::Binary {
                op,
                bool_mod,
                matching,
                lhs,
                rhs,
            } => write!(f, "({lhs} {} {rhs})", binary_op_text(op, *bool_mod, matching)),
            SampleExpr::Literal(v) => f.write_str(&fmt_float_g(*v)),
            SampleExpr::VectorFn(v) => write!(f, "vector({v:.6})"),
            SampleExpr::LabelReplace {
                inner,
                dst,
                replacement,
                src,
                regex,
            } => {
                write!(
                    f,
                    "label_replace({inner},{},{},{},{})",
                    q(dst),
                    q(replacement),
                    q(src),
                    q(regex)
                )
            }
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Expr::Log(l) => write!(f, "{l}"),
            Expr::Sample(s) => write!(f, "{s}"),
        }
    }
}
