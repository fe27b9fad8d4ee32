//! The history of a followed file: its newest entries, found by reading it
//! backwards in segments of whole lines (each read forwards through the
//! same line cutter), so memory holds one segment and the entries kept,
//! however large the file or its lines.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use super::cut::Cutter;
use crate::core::{Error, Result};

/// Bytes per segment read backwards.
const SEG: u64 = 256 * 1024;

fn io(e: std::io::Error) -> Error {
    Error::file("cannot read a followed file", e)
}

/// The start of the line holding byte `at`: just after the last `\n`
/// before `at`, or 0.
pub fn line_start(f: &mut File, at: u64) -> Result<u64> {
    let mut end = at;
    let mut buf = vec![0u8; 64 * 1024];
    while end > 0 {
        let start = end.saturating_sub(buf.len() as u64);
        let n = (end - start) as usize;
        f.seek(SeekFrom::Start(start)).map_err(io)?;
        f.read_exact(&mut buf[..n]).map_err(io)?;
        if let Some(i) = buf[..n].iter().rposition(|&b| b == b'\n') {
            return Ok(start + i as u64 + 1);
        }
        end = start;
    }
    Ok(0)
}

/// The lines of `[start, end)` (whole lines), cut at `max_line`.
pub fn read_range(f: &mut File, start: u64, end: u64, max_line: usize) -> Result<Vec<u8>> {
    f.seek(SeekFrom::Start(start)).map_err(io)?;
    let mut cut = Cutter::new(max_line);
    let mut out = Vec::new();
    let mut left = end - start;
    let mut buf = vec![0u8; 64 * 1024];
    while left > 0 {
        let n = (left as usize).min(buf.len());
        f.read_exact(&mut buf[..n]).map_err(io)?;
        cut.feed(&buf[..n], &mut out);
        left -= n as u64;
    }
    cut.finish(&mut out);
    Ok(out)
}

/// Walk `[0, end)` backwards, one segment of whole lines at a time: `each`
/// gets the segment's lines (in file order) and returns false to stop.
pub fn backwards(f: &mut File, end: u64, max_line: usize, mut each: impl FnMut(&[u8]) -> Result<bool>) -> Result<()> {
    let mut end = end;
    while end > 0 {
        let target = end.saturating_sub(SEG);
        let start = if target == 0 { 0 } else { line_start(f, target)? };
        let block = read_range(f, start, end, max_line)?;
        if !each(&block)? {
            break;
        }
        end = start;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn segments_cover_the_file_backwards_in_whole_lines() {
        let mut t = tempfile::tempfile().unwrap();
        let mut text = String::new();
        for i in 0..100_000 {
            text.push_str(&format!("line {i}\n"));
        }
        t.write_all(text.as_bytes()).unwrap();
        let mut seen: Vec<String> = Vec::new();
        backwards(&mut t, text.len() as u64, 1 << 20, |b| {
            let mut seg: Vec<String> = String::from_utf8_lossy(b).lines().map(String::from).collect();
            seg.append(&mut seen);
            seen = seg;
            Ok(true)
        })
        .unwrap();
        assert_eq!(seen.len(), 100_000);
        assert_eq!(seen.join("\n") + "\n", text);
        assert_eq!(line_start(&mut t, 3).unwrap(), 0);
        assert_eq!(line_start(&mut t, 8).unwrap(), 7);
    }
}
