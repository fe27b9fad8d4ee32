//! Go's regular-expression syntax (RE2, as Loki and Prometheus compile
//! matchers) on top of the regex crate: the Go-only forms are rewritten
//! (`\Q..\E`, octal escapes, a `{` that is no repetition, repeated group
//! names) and the Go-only errors are found first (`a**`, `x{1001}`, `\8`),
//! each in Go's words: `invalid escape sequence: `\8``.

/// The regex rewritten for the regex crate, or Go's error text.
pub fn translate(re: &str) -> Result<String, String> {
    let err = |code: &str, frag: &str| Err(format!("{code}: `{frag}`"));
    let c: Vec<char> = re.chars().collect();
    let mut out = String::with_capacity(re.len() + 8);
    let (mut i, mut depth) = (0, 0usize);
    // where the last repetition operator started, if it was the last item
    let mut repeat_at: Option<usize> = None;
    let mut class_start: Option<usize> = None;
    // a repetition needs something before it
    let mut can_repeat = false;
    while i < c.len() {
        let ch = c[i];
        if let Some(start) = class_start {
            i = class_char(&c, i, start, &mut out, &mut class_start)?;
            continue;
        }
        let is_repeat = matches!(ch, '*' | '+' | '?') || (ch == '{' && repeat_len(&c[i..]).is_some());
        if is_repeat {
            let len = if ch == '{' { repeat_len(&c[i..]).unwrap_or(1) } else { 1 };
            let op: String = c[i..i + len].iter().collect();
            if !can_repeat && repeat_at.is_none() {
                return err("missing argument to repetition operator", &op);
            }
            if let Some(start) = repeat_at {
                return err(
                    "invalid nested repetition operator",
                    &c[start..i + len].iter().collect::<String>(),
                );
            }
            if ch == '{' && repeat_counts(&op).iter().any(|n| *n > 1000) {
                return err("invalid repeat count", &op);
            }
            out.push_str(&op);
            let lazy = c.get(i + len) == Some(&'?');
            if lazy {
                out.push('?');
            }
            repeat_at = Some(i);
            i += len + usize::from(lazy);
            continue;
        }
        repeat_at = None;
        can_repeat = !matches!(ch, '(' | '|');
        match ch {
            '\\' => i = escape(&c, i, &mut out)?,
            '[' => {
                class_start = Some(i);
                out.push('[');
                i += 1;
                if c.get(i) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if c.get(i) == Some(&']') {
                    out.push_str("\\]");
                    i += 1;
                }
            }
            '{' => {
                out.push_str("\\{");
                i += 1;
            }
            '(' => {
                let (next, opened) = group(&c, i, &mut out)?;
                depth += usize::from(opened);
                can_repeat = false;
                i = next;
            }
            ')' if depth == 0 => return err("unexpected )", re),
            ')' => {
                depth -= 1;
                out.push(')');
                i += 1;
            }
            _ => {
                out.push(ch);
                i += 1;
            }
        }
    }
    if let Some(start) = class_start {
        return err("missing closing ]", &c[start..].iter().collect::<String>());
    }
    if depth > 0 {
        return err("missing closing )", re);
    }
    Ok(out)
}

/// The length of a `{n}`, `{n,}` or `{n,m}` repetition at the start.
fn repeat_len(c: &[char]) -> Option<usize> {
    let close = c.iter().position(|&x| x == '}')?;
    let body: String = c[1..close].iter().collect();
    let (n, m) = body.split_once(',').unwrap_or((&body, "0"));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|x| x.is_ascii_digit());
    (digits(n) && (m.is_empty() || digits(m))).then_some(close + 1)
}

fn repeat_counts(op: &str) -> Vec<u64> {
    op.trim_matches(['{', '}'])
        .split(',')
        .filter_map(|n| n.parse().ok())
        .collect()
}

/// An item inside `[...]` at `i`, rewritten for the regex crate (Go has
/// no nested classes or set operators there, so literals are written as
/// `\x{..}`), with ranges checked; the index after it.
fn class_char(
    c: &[char],
    i: usize,
    start: usize,
    out: &mut String,
    class: &mut Option<usize>,
) -> Result<usize, String> {
    if c[i] == ']' {
        out.push(']');
        *class = None;
        return Ok(i + 1);
    }
    if c[i] == '[' && c.get(i + 1) == Some(&':') {
        let end = c[i..].windows(2).position(|w| w == [':', ']']).map(|k| i + k + 2);
        let end = end.ok_or_else(|| format!("missing closing ]: `{}`", c[start..].iter().collect::<String>()))?;
        let name: String = c[i + 2..end - 2].iter().collect();
        const NAMES: &[&str] = &[
            "alnum", "alpha", "ascii", "blank", "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper",
            "word", "xdigit",
        ];
        if !NAMES.contains(&name.trim_start_matches('^')) {
            return Err(format!(
                "invalid character class range: `{}`",
                c[i..end].iter().collect::<String>()
            ));
        }
        out.extend(&c[i..end]);
        return Ok(end);
    }
    let (lo, next) = class_item(c, i, out)?;
    let (Some(lo), Some('-')) = (lo, c.get(next).copied()) else {
        return Ok(next);
    };
    if matches!(c.get(next + 1), Some(']') | None) {
        return Ok(next);
    }
    let mut hi_text = String::new();
    let (hi, end) = class_item(c, next + 1, &mut hi_text)?;
    let frag = || c[i..end].iter().collect::<String>();
    match hi {
        Some(hi) if hi >= lo => {
            out.push('-');
            out.push_str(&hi_text);
            Ok(end)
        }
        None => Err(format!("invalid escape sequence: `{hi_text}`")),
        _ => Err(format!("invalid character class range: `{}`", frag())),
    }
}

/// One character of a class (`Some`) or a class escape like `\d` (`None`).
fn class_item(c: &[char], i: usize, out: &mut String) -> Result<(Option<char>, usize), String> {
    let hex = |out: &mut String, ch: char| out.push_str(&format!("\\x{{{:X}}}", ch as u32));
    if c[i] != '\\' {
        hex(out, c[i]);
        return Ok((Some(c[i]), i + 1));
    }
    let e = c.get(i + 1).copied();
    let control = match e {
        Some('n') => Some('\n'),
        Some('t') => Some('\t'),
        Some('r') => Some('\r'),
        Some('f') => Some('\u{c}'),
        Some('v') => Some('\u{b}'),
        Some('a') => Some('\u{7}'),
        Some(p) if p.is_ascii_punctuation() => Some(p),
        _ => None,
    };
    if let Some(ch) = control {
        hex(out, ch);
        return Ok((Some(ch), i + 2));
    }
    if e == Some('Q') {
        return Err("invalid escape sequence: `\\Q`".into());
    }
    let mut esc = String::new();
    let end = escape(c, i, &mut esc)?;
    // an octal or hex escape is one character too
    let value = esc
        .strip_prefix("\\x")
        .and_then(|h| u32::from_str_radix(h.trim_start_matches('{').trim_end_matches('}'), 16).ok())
        .and_then(char::from_u32);
    out.push_str(&esc);
    Ok((value, end))
}

/// An escape at `i` (a backslash), rewritten where Go and the regex crate
/// differ; the index after it.
fn escape(c: &[char], i: usize, out: &mut String) -> Result<usize, String> {
    let Some(&e) = c.get(i + 1) else {
        return Err("trailing backslash at end of expression: ``".into());
    };
    let hex = |out: &mut String, v: u32| out.push_str(&format!("\\x{{{v:X}}}"));
    match e {
        'Q' => {
            let body = &c[i + 2..];
            let end = body.windows(2).position(|w| w == ['\\', 'E']).unwrap_or(body.len());
            body[..end].iter().for_each(|ch| hex(out, *ch as u32));
            Ok((i + 2 + end + 2).min(c.len()))
        }
        '0'..='7' => {
            let more = c[i + 2..]
                .iter()
                .take(2)
                .take_while(|d| ('0'..='7').contains(*d))
                .count();
            if e != '0' && more == 0 {
                return Err(format!("invalid escape sequence: `\\{e}`"));
            }
            let digits: String = c[i + 1..i + 2 + more].iter().collect();
            hex(out, u32::from_str_radix(&digits, 8).unwrap_or(0));
            Ok(i + 2 + more)
        }
        'p' | 'P' | 'x' => {
            // `\pL`, `\p{Greek}`, `\x41`, `\x{41}`
            let braced = c.get(i + 2) == Some(&'{');
            let close = c[i + 2..].iter().position(|&x| x == '}').map(|k| i + 2 + k);
            let end = match (braced, close) {
                (true, Some(k)) => k + 1,
                (true, None) => c.len(),
                _ => (i + 2 + if e == 'x' { 2 } else { 1 }).min(c.len()),
            };
            out.extend(&c[i..end]);
            Ok(end)
        }
        'a' | 'f' | 't' | 'n' | 'r' | 'v' | 'A' | 'b' | 'B' | 'z' | 'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
            out.push('\\');
            out.push(e);
            Ok(i + 2)
        }
        e if e.is_ascii_punctuation() => {
            hex(out, e as u32);
            Ok(i + 2)
        }
        e => Err(format!("invalid escape sequence: `\\{e}`")),
    }
}

/// A group opening at `i`: names are dropped (Go allows a name twice),
/// flags other than Go's (`imsU`) and look-arounds are refused. The index
/// after it, and whether a group was opened (not just flags set).
fn group(c: &[char], i: usize, out: &mut String) -> Result<(usize, bool), String> {
    if c.get(i + 1) != Some(&'?') {
        out.push('(');
        return Ok((i + 1, true));
    }
    let rest: String = c[i..].iter().take(4).collect();
    let named =
        rest.starts_with("(?P<") || (rest.starts_with("(?<") && !rest.starts_with("(?<=") && !rest.starts_with("(?<!"));
    if named {
        let open = if rest.starts_with("(?P<") { i + 4 } else { i + 3 };
        let close = c[open..].iter().position(|&x| x == '>').map(|k| open + k);
        let name_ok = |n: &[char]| !n.is_empty() && n.iter().all(|x| x.is_ascii_alphanumeric() || *x == '_');
        return match close {
            Some(end) if name_ok(&c[open..end]) => {
                out.push('(');
                Ok((end + 1, true))
            }
            _ => Err(format!(
                "invalid named capture: `{}`",
                c[i..close.map(|e| e + 1).unwrap_or(c.len())].iter().collect::<String>()
            )),
        };
    }
    let mut j = i + 2;
    while let Some(&f) = c.get(j) {
        match f {
            'i' | 'm' | 's' | 'U' | '-' => j += 1,
            // `(?)` sets nothing; the regex crate refuses it
            ')' if j == i + 2 => return Ok((j + 1, false)),
            ':' | ')' => {
                out.extend(&c[i..=j]);
                return Ok((j + 1, f == ':'));
            }
            _ => break,
        }
    }
    let upto = (j + 1).min(c.len());
    Err(format!(
        "invalid or unsupported Perl syntax: `{}`",
        c[i..upto].iter().collect::<String>()
    ))
}

#[cfg(test)]
mod tests {
    use super::translate as t;

    #[test]
    fn go_syntax() {
        assert_eq!(t("a{,3}").unwrap(), "a\\{,3}");
        assert_eq!(t("\\Q.\\E").unwrap(), "\\x{2E}");
        assert_eq!(t("\\012").unwrap(), "\\x{A}");
        assert_eq!(t("(?P<n>a)(?P<n>b)").unwrap(), "(a)(b)");
        assert_eq!(t("a**").unwrap_err(), "invalid nested repetition operator: `**`");
        assert_eq!(t("x{1001}").unwrap_err(), "invalid repeat count: `{1001}`");
        assert_eq!(t("\\8").unwrap_err(), "invalid escape sequence: `\\8`");
        assert_eq!(t("(").unwrap_err(), "missing closing ): `(`");
        assert_eq!(t("[a").unwrap_err(), "missing closing ]: `[a`");
        assert_eq!(t("a*?").unwrap(), "a*?");
        assert_eq!(t("[0--9]").unwrap_err(), "invalid character class range: `0--`");
        assert_eq!(t("[a-z]").unwrap(), "[\\x{61}-\\x{7A}]");
        assert_eq!(t("(?i)?").unwrap_err(), "missing argument to repetition operator: `?`");
    }
}
