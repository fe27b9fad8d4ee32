//! Go's `fmt.Sprintf` verbs as `printf` uses them in templates.

use std::fmt::Write;

use super::Val;

pub(super) fn go_printf(fmt: &str, args: &[Val]) -> String {
    let mut out = String::new();
    let mut it = args.iter();
    let mut chars = fmt.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut spec = String::new();
        while let Some(&n) = chars.peek() {
            spec.push(n);
            chars.next();
            if n.is_ascii_alphabetic() || n == '%' {
                break;
            }
        }
        let verb = spec.chars().last().unwrap_or('v');
        if verb == '%' {
            out.push('%');
            continue;
        }
        let flags = &spec[..spec.len() - verb.len_utf8()];
        let v = it.next().cloned().unwrap_or(Val::Nil);
        let (width, prec) = match flags.trim_start_matches('-').split_once('.') {
            Some((w, p)) => (w.parse::<usize>().ok(), p.parse::<usize>().ok()),
            None => (flags.trim_start_matches('-').parse::<usize>().ok(), None),
        };
        let body = match verb {
            'd' => format!("{}", v.num() as i64),
            'f' | 'F' => format!("{:.*}", prec.unwrap_or(6), v.num()),
            'q' => super::funcs::go_quoted(&v.text()),
            'x' => format!("{:x}", v.num() as i64),
            _ => v.text(),
        };
        let w = width.unwrap_or(0);
        if flags.starts_with('-') {
            let _ = write!(out, "{body:<w$}");
        } else {
            let _ = write!(out, "{body:>w$}");
        }
    }
    out
}
