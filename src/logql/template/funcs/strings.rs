//! String functions: case, trimming, replacing, cutting, searching.

use super::super::Val;
use super::need;

/// Case, trimming and replacing; other string functions in `cut`.
pub(super) fn call(f: &str, a: &[Val]) -> Result<Option<Val>, String> {
    let s = |i: usize| a.get(i).map(Val::text).unwrap_or_default();
    let n = |i: usize| a.get(i).map(Val::num).unwrap_or(0.0);
    let last = || a.last().map(Val::text).unwrap_or_default();
    Ok(Some(match f {
        "ToLower" | "lower" => {
            need(a, 1, f)?;
            Val::Str(last().to_lowercase())
        }
        "ToUpper" | "upper" => {
            need(a, 1, f)?;
            Val::Str(last().to_uppercase())
        }
        "title" => {
            need(a, 1, f)?;
            let t = last();
            let mut out = String::with_capacity(t.len());
            let mut prev_space = true;
            for c in t.chars() {
                if prev_space {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                prev_space = c.is_whitespace();
            }
            Val::Str(out)
        }
        "TrimSpace" => {
            need(a, 1, f)?;
            Val::Str(last().trim().to_string())
        }
        "Replace" => {
            need(a, 4, f)?;
            let count = n(3) as i64;
            if count < 0 {
                Val::Str(s(0).replace(&s(1), &s(2)))
            } else {
                Val::Str(s(0).replacen(&s(1), &s(2), count as usize))
            }
        }
        "replace" => {
            need(a, 3, f)?;
            Val::Str(s(2).replace(&s(0), &s(1)))
        }
        "Trim" => {
            need(a, 2, f)?;
            let cut = s(1);
            Val::Str(s(0).trim_matches(|c| cut.contains(c)).to_string())
        }
        "TrimLeft" => {
            need(a, 2, f)?;
            let cut = s(1);
            Val::Str(s(0).trim_start_matches(|c| cut.contains(c)).to_string())
        }
        "TrimRight" => {
            need(a, 2, f)?;
            let cut = s(1);
            Val::Str(s(0).trim_end_matches(|c| cut.contains(c)).to_string())
        }
        "TrimPrefix" => {
            need(a, 2, f)?;
            let (x, p) = (s(0), s(1));
            Val::Str(x.strip_prefix(p.as_str()).unwrap_or(&x).to_string())
        }
        "TrimSuffix" => {
            need(a, 2, f)?;
            let (x, p) = (s(0), s(1));
            Val::Str(x.strip_suffix(p.as_str()).unwrap_or(&x).to_string())
        }
        _ => return cut(f, a),
    }))
}

/// Cutting, repeating, searching and regex replacing.
fn cut(f: &str, a: &[Val]) -> Result<Option<Val>, String> {
    let s = |i: usize| a.get(i).map(Val::text).unwrap_or_default();
    let n = |i: usize| a.get(i).map(Val::num).unwrap_or(0.0);
    Ok(Some(match f {
        "trunc" => {
            need(a, 2, f)?;
            let (k, t) = (n(0) as i64, s(1));
            let chars: Vec<char> = t.chars().collect();
            let r: String = if k >= 0 {
                chars.iter().take(k as usize).collect()
            } else {
                chars[chars.len().saturating_sub((-k) as usize)..].iter().collect()
            };
            Val::Str(r)
        }
        "substr" => {
            need(a, 3, f)?;
            let chars: Vec<char> = s(2).chars().collect();
            let start = (n(0).max(0.0) as usize).min(chars.len());
            let end = if n(1) < 0.0 {
                chars.len()
            } else {
                (n(1) as usize).min(chars.len())
            };
            Val::Str(chars[start..end.max(start)].iter().collect())
        }
        "repeat" => {
            need(a, 2, f)?;
            Val::Str(s(1).repeat(n(0).clamp(0.0, 10_000.0) as usize))
        }
        "contains" => {
            need(a, 2, f)?;
            Val::Bool(s(1).contains(&s(0)))
        }
        "hasPrefix" => {
            need(a, 2, f)?;
            Val::Bool(s(1).starts_with(&s(0)))
        }
        "hasSuffix" => {
            need(a, 2, f)?;
            Val::Bool(s(1).ends_with(&s(0)))
        }
        "indent" | "nindent" => {
            need(a, 2, f)?;
            let pad = " ".repeat(n(0).clamp(0.0, 1000.0) as usize);
            let body = s(1).lines().map(|l| format!("{pad}{l}")).collect::<Vec<_>>().join("\n");
            Val::Str(if f == "nindent" { format!("\n{body}") } else { body })
        }
        "regexReplaceAll" | "regexReplaceAllLiteral" => {
            need(a, 3, f)?;
            let re = regex::Regex::new(&s(0)).map_err(|e| format!("template: {f}: {e}"))?;
            // Sprig's order: regex, input, replacement.
            let target = s(1);
            let repl = s(2);
            if f == "regexReplaceAll" {
                // Go's $1 expansion; braces-free names behave like Go's.
                Val::Str(re.replace_all(&target, repl.as_str()).into_owned())
            } else {
                Val::Str(re.replace_all(&target, regex::NoExpand(&repl)).into_owned())
            }
        }
        _ => return Ok(None),
    }))
}
