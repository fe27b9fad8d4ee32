//! Each command's flags into its validated part of `app::Config`: times
//! resolved, durations parsed, queries checked before anything is sent.

use std::io::IsTerminal;
use std::time::Duration;

use super::args::{self, Cli, Command, DeleteCommand, GlobalArgs, QueryArgs, RangeArgs, TailArgs};
use super::settings::{self, duration};
use crate::app::{self, Config};
use crate::core::time::{now_nanos, parse_time, seconds_param, Zone};
use crate::core::{Error, Result};
use crate::fetch::{InstantQuery, PageQuery};
use crate::local::{self, Input, LocalSpec};
use crate::logql::{self, Expr};
use crate::tail::TailOptions;

fn time(s: &str, flag: &str, now: i64, zone: Zone) -> Result<i64> {
    parse_time(s, now, zone).map_err(|e| Error::usage(format!("--{flag}: {e}")))
}

/// `[start, end)` from `--from`/`--to`/`--since`.
fn range(r: &RangeArgs, zone: Zone) -> Result<(i64, i64)> {
    let now = now_nanos();
    let end = match &r.to {
        Some(t) => time(t, "to", now, zone)?,
        None => now,
    };
    let start = match &r.from {
        Some(f) => time(f, "from", now, zone)?,
        None => end.saturating_sub(duration(&r.since, "since")?),
    };
    if start >= end {
        return Err(Error::usage(
            "the start of the range (--from/--since) must be before its end (--to)",
        ));
    }
    Ok((start, end))
}

/// A step or interval parameter, in seconds as logcli sends it.
fn step(s: Option<&str>, flag: &str) -> Result<Option<String>> {
    let Some(v) = s else { return Ok(None) };
    let ns = duration(v, flag)?;
    if ns <= 0 {
        return Err(Error::usage(format!("--{flag} must be positive")));
    }
    Ok(Some(seconds_param(ns)))
}

/// Parse a query before anything is sent; a rejected query is a usage error
/// showing the position. With `--no-validate` the text goes out as is.
fn validate(query: &str, g: &GlobalArgs, for_server: bool) -> Result<Option<Expr>> {
    if g.no_validate {
        return Ok(logql::parse(query).ok());
    }
    let expr = logql::parse(query).map_err(|e| logql::usage_error(query, &e))?;
    if for_server {
        logql::check_selector_not_empty(&expr).map_err(|e| logql::usage_error(query, &e))?;
    }
    Ok(Some(expr))
}

/// A query that must be a log query (tail, delete).
fn log_query(query: &str, g: &GlobalArgs, what: &str) -> Result<()> {
    match validate(query, g, true)? {
        Some(e) if !e.is_log() => Err(Error::usage(format!("{what} needs a log query, not a metric query"))),
        _ => Ok(()),
    }
}

/// `query --stdin` / `--file`.
fn local(a: &QueryArgs, g: &GlobalArgs) -> Result<app::Command> {
    let expr = local_query(&a.query)?;
    let inputs = inputs(&a.local.files, g.stdin);
    let zone = settings::zone(g)?;
    Ok(app::Command::Local {
        spec: LocalSpec {
            expr,
            inputs,
            labels: local::parse_labels(&a.local.stdin_labels)?,
            timestamp: local::timestamp_extractor(a.local.stdin_timestamp.as_deref(), zone)?,
            limit: a.limit,
            max_line: settings::size(&a.local.max_line_size, "max-line-size")?,
        },
        checks: settings::checks(&a.check)?,
    })
}

/// The query of `--stdin` / `--file`, which may leave out the selector
/// (`|= "error"`, as in logcli); a log query only.
fn local_query(query: &str) -> Result<logql::ast::LogExpr> {
    let q = query.trim_start();
    let query = if q.starts_with('|') || q.starts_with('!') {
        format!("{{}} {q}")
    } else {
        query.to_string()
    };
    match logql::parse(&query) {
        Ok(Expr::Log(l)) => Ok(l),
        Ok(_) => Err(Error::usage(
            "--stdin/--file evaluate log queries only, not metric queries",
        )),
        Err(e) => Err(logql::usage_error(&query, &e)),
    }
}

/// The inputs in order: stdin first when `--stdin` is given beside
/// `--file`s (as `--file -` would), then the files.
fn inputs(files: &[String], stdin: bool) -> Vec<Input> {
    let mut v: Vec<Input> = files
        .iter()
        .map(|f| if f == "-" { Input::Stdin } else { Input::File(f.into()) })
        .collect();
    if (stdin || v.is_empty()) && !v.contains(&Input::Stdin) {
        v.insert(0, Input::Stdin);
    }
    v
}

/// `tail --file` / `tail --stdin`: follow local input.
fn follow(a: &TailArgs, g: &GlobalArgs) -> Result<app::Command> {
    let zone = settings::zone(g)?;
    let timestamp = local::timestamp_extractor(a.local.stdin_timestamp.as_deref(), zone)?;
    let now = now_nanos();
    // without timestamps in the lines, every line is new: --since has nothing to cut
    let since = match (&timestamp, &a.from) {
        (None, _) => None,
        (Some(_), Some(f)) => Some(time(f, "from", now, zone)?),
        (Some(_), None) => Some(now - duration(&a.since, "since")?),
    };
    let delay = duration(&a.delay_for, "delay-for")?;
    if delay < 0 {
        return Err(Error::usage("--delay-for must not be negative"));
    }
    Ok(app::Command::Follow {
        spec: local::FollowSpec {
            expr: local_query(&a.query)?,
            inputs: inputs(&a.local.files, g.stdin),
            labels: local::parse_labels(&a.local.stdin_labels)?,
            timestamp,
            limit: a.limit,
            no_history: a.no_history,
            since,
            delay,
            max_line: settings::size(&a.local.max_line_size, "max-line-size")?,
        },
        checks: settings::checks(&a.check)?,
        interactive: !a.live.no_interactive,
    })
}

/// The flags `tail` and `query --tail` share.
struct TailFlags<'a> {
    query: &'a str,
    since: &'a str,
    from: Option<&'a str>,
    limit: u64,
    no_history: bool,
    delay_for: &'a str,
    live: &'a args::LiveArgs,
    check: &'a args::CheckArgs,
}

impl<'a> TailFlags<'a> {
    fn of_tail(a: &'a TailArgs) -> Self {
        TailFlags {
            query: &a.query,
            since: &a.since,
            from: a.from.as_deref(),
            limit: a.limit,
            no_history: a.no_history,
            delay_for: &a.delay_for,
            live: &a.live,
            check: &a.check,
        }
    }

    fn of_query(a: &'a QueryArgs) -> Self {
        TailFlags {
            query: &a.query,
            since: &a.range.since,
            from: a.range.from.as_deref(),
            limit: a.limit.unwrap_or(30),
            no_history: false,
            delay_for: &a.delay_for,
            live: &a.live,
            check: &a.check,
        }
    }
}

fn tail(f: TailFlags<'_>, g: &GlobalArgs) -> Result<app::Command> {
    log_query(f.query, g, "tail")?;
    let now = now_nanos();
    let history_from = match f.from {
        Some(s) => time(s, "from", now, settings::zone(g)?)?,
        None => now - duration(f.since, "since")?,
    };
    let delay = duration(f.delay_for, "delay-for")?;
    if delay < 0 {
        return Err(Error::usage("--delay-for must not be negative"));
    }
    let silence = duration(&f.live.silence_timeout, "silence-timeout")?;
    let verify = match &f.live.verify {
        Some(v) => {
            let ns = duration(v, "verify")?;
            if ns < 1_000_000 {
                return Err(Error::usage("--verify needs an interval of at least 1ms"));
            }
            Some(Duration::from_nanos(ns as u64))
        }
        None => None,
    };
    let opts = TailOptions {
        query: f.query.to_string(),
        history_from,
        history_limit: f.limit,
        no_history: f.no_history,
        delay,
        max_reconnects: f.live.max_reconnects,
        repair: !f.live.no_backfill,
        verify,
        fail_on_loss: f.live.fail_on_loss,
        silence: Duration::from_nanos(silence.max(100_000_000) as u64),
        batch: 5000,
        // Loki replays at most ~1,100 entries at an open; the rest comes from the re-read
        ws_limit: 1000,
    };
    Ok(app::Command::Tail {
        opts,
        checks: settings::checks(f.check)?,
        interactive: !f.live.no_interactive,
    })
}

fn query(a: &QueryArgs, g: &GlobalArgs) -> Result<app::Command> {
    validate(&a.query, g, true)?;
    let (start, end) = range(&a.range, settings::zone(g)?)?;
    let q = PageQuery {
        query: a.query.clone(),
        start,
        end,
        limit: a.limit.unwrap_or(30),
        batch: a.batch.max(1),
        forward: a.forward,
        step: step(a.step.as_deref(), "step")?,
        interval: step(a.interval.as_deref(), "interval")?,
    };
    let p = &a.parallel;
    if p.parallel_max_workers <= 1 && p.part_path_prefix.is_none() {
        return Ok(app::Command::Query {
            q,
            checks: settings::checks(&a.check)?,
        });
    }
    let job_len = duration(&p.parallel_duration, "parallel-duration")?;
    if job_len <= 0 {
        return Err(Error::usage("--parallel-duration must be positive"));
    }
    Ok(app::Command::Export(app::ExportCmd {
        q,
        job_len,
        workers: p.parallel_max_workers.max(1),
        prefix: p.part_path_prefix.clone(),
        overwrite: p.overwrite_completed_parts,
        merge: p.merge_parts,
        keep: p.keep_parts,
    }))
}

fn instant(a: &args::InstantQueryArgs, g: &GlobalArgs) -> Result<app::Command> {
    validate(&a.query, g, true)?;
    let now = now_nanos();
    let t = match &a.now {
        Some(s) => time(s, "now", now, settings::zone(g)?)?,
        None => now,
    };
    Ok(app::Command::Instant(InstantQuery {
        query: a.query.clone(),
        time: t,
        limit: a.limit,
        forward: a.forward,
    }))
}

fn series(a: &args::SeriesArgs, g: &GlobalArgs) -> Result<app::Command> {
    if let Some(e) = validate(&a.matcher, g, false)? {
        if !matches!(&e, Expr::Log(l) if l.stages.is_empty()) {
            return Err(Error::usage(format!(
                "series needs a stream selector such as {{app=\"x\"}}, not {:?}",
                a.matcher
            )));
        }
    }
    let (start, end) = range(&a.range, settings::zone(g)?)?;
    Ok(app::Command::Series(app::SeriesCmd {
        matcher: a.matcher.clone(),
        start,
        end,
        analyze: a.analyze_labels,
    }))
}

fn volume(a: &args::VolumeArgs, g: &GlobalArgs, ranged: bool) -> Result<app::Command> {
    validate(&a.query, g, true)?;
    let (start, end) = range(&a.range, settings::zone(g)?)?;
    Ok(app::Command::Volume(app::VolumeCmd {
        query: a.query.clone(),
        start,
        end,
        limit: a.limit,
        target_labels: a.target_labels.clone(),
        aggregate_by_labels: a.aggregate_by_labels,
        step: if ranged { step(Some(&a.step), "step")? } else { None },
    }))
}

fn detected(a: &args::DetectedFieldsArgs, g: &GlobalArgs) -> Result<app::Command> {
    validate(&a.query, g, true)?;
    let (start, end) = range(&a.range, settings::zone(g)?)?;
    Ok(app::Command::DetectedFields(app::DetectedCmd {
        query: a.query.clone(),
        field: a.field.clone(),
        start,
        end,
        limit: a.field_limit,
        line_limit: a.line_limit,
        step: step(a.step.as_deref(), "step")?,
    }))
}

fn delete(d: &DeleteCommand, g: &GlobalArgs) -> Result<app::Command> {
    Ok(match d {
        DeleteCommand::Create(a) => {
            log_query(&a.query, g, "delete")?;
            let (start, end) = range(&a.range, settings::zone(g)?)?;
            if let Some(m) = &a.max_interval {
                duration(m, "max-interval")?;
            }
            app::Command::DeleteCreate(app::CreateCmd {
                query: a.query.clone(),
                start,
                end,
                max_interval: a.max_interval.clone(),
            })
        }
        DeleteCommand::List => app::Command::DeleteList,
        DeleteCommand::Cancel(a) => app::Command::DeleteCancel(app::CancelCmd {
            request_id: a.request_id.clone(),
            force: a.force,
        }),
    })
}

/// The command part of the config: the full-screen view over it when
/// asked for (`--tui`, or `tui = true` in the profile on a terminal).
fn command(c: &Command, g: &GlobalArgs) -> Result<app::Command> {
    let cmd = plain_command(c, g)?;
    let view = match c {
        Command::Query(a) => Some((&a.view, &a.check)),
        Command::Tail(a) => Some((&a.view, &a.check)),
        _ => None,
    };
    match view {
        Some((v, check)) if wants_view(v, check, g)? => in_view(cmd, v.tui_scrollback),
        _ => Ok(cmd),
    }
}

/// Whether to open the view: `--tui` needs a terminal and no CI exit
/// conditions; the profile's `tui = true` applies only where it can.
fn wants_view(v: &args::ViewArgs, check: &args::CheckArgs, g: &GlobalArgs) -> Result<bool> {
    let checks = check.until.is_some()
        || check.fail_on.is_some()
        || check.timeout.is_some()
        || check.max_entries.is_some()
        || check.expect_min.is_some();
    // `--stdin` on the terminal: the input and the view's keys would both
    // read it, and q could not get through
    let stdin_is_keyboard = g.stdin && std::io::stdin().is_terminal();
    if !v.tui {
        return Ok(g.tui_by_profile && !v.no_tui && !checks && !stdin_is_keyboard && crate::output::tui::available());
    }
    if checks {
        return Err(Error::usage(
            "--tui is for reading, not for CI checks: leave out --until/--fail-on/--timeout/--max-entries/--expect-min",
        ));
    }
    if stdin_is_keyboard {
        return Err(Error::usage(
            "--stdin --tui reads the entries from a pipe, but stdin is the terminal: pipe them in (cmd | logcli ... --stdin --tui)",
        ));
    }
    if !crate::output::tui::available() {
        return Err(Error::usage("--tui needs a terminal (stdout and the keyboard)"));
    }
    Ok(true)
}

fn in_view(cmd: app::Command, scrollback: usize) -> Result<app::Command> {
    let source = match cmd {
        app::Command::Tail { opts, .. } => {
            let span = (now_nanos() - opts.history_from).max(0);
            app::TuiSource::Tail { opts, span }
        }
        app::Command::Query { q, .. } if q.step.is_none() && is_log(&q.query) => app::TuiSource::Range(q),
        app::Command::Local { spec, .. } => {
            // a file that cannot be read fails here, not inside the full screen
            for input in &spec.inputs {
                if let Input::File(p) = input {
                    std::fs::File::open(p).map_err(|e| Error::usage(format!("cannot read {:?}: {e}", p.display())))?;
                }
            }
            app::TuiSource::Local(std::sync::Arc::new(spec))
        }
        app::Command::Follow { spec, .. } => app::TuiSource::Follow(std::sync::Arc::new(spec)),
        app::Command::Query { .. } => return Err(Error::usage("--tui shows log queries, not metric queries")),
        _ => return Err(Error::usage("--tui does not combine with a parallel export")),
    };
    Ok(app::Command::Tui(app::TuiCmd {
        source,
        scrollback: scrollback.max(1),
    }))
}

fn is_log(query: &str) -> bool {
    logql::parse(query).map(|e| e.is_log()).unwrap_or(true)
}

fn plain_command(c: &Command, g: &GlobalArgs) -> Result<app::Command> {
    Ok(match c {
        Command::Query(a) if g.stdin || !a.local.files.is_empty() => local(a, g)?,
        Command::Query(a) if a.tail => tail(TailFlags::of_query(a), g)?,
        Command::Query(a) => query(a, g)?,
        Command::Tail(a) if g.stdin || !a.local.files.is_empty() => follow(a, g)?,
        Command::Tail(a) => tail(TailFlags::of_tail(a), g)?,
        Command::InstantQuery(a) => instant(a, g)?,
        Command::Labels(a) => {
            if let Some(q) = &a.query {
                validate(q, g, false)?;
            }
            let (start, end) = range(&a.range, settings::zone(g)?)?;
            app::Command::Labels(app::LabelsCmd {
                name: a.label.clone(),
                start,
                end,
                query: a.query.clone(),
            })
        }
        Command::Series(a) => series(a, g)?,
        Command::Stats(a) => {
            validate(&a.query, g, true)?;
            let (start, end) = range(&a.range, settings::zone(g)?)?;
            app::Command::Stats(app::StatsCmd {
                query: a.query.clone(),
                start,
                end,
            })
        }
        Command::Volume(a) => volume(a, g, false)?,
        Command::VolumeRange(a) => volume(a, g, true)?,
        Command::DetectedFields(a) => detected(a, g)?,
        Command::Delete(d) => delete(d, g)?,
        Command::Fmt(a) => app::Command::Fmt(a.queries.clone()),
        Command::Config(_) | Command::GenerateDocs(_) => unreachable!("handled before resolving"),
    })
}

/// The print flags of a command, if it prints entries.
fn print_args(c: &Command) -> Option<&args::PrintArgs> {
    match c {
        Command::Query(a) => Some(&a.print),
        Command::Tail(a) => Some(&a.print),
        Command::InstantQuery(a) => Some(&a.print),
        _ => None,
    }
}

/// Flags, environment and profile into one validated config.
pub fn config(cli: &Cli) -> Result<Config> {
    let g = &cli.global;
    let printer = settings::printer(g, print_args(&cli.command))?;
    let command = command(&cli.command, g)?;
    let needs_server = !matches!(
        command,
        app::Command::Local { .. }
            | app::Command::Follow { .. }
            | app::Command::Fmt(_)
            | app::Command::Tui(app::TuiCmd {
                source: app::TuiSource::Local(_) | app::TuiSource::Follow(_),
                ..
            })
    );
    Ok(Config {
        net: needs_server.then(|| settings::net(g)).transpose()?,
        printer,
        quiet: g.quiet,
        stats: g.stats,
        command,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn step_is_sent_in_seconds_like_logcli() {
        assert_eq!(step(Some("1m"), "step").unwrap().as_deref(), Some("60"));
        assert_eq!(step(Some("1.5s"), "step").unwrap().as_deref(), Some("1.5"));
        assert!(step(Some("0s"), "step").is_err());
        assert_eq!(step(None, "step").unwrap(), None);
    }
}
