//! Each command from parsed flags to output: resolves ranges, validates
//! queries, builds the printer and calls the module that does the work.

use std::io::Write;
use std::sync::Arc;

use crate::cli::{self, Cli, Command, PrintArgs, RangeArgs};
use crate::error::{exit, Error, Result};
use crate::{
    check, client, config, delete, docs, export, index, local, logql, meta, output, profile, query, stats, tail, time,
};

struct Range {
    start: i64,
    end: i64,
}

fn resolve_range(r: &RangeArgs, zone: time::Zone) -> Result<Range> {
    let now = time::now_nanos();
    let end = match &r.to {
        Some(t) => time::parse_time(t, now, zone).map_err(|e| Error::usage(format!("--to: {e}")))?,
        None => now,
    };
    let start = match &r.from {
        Some(f) => time::parse_time(f, now, zone).map_err(|e| Error::usage(format!("--from: {e}")))?,
        None => {
            let since = time::parse_duration(&r.since).map_err(|e| Error::usage(format!("--since: {e}")))?;
            end.saturating_sub(since)
        }
    };
    if start >= end {
        return Err(Error::usage(
            "the start of the range (--from/--since) must be before its end (--to)",
        ));
    }
    Ok(Range { start, end })
}

fn apply_print_args(o: &mut output::OutputOptions, p: &PrintArgs) -> Result<()> {
    o.no_labels = p.no_labels;
    o.include_labels = p.include_label.clone();
    o.exclude_labels = p.exclude_label.clone();
    o.include_common_labels = p.include_common_labels;
    o.labels_length = p.labels_length;
    o.colored_output = p.colored_output || p.color_by == cli::ColorBy::Stream;
    if let Some(h) = &p.highlight {
        o.highlight = Some(regex::Regex::new(h).map_err(|e| Error::usage(format!("--highlight: invalid regex: {e}")))?);
    }
    Ok(())
}

fn step_param(s: &Option<String>, flag: &str) -> Result<Option<String>> {
    match s {
        None => Ok(None),
        Some(v) => {
            let ns = time::parse_duration(v).map_err(|e| Error::usage(format!("--{flag}: {e}")))?;
            if ns <= 0 {
                return Err(Error::usage(format!("--{flag} must be positive")));
            }
            Ok(Some(time::seconds_param(ns)))
        }
    }
}

/// Parse a query before anything is sent; a rejected query is a usage error
/// showing the position. With `--no-validate` the text goes out as is.
fn validate(query: &str, g: &cli::GlobalArgs, for_server: bool) -> Result<Option<logql::Expr>> {
    if g.no_validate {
        return Ok(logql::parse(query).ok());
    }
    let bad = |e: logql::ParseError| query_error(query, &e);
    let expr = logql::parse(query).map_err(bad)?;
    if for_server {
        logql::check_selector_not_empty(&expr).map_err(bad)?;
    }
    Ok(Some(expr))
}

fn query_error(query: &str, e: &logql::ParseError) -> Error {
    Error::usage(format!("{}\n{}", e.message(query), e.caret(query)))
}

fn fmt_queries(a: &cli::FmtArgs) -> Result<i32> {
    use std::io::Read;
    let mut queries = a.queries.clone();
    if queries.is_empty() {
        let mut input = String::new();
        std::io::stdin()
            .read_to_string(&mut input)
            .map_err(|e| Error::usage(format!("cannot read stdin: {e}")))?;
        // Like logcli, all of stdin is one query; if it is not, try
        // blank-line separated queries.
        let whole = input.trim_end();
        if logql::parse(whole).is_ok() || !whole.contains("\n\n") {
            queries.push(whole.to_string());
            input.clear();
        }
        let mut cur = String::new();
        for line in input.lines() {
            if line.trim().is_empty() {
                if !cur.trim().is_empty() {
                    queries.push(std::mem::take(&mut cur));
                }
                cur.clear();
            } else {
                if !cur.is_empty() {
                    cur.push('\n');
                }
                cur.push_str(line);
            }
        }
        if !cur.trim().is_empty() {
            queries.push(cur);
        }
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for q in &queries {
        let f = logql::format_query(q).map_err(|e| query_error(q, &e))?;
        writeln!(out, "{f}")?;
    }
    out.flush()?;
    Ok(exit::OK)
}

pub async fn dispatch(cli: Cli) -> Result<i32> {
    let g = &cli.global;
    let mut opts = config::output_options(g)?;
    if let Command::Fmt(a) = &cli.command {
        return fmt_queries(a);
    }
    if let Command::Config(cli::ConfigCommand::Show) = &cli.command {
        print!("{}", profile::show(g, g.context.as_deref()));
        return Ok(exit::OK);
    }
    if let Command::GenerateDocs(a) = &cli.command {
        docs::write_all(&a.out).map_err(|e| Error::usage(format!("cannot write docs: {e}")))?;
        return Ok(exit::OK);
    }
    if let Command::Query(a) = &cli.command {
        if g.stdin || !a.local.files.is_empty() {
            apply_print_args(&mut opts, &a.print)?;
            // As in logcli, the selector may be left out: `|= "error"`.
            let q = a.query.trim_start();
            let query = if q.starts_with('|') || q.starts_with('!') {
                format!("{{}} {q}")
            } else {
                a.query.clone()
            };
            let expr = match logql::parse(&query) {
                Ok(logql::Expr::Log(l)) => l,
                Ok(_) => {
                    return Err(Error::usage(
                        "--stdin/--file evaluate log queries only, not metric queries",
                    ))
                }
                Err(e) => return Err(query_error(&query, &e)),
            };
            let mut p = output::Printer::new(std::io::stdout().lock(), opts);
            let run = local::LocalRun {
                expr: &expr,
                args: &a.local,
                use_stdin: g.stdin,
                limit: a.limit,
                flush_each: a.check.timeout.is_some() || a.check.until.is_some() || a.check.fail_on.is_some(),
            };
            p.watch = check::Watch::from_args(&a.check)?;
            // Reading stdin blocks, so the deadline is a watchdog thread; with
            // one set every entry is flushed at once, so nothing is lost.
            if let Some(d) = check::deadline(&a.check)? {
                let t = a.check.timeout.clone().unwrap_or_default();
                std::thread::spawn(move || {
                    std::thread::sleep(d);
                    eprintln!("logcli: --timeout {t} reached before the condition was met");
                    std::process::exit(exit::TIMEOUT);
                });
            }
            let r = local::run(&run, &mut p);
            p.flush()?;
            check::expect_min(&a.check, r?)?;
            return Ok(exit::OK);
        }
    }
    let client = Arc::new(client::Client::new(config::ClientConfig::from_args(g)?)?);
    let tail_args = match &cli.command {
        Command::Tail(a) => Some((
            &a.query,
            a.since.clone(),
            a.from.clone(),
            a.limit,
            a.no_history,
            &a.delay_for,
            &a.live,
            &a.print,
            &a.check,
        )),
        Command::Query(a) if a.tail => Some((
            &a.query,
            a.range.since.clone(),
            a.range.from.clone(),
            a.limit.unwrap_or(30),
            false,
            &a.delay_for,
            &a.live,
            &a.print,
            &a.check,
        )),
        _ => None,
    };
    if let Some((query, since, from, limit, no_history, delay_for, live, print, checks)) = tail_args {
        apply_print_args(&mut opts, print)?;
        if let Some(e) = validate(query, g, true)? {
            if !e.is_log() {
                return Err(Error::usage("tail needs a log query, not a metric query"));
            }
        }
        let now = time::now_nanos();
        let history_from = match &from {
            Some(f) => time::parse_time(f, now, opts.zone).map_err(|e| Error::usage(format!("--from: {e}")))?,
            None => now - time::parse_duration(&since).map_err(|e| Error::usage(format!("--since: {e}")))?,
        };
        let delay = time::parse_duration(delay_for).map_err(|e| Error::usage(format!("--delay-for: {e}")))?;
        if delay < 0 {
            return Err(Error::usage("--delay-for must not be negative"));
        }
        let o = tail::TailOptions {
            query: query.clone(),
            history_from,
            history_limit: limit,
            no_history,
            delay,
            max_reconnects: live.max_reconnects,
            backfill: !live.no_backfill,
            quiet: g.quiet,
            silence: {
                let ns = time::parse_duration(&live.silence_timeout)
                    .map_err(|e| Error::usage(format!("--silence-timeout: {e}")))?;
                std::time::Duration::from_nanos(ns.max(100_000_000) as u64)
            },
            batch: 5000,
            ws_limit: 5000,
            interactive: !live.no_interactive,
        };
        let mut p = output::Printer::new(std::io::stdout().lock(), opts);
        p.watch = check::Watch::from_args(checks)?;
        let r = check::with_deadline(checks, tail::run(&client, &o, &mut p)).await;
        p.flush()?;
        r?;
        return Ok(exit::OK);
    }
    let stdout = std::io::stdout();
    let mut stats = g.stats.then(stats::Stats::default);
    let result = match &cli.command {
        Command::Query(a) => {
            apply_print_args(&mut opts, &a.print)?;
            validate(&a.query, g, true)?;
            let r = resolve_range(&a.range, opts.zone)?;
            let q = query::RangeQuery {
                query: a.query.clone(),
                start: r.start,
                end: r.end,
                limit: a.limit.unwrap_or(30),
                batch: a.batch.max(1),
                forward: a.forward,
                step: step_param(&a.step, "step")?,
                interval: step_param(&a.interval, "interval")?,
            };
            if a.parallel.parallel_max_workers > 1 || a.parallel.part_path_prefix.is_some() {
                let job_len = time::parse_duration(&a.parallel.parallel_duration)
                    .map_err(|e| Error::usage(format!("--parallel-duration: {e}")))?;
                if job_len <= 0 {
                    return Err(Error::usage("--parallel-duration must be positive"));
                }
                let x = export::Export {
                    query: q,
                    job_len,
                    workers: a.parallel.parallel_max_workers.max(1),
                    prefix: a.parallel.part_path_prefix.clone(),
                    overwrite: a.parallel.overwrite_completed_parts,
                    merge: a.parallel.merge_parts,
                    keep: a.parallel.keep_parts,
                    quiet: g.quiet,
                };
                let mut w = stdout.lock();
                export::run(&client, &x, opts, &mut w).await?;
                return Ok(exit::OK);
            }
            let mut p = output::Printer::new(stdout.lock(), opts);
            p.watch = check::Watch::from_args(&a.check)?;
            // Ctrl-C / SIGTERM: print what is buffered, then stop (130).
            let mut signals = tail::Signals::new();
            let r = tokio::select! {
                r = check::with_deadline(&a.check, query::run_range(&client, &q, &mut p, &mut stats, g.quiet)) => r,
                _ = signals.recv() => Err(Error::Stop(exit::INTERRUPTED)),
            };
            p.flush()?;
            r.and_then(|o| check::expect_min(&a.check, o.entries))
        }
        Command::InstantQuery(a) => {
            apply_print_args(&mut opts, &a.print)?;
            validate(&a.query, g, true)?;
            let now = time::now_nanos();
            let t = match &a.now {
                Some(s) => time::parse_time(s, now, opts.zone).map_err(|e| Error::usage(format!("--now: {e}")))?,
                None => now,
            };
            let mut p = output::Printer::new(stdout.lock(), opts);
            let iq = query::InstantQuery {
                query: a.query.clone(),
                time: t,
                limit: a.limit,
                forward: a.forward,
            };
            query::run_instant(&client, &iq, &mut p, &mut stats, g.quiet)
                .await
                .map(|_| ())
        }
        Command::Labels(a) => {
            if let Some(q) = &a.query {
                validate(q, g, false)?;
            }
            let r = resolve_range(&a.range, opts.zone)?;
            let mut w = std::io::BufWriter::new(stdout.lock());
            meta::labels(&client, a.label.as_deref(), r.start, r.end, a.query.as_deref(), &mut w).await?;
            w.flush().map_err(Error::from)
        }
        Command::Series(a) => {
            if let Some(e) = validate(&a.matcher, g, false)? {
                if !matches!(&e, logql::Expr::Log(l) if l.stages.is_empty()) && !g.no_validate {
                    return Err(Error::usage(format!(
                        "series needs a stream selector such as {{app=\"x\"}}, not {:?}",
                        a.matcher
                    )));
                }
            }
            let r = resolve_range(&a.range, opts.zone)?;
            let mut w = std::io::BufWriter::new(stdout.lock());
            meta::series(&client, &a.matcher, r.start, r.end, a.analyze_labels, &mut w).await?;
            w.flush().map_err(Error::from)
        }
        Command::Fmt(a) => fmt_queries(a).map(|_| ()),
        Command::Delete(cli::DeleteCommand::Create(a)) => {
            if let Some(e) = validate(&a.query, g, true)? {
                if !e.is_log() {
                    return Err(Error::usage("delete needs a log query, not a metric query"));
                }
            }
            let r = resolve_range(&a.range, opts.zone)?;
            let mi = match &a.max_interval {
                Some(m) => {
                    time::parse_duration(m).map_err(|e| Error::usage(format!("--max-interval: {e}")))?;
                    Some(m.clone())
                }
                None => None,
            };
            delete::create(&client, &a.query, r.start, r.end, mi, g.quiet).await
        }
        Command::Delete(cli::DeleteCommand::List) => {
            let mut w = std::io::BufWriter::new(stdout.lock());
            delete::list(&client, g.output, &mut w).await?;
            w.flush().map_err(Error::from)
        }
        Command::Delete(cli::DeleteCommand::Cancel(a)) => {
            delete::cancel(&client, &a.request_id, a.force, g.quiet).await
        }
        Command::Stats(a) => {
            validate(&a.query, g, true)?;
            let r = resolve_range(&a.range, opts.zone)?;
            let mut w = std::io::BufWriter::new(stdout.lock());
            index::stats(&client, &a.query, r.start, r.end, g.output, &mut w).await?;
            w.flush().map_err(Error::from)
        }
        Command::Volume(a) | Command::VolumeRange(a) => {
            validate(&a.query, g, true)?;
            let r = resolve_range(&a.range, opts.zone)?;
            let step = match &cli.command {
                Command::VolumeRange(_) => step_param(&Some(a.step.clone()), "step")?,
                _ => None,
            };
            let vq = index::VolumeQuery {
                query: &a.query,
                start: r.start,
                end: r.end,
                limit: a.limit,
                target_labels: &a.target_labels,
                aggregate_by_labels: a.aggregate_by_labels,
                step,
            };
            let mut w = std::io::BufWriter::new(stdout.lock());
            index::volume(&client, &vq, g.output, &mut w).await?;
            w.flush().map_err(Error::from)
        }
        Command::DetectedFields(a) => {
            validate(&a.query, g, true)?;
            let r = resolve_range(&a.range, opts.zone)?;
            let dq = index::DetectedQuery {
                query: &a.query,
                field: a.field.as_deref(),
                start: r.start,
                end: r.end,
                limit: a.field_limit,
                line_limit: a.line_limit,
                step: step_param(&a.step, "step")?,
            };
            let mut w = std::io::BufWriter::new(stdout.lock());
            index::detected_fields(&client, &dq, g.output, &mut w).await?;
            w.flush().map_err(Error::from)
        }
        Command::Tail(_) | Command::GenerateDocs(_) | Command::Config(_) => unreachable!("handled above"),
    };
    if let Some(st) = &stats {
        eprint!("{}", st.render());
    }
    result.map(|_| exit::OK)
}
