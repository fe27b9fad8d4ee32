//! Following files like `tail -F`: one thread reads every file from where
//! it was left, wakes on the file system's events (inotify through
//! `notify`) or every quarter second when there are none, and notices
//! rotation (the path names another file: the old one is read to its end,
//! the new one from its start), truncation (copytruncate: read again from
//! the start) and files that appear later (read from their start).

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc as std_mpsc;
use std::time::Duration;

use notify::{RecursiveMode, Watcher};
use tokio::sync::mpsc;

use super::cut::Cutter;
use super::reader::Block;

/// With no file system event, look anyway this often.
const POLL: Duration = Duration::from_millis(250);
const READ: usize = 256 * 1024;

/// What a follower reports.
#[derive(Debug)]
pub enum Feed {
    /// Whole lines read from input `input`.
    Lines { input: usize, block: Block },
    /// Something worth telling the user (rotation, truncation, a new file).
    Note(String),
}

/// Identity of a file: device and inode.
pub type FileId = (u64, u64);

/// A file that exists now, held open from the start (so a rotation right
/// after the history is read still finds the old file's last lines).
#[derive(Debug)]
pub struct Start {
    pub file: File,
    pub id: FileId,
    /// Its length when opened; then where following starts.
    pub offset: u64,
}

/// The file at `path`, opened, if it exists.
pub fn probe(path: &Path) -> Option<Start> {
    let file = File::open(path).ok()?;
    let m = file.metadata().ok()?;
    Some(Start {
        file,
        id: (m.dev(), m.ino()),
        offset: m.len(),
    })
}

struct Followed {
    input: usize,
    path: PathBuf,
    file: Option<File>,
    id: Option<FileId>,
    pos: u64,
    cut: Cutter,
    /// Where to start in the file seen when the run began.
    start: Option<Start>,
}

impl Followed {
    fn name(&self) -> String {
        self.path.display().to_string()
    }

    fn open(&mut self, tx: &mpsc::Sender<Feed>) -> bool {
        if let Some(s) = self.start.take() {
            self.pos = s.offset;
            self.id = Some(s.id);
            self.file = Some(s.file);
            return true;
        }
        let Ok(f) = File::open(&self.path) else { return false };
        let Ok(m) = f.metadata() else { return false };
        let _ = tx.blocking_send(Feed::Note(format!("{}: following a new file", self.name())));
        self.pos = 0;
        self.id = Some((m.dev(), m.ino()));
        self.file = Some(f);
        true
    }

    /// Read what was added; then check for rotation and truncation.
    /// Returns whether anything was read, or None when the view is gone.
    fn poll(&mut self, buf: &mut [u8], tx: &mpsc::Sender<Feed>) -> Option<bool> {
        if self.file.is_none() && !self.open(tx) {
            return Some(false);
        }
        let read = self.drain(buf, tx)?;
        let now = std::fs::metadata(&self.path).ok();
        let size = self.file.as_ref().and_then(|f| f.metadata().ok()).map(|m| m.len());
        match now {
            // rotated: the old file is read to its end; the new one next time
            Some(m) if Some((m.dev(), m.ino())) != self.id => {
                self.end_of_file(tx)?;
                let _ = tx.blocking_send(Feed::Note(format!("{}: rotated", self.name())));
                self.file = None;
                self.id = None;
                Some(true)
            }
            _ if size.is_some_and(|s| s < self.pos) => {
                let _ = tx.blocking_send(Feed::Note(format!(
                    "{}: truncated, reading from the start",
                    self.name()
                )));
                self.pos = 0;
                self.cut.reset();
                if let Some(f) = self.file.as_mut() {
                    let _ = f.seek(SeekFrom::Start(0));
                }
                Some(true)
            }
            _ => Some(read),
        }
    }

    fn drain(&mut self, buf: &mut [u8], tx: &mpsc::Sender<Feed>) -> Option<bool> {
        let f = self.file.as_mut()?;
        if f.seek(SeekFrom::Start(self.pos)).is_err() {
            return Some(false);
        }
        let mut any = false;
        loop {
            let n = match f.read(buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            self.pos += n as u64;
            any = true;
            let mut block = Vec::with_capacity(n + 256);
            self.cut.feed(&buf[..n], &mut block);
            if !block.is_empty() {
                tx.blocking_send(Feed::Lines {
                    input: self.input,
                    block,
                })
                .ok()?;
            }
        }
        Some(any)
    }

    /// A rotated file's unterminated last line still counts.
    fn end_of_file(&mut self, tx: &mpsc::Sender<Feed>) -> Option<()> {
        let mut block = Vec::new();
        self.cut.finish(&mut block);
        if !block.is_empty() {
            tx.blocking_send(Feed::Lines {
                input: self.input,
                block,
            })
            .ok()?;
        }
        Some(())
    }
}

/// Follow `files` ((input index, path, where to start)) on a thread.
pub fn spawn(files: Vec<(usize, PathBuf, Option<Start>)>, max_line: usize) -> mpsc::Receiver<Feed> {
    let (tx, rx) = mpsc::channel(16);
    std::thread::spawn(move || {
        let (wake_tx, wake) = std_mpsc::channel::<()>();
        // the watcher lives as long as the loop; without one, polling does it all
        let _watcher = watch(files.iter().map(|f| f.1.as_path()), wake_tx);
        let mut followed: Vec<Followed> = files
            .into_iter()
            .map(|(input, path, start)| Followed {
                input,
                path,
                file: None,
                id: None,
                pos: 0,
                cut: Cutter::new(max_line),
                start,
            })
            .collect();
        let mut buf = vec![0u8; READ];
        loop {
            let mut any = false;
            for f in &mut followed {
                match f.poll(&mut buf, &tx) {
                    Some(read) => any |= read,
                    None => return,
                }
            }
            if tx.is_closed() {
                return;
            }
            if !any {
                // an event or the poll interval; then drain the other events
                let _ = wake.recv_timeout(POLL);
                while wake.try_recv().is_ok() {}
            }
        }
    });
    rx
}

/// Watch the directories of the files (so creations and renames are seen).
fn watch<'a>(paths: impl Iterator<Item = &'a Path>, wake: std_mpsc::Sender<()>) -> Option<notify::RecommendedWatcher> {
    let mut w = notify::recommended_watcher(move |_res: notify::Result<notify::Event>| {
        let _ = wake.send(());
    })
    .ok()?;
    let mut dirs: Vec<PathBuf> = paths
        .map(|p| match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    for d in dirs {
        let _ = w.watch(&d, RecursiveMode::NonRecursive);
    }
    Some(w)
}
