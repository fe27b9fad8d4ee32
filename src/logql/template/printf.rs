//! Go's `fmt.Sprintf` as template `printf` uses it: every verb by argument
//! type, the flags (`+ - # 0` and space), widths and precisions (also from
//! `*` arguments), explicit argument indexes (`%[2]s`), and Go's in-band
//! errors: `%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA int=1)`,
//! `%!(NOVERB)`, `%!(BADWIDTH)`, `%!(BADPREC)`, `%!v(BADINDEX)`.

use super::printf_num::{float, int, pad, Spec};
use super::value::{IntType, Value};

struct State<'a> {
    args: &'a [Value],
    labels: &'a [(&'a str, &'a str)],
    next: usize,
    reordered: bool,
    good_index: bool,
}

pub fn sprintf(format: &str, args: &[Value], labels: &[(&str, &str)]) -> String {
    let mut st = State {
        args,
        labels,
        next: 0,
        reordered: false,
        good_index: true,
    };
    let mut out = String::with_capacity(format.len() + 16);
    let chars: Vec<char> = format.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i = directive(&chars, i + 1, &mut st, &mut out);
    }
    if !st.reordered && st.next < args.len() {
        out.push_str("%!(EXTRA ");
        for (k, a) in args[st.next..].iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            match a {
                Value::Nil => out.push_str("<nil>"),
                a => {
                    out.push_str(a.type_name());
                    out.push('=');
                    a.fmt_v(labels, &mut out);
                }
            }
        }
        out.push(')');
    }
    out
}

/// `[n]` at `i`: the new argument position.
fn arg_index(chars: &[char], i: usize, st: &mut State) -> usize {
    if chars.get(i) != Some(&'[') {
        return i;
    }
    st.reordered = true;
    let Some(end) = chars[i..].iter().position(|c| *c == ']').map(|p| i + p) else {
        st.good_index = false;
        return chars.len();
    };
    let n: Option<usize> = chars[i + 1..end].iter().collect::<String>().parse().ok();
    match n {
        Some(n) if n >= 1 && n <= st.args.len() => st.next = n - 1,
        _ => st.good_index = false,
    }
    end + 1
}

/// A width or precision: digits, or `*` taking an int argument.
fn number(chars: &[char], mut i: usize, st: &mut State, bad: &str, out: &mut String) -> (Option<i64>, usize) {
    if chars.get(i) == Some(&'*') {
        i += 1;
        let v = match st.args.get(st.next) {
            Some(Value::Int(n, _)) if st.good_index => Some(*n),
            _ => None,
        };
        st.next += 1;
        if v.is_none() {
            out.push_str(bad);
        }
        return (v, i);
    }
    let start = i;
    while i < chars.len() && chars[i].is_ascii_digit() {
        i += 1;
    }
    if i == start {
        return (None, i);
    }
    (chars[start..i].iter().collect::<String>().parse().ok(), i)
}

fn directive(chars: &[char], mut i: usize, st: &mut State, out: &mut String) -> usize {
    let mut sp = Spec::default();
    st.good_index = true;
    while let Some(&c) = chars.get(i) {
        match c {
            '+' => sp.plus = true,
            '-' => sp.minus = true,
            '#' => sp.sharp = true,
            '0' => sp.zero = true,
            ' ' => sp.space = true,
            _ => break,
        }
        i += 1;
    }
    i = arg_index(chars, i, st);
    let (w, ni) = number(chars, i, st, "%!(BADWIDTH)", out);
    i = ni;
    if let Some(w) = w {
        if w < 0 {
            sp.minus = true;
        }
        sp.width = Some(w.unsigned_abs() as usize);
    }
    if chars.get(i) == Some(&'.') {
        i = arg_index(chars, i + 1, st);
        let (p, ni) = number(chars, i, st, "%!(BADPREC)", out);
        i = ni;
        sp.prec = Some(p.filter(|p| *p >= 0).unwrap_or(0) as usize);
    }
    i = arg_index(chars, i, st);
    let Some(&verb) = chars.get(i) else {
        out.push_str("%!(NOVERB)");
        return i;
    };
    i += 1;
    if verb == '%' {
        out.push('%');
        return i;
    }
    if !st.good_index {
        out.push_str(&format!("%!{verb}(BADINDEX)"));
        return i;
    }
    let Some(arg) = st.args.get(st.next) else {
        out.push_str(&format!("%!{verb}(MISSING)"));
        return i;
    };
    st.next += 1;
    if sp.minus {
        sp.zero = false;
    }
    if verb == 'v' {
        sp.sharp_v = sp.sharp;
        sp.sharp = false;
        sp.plus = false;
    }
    print_arg(arg, verb, sp, st.labels, out);
    i
}

/// Go's `strconv.QuoteToASCII`.
fn quote_ascii(s: &str) -> String {
    let q = super::funcs::go_quoted(s);
    let mut out = String::with_capacity(q.len());
    for c in q.chars() {
        match c as u32 {
            0..=0x7f => out.push(c),
            n if n < 0x10000 => out.push_str(&format!("\\u{n:04x}")),
            n => out.push_str(&format!("\\U{n:08x}")),
        }
    }
    out
}

/// `%#v`: Go syntax.
fn go_syntax(v: &Value, labels: &[(&str, &str)]) -> String {
    match v {
        Value::Str(s) => super::funcs::go_quoted(s),
        Value::Int(n, IntType::Uint8) => format!("0x{n:x}"),
        Value::List(l) => {
            let items: Vec<String> = l.iter().map(|e| go_syntax(e, labels)).collect();
            format!("[]interface {{}}{{{}}}", items.join(", "))
        }
        Value::Map(m) => {
            let items: Vec<String> = m
                .iter()
                .map(|(k, e)| format!("{}:{}", super::funcs::go_quoted(k), go_syntax(e, labels)))
                .collect();
            format!("map[string]interface {{}}{{{}}}", items.join(", "))
        }
        Value::Labels => {
            let items: Vec<String> = labels
                .iter()
                .map(|(k, e)| format!("{}:{}", super::funcs::go_quoted(k), super::funcs::go_quoted(e)))
                .collect();
            format!("map[string]string{{{}}}", items.join(", "))
        }
        Value::Nil | Value::NoEntry => "<nil>".into(),
        other => other.to_v(labels),
    }
}

/// Go's `%!verb(type=value)`: the value printed as `%v` with the
/// directive's flags, width and precision (`%8d` of "info" is
/// `%!d(string=    info)`).
pub(super) fn bad_verb(arg: &Value, verb: char, sp: Spec, labels: &[(&str, &str)], out: &mut String) {
    out.push_str("%!");
    out.push(verb);
    out.push('(');
    match arg {
        Value::Nil => out.push_str("<nil>"),
        Value::NoEntry => {
            out.push_str(arg.type_name());
            out.push('=');
            arg.fmt_v(labels, out);
        }
        a => {
            out.push_str(a.type_name());
            out.push('=');
            print_arg(a, 'v', Spec { sharp_v: false, ..sp }, labels, out);
        }
    }
    out.push(')');
}

fn print_arg(arg: &Value, verb: char, sp: Spec, labels: &[(&str, &str)], out: &mut String) {
    if verb == 'T' {
        return pad(out, arg.type_name(), sp, false);
    }
    if verb == 'v' && sp.sharp_v {
        return pad(out, &go_syntax(arg, labels), sp, false);
    }
    match arg {
        Value::Bool(b) if verb == 't' || verb == 'v' => pad(out, if *b { "true" } else { "false" }, sp, false),
        // a verb numbers do not take: Go's %!verb(type=value)
        Value::Int(n, _) if !int(out, *n, verb, sp) => bad_verb(arg, verb, sp, labels, out),
        Value::Float(f) if !float(out, *f, verb, sp) => bad_verb(arg, verb, sp, labels, out),
        Value::Int(..) | Value::Float(_) => {}
        Value::Str(s) => string(out, s, verb, sp, labels),
        Value::Nil if verb == 'v' => pad(out, "<nil>", sp, false),
        Value::Time(t) if matches!(verb, 'v' | 's' | 'q') => {
            string(out, &super::gotime_fmt::time_string(t), verb, sp, labels)
        }
        // Go prints each element (key, value) with the verb, flags,
        // width and precision: `%5v` of [1 "ab"] is `[    1    ab]`
        Value::List(l) => {
            out.push('[');
            for (k, e) in l.iter().enumerate() {
                if k > 0 {
                    out.push(' ');
                }
                element(e, verb, sp, labels, out);
            }
            out.push(']');
        }
        Value::Map(m) => map(m.iter().map(|(k, v)| (Value::str(k), v.clone())), verb, sp, labels, out),
        Value::Labels => map(
            labels.iter().map(|(k, v)| (Value::str(k), Value::str(v))),
            verb,
            sp,
            labels,
            out,
        ),
        other => bad_verb(other, verb, sp, labels, out),
    }
}

/// An element of a list or map: a nil one prints as `<nil>` whatever the verb.
fn element(e: &Value, verb: char, sp: Spec, labels: &[(&str, &str)], out: &mut String) {
    match e {
        Value::Nil | Value::NoEntry => pad(out, "<nil>", sp, false),
        e => print_arg(e, verb, sp, labels, out),
    }
}

fn map(entries: impl Iterator<Item = (Value, Value)>, verb: char, sp: Spec, labels: &[(&str, &str)], out: &mut String) {
    out.push_str("map[");
    for (i, (k, v)) in entries.enumerate() {
        if i > 0 {
            out.push(' ');
        }
        element(&k, verb, sp, labels, out);
        out.push(':');
        element(&v, verb, sp, labels, out);
    }
    out.push(']');
}

fn string(out: &mut String, s: &str, verb: char, sp: Spec, labels: &[(&str, &str)]) {
    let cut = |s: &str| match sp.prec {
        Some(p) => s.chars().take(p).collect::<String>(),
        None => s.to_string(),
    };
    match verb {
        's' | 'v' => pad(out, &cut(s), sp, false),
        'q' => {
            let c = cut(s);
            let q = if sp.sharp && !c.contains('`') && c.chars().all(|c| c == '\t' || !c.is_control()) {
                format!("`{c}`")
            } else if sp.plus {
                quote_ascii(&c)
            } else {
                super::funcs::go_quoted(&c)
            };
            pad(out, &q, sp, false)
        }
        'x' | 'X' => {
            let bytes: &[u8] = match sp.prec {
                Some(p) => &s.as_bytes()[..p.min(s.len())],
                None => s.as_bytes(),
            };
            let mut h = String::new();
            for (k, b) in bytes.iter().enumerate() {
                if sp.space && k > 0 {
                    h.push(' ');
                }
                if sp.sharp && (sp.space || k == 0) {
                    h.push_str(if verb == 'x' { "0x" } else { "0X" });
                }
                h.push_str(&if verb == 'x' {
                    format!("{b:02x}")
                } else {
                    format!("{b:02X}")
                });
            }
            pad(out, &h, sp, false)
        }
        _ => bad_verb(&Value::str(s), verb, sp, labels, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(f: &str, a: &[Value]) -> String {
        sprintf(f, a, &[])
    }

    #[test]
    fn like_go_fmt() {
        let s = |x: &str| Value::str(x);
        let i = Value::int;
        assert_eq!(p("%d", &[s("456")]), "%!d(string=456)");
        assert_eq!(p("%d", &[Value::Float(1.5)]), "%!d(float64=1.5)");
        assert_eq!(p("%s", &[i(42)]), "%!s(int=42)");
        assert_eq!(p("%s %s", &[s("a")]), "a %!s(MISSING)");
        assert_eq!(p("%s", &[s("a"), s("info")]), "a%!(EXTRA string=info)");
        assert_eq!(p("%05s", &[s("info")]), "0info");
        assert_eq!(p("%05.2f", &[Value::Float(0.01)]), "00.01");
        assert_eq!(p("%10.3s|", &[s("alice")]), "       ali|");
        assert_eq!(p("%#x", &[i(255)]), "0xff");
        assert_eq!(p("%x", &[Value::Float(3.5)]), "0x1.cp+01");
        assert_eq!(p("%c %U %q", &[i(65), i(0x2603), i(65)]), "A U+2603 'A'");
        assert_eq!(p("%*d", &[i(5), i(42)]), "   42");
        assert_eq!(p("%[2]s %[1]s", &[s("a"), s("b")]), "b a");
        assert_eq!(p("%", &[]), "%!(NOVERB)");
        assert_eq!(p("%s", &[Value::Nil]), "%!s(<nil>)");
        assert_eq!(p("%e", &[Value::Float(1234.5678)]), "1.234568e+03");
        assert_eq!(p("%x", &[s("hi")]), "6869");
        assert_eq!(p("%+d % d", &[i(5), i(5)]), "+5  5");
        assert_eq!(p("%T %T", &[s("x"), Value::Labels]), "string map[string]string");
        assert_eq!(p("%-6s|%5.1f", &[s("error"), Value::Float(3.12159)]), "error |  3.1");
    }

    /// What Loki v3.7.6 printed (tests/corpus/pipelines, topic tmpl_printf).
    #[test]
    fn bad_verbs_keep_flags_width_and_precision() {
        let s = |x: &str| Value::str(x);
        let i = Value::int;
        let f = Value::Float;
        assert_eq!(
            p("%8d|%.2d", &[s("info"), s("info")]),
            "%!d(string=    info)|%!d(string=in)"
        );
        assert_eq!(
            p("%-08d|%.d", &[s("info"), s("info")]),
            "%!d(string=info    )|%!d(string=)"
        );
        assert_eq!(
            p("%08.3f|%6.2f", &[s("1.5s"), s("503")]),
            "%!f(string=000001.5)|%!f(string=    50)"
        );
        assert_eq!(p("%+6s|%06s", &[i(456), i(456)]), "%!s(int=  +456)|%!s(int=000456)");
        assert_eq!(p("%08s", &[Value::Int(-456, IntType::Int64)]), "%!s(int64=-0000456)");
        assert_eq!(
            p("%#d|%.1d|%8.3d", &[f(0.01), f(45.67), f(1234.5)]),
            "%!d(float64=0.0100000)|%!d(float64=5e+01)|%!d(float64=1.23e+03)"
        );
        assert_eq!(
            p("%5d|%-6x", &[Value::Bool(true), Value::Bool(false)]),
            "%!d(bool= true)|%!x(bool=false )"
        );
        assert_eq!(
            p("%8d|%.2d", &[s("José"), s("José")]),
            "%!d(string=    José)|%!d(string=Jo)"
        );
        assert_eq!(
            p("%8.2d|%-5s|", &[s(""), Value::Nil]),
            "%!d(string=        )|%!s(<nil>)|"
        );
    }

    #[test]
    fn v_drops_plus_and_elements_take_the_width() {
        let s = |x: &str| Value::str(x);
        let i = Value::int;
        assert_eq!(
            p("%+v|%+5v|% v", &[i(456), Value::Float(0.01), i(456)]),
            "456| 0.01| 456"
        );
        let list = Value::List(std::rc::Rc::new(vec![Value::Float(1.0), s("ab")]));
        assert_eq!(
            p("%5v|%-4d", &[list.clone(), list]),
            "[    1    ab]|[%!d(float64=1   ) %!d(string=ab  )]"
        );
        let m = Value::Map(std::rc::Rc::new(vec![
            ("a".into(), Value::Float(1.0)),
            ("b".into(), s("xy")),
        ]));
        assert_eq!(p("%6v|%10d", &[m.clone(), m]), "map[     a:     1      b:    xy]|map[%!d(string=         a):%!d(float64=         1) %!d(string=         b):%!d(string=        xy)]");
        assert_eq!(
            sprintf("%3.1s", &[Value::Labels], &[("app", "api"), ("env", "prod")]),
            "map[  a:  a   e:  p]"
        );
    }
}
