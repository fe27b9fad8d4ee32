//! `query` with `--parallel-*` / `--part-path-prefix`: parallel, resumable
//! export through the same printer, written to part files.

use std::sync::Arc;

use super::Ctx;
use crate::core::Result;
use crate::fetch::export::{self, Export, ExportProgress, SinkFactory};
use crate::fetch::PageQuery;
use crate::output::progress::Progress;
use crate::output::{Layout, Printer};

pub struct ExportCmd {
    pub q: PageQuery,
    pub job_len: i64,
    pub workers: usize,
    pub prefix: Option<String>,
    pub overwrite: bool,
    pub merge: bool,
    pub keep: bool,
}

impl ExportProgress for Progress {
    fn part_done(&mut self, done: usize, total: usize) {
        self.update(done as u64, done as f64 / total.max(1) as f64, "parts");
    }

    fn before_output(&mut self) {
        self.clear();
    }
}

pub(super) async fn run(ctx: &Ctx, x: ExportCmd) -> Result<()> {
    let cfg = ctx.printer.clone();
    let make: SinkFactory = Arc::new(move |w| {
        // each part is printed like stdout, labels from its own first page
        Box::new(Printer::new(w, cfg.clone(), Layout::Pages { announce: false }))
    });
    let spec = Export {
        query: x.q,
        job_len: x.job_len,
        workers: x.workers,
        prefix: x.prefix,
        overwrite: x.overwrite,
        merge: x.merge,
        keep: x.keep,
    };
    let mut out = super::stdout();
    let mut progress = Progress::new(ctx.quiet);
    export::run(ctx.transport(), &spec, make, &mut out, &mut progress).await?;
    Ok(())
}
