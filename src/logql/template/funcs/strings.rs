//! String functions: Go's `strings` ones Loki registers under their Go
//! names, sprig's (`trunc` and `substr` cut bytes, and panic like Go on bad
//! bounds), Loki's `alignLeft`/`alignRight`, and regex replacing.

use super::super::gonum::byte_slice;
use super::super::value::Value;
use super::{n, s};

fn map_chars(s: &str, f: impl Fn(char) -> Option<char>) -> String {
    s.chars().map(|c| f(c).unwrap_or(c)).collect()
}

fn single<I: Iterator<Item = char>>(mut it: I) -> Option<char> {
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

pub fn upper(s: &str) -> String {
    map_chars(s, |c| single(c.to_uppercase()))
}

/// Go's simple lower-case mapping: where Rust's full mapping gives more
/// than one character (only `İ`), Go takes the first.
pub fn lower(s: &str) -> String {
    map_chars(s, |c| c.to_lowercase().next())
}

/// Go's deprecated `strings.Title`.
fn title(s: &str) -> String {
    let sep = |r: char| {
        if r.is_ascii() {
            !(r.is_ascii_alphanumeric() || r == '_')
        } else if r.is_alphanumeric() {
            false
        } else {
            r.is_whitespace()
        }
    };
    let mut prev = ' ';
    s.chars()
        .map(|c| {
            let out = if sep(prev) {
                single(c.to_uppercase()).unwrap_or(c)
            } else {
                c
            };
            prev = c;
            out
        })
        .collect()
}

fn go_replace(src: &str, old: &str, new: &str, count: i64) -> String {
    if old == new || count == 0 {
        return src.to_string();
    }
    if count < 0 {
        src.replace(old, new)
    } else {
        src.replacen(old, new, count as usize)
    }
}

/// sprig's `trunc`: bytes from the start (or the end when negative).
fn trunc(c: i64, s: &str) -> String {
    let l = s.len() as i64;
    if c < 0 && l + c > 0 {
        return byte_slice(s, (l + c) as usize, s.len());
    }
    if c >= 0 && l > c {
        return byte_slice(s, 0, c as usize);
    }
    s.to_string()
}

/// sprig's `substr` (bytes), with Go's panics on bad bounds.
fn substr(start: i64, end: i64, s: &str) -> Result<String, String> {
    let l = s.len() as i64;
    let oob = |a: String| format!("runtime error: slice bounds out of range {a}");
    if start < 0 {
        if end < 0 || end > l {
            return Err(oob(format!("[:{end}] with length {l}")));
        }
        return Ok(byte_slice(s, 0, end as usize));
    }
    if end < 0 || end > l {
        if start > l {
            return Err(oob(format!("[{start}:{l}]")));
        }
        return Ok(byte_slice(s, start as usize, s.len()));
    }
    if start > end {
        return Err(oob(format!("[{start}:{end}]")));
    }
    Ok(byte_slice(s, start as usize, end as usize))
}

fn align(count: i64, src: &str, right: bool) -> String {
    let runes: Vec<char> = src.chars().collect();
    let l = runes.len() as i64;
    if count < 0 || count == l {
        return src.to_string();
    }
    if count > l {
        let pad = " ".repeat((count - l) as usize);
        return if right { pad + src } else { src.to_string() + &pad };
    }
    let c = count as usize;
    if right {
        runes[runes.len() - c..].iter().collect()
    } else {
        runes[..c].iter().collect()
    }
}

fn indent(spaces: i64, v: &str) -> Result<String, String> {
    if spaces < 0 {
        return Err("strings: negative Repeat count".into());
    }
    let pad = " ".repeat(spaces as usize);
    Ok(format!("{pad}{}", v.replace('\n', &format!("\n{pad}"))))
}

fn cut(set: &str) -> impl Fn(char) -> bool + '_ {
    move |c| set.contains(c)
}

pub(super) fn call(f: &str, a: &[Value], _: &[(&str, &str)]) -> Result<Option<Value>, String> {
    let st = |x: String| Ok(Some(Value::string(x)));
    match f {
        "ToLower" | "lower" => st(lower(s(a, 0))),
        "ToUpper" | "upper" => st(upper(s(a, 0))),
        "title" => st(title(s(a, 0))),
        "TrimSpace" | "trim" => st(s(a, 0).trim().to_string()),
        "Replace" => st(go_replace(s(a, 0), s(a, 1), s(a, 2), n(a, 3))),
        "replace" => st(s(a, 2).replace(s(a, 0), s(a, 1))),
        "Trim" => st(s(a, 0).trim_matches(cut(s(a, 1))).to_string()),
        "TrimLeft" => st(s(a, 0).trim_start_matches(cut(s(a, 1))).to_string()),
        "TrimRight" => st(s(a, 0).trim_end_matches(cut(s(a, 1))).to_string()),
        "TrimPrefix" => st(s(a, 0).strip_prefix(s(a, 1)).unwrap_or(s(a, 0)).to_string()),
        "TrimSuffix" => st(s(a, 0).strip_suffix(s(a, 1)).unwrap_or(s(a, 0)).to_string()),
        "trimAll" => st(s(a, 1).trim_matches(cut(s(a, 0))).to_string()),
        "trimPrefix" => st(s(a, 1).strip_prefix(s(a, 0)).unwrap_or(s(a, 1)).to_string()),
        "trimSuffix" => st(s(a, 1).strip_suffix(s(a, 0)).unwrap_or(s(a, 1)).to_string()),
        "trunc" => st(trunc(n(a, 0), s(a, 1))),
        "substr" => st(substr(n(a, 0), n(a, 1), s(a, 2))?),
        "repeat" => {
            if n(a, 0) < 0 {
                return Err("strings: negative Repeat count".into());
            }
            st(s(a, 1).repeat(n(a, 0).min(1 << 20) as usize))
        }
        "contains" => Ok(Some(Value::Bool(s(a, 1).contains(s(a, 0))))),
        "hasPrefix" => Ok(Some(Value::Bool(s(a, 1).starts_with(s(a, 0))))),
        "hasSuffix" => Ok(Some(Value::Bool(s(a, 1).ends_with(s(a, 0))))),
        "indent" => st(indent(n(a, 0), s(a, 1))?),
        "nindent" => st(format!("\n{}", indent(n(a, 0), s(a, 1))?)),
        "alignLeft" => st(align(n(a, 0), s(a, 1), false)),
        "alignRight" => st(align(n(a, 0), s(a, 1), true)),
        "regexReplaceAll" | "regexReplaceAllLiteral" => {
            let re = crate::logql::eval::go_regex(s(a, 0))?;
            let r = if f == "regexReplaceAll" {
                re.replace_all(s(a, 1), s(a, 2))
            } else {
                re.replace_all(s(a, 1), regex::NoExpand(s(a, 2)))
            };
            st(r.into_owned())
        }
        "count" => {
            let re = crate::logql::eval::go_regex(s(a, 0))?;
            Ok(Some(Value::int(re.find_iter(s(a, 1)).count() as i64)))
        }
        _ => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_go_and_sprig() {
        assert_eq!(trunc(1, "日本語"), "\u{FFFD}");
        assert_eq!(trunc(-2, "hello"), "lo");
        assert_eq!(substr(0, 2, "日本語").unwrap(), "\u{FFFD}\u{FFFD}");
        assert_eq!(
            substr(5, 2, "Hello World").unwrap_err(),
            "runtime error: slice bounds out of range [5:2]"
        );
        assert_eq!(align(2, "loki", true), "ki");
        assert_eq!(align(2, "loki", false), "lo");
        assert_eq!(align(6, "ab", true), "    ab");
        assert_eq!(title("hello wOrld-x_y"), "Hello WOrld-X_y");
        assert_eq!(go_replace("aaa", "a", "b", 2), "bba");
    }
}
