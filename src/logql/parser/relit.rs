//! Whether Loki turns a label-filter regex into a plain string filter.
//! Loki parses the regex with Go's `regexp/syntax` (which merges literals
//! and factors alternations), then tries to reduce it to literals,
//! alternations of literals and `.*`; a label filter `a=~"re"` whose
//! regex does not reduce prints as a raw regex: ``a=~`re` ``. This is a
//! small model of those two steps, enough for the printing decision.

#[derive(Debug, Clone, PartialEq)]
enum Re {
    Empty,
    /// Literal runes and whether they match case-insensitively.
    Lit(Vec<char>, bool),
    AnyNotNl,
    /// Any other single-character matcher: `[..]`, `\d`, `(?s).`.
    Class,
    Star(Box<Re>),
    Plus(Box<Re>),
    /// Anchors, `?`, counted repetitions: never reduced.
    Other,
    Concat(Vec<Re>),
    Alt(Vec<Re>),
    Capture(Box<Re>),
}

struct Parser<'a> {
    s: &'a [char],
    i: usize,
    fold: bool,
    dot_nl: bool,
}

/// True when Loki reduces the label-filter regex `re` to a string filter.
pub fn label_regex_reduces(re: &str) -> bool {
    let chars: Vec<char> = re.chars().collect();
    let mut p = Parser {
        s: &chars,
        i: 0,
        fold: false,
        dot_nl: false,
    };
    match p.alternation() {
        Some(r) if p.i >= chars.len() => simplify(r),
        _ => false,
    }
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.s.get(self.i).copied()
    }

    fn alternation(&mut self) -> Option<Re> {
        let mut alts = vec![self.concat()?];
        while self.peek() == Some('|') {
            self.i += 1;
            alts.push(self.concat()?);
        }
        Some(if alts.len() == 1 { alts.remove(0) } else { factor(alts) })
    }

    fn concat(&mut self) -> Option<Re> {
        let mut items: Vec<Re> = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let atom = self.repeat(atom);
            push_merged(&mut items, atom);
        }
        Some(match items.len() {
            0 => Re::Empty,
            1 => items.remove(0),
            _ => Re::Concat(items),
        })
    }

    fn repeat(&mut self, atom: Re) -> Re {
        let r = match self.peek() {
            Some('*') => Re::Star(Box::new(atom)),
            Some('+') => Re::Plus(Box::new(atom)),
            Some('?') => Re::Other,
            Some('{') => {
                let rest: String = self.s[self.i..].iter().collect();
                let Some(end) = rest.find('}') else { return atom };
                let body = &rest[1..end];
                self.i += end;
                match body {
                    "0," => Re::Star(Box::new(atom)),
                    "1," => Re::Plus(Box::new(atom)),
                    "1" | "1,1" => atom,
                    _ => Re::Other,
                }
            }
            _ => return atom,
        };
        self.i += 1;
        if self.peek() == Some('?') {
            self.i += 1;
        }
        r
    }

    fn atom(&mut self) -> Option<Re> {
        let c = self.peek()?;
        self.i += 1;
        Some(match c {
            '(' => return self.group(),
            '[' => {
                let start = self.i;
                let mut first = true;
                while let Some(c) = self.peek() {
                    self.i += 1;
                    match c {
                        '\\' => self.i += 1,
                        ']' if !first => break,
                        _ => {}
                    }
                    first = false;
                }
                // Go's parser turns a one-character class into a literal
                match &self.s[start..self.i.saturating_sub(1)] {
                    [c] if *c != '^' => self.lit(*c),
                    [a, '-', b] if a == b => self.lit(*a),
                    ['\\', c] if !c.is_ascii_alphanumeric() => self.lit(*c),
                    _ => Re::Class,
                }
            }
            '.' if self.dot_nl => Re::Class,
            '.' => Re::AnyNotNl,
            '^' | '$' => Re::Other,
            '\\' => self.escape()?,
            _ => self.lit(c),
        })
    }

    fn lit(&self, c: char) -> Re {
        let cased = c.to_lowercase().ne(c.to_uppercase());
        Re::Lit(vec![c], self.fold && cased)
    }

    fn escape(&mut self) -> Option<Re> {
        let c = self.peek()?;
        self.i += 1;
        Some(match c {
            'd' | 'D' | 'w' | 'W' | 's' | 'S' | 'p' | 'P' => {
                if matches!(c, 'p' | 'P') && self.peek() == Some('{') {
                    while self.peek().is_some_and(|c| c != '}') {
                        self.i += 1;
                    }
                }
                self.i += usize::from(matches!(c, 'p' | 'P'));
                Re::Class
            }
            'b' | 'B' | 'A' | 'z' => Re::Other,
            'Q' => {
                // `\Q...\E` quotes literal text
                let mut text = Vec::new();
                while let Some(c) = self.peek() {
                    self.i += 1;
                    if c == '\\' && self.peek() == Some('E') {
                        self.i += 1;
                        break;
                    }
                    text.push(c);
                }
                let fold = self.fold;
                return Some(Re::Concat(
                    text.into_iter()
                        .map(|c| Re::Lit(vec![c], fold && c.is_alphabetic()))
                        .collect(),
                ));
            }
            'n' => self.lit('\n'),
            't' => self.lit('\t'),
            'r' => self.lit('\r'),
            'f' => self.lit('\u{c}'),
            'v' => self.lit('\u{b}'),
            'a' => self.lit('\u{7}'),
            c if c.is_ascii_alphanumeric() => Re::Other,
            c => self.lit(c),
        })
    }

    /// After `(`: a capture, a non-capturing group or a flag setting.
    fn group(&mut self) -> Option<Re> {
        let (saved_fold, saved_nl) = (self.fold, self.dot_nl);
        let mut capture = true;
        if self.peek() == Some('?') {
            self.i += 1;
            if matches!(self.peek(), Some('P') | Some('<')) {
                while self.peek().is_some_and(|c| c != '>') {
                    self.i += 1;
                }
                self.i += 1;
            } else {
                capture = false;
                let mut on = true;
                while let Some(c) = self.peek() {
                    self.i += 1;
                    match c {
                        '-' => on = false,
                        'i' => self.fold = on,
                        's' => self.dot_nl = on,
                        ':' => break,
                        // `(?i)` changes the flags of the enclosing group
                        ')' => return Some(Re::Empty),
                        _ => {}
                    }
                }
            }
        }
        let inner = self.alternation()?;
        if self.peek() != Some(')') {
            return None;
        }
        self.i += 1;
        self.fold = saved_fold;
        self.dot_nl = saved_nl;
        Some(if capture { Re::Capture(Box::new(inner)) } else { inner })
    }
}

/// Append to a concatenation, merging literals with the same case flag
/// (as Go's parser does) and dropping empty matches.
fn push_merged(items: &mut Vec<Re>, r: Re) {
    match r {
        Re::Empty => {}
        Re::Concat(v) => v.into_iter().for_each(|x| push_merged(items, x)),
        Re::Lit(cs, f) => match items.last_mut() {
            Some(Re::Lit(prev, pf)) if *pf == f => prev.extend(cs),
            _ => items.push(Re::Lit(cs, f)),
        },
        r => items.push(r),
    }
}

fn leading_lit(r: &Re) -> Option<(&[char], bool)> {
    match r {
        Re::Lit(cs, f) => Some((cs, *f)),
        Re::Concat(v) => match v.first() {
            Some(Re::Lit(cs, f)) => Some((cs, *f)),
            _ => None,
        },
        _ => None,
    }
}

fn drop_prefix(r: Re, n: usize) -> Re {
    let mut items = match r {
        Re::Concat(v) => v,
        other => vec![other],
    };
    if let Some(Re::Lit(cs, _)) = items.first_mut() {
        cs.drain(..n);
        if cs.is_empty() {
            items.remove(0);
        }
    }
    match items.len() {
        0 => Re::Empty,
        1 => items.remove(0),
        _ => Re::Concat(items),
    }
}

/// Go's alternation factoring: common literal prefixes, then runs of
/// single characters collapse into a class.
fn factor(alts: Vec<Re>) -> Re {
    let mut out: Vec<Re> = Vec::new();
    let mut i = 0;
    while i < alts.len() {
        let mut j = i + 1;
        let mut common = 0;
        if let Some((first, f)) = leading_lit(&alts[i]) {
            common = first.len();
            while j < alts.len() {
                let Some((next, g)) = leading_lit(&alts[j]) else { break };
                let same = first.iter().zip(next).take_while(|(a, b)| a == b).count().min(common);
                if same == 0 || g != f {
                    break;
                }
                common = same;
                j += 1;
            }
        }
        if j - i < 2 {
            out.push(alts[i].clone());
            i += 1;
            continue;
        }
        let prefix = match leading_lit(&alts[i]) {
            Some((cs, f)) => Re::Lit(cs[..common].to_vec(), f),
            None => Re::Empty,
        };
        let rest: Vec<Re> = alts[i..j].iter().cloned().map(|a| drop_prefix(a, common)).collect();
        out.push(Re::Concat(vec![prefix, factor(rest)]));
        i = j;
    }
    let single = |r: &Re| matches!(r, Re::Class) || matches!(r, Re::Lit(cs, _) if cs.len() == 1);
    let mut merged: Vec<Re> = Vec::new();
    for r in out {
        if single(&r) && merged.last().is_some_and(single) {
            merged.pop();
            merged.push(Re::Class);
        } else if r == Re::Empty && merged.last() == Some(&Re::Empty) {
        } else {
            merged.push(r);
        }
    }
    if merged.len() == 1 {
        merged.remove(0)
    } else {
        Re::Alt(merged)
    }
}

fn is_any_star(r: &Re) -> bool {
    matches!(r, Re::Star(x) if **x == Re::AnyNotNl)
}

fn uncapture(r: Re) -> Re {
    match r {
        Re::Capture(x) => uncapture(*x),
        r => r,
    }
}

/// Loki's `simplify` for label filters.
fn simplify(r: Re) -> bool {
    match uncapture(r) {
        Re::Alt(v) => v.into_iter().all(simplify),
        Re::Concat(v) => concat(v, false),
        Re::Lit(..) | Re::Empty => true,
        Re::Star(x) => *x == Re::AnyNotNl,
        Re::Plus(x) => *x == Re::AnyNotNl,
        _ => false,
    }
}

/// Loki's `simplifyConcat`: at most three pieces, one literal, `.*`, and
/// alternations after the literal.
fn concat(v: Vec<Re>, mut have_lit: bool) -> bool {
    let v: Vec<Re> = v.into_iter().map(uncapture).filter(|r| *r != Re::Empty).collect();
    if v.len() > 3 {
        return false;
    }
    let mut lits = 0;
    for sub in v {
        match sub {
            Re::Lit(..) if lits == 0 => {
                lits += 1;
                have_lit = true;
            }
            Re::Alt(alts) if have_lit => {
                if !alts.into_iter().all(|a| match uncapture(a) {
                    Re::Empty | Re::Lit(..) => true,
                    Re::Concat(c) => concat(c, true),
                    s => is_any_star(&s),
                }) {
                    return false;
                }
            }
            s if is_any_star(&s) => {}
            _ => return false,
        }
    }
    have_lit
}

#[cfg(test)]
mod tests {
    use super::label_regex_reduces as r;

    #[test]
    fn like_loki() {
        for yes in [
            "x",
            "x.*",
            ".*x",
            ".*x.*",
            ".*",
            ".+",
            "",
            "(?i)x",
            "err|crit",
            "foo.*|bar",
            "error|warn|critical",
        ] {
            assert!(r(yes), "{yes}");
        }
        for no in [
            "5..",
            "a.*b",
            "^x$",
            "\\d+",
            "[0-9]+",
            "(a|b)c",
            "a+",
            "foo|bar|baz",
            "é.+",
            "y.+",
        ] {
            assert!(!r(no), "{no}");
        }
    }
}
