//! Splitting input into lines with a bound on their length
//! (`--max-line-size`): a longer line keeps its first bytes and ends with a
//! marker saying how much was cut, so one runaway line (a binary file, a
//! dump without newlines) can neither exhaust memory nor crash the run.

/// Default `--max-line-size`: 1 MiB.
pub const DEFAULT_MAX_LINE: usize = 1 << 20;

/// Accumulates bytes and hands out whole lines (each ending in `\n`).
#[derive(Debug)]
pub struct Cutter {
    max: usize,
    /// The start of the current, unfinished line (at most `max` bytes).
    carry: Vec<u8>,
    /// Bytes of the current line dropped past `max`.
    cut: u64,
}

impl Cutter {
    pub fn new(max: usize) -> Cutter {
        Cutter {
            max: max.max(1),
            carry: Vec::new(),
            cut: 0,
        }
    }

    /// Take `data`; append the lines it completes to `out`.
    pub fn feed(&mut self, data: &[u8], out: &mut Vec<u8>) {
        // fast path: no line can be over the limit
        if self.cut == 0 && self.carry.len() + data.len() <= self.max {
            match data.iter().rposition(|&b| b == b'\n') {
                Some(end) => {
                    out.extend_from_slice(&self.carry);
                    out.extend_from_slice(&data[..=end]);
                    self.carry.clear();
                    self.carry.extend_from_slice(&data[end + 1..]);
                }
                None => self.carry.extend_from_slice(data),
            }
            return;
        }
        let mut rest = data;
        while let Some(i) = rest.iter().position(|&b| b == b'\n') {
            self.take(&rest[..i]);
            self.end_line(out);
            rest = &rest[i + 1..];
        }
        self.take(rest);
    }

    /// The end of the input: an unterminated last line becomes a line.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        if !self.carry.is_empty() || self.cut > 0 {
            self.end_line(out);
        }
    }

    /// Forget the unfinished line (the file it came from was truncated).
    pub fn reset(&mut self) {
        self.carry.clear();
        self.cut = 0;
    }

    fn take(&mut self, seg: &[u8]) {
        let room = self.max.saturating_sub(self.carry.len());
        let mut n = room.min(seg.len());
        // a cut does not split a UTF-8 character
        while n > 0 && n < seg.len() && (seg[n] & 0xC0) == 0x80 {
            n -= 1;
        }
        self.carry.extend_from_slice(&seg[..n]);
        self.cut += (seg.len() - n) as u64;
    }

    fn end_line(&mut self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.carry);
        if self.cut > 0 {
            out.extend_from_slice(format!("… [line cut: {} more bytes]", self.cut).as_bytes());
        }
        out.push(b'\n');
        self.carry.clear();
        self.cut = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(max: usize, chunks: &[&[u8]]) -> String {
        let mut c = Cutter::new(max);
        let mut out = Vec::new();
        for ch in chunks {
            c.feed(ch, &mut out);
        }
        c.finish(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn lines_within_the_limit_pass_whole_across_chunks() {
        assert_eq!(run(10, &[b"ab", b"c\nde", b"f\n", b"g"]), "abc\ndef\ng\n");
        assert_eq!(run(100, &[b"one\ntwo\n"]), "one\ntwo\n");
    }

    #[test]
    fn long_lines_are_cut_with_a_marker_and_the_next_line_is_whole() {
        assert_eq!(run(4, &[b"abcdefgh\nxy\n"]), "abcd… [line cut: 4 more bytes]\nxy\n");
        // the cut spans chunks; memory holds at most `max` bytes of it
        let mut c = Cutter::new(3);
        let mut out = Vec::new();
        for _ in 0..1000 {
            c.feed(b"zzzzzzzzzz", &mut out);
            assert!(c.carry.len() <= 3);
        }
        c.feed(b"\nok\n", &mut out);
        assert_eq!(String::from_utf8_lossy(&out), "zzz… [line cut: 9997 more bytes]\nok\n");
    }

    #[test]
    fn a_cut_does_not_split_a_character() {
        assert_eq!(run(2, &["héllo\n".as_bytes()]), "h… [line cut: 5 more bytes]\n");
    }
}
