//! Loki's simplification of label-filter regexes, on a small model of Go's
//! regexp/syntax tree: literals (merged, with the case-folding flag),
//! `.`, `*`/`+` repeats, concatenations, alternations (with Go's factoring
//! of common literal prefixes and of single characters into a class), and
//! "anything else", which stops the simplification.

use regex::Regex;

use super::regex::compile;

#[derive(Clone, Debug, PartialEq)]
enum Re {
    Lit(String, bool),
    Empty,
    AnyNotNl,
    Star(Box<Re>),
    Plus(Box<Re>),
    Concat(Vec<Re>),
    Alt(Vec<Re>),
    Other,
}

/// The start of a counted repeat (`x{2,3}`).
const OPEN_REPEAT: char = '\u{7b}';

struct P<'a> {
    s: &'a [char],
    i: usize,
    fold: bool,
    dot_nl: bool,
}

impl P<'_> {
    fn alt(&mut self) -> Re {
        let mut alts = vec![self.concat()];
        while self.s.get(self.i) == Some(&'|') {
            self.i += 1;
            alts.push(self.concat());
        }
        if alts.len() == 1 {
            return alts.pop().unwrap_or(Re::Empty);
        }
        factor(alts)
    }

    fn concat(&mut self) -> Re {
        let mut items: Vec<Re> = Vec::new();
        while let Some(&c) = self.s.get(self.i) {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom();
            let atom = self.quantify(atom);
            push(&mut items, atom);
        }
        match items.len() {
            0 => Re::Empty,
            1 => items.pop().unwrap_or(Re::Empty),
            _ => Re::Concat(items),
        }
    }

    fn quantify(&mut self, atom: Re) -> Re {
        let Some(&q) = self.s.get(self.i) else { return atom };
        let r = match q {
            '*' => Re::Star(Box::new(atom)),
            '+' => Re::Plus(Box::new(atom)),
            '?' | OPEN_REPEAT => Re::Other,
            _ => return atom,
        };
        if q == OPEN_REPEAT {
            while self.i < self.s.len() && self.s[self.i] != '}' {
                self.i += 1;
            }
        }
        self.i += 1;
        if self.s.get(self.i) == Some(&'?') {
            self.i += 1;
        }
        r
    }

    fn atom(&mut self) -> Re {
        let c = self.s[self.i];
        self.i += 1;
        match c {
            '.' if self.dot_nl => Re::Other,
            '.' => Re::AnyNotNl,
            '(' => self.group(),
            '[' => {
                self.skip_class();
                Re::Other
            }
            '^' | '$' | '*' | '+' | '?' => Re::Other,
            '\\' => self.escape(),
            c => Re::Lit(c.to_string(), self.fold),
        }
    }

    fn escape(&mut self) -> Re {
        let Some(&e) = self.s.get(self.i) else { return Re::Other };
        self.i += 1;
        match e {
            'n' => Re::Lit("\n".into(), self.fold),
            't' => Re::Lit("\t".into(), self.fold),
            'r' => Re::Lit("\r".into(), self.fold),
            'f' => Re::Lit("\u{c}".into(), self.fold),
            c if c.is_ascii_punctuation() => Re::Lit(c.to_string(), self.fold),
            _ => Re::Other,
        }
    }

    fn skip_class(&mut self) {
        if self.s.get(self.i) == Some(&'^') {
            self.i += 1;
        }
        if self.s.get(self.i) == Some(&']') {
            self.i += 1;
        }
        while self.i < self.s.len() && self.s[self.i] != ']' {
            if self.s[self.i] == '\\' {
                self.i += 1;
            }
            self.i += 1;
        }
        self.i += 1;
    }

    /// After '(': a capture, `(?:...)`, `(?flags)` or `(?flags:...)`.
    fn group(&mut self) -> Re {
        let (fold, dot_nl) = (self.fold, self.dot_nl);
        if self.s.get(self.i) == Some(&'?') {
            self.i += 1;
            if matches!(self.s.get(self.i), Some('P') | Some('<')) {
                while self.i < self.s.len() && self.s[self.i] != '>' {
                    self.i += 1;
                }
                self.i += 1;
            } else {
                let mut on = true;
                while let Some(&f) = self.s.get(self.i) {
                    self.i += 1;
                    match f {
                        'i' => self.fold = on,
                        's' => self.dot_nl = on,
                        '-' => on = false,
                        ')' => return Re::Empty,
                        ':' => break,
                        _ => {}
                    }
                }
            }
        }
        let inner = self.alt();
        self.i += 1; // ')'
        self.fold = fold;
        self.dot_nl = dot_nl;
        inner
    }
}

/// Append to a concatenation, merging adjacent literals like Go does.
fn push(items: &mut Vec<Re>, atom: Re) {
    if let (Some(Re::Lit(prev, f1)), Re::Lit(s, f2)) = (items.last_mut(), &atom) {
        if *f1 == *f2 {
            prev.push_str(s);
            return;
        }
    }
    items.push(atom);
}

fn leading(re: &Re) -> Option<(&str, bool)> {
    match re {
        Re::Lit(s, f) => Some((s, *f)),
        Re::Concat(v) => match v.first() {
            Some(Re::Lit(s, f)) => Some((s, *f)),
            _ => None,
        },
        _ => None,
    }
}

fn strip_leading(re: Re, n: usize) -> Re {
    let cut = |s: String| s.chars().skip(n).collect::<String>();
    match re {
        Re::Lit(s, f) => {
            let rest = cut(s);
            if rest.is_empty() {
                Re::Empty
            } else {
                Re::Lit(rest, f)
            }
        }
        Re::Concat(mut v) => {
            if let Some(Re::Lit(s, f)) = v.first().cloned() {
                let rest = cut(s);
                if rest.is_empty() {
                    v.remove(0);
                } else {
                    v[0] = Re::Lit(rest, f);
                }
            }
            match v.len() {
                0 => Re::Empty,
                1 => v.pop().unwrap_or(Re::Empty),
                _ => Re::Concat(v),
            }
        }
        other => other,
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

/// Go's factoring of an alternation: common literal prefixes first, then
/// runs of single characters become a class.
fn factor(alts: Vec<Re>) -> Re {
    let mut out: Vec<Re> = Vec::new();
    let mut i = 0;
    while i < alts.len() {
        let Some((first, fold)) = leading(&alts[i]).map(|(s, f)| (s.to_string(), f)) else {
            out.push(alts[i].clone());
            i += 1;
            continue;
        };
        let mut prefix = first.chars().count();
        let mut j = i + 1;
        while j < alts.len() {
            match leading(&alts[j]) {
                Some((s, f)) if f == fold && common_prefix(&first, s).min(prefix) > 0 => {
                    prefix = common_prefix(&first, s).min(prefix);
                    j += 1;
                }
                _ => break,
            }
        }
        if j - i == 1 {
            out.push(alts[i].clone());
        } else {
            let lit: String = first.chars().take(prefix).collect();
            let rest: Vec<Re> = alts[i..j].iter().cloned().map(|r| strip_leading(r, prefix)).collect();
            out.push(Re::Concat(vec![Re::Lit(lit, fold), factor(rest)]));
        }
        i = j;
    }
    let single = |r: &Re| matches!(r, Re::Lit(s, _) if s.chars().count() == 1);
    if out.iter().filter(|r| single(r)).count() >= 2 {
        let mut merged = Vec::new();
        let mut k = 0;
        while k < out.len() {
            let run = out[k..].iter().take_while(|r| single(r)).count();
            if run >= 2 {
                merged.push(Re::Other);
                k += run;
            } else {
                merged.push(out[k].clone());
                k += 1;
            }
        }
        out = merged;
    }
    out.dedup_by(|a, b| *a == Re::Empty && *b == Re::Empty);
    if out.len() == 1 {
        return out.pop().unwrap_or(Re::Empty);
    }
    Re::Alt(out)
}

/// The Loki matcher for a label regex, when it simplifies.
pub fn simplify(re: &str) -> Option<Matcher> {
    let chars: Vec<char> = re.chars().collect();
    let mut p = P {
        s: &chars,
        i: 0,
        fold: false,
        dot_nl: false,
    };
    let tree = p.alt();
    if p.i < chars.len() {
        return None;
    }
    node(&tree, true)
}

fn node(re: &Re, is_label: bool) -> Option<Matcher> {
    match re {
        Re::Alt(v) => {
            let mut it = v.iter();
            let mut m = node(it.next()?, is_label)?;
            for r in it {
                m = or(m, node(r, is_label)?);
            }
            Some(m)
        }
        Re::Concat(v) => concat(v, String::new(), false),
        Re::Lit(s, f) if is_label => Some(Matcher::Equal(s.clone(), *f)),
        Re::Lit(s, f) => Some(contains(s, *f)),
        Re::Star(x) if **x == Re::AnyNotNl => Some(Matcher::True),
        Re::Plus(x) if **x == Re::AnyNotNl => Some(Matcher::NotEmpty),
        Re::Empty => Some(Matcher::True),
        _ => None,
    }
}

fn contains(s: &str, fold: bool) -> Matcher {
    if s.is_empty() {
        Matcher::True
    } else {
        Matcher::Contains(s.to_string(), fold)
    }
}

fn or(a: Matcher, b: Matcher) -> Matcher {
    match (a, b) {
        (Matcher::True, x) | (x, Matcher::True) => x,
        (a, b) => Matcher::Or(Box::new(a), Box::new(b)),
    }
}

/// Loki's `simplifyConcat`: at most three parts, one literal, `.*` around
/// it, or an alternation after the literal.
fn concat(v: &[Re], mut base: String, mut fold: bool) -> Option<Matcher> {
    let parts: Vec<&Re> = v.iter().filter(|r| **r != Re::Empty).collect();
    if parts.len() > 3 {
        return None;
    }
    let mut acc: Option<Matcher> = None;
    let mut literals = 0;
    let mut has_base = !base.is_empty();
    for sub in parts {
        match sub {
            Re::Lit(s, f) => {
                if literals != 0 {
                    return None;
                }
                literals += 1;
                base.push_str(s);
                fold = *f;
                has_base = true;
            }
            Re::Alt(alts) if has_base => acc = Some(concat_alt(alts, &base, fold, acc)?),
            Re::Star(x) if **x == Re::AnyNotNl => {}
            _ => return None,
        }
    }
    if acc.is_some() {
        return acc;
    }
    has_base.then(|| contains(&base, fold))
}

fn concat_alt(alts: &[Re], base: &str, fold: bool, mut acc: Option<Matcher>) -> Option<Matcher> {
    let chain = |acc: Option<Matcher>, m: Matcher| {
        Some(match acc {
            None => m,
            Some(a) => or(a, m),
        })
    };
    for alt in alts {
        if let Some((_, f)) = leading(alt) {
            if !fold && f {
                return None;
            }
        }
        acc = match alt {
            Re::Empty => chain(acc, contains(base, fold)),
            Re::Lit(s, _) => chain(acc, contains(&format!("{base}{s}"), fold)),
            Re::Concat(v) => chain(acc, concat(v, base.to_string(), fold)?),
            Re::Star(x) if **x == Re::AnyNotNl => chain(acc, contains(base, fold)),
            _ => return None,
        };
    }
    acc
}

/// How Loki matches a label value against a simplified regex.
#[derive(Clone, Debug)]
pub enum Matcher {
    True,
    NotEmpty,
    Equal(String, bool),
    Contains(String, bool),
    Regex(Regex),
    Not(Box<Matcher>),
    Or(Box<Matcher>, Box<Matcher>),
}

impl Matcher {
    pub fn matches(&self, v: &str) -> bool {
        match self {
            Matcher::True => true,
            Matcher::NotEmpty => !v.is_empty(),
            Matcher::Equal(s, false) => v == s,
            Matcher::Equal(s, true) => fold_eq(v, s),
            Matcher::Contains(s, false) => v.contains(s.as_str()),
            Matcher::Contains(s, true) => v.to_lowercase().contains(&s.to_lowercase()),
            Matcher::Regex(r) => r.is_match(v),
            Matcher::Not(m) => !m.matches(v),
            Matcher::Or(a, b) => a.matches(v) || b.matches(v),
        }
    }
}

fn fold_eq(a: &str, b: &str) -> bool {
    a.chars().count() == b.chars().count() && a.to_lowercase() == b.to_lowercase()
}

/// Loki's matcher for `name =~ re` (or `!~` when `!matching`).
pub fn label_matcher(re: &str, matching: bool) -> Result<Matcher, String> {
    let m = match simplify(re) {
        Some(m) => m,
        None => Matcher::Regex(compile(&format!("^(?:{re})$"))?),
    };
    Ok(if matching { m } else { Matcher::Not(Box::new(m)) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(re: &str, v: &str) -> Option<bool> {
        simplify(re).map(|m| m.matches(v))
    }

    #[test]
    fn like_loki() {
        assert_eq!(m("a.*", "meta"), Some(true));
        assert_eq!(m("a.*|b.*", "carol"), Some(true));
        assert_eq!(m("inf", "info"), Some(false));
        assert_eq!(m("api|db", "db"), Some(true));
        assert_eq!(m("api|db", "dbx"), Some(false));
        assert_eq!(m("(?i)info", "INFO"), Some(true));
        assert_eq!(m(".*", "x"), Some(true));
        assert_eq!(m(".+", ""), Some(false));
        assert_eq!(m("error|err", "xerrx"), Some(true));
        assert!(simplify("2..").is_none());
        assert!(simplify("a|b").is_none());
        assert_eq!(m("pod-.*", "my-pod-1"), Some(true));
    }
}
