//! Text that came from the data (log lines, labels, file names, server
//! messages) made safe to draw: a control character would reach the
//! terminal as it is (an escape sequence recolours the screen or retitles
//! the window, a carriage return moves the cursor), so each one is shown
//! instead: C0 and DEL in caret notation (`^[`, `^M`, `^G`, `^?`), a tab as
//! spaces, C1 as U+FFFD. Only the view does this; line output keeps the
//! bytes as logcli prints them.

use std::borrow::Cow;

/// What a tab becomes (its column is not known where the text is cut up).
const TAB: &str = "    ";

/// Whether `s` holds a control character to show. C1 ones are encoded
/// with a 0xC2 lead byte, which other characters share: the bytes are a
/// quick first look, the characters the answer.
fn has_control(s: &str, keep_newline: bool) -> bool {
    let shown = |c: char| c.is_control() && !(keep_newline && c == '\n');
    s.bytes().any(|b| b < 0x20 || b == 0x7f || b == 0xc2) && s.chars().any(shown)
}

fn replace(s: &str, keep_newline: bool) -> Cow<'_, str> {
    if !has_control(s, keep_newline) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' if keep_newline => out.push('\n'),
            '\t' => out.push_str(TAB),
            '\0'..='\u{1f}' => {
                out.push('^');
                out.push((c as u8 + 0x40) as char);
            }
            '\u{7f}' => out.push_str("^?"),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// One row of text: every control character shown, newlines too.
pub fn line(s: &str) -> Cow<'_, str> {
    replace(s, false)
}

/// Text of several lines (a pane): newlines kept as line breaks.
pub fn lines(s: &str) -> Cow<'_, str> {
    replace(s, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_not_sent() {
        let raw = "a\x1b[31mRED\x1b[0m \x1b]0;TITLE\x07 cr\rX\x00\x7f\u{9b}2J\tend";
        assert_eq!(line(raw), "a^[[31mRED^[[0m ^[]0;TITLE^G cr^MX^@^?\u{fffd}2J    end");
        assert_eq!(line("two\nlines"), "two^Jlines");
        assert_eq!(lines("two\nlines\r"), "two\nlines^M");
    }

    #[test]
    fn plain_text_is_not_copied() {
        for s in ["plain", "ünïcödé ¿¡ £ 漢字 🚀", ""] {
            assert!(matches!(line(s), Cow::Borrowed(b) if b == s), "{s}");
        }
        assert!(matches!(lines("a\nb"), Cow::Borrowed(_)));
    }
}
