//! Parallel, resumable export (`--parallel-*`, `--part-path-prefix`,
//! `--merge-parts`): the range is split into jobs that workers download to
//! part files (`.part.tmp`, renamed to `.part` when complete); completed
//! parts are skipped on a rerun; a merger prints parts in order as soon as
//! each is complete, so stdout stays ordered with bounded memory.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::output::{OutputOptions, Printer};
use crate::query::RangeQuery;

pub struct Export {
    pub query: RangeQuery,
    pub job_len: i64,
    pub workers: usize,
    pub prefix: Option<String>,
    pub overwrite: bool,
    pub merge: bool,
    pub keep: bool,
    pub quiet: bool,
}

/// One job: its range and its part file paths.
#[derive(Debug, Clone)]
pub struct Job {
    pub start: i64,
    pub end: i64,
    pub done: PathBuf,
    pub tmp: PathBuf,
}

fn stamp(ns: i64) -> String {
    crate::time::to_datetime(ns).format("%Y%m%dT%H%M%S").to_string()
}

/// Jobs in output order: oldest first with --forward, else newest first.
pub fn plan(start: i64, end: i64, job_len: i64, forward: bool, prefix: &str) -> Vec<Job> {
    let mut jobs = Vec::new();
    let mut s = start;
    while s < end {
        let e = s.saturating_add(job_len).min(end);
        let base = format!("{prefix}_{}_{}", stamp(s), stamp(e));
        jobs.push(Job {
            start: s,
            end: e,
            done: PathBuf::from(format!("{base}.part")),
            tmp: PathBuf::from(format!("{base}.part.tmp")),
        });
        s = e;
    }
    if !forward {
        jobs.reverse();
    }
    jobs
}

async fn download(client: Arc<Client>, q: RangeQuery, opts: OutputOptions, job: Job, quiet: bool) -> Result<()> {
    const ATTEMPTS: u32 = 3;
    let mut attempt = 0;
    loop {
        attempt += 1;
        let file = std::fs::File::create(&job.tmp)
            .map_err(|e| Error::usage(format!("cannot write {}: {e}", job.tmp.display())))?;
        let mut p = Printer::new(BufWriter::with_capacity(256 * 1024, file), opts.clone());
        let mut sub = q.clone();
        sub.start = job.start;
        sub.end = job.end;
        sub.limit = 0;
        let r = crate::query::run_range(&client, &sub, &mut p, &mut None, true).await;
        let flushed = p.into_inner().and_then(|mut w| w.flush());
        match (r, flushed) {
            (Ok(_), Ok(())) => {
                std::fs::rename(&job.tmp, &job.done)
                    .map_err(|e| Error::usage(format!("cannot rename {}: {e}", job.tmp.display())))?;
                return Ok(());
            }
            (Err(e), _) if attempt < ATTEMPTS && !matches!(e, Error::Usage(_)) => {
                if !quiet {
                    eprintln!(
                        "part {} failed ({e}); retrying ({attempt}/{})",
                        job.done.display(),
                        ATTEMPTS - 1
                    );
                }
                tokio::time::sleep(crate::client::backoff_delay(
                    attempt - 1,
                    std::time::Duration::from_millis(200),
                    std::time::Duration::from_secs(5),
                ))
                .await;
            }
            (Err(e), _) => {
                let _ = std::fs::remove_file(&job.tmp);
                return Err(Error::Protocol(format!(
                    "part {} failed after {attempt} attempts: {e}",
                    job.done.display()
                ))
                .with_code(e));
            }
            (Ok(_), Err(e)) => return Err(Error::Io(e)),
        }
    }
}

impl Error {
    /// Keep the exit code class of the underlying error.
    fn with_code(self, cause: Error) -> Error {
        match cause {
            Error::Connection(_) => Error::Connection(self.to_string()),
            Error::Http { status, .. } => Error::Http {
                status,
                body: self.to_string(),
            },
            _ => self,
        }
    }
}

/// Run the export. Returns the number of parts downloaded (not skipped).
pub async fn run<W: Write>(client: &Arc<Client>, x: &Export, opts: OutputOptions, out: &mut W) -> Result<usize> {
    // Without a prefix, parts go to a private temporary directory and are
    // merged to stdout (logcli would interleave them).
    let (prefix, merge, keep, tmpdir) = match &x.prefix {
        Some(p) => (p.clone(), x.merge, x.keep, None),
        None => {
            let dir = std::env::temp_dir().join(format!("logcli-export-{}", std::process::id()));
            std::fs::create_dir_all(&dir).map_err(|e| Error::usage(format!("cannot create {}: {e}", dir.display())))?;
            (dir.join("part").to_string_lossy().into_owned(), true, false, Some(dir))
        }
    };
    let jobs = plan(x.query.start, x.query.end, x.job_len.max(1), x.query.forward, &prefix);
    let sem = Arc::new(tokio::sync::Semaphore::new(x.workers.max(1)));
    let mut handles = Vec::with_capacity(jobs.len());
    let mut downloaded = 0;
    for job in &jobs {
        if job.done.exists() && !x.overwrite {
            handles.push(None);
            continue;
        }
        downloaded += 1;
        let client = Arc::clone(client);
        let q = x.query.clone();
        let opts = opts.clone();
        let job = job.clone();
        let sem = Arc::clone(&sem);
        let quiet = x.quiet;
        handles.push(Some(tokio::spawn(async move {
            let _permit = sem
                .acquire_owned()
                .await
                .map_err(|_| Error::Protocol("worker pool closed".into()))?;
            download(client, q, opts, job, quiet).await
        })));
    }
    let mut result = Ok(downloaded);
    let mut progress = crate::progress::Progress::new(x.quiet);
    let total = jobs.len();
    for (i, (job, h)) in jobs.iter().zip(handles).enumerate() {
        if let Some(h) = h {
            match h.await {
                Ok(Ok(())) => {}
                Ok(Err(e)) => {
                    result = Err(e);
                    break;
                }
                Err(e) => {
                    result = Err(Error::Protocol(format!("worker failed: {e}")));
                    break;
                }
            }
        }
        progress.update(i as u64 + 1, (i + 1) as f64 / total as f64, "parts");
        if merge {
            progress.clear();
            let mut f = std::fs::File::open(&job.done)
                .map_err(|e| Error::usage(format!("cannot read {}: {e}", job.done.display())))?;
            std::io::copy(&mut f, out)?;
            out.flush()?;
            if !keep {
                let _ = std::fs::remove_file(&job.done);
            }
        }
    }
    if let Some(dir) = tmpdir {
        let _ = std::fs::remove_dir_all(dir);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_names_and_order() {
        let h = 3_600 * crate::time::NANOS_PER_SEC;
        let start = 1_611_050_400 * crate::time::NANOS_PER_SEC; // 2021-01-19T10:00:00Z
        let jobs = plan(start, start + 2 * h + h / 2, h, true, "/tmp/q");
        assert_eq!(jobs.len(), 3);
        assert_eq!(
            jobs[0].done,
            PathBuf::from("/tmp/q_20210119T100000_20210119T110000.part")
        );
        assert_eq!(
            jobs[0].tmp,
            PathBuf::from("/tmp/q_20210119T100000_20210119T110000.part.tmp")
        );
        assert_eq!(jobs[2].end - jobs[2].start, h / 2);
        let back = plan(start, start + 2 * h, h, false, "/tmp/q");
        assert!(back[0].start > back[1].start, "newest first without --forward");
    }
}
