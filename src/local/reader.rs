//! Input for local evaluation: a thread reads stdin or files in blocks of
//! whole lines and hands them over a bounded channel, so the evaluator can
//! wait on input, a deadline and signals at once, and knows when the input
//! is idle (the moment to flush output to a pipe).

use std::io::Read;
use std::path::PathBuf;

use tokio::sync::mpsc;

use super::cut::Cutter;
use crate::core::{Error, Result};

/// Where lines come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

impl Input {
    pub fn name(&self) -> String {
        match self {
            Input::Stdin => "stdin".into(),
            Input::File(p) => p.display().to_string(),
        }
    }
}

/// Bytes of whole lines, each ending in `\n`.
pub type Block = Vec<u8>;

const BLOCK: usize = 256 * 1024;

fn open(input: &Input) -> Result<Box<dyn Read + Send>> {
    Ok(match input {
        Input::Stdin => Box::new(std::io::stdin()),
        Input::File(p) => {
            Box::new(std::fs::File::open(p).map_err(|e| Error::usage(format!("cannot read {:?}: {e}", p.display())))?)
        }
    })
}

/// Read one input to the end, sending blocks of whole lines (each at most
/// `max_line` bytes, see [`Cutter`]).
fn pump(input: &Input, max_line: usize, tx: &mpsc::Sender<Result<Block>>) -> Result<bool> {
    let mut r = open(input)?;
    let mut cut = Cutter::new(max_line);
    let mut buf = vec![0u8; BLOCK];
    loop {
        let n = match r.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Error::file(format!("cannot read {}", input.name()), e)),
        };
        let mut block = Vec::with_capacity(n + 256);
        cut.feed(&buf[..n], &mut block);
        if !block.is_empty() && tx.blocking_send(Ok(block)).is_err() {
            return Ok(false);
        }
    }
    let mut last = Vec::new();
    cut.finish(&mut last);
    if !last.is_empty() && tx.blocking_send(Ok(last)).is_err() {
        return Ok(false);
    }
    Ok(true)
}

/// Start reading `inputs` in order on a thread.
pub fn spawn(inputs: Vec<Input>, max_line: usize) -> mpsc::Receiver<Result<Block>> {
    let (tx, rx) = mpsc::channel(4);
    std::thread::spawn(move || {
        for input in &inputs {
            match pump(input, max_line, &tx) {
                Ok(true) => {}
                Ok(false) => return,
                Err(e) => {
                    let _ = tx.blocking_send(Err(e));
                    return;
                }
            }
        }
    });
    rx
}

/// The lines of a block, without `\n` / `\r\n`.
pub fn lines(block: &[u8]) -> impl Iterator<Item = &[u8]> {
    let body = block.strip_suffix(b"\n").unwrap_or(block);
    body.split(|&b| b == b'\n').map(|l| l.strip_suffix(b"\r").unwrap_or(l))
}
