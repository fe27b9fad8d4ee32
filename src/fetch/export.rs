//! Parallel, resumable export (`--parallel-*`, `--part-path-prefix`,
//! `--merge-parts`): the range is split into jobs that workers download to
//! part files (`.part.tmp`, renamed to `.part` when complete); completed
//! parts are skipped on a rerun; a merger copies parts to the output in
//! order as soon as each is complete, so the output is ordered with bounded
//! memory. Without a prefix the parts live in a private temporary
//! directory that is removed however the run ends.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use super::pager::{feed, pages, Answer, PageQuery};
use crate::core::events::Event;
use crate::core::{Error, Result, Sink};
use crate::net::{backoff_delay, Transport};

pub struct Export {
    pub query: PageQuery,
    pub job_len: i64,
    pub workers: usize,
    pub prefix: Option<String>,
    pub overwrite: bool,
    pub merge: bool,
    pub keep: bool,
}

/// Makes the sink that writes one part file (the same printer as stdout).
pub type SinkFactory = Arc<dyn Fn(BufWriter<std::fs::File>) -> Box<dyn Sink + Send> + Send + Sync>;

/// Told when parts complete, and before part data goes to the output.
pub trait ExportProgress {
    fn part_done(&mut self, done: usize, total: usize);
    fn before_output(&mut self);
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
    crate::core::time::to_datetime(ns).format("%Y%m%dT%H%M%S").to_string()
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

/// Download one job into its `.part.tmp` file.
async fn attempt(t: &Arc<Transport>, q: &PageQuery, make: &SinkFactory, job: &Job) -> Result<()> {
    let file =
        std::fs::File::create(&job.tmp).map_err(|e| Error::file(format!("cannot write {}", job.tmp.display()), e))?;
    let mut sink = make(BufWriter::with_capacity(256 * 1024, file));
    let mut sub = q.clone();
    sub.start = job.start;
    sub.end = job.end;
    sub.limit = 0;
    pages(t, &sub, |a| match a {
        Answer::Streams(p) => feed(&mut *sink, &p),
        Answer::Metric { .. } => Err(Error::usage("export needs a log query, not a metric query")),
    })
    .await?;
    sink.flush()
}

/// Download a job with retries; the part is renamed `.part` only when complete.
async fn download(t: Arc<Transport>, q: PageQuery, make: SinkFactory, job: Job) -> Result<()> {
    const ATTEMPTS: u32 = 3;
    let mut n = 0;
    loop {
        n += 1;
        match attempt(&t, &q, &make, &job).await {
            Ok(()) => {
                return std::fs::rename(&job.tmp, &job.done)
                    .map_err(|e| Error::file(format!("cannot rename {}", job.tmp.display()), e))
            }
            Err(e) if n < ATTEMPTS && !matches!(e, Error::Usage(_) | Error::File { .. } | Error::Output(_)) => {
                let msg = format!(
                    "part {} failed ({e}); retrying ({n}/{})",
                    job.done.display(),
                    ATTEMPTS - 1
                );
                t.observer().event(&Event::Warning(&msg));
                tokio::time::sleep(backoff_delay(n - 1, Duration::from_millis(200), Duration::from_secs(5))).await;
            }
            Err(e) => {
                let _ = std::fs::remove_file(&job.tmp);
                let part = format!("part {} failed after {n} attempts", job.done.display());
                let what = format!("{part}: {e}");
                return Err(match e {
                    Error::Connection(_) => Error::Connection(what),
                    // "server returned HTTP N: part ... failed ...: Loki's text", said once
                    Error::Http { status, body } => Error::Http {
                        status,
                        body: format!("{part}: {body}"),
                    },
                    Error::Protocol(_) => Error::Protocol(what),
                    other => other,
                });
            }
        }
    }
}

/// Run the export. Returns the number of parts downloaded (not skipped).
pub async fn run(
    t: &Arc<Transport>,
    x: &Export,
    make: SinkFactory,
    out: &mut dyn Write,
    progress: &mut dyn ExportProgress,
) -> Result<usize> {
    // Without a prefix, parts go to a private temporary directory (mode
    // 0700, removed on drop) and are merged to the output in order.
    let tmpdir;
    let (prefix, merge, keep) = match &x.prefix {
        Some(p) => (p.clone(), x.merge, x.keep),
        None => {
            let mut b = tempfile::Builder::new();
            b.prefix("logcli-export-");
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                b.permissions(std::fs::Permissions::from_mode(0o700));
            }
            tmpdir = b
                .tempdir()
                .map_err(|e| Error::file("cannot create a temporary directory", e))?;
            (tmpdir.path().join("part").to_string_lossy().into_owned(), true, false)
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
        let (t, q, make, job, sem) = (Arc::clone(t), x.query.clone(), make.clone(), job.clone(), sem.clone());
        handles.push(Some(tokio::spawn(async move {
            let _permit = sem
                .acquire_owned()
                .await
                .map_err(|_| Error::Protocol("worker pool closed".into()))?;
            download(t, q, make, job).await
        })));
    }
    for (i, (job, h)) in jobs.iter().zip(handles).enumerate() {
        if let Some(h) = h {
            h.await.map_err(|e| Error::Protocol(format!("worker failed: {e}")))??;
        }
        progress.part_done(i + 1, jobs.len());
        if merge {
            progress.before_output();
            let mut f = std::fs::File::open(&job.done)
                .map_err(|e| Error::file(format!("cannot read {}", job.done.display()), e))?;
            std::io::copy(&mut f, out)?;
            out.flush()?;
            if !keep {
                let _ = std::fs::remove_file(&job.done);
            }
        }
    }
    Ok(downloaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_names_and_order() {
        let h = 3_600 * crate::core::time::NANOS_PER_SEC;
        let start = 1_611_050_400 * crate::core::time::NANOS_PER_SEC; // 2021-01-19T10:00:00Z
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
