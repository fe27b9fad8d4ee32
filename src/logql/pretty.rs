//! Multi-line formatting like Loki's `Prettify` (used by `format_query` and
//! logcli's `fmt`): an expression whose one-line form is longer than 100
//! bytes is split, its parts indented by two spaces per level.

use super::ast::*;
use crate::core::gofmt::{fmt_float, fmt_prom_range};

const MAX_CHARS_PER_LINE: usize = 100;

fn ind(level: usize) -> String {
    "  ".repeat(level)
}

fn split(s: &str) -> bool {
    s.len() > MAX_CHARS_PER_LINE
}

fn quote(s: &str) -> String {
    let mut o = String::new();
    crate::core::gofmt::go_quote(s, &mut o);
    o
}

/// Pretty form of a whole query.
pub fn prettify(e: &Expr) -> String {
    match e {
        Expr::Log(l) => log(l, 0),
        Expr::Sample(s) => sample(s, 0),
    }
}

fn matchers(l: &LogExpr) -> String {
    LogExpr {
        matchers: l.matchers.clone(),
        stages: vec![],
    }
    .to_string()
}

/// Consecutive line filters form one pipeline stage, as in Loki's tree.
fn stage_groups(stages: &[Stage]) -> Vec<&[Stage]> {
    let mut groups = Vec::new();
    let mut i = 0;
    while i < stages.len() {
        let mut j = i + 1;
        if matches!(stages[i], Stage::Line(_)) {
            while j < stages.len() && matches!(stages[j], Stage::Line(_)) {
                j += 1;
            }
        }
        groups.push(&stages[i..j]);
        i = j;
    }
    groups
}

fn join(stages: &[Stage]) -> String {
    stages.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(" ")
}

fn log(l: &LogExpr, level: usize) -> String {
    let whole = l.to_string();
    if l.stages.is_empty() || !split(&whole) {
        return ind(level) + &whole;
    }
    let groups = stage_groups(&l.stages);
    let mut s = format!("{}{}\n", ind(level), matchers(l));
    for (i, g) in groups.iter().enumerate() {
        s += &group(g, level + 1);
        if i + 1 < groups.len() {
            s.push('\n');
        }
    }
    s
}

fn group(g: &[Stage], level: usize) -> String {
    match g[0] {
        Stage::Line(_) => {
            let one = join(g);
            if !split(&one) {
                return ind(level) + &one;
            }
            g.iter()
                .map(|f| ind(level) + &f.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        }
        // Loki prints decolorize without indentation
        Stage::Decolorize => g[0].to_string(),
        _ => ind(level) + &g[0].to_string(),
    }
}

fn grouping(g: &Grouping) -> String {
    let mut s = String::new();
    if g.without {
        s += " without";
    } else if !g.labels.is_empty() {
        s += " by";
    }
    if !g.labels.is_empty() {
        s += &format!(" ({})", g.labels.join(", "));
    }
    s
}

fn unwrap(u: &Unwrap, level: usize) -> String {
    let mut s = ind(level);
    match &u.conversion {
        Some(c) => s += &format!("| unwrap {c}({})", u.label),
        None => s += &format!("| unwrap {}", u.label),
    }
    for f in &u.post {
        s += &format!("\n{}| {f}", ind(level));
    }
    s
}

fn binary_op(op: &str, bool_mod: bool, m: &Option<VectorMatching>) -> String {
    let mut op = op.to_string();
    if bool_mod {
        op += " bool";
    }
    if let Some(m) = m {
        let mut group = String::new();
        if let Some((g, inc)) = &m.group {
            group = g.clone();
            if !inc.is_empty() {
                group = format!("{group} ({})", inc.join(", "));
            }
        }
        if !m.labels.is_empty() {
            let on = if m.on { "on" } else { "ignoring" };
            op = format!("{op} {on} ({}) {group}", m.labels.join(", "));
        }
    }
    op
}

fn precedence(op: &str) -> u8 {
    match op {
        "or" => 1,
        "and" | "unless" => 2,
        "+" | "-" => 4,
        "*" | "/" | "%" => 5,
        "^" => 6,
        _ => 3,
    }
}

/// Whether the operand `e` of `parent` needs its parentheses to keep its
/// meaning (`^` groups to the right, the others to the left).
fn needs_parens(parent: &str, e: &SampleExpr, rhs: bool) -> bool {
    let SampleExpr::Binary { op, .. } = e else {
        return false;
    };
    let (p, c) = (precedence(parent), precedence(op));
    c < p || (c == p && (rhs != (parent == "^")))
}

fn args(level: usize, params: Vec<String>) -> String {
    let mut s = String::from("(\n");
    let n = params.len();
    for (i, p) in params.into_iter().enumerate() {
        s += &p;
        if i + 1 < n {
            s.push(',');
        }
        s.push('\n');
    }
    s + &ind(level) + ")"
}

/// A range aggregation split over lines: the log expression, unwrap,
/// range and offset inside, the grouping after.
fn range_agg(e: &SampleExpr, level: usize) -> String {
    let SampleExpr::Range {
        op,
        param,
        log: l,
        unwrap: u,
        range,
        offset,
        grouping: g,
    } = e
    else {
        return String::new();
    };
    let mut s = format!("{}{op}(\n", ind(level));
    if let Some(p) = param {
        s += &format!("{}{},\n", ind(level + 1), fmt_float(*p));
    }
    s += &log(l, level + 1);
    if let Some(u) = u {
        s += "\n";
        s += &unwrap(u, level + 2);
    }
    s += &format!(" [{}]", fmt_prom_range(*range));
    if let Some(o) = offset.filter(|o| *o != 0) {
        // the split form prints the offset the Prometheus way (`1h`)
        s += &format!(" offset {}", fmt_prom_range(o));
    }
    s += &format!("\n{})", ind(level));
    if let Some(g) = g {
        s += &g.range_text(", ");
    }
    s
}

fn sample(e: &SampleExpr, level: usize) -> String {
    let whole = e.to_string();
    if !split(&whole) {
        return ind(level) + &whole;
    }
    match e {
        SampleExpr::Range { .. } => range_agg(e, level),
        SampleExpr::Vector {
            op,
            grouping: g,
            param,
            inner,
        } => {
            let mut params = Vec::new();
            if let Some(p) = param {
                params.push(format!("{}{}", ind(level + 1), *p as i64));
            }
            params.push(sample(inner, level + 1));
            let mut s = ind(level) + op;
            if let Some(g) = g {
                s += &grouping(g);
            }
            s + &args(level, params)
        }
        SampleExpr::Binary {
            op,
            bool_mod,
            matching,
            lhs,
            rhs,
        } => {
            // Like Loki, a long operand that is itself a binary operation
            // is split too, which drops its parentheses. Where that would
            // change the meaning (`(a + b) * c`; Loki's output then means
            // `a + b * c`) the operand stays whole, on one line.
            let operand = |e: &SampleExpr, rhs: bool| {
                if needs_parens(op, e, rhs) {
                    ind(level + 1) + &e.to_string()
                } else {
                    sample(e, level + 1)
                }
            };
            format!(
                "{}\n{}{}\n{}",
                operand(lhs, false),
                ind(level),
                binary_op(op, *bool_mod, matching),
                operand(rhs, true)
            )
        }
        SampleExpr::LabelReplace {
            inner,
            dst,
            replacement,
            src,
            regex,
        } => {
            let i = ind(level + 1);
            let params = vec![
                sample(inner, level + 1),
                format!("{i}{}", quote(dst)),
                format!("{i}{}", quote(replacement)),
                format!("{i}{}", quote(src)),
                format!("{i}{}", quote(regex)),
            ];
            format!("{}label_replace{}", ind(level), args(level, params))
        }
        SampleExpr::Literal(_) | SampleExpr::VectorFn(_) => ind(level) + &whole,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &str) -> String {
        prettify(&crate::logql::parse(q).unwrap())
    }

    #[test]
    fn short_queries_stay_on_one_line() {
        assert_eq!(
            p(r#"sum by(app)(rate({app="x"}|json|unwrap latency[5m]))>2"#),
            r#"(sum by (app)(rate({app="x"} | json | unwrap latency[5m])) > 2)"#
        );
    }

    #[test]
    fn long_pipeline_splits_per_stage() {
        let q = r#"{app="checkout", namespace="shop-production"} |= "error" != "timeout" | logfmt | level="error" | line_format "{{.msg}}""#;
        assert_eq!(
            p(q),
            "{app=\"checkout\", namespace=\"shop-production\"}\n  |= \"error\" != \"timeout\"\n  | logfmt\n  | level=\"error\"\n  | line_format \"{{.msg}}\""
        );
    }

    #[test]
    fn long_metric_query_splits_functions_and_operators() {
        let sel = r#"{app="checkout", namespace="shop-production", cluster="eu-west-1", pod=~"checkout-.+"}"#;
        let q = format!(
            r#"sum by (status, path) (rate({sel} | logfmt | status >= 500 [5m])) / sum by (status, path) (rate({{app="checkout"}}[5m]))"#
        );
        let want = format!(
            // the pipeline (109 bytes) splits too, one stage per line
            "  sum by (status, path)(\n    rate(\n      {sel}\n        | logfmt\n        | status>=500 [5m]\n    )\n  )\n/\n  sum by (status,path)(rate({{app=\"checkout\"}}[5m]))"
        );
        assert_eq!(p(&q), want);
    }
}
