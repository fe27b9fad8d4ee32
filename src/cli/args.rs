//! Command-line definition (clap derive). The same definition generates the
//! shell completions in `completions/` and the man pages in `man/`. Clap
//! types stop in `cli`: `resolve` turns these flags into `app::Config`.

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

const TIME_HELP: &str = "Accepts RFC3339 with or without offset (no offset = --timezone), \
Unix seconds/milliseconds/nanoseconds, or relative forms: now, now-2h, 2h (= now-2h).";

const EXIT_HELP: &str = "Exit codes: 0 success (also when nothing matched), 1 query or server error \
(or --fail-on matched), 2 usage error or invalid query, 3 connection, TLS or request timeout, \
4 --expect-min not met, 124 --timeout reached, 130 query interrupted.";

#[derive(Debug, Parser)]
#[command(
    name = "logcli",
    version,
    about = "A fast, streaming command-line client for Grafana Loki (drop-in for Grafana's logcli)",
    propagate_version = true,
    after_help = EXIT_HELP
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputMode {
    Default,
    Raw,
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorBy {
    /// Labels red, timestamps blue (logcli's default).
    Labels,
    /// A stable colour per stream, from its label set (= --colored-output).
    Stream,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TimestampFormat {
    Rfc3339,
    Rfc3339nano,
    Rfc822z,
    Rfc1123z,
    Stampmilli,
    Stampmicro,
    Stampnano,
    Unixdate,
}

#[derive(Debug, Clone, Args)]
pub struct GlobalArgs {
    /// Server address; a path prefix is kept (https://host/loki).
    #[arg(long, env = "LOKI_ADDR", default_value = "http://localhost:3100", global = true)]
    pub addr: String,
    /// Username for HTTP basic auth.
    #[arg(long, env = "LOKI_USERNAME", global = true)]
    pub username: Option<String>,
    /// Password for HTTP basic auth (never printed).
    #[arg(long, env = "LOKI_PASSWORD", global = true, hide_env_values = true)]
    pub password: Option<String>,
    /// Bearer token (never printed).
    #[arg(long, env = "LOKI_BEARER_TOKEN", global = true, hide_env_values = true)]
    pub bearer_token: Option<String>,
    /// File holding the bearer token.
    #[arg(long, env = "LOKI_BEARER_TOKEN_FILE", global = true)]
    pub bearer_token_file: Option<String>,
    /// Header that carries basic auth or the bearer token.
    #[arg(long, env = "LOKI_AUTH_HEADER", default_value = "Authorization", global = true)]
    pub auth_header: String,
    /// Tenant, sent as X-Scope-OrgID.
    #[arg(long, env = "LOKI_ORG_ID", global = true)]
    pub org_id: Option<String>,
    /// Sent as X-Query-Tags.
    #[arg(long, env = "LOKI_QUERY_TAGS", global = true)]
    pub query_tags: Option<String>,
    /// Send Cache-Control: no-cache.
    #[arg(long, env = "LOKI_NO_CACHE", global = true)]
    pub nocache: bool,
    /// Extra request header 'Name: value' (repeatable).
    #[arg(long = "header", value_name = "HEADER", global = true, action = ArgAction::Append)]
    pub headers: Vec<String>,
    /// CA certificate (PEM) to verify the server.
    #[arg(long, env = "LOKI_CA_CERT_PATH", global = true)]
    pub ca_cert: Option<String>,
    /// Client certificate (PEM) for mutual TLS.
    #[arg(long, env = "LOKI_CLIENT_CERT_PATH", global = true)]
    pub cert: Option<String>,
    /// Client key (PEM) for mutual TLS.
    #[arg(long, env = "LOKI_CLIENT_KEY_PATH", global = true)]
    pub key: Option<String>,
    /// Do not verify the server certificate (insecure).
    #[arg(long, env = "LOKI_TLS_SKIP_VERIFY", global = true)]
    pub tls_skip_verify: bool,
    /// Proxy URL for all requests.
    #[arg(long, env = "LOKI_HTTP_PROXY_URL", global = true)]
    pub proxy_url: Option<String>,
    /// Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY.
    #[arg(long, env = "LOKI_ENV_PROXY", global = true)]
    pub envproxy: bool,
    /// Ask the server for gzip-compressed responses.
    #[arg(long, env = "LOKI_HTTP_COMPRESSION", global = true)]
    pub compress: bool,
    /// Retries after a connection error, 5xx or 429 (never after other 4xx).
    #[arg(long, env = "LOKI_CLIENT_RETRIES", default_value_t = 0, global = true)]
    pub retries: u32,
    /// Smallest wait between retries (milliseconds, or a duration like 500ms).
    #[arg(long, env = "LOKI_CLIENT_MIN_BACKOFF", default_value = "0", global = true)]
    pub min_backoff: String,
    /// Largest wait between retries (milliseconds, or a duration like 10s).
    #[arg(long, env = "LOKI_CLIENT_MAX_BACKOFF", default_value = "0", global = true)]
    pub max_backoff: String,
    /// Timeout of one HTTP request or websocket upgrade (duration; 0 = none).
    #[arg(long, env = "LOKI_REQUEST_TIMEOUT", default_value = "60s", global = true)]
    pub request_timeout: String,
    /// When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,
    /// Print nothing but results (no request URLs, no common labels).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Print query statistics on stderr.
    #[arg(long, global = true)]
    pub stats: bool,
    /// Output format of log entries.
    #[arg(short, long, value_enum, default_value_t = OutputMode::Default, global = true)]
    pub output: OutputMode,
    /// Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris).
    #[arg(short = 'z', long, default_value = "Local", global = true)]
    pub timezone: String,
    /// Format of printed timestamps.
    #[arg(long, value_enum, default_value_t = TimestampFormat::Rfc3339, global = true)]
    pub output_timestamp_format: TimestampFormat,
    /// Evaluate the query locally on lines read from stdin instead of a server.
    #[arg(long, global = true)]
    pub stdin: bool,
    /// Send queries the local parser rejects (for server syntax newer than this client).
    #[arg(long, global = true)]
    pub no_validate: bool,
    /// Named context (profile) from ~/.config/logcli/config.toml.
    #[arg(long, env = "LOGCLI_CONTEXT", global = true)]
    pub context: Option<String>,
    /// The profile asks for the full-screen view on a terminal (`tui = true`).
    #[arg(skip)]
    pub tui_by_profile: bool,
}

// Parsed once per run; boxing the large variant would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a LogQL query over a time range (log or metric).
    #[command(after_help = EXIT_HELP)]
    Query(QueryArgs),
    /// Run a LogQL metric query at one instant.
    #[command(after_help = EXIT_HELP)]
    InstantQuery(InstantQueryArgs),
    /// List label names, or the values of one label.
    #[command(after_help = EXIT_HELP)]
    Labels(LabelsArgs),
    /// List the series (label sets) that match a selector.
    #[command(after_help = EXIT_HELP)]
    Series(SeriesArgs),
    /// Follow a query live: complete history, then new entries as they arrive.
    #[command(after_help = EXIT_HELP)]
    Tail(TailArgs),
    /// Index statistics (streams, chunks, bytes, entries) for a selector.
    #[command(after_help = EXIT_HELP)]
    Stats(StatsArgs),
    /// Log volume per series for a selector (instant).
    #[command(after_help = EXIT_HELP)]
    Volume(VolumeArgs),
    /// Log volume per series over time.
    #[command(name = "volume_range", after_help = EXIT_HELP)]
    VolumeRange(VolumeArgs),
    /// Fields detected in the lines a query returns, or the values of one field.
    #[command(after_help = EXIT_HELP)]
    DetectedFields(DetectedFieldsArgs),
    /// Create, list or cancel log deletion requests (compactor API).
    #[command(subcommand)]
    Delete(DeleteCommand),
    /// Show the resolved configuration (flags, environment, context), secrets masked.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Write shell completions and man pages generated from this definition.
    #[command(hide = true)]
    GenerateDocs(GenerateDocsArgs),
    /// Format LogQL queries like Loki's format_query (from arguments or stdin).
    #[command(after_help = EXIT_HELP)]
    Fmt(FmtArgs),
}

/// Flags that shape how entries are printed (shared by query, instant-query, tail).
#[derive(Debug, Clone, Args)]
pub struct PrintArgs {
    /// Do not print labels.
    #[arg(long)]
    pub no_labels: bool,
    /// Do not print this label (repeatable).
    #[arg(long, action = ArgAction::Append)]
    pub exclude_label: Vec<String>,
    /// Print only this label (repeatable).
    #[arg(long, action = ArgAction::Append)]
    pub include_label: Vec<String>,
    /// Do not remove the labels common to all streams.
    #[arg(long)]
    pub include_common_labels: bool,
    /// Pad labels to at least this many characters.
    #[arg(long, default_value_t = 0)]
    pub labels_length: usize,
    /// Colour each stream's labels by a hash of the label set.
    #[arg(long)]
    pub colored_output: bool,
    /// How labels are coloured (stream = --colored-output).
    #[arg(long, value_enum, default_value_t = ColorBy::Labels)]
    pub color_by: ColorBy,
    /// Mark matches of this regex in each line (when colouring).
    #[arg(long, value_name = "REGEX")]
    pub highlight: Option<String>,
}

/// Exit conditions for scripted checks (query and tail).
#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Stop with exit 0 after printing the first entry that matches
    /// (a regex, or a LogQL pipeline such as '|= "ready"' or '| json | status >= 500').
    #[arg(long, value_name = "PATTERN")]
    pub until: Option<String>,
    /// Print the first entry that matches and exit 1 (regex or LogQL pipeline).
    #[arg(long, value_name = "PATTERN")]
    pub fail_on: Option<String>,
    /// Give up after this long without meeting the condition: exit 124.
    #[arg(long, value_name = "DURATION")]
    pub timeout: Option<String>,
    /// Stop after printing this many entries.
    #[arg(long, value_name = "N")]
    pub max_entries: Option<u64>,
    /// Exit 4 if fewer than N entries were printed.
    #[arg(long, value_name = "N")]
    pub expect_min: Option<u64>,
}

#[derive(Debug, Clone, Args)]
pub struct RangeArgs {
    /// Look back this far from --to (or now), e.g. 1h, 30m, 2d.
    #[arg(long, default_value = "1h")]
    pub since: String,
    /// Start of the range (inclusive).
    #[arg(long, long_help = format!("Start of the range (inclusive). {TIME_HELP}"))]
    pub from: Option<String>,
    /// End of the range (exclusive).
    #[arg(long, long_help = format!("End of the range (exclusive). {TIME_HELP}"))]
    pub to: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct QueryArgs {
    /// LogQL query.
    pub query: String,
    #[command(flatten)]
    pub range: RangeArgs,
    /// Most entries to print (0 = all). Default 30 against a server, all with --stdin/--file.
    #[arg(long)]
    pub limit: Option<u64>,
    /// Entries per request when paging.
    #[arg(long, default_value_t = 1000)]
    pub batch: u64,
    /// Oldest entries first (default: newest first).
    #[arg(long)]
    pub forward: bool,
    /// Step of a metric range query (duration or seconds).
    #[arg(long)]
    pub step: Option<String>,
    /// Interval of a log range query (duration).
    #[arg(long)]
    pub interval: Option<String>,
    #[command(flatten)]
    pub print: PrintArgs,
    #[command(flatten)]
    pub local: LocalArgs,
    #[command(flatten)]
    pub check: CheckArgs,
    #[command(flatten)]
    pub parallel: ParallelArgs,
    /// Tail the query (same as the tail command).
    #[arg(short = 't', long = "tail", visible_alias = "follow", short_alias = 'f')]
    pub tail: bool,
    /// Hold live entries this long and print them in time order (500ms, 10s, 2m; a bare number is seconds).
    #[arg(long, default_value = "0")]
    pub delay_for: String,
    #[command(flatten)]
    pub live: LiveArgs,
    #[command(flatten)]
    pub view: ViewArgs,
}

/// The full-screen view (`tail` and `query`).
#[derive(Debug, Clone, Args)]
pub struct ViewArgs {
    /// Full-screen view: follow, scroll back, filter as you type, volume,
    /// details (needs a terminal; `tui = true` in a profile makes it the default there).
    #[arg(long)]
    pub tui: bool,
    /// Plain output even where a profile's `tui = true` would open the view.
    #[arg(long, conflicts_with = "tui")]
    pub no_tui: bool,
    /// Entries the full-screen view keeps for scrolling back (at least 1).
    #[arg(long, value_name = "N", default_value_t = 100_000, value_parser = at_least_one)]
    pub tui_scrollback: usize,
}

/// A count of one or more.
fn at_least_one(s: &str) -> std::result::Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// Live-tail behaviour shared by `tail` and `query --tail`.
#[derive(Debug, Clone, Args)]
pub struct LiveArgs {
    /// Give up after this many failed reconnects in a row (default: reconnect forever).
    #[arg(long)]
    pub max_reconnects: Option<u32>,
    /// Trust the websocket: do not re-read windows where entries may have
    /// been lost (Loki drops entries past ~2,200/s per tail and reports only some).
    #[arg(long)]
    pub no_backfill: bool,
    /// Check each settled window of this length against Loki's own count
    /// (count_over_time) and re-read the windows that differ.
    #[arg(long, value_name = "INTERVAL", num_args = 0..=1, require_equals = true, default_missing_value = "10s")]
    pub verify: Option<String>,
    /// Exit 1 at the end if a window could not be re-read (entries may be missing).
    #[arg(long)]
    pub fail_on_loss: bool,
    /// No keyboard control (space pauses, c clears, q quits) even on a terminal.
    #[arg(long)]
    pub no_interactive: bool,
    /// Treat a tail connection with no frame and no ping for this long as dead (Loki pings every second).
    #[arg(long, default_value = "5s")]
    pub silence_timeout: String,
}

#[derive(Debug, Clone, Args)]
pub struct TailArgs {
    /// LogQL log query.
    pub query: String,
    /// History from this far back.
    #[arg(long, default_value = "1h")]
    pub since: String,
    /// History from this time instead of --since.
    #[arg(long, long_help = format!("History from this time instead of --since. {TIME_HELP}"))]
    pub from: Option<String>,
    /// Newest history entries to show first (0 = all history).
    #[arg(long, default_value_t = 30)]
    pub limit: u64,
    /// Live entries only, no history.
    #[arg(long)]
    pub no_history: bool,
    /// Hold live entries this long and print them in time order (500ms, 10s, 2m; a bare number is seconds).
    #[arg(long, default_value = "0")]
    pub delay_for: String,
    #[command(flatten)]
    pub live: LiveArgs,
    #[command(flatten)]
    pub print: PrintArgs,
    #[command(flatten)]
    pub check: CheckArgs,
    #[command(flatten)]
    pub view: ViewArgs,
    #[command(flatten)]
    pub local: LocalArgs,
}

/// Local evaluation without a server.
#[derive(Debug, Clone, Args)]
pub struct LocalArgs {
    /// Evaluate on this file instead of a server (repeatable; - = stdin).
    /// With `tail`: follow it like `tail -F` (rotation, truncation, files
    /// that appear later), its lines labelled `filename`.
    #[arg(long = "file", value_name = "PATH", action = ArgAction::Append)]
    pub files: Vec<String>,
    /// Labels of the lines read with --stdin/--file, e.g. 'job="x",app="y"'.
    #[arg(long, default_value = "")]
    pub stdin_labels: String,
    /// Each line's timestamp: a regex whose first group (or whole match) is
    /// a time in any form --from accepts, or a strftime FORMAT (with %) the
    /// line starts with; default: the time the line was read.
    #[arg(long, value_name = "REGEX|FORMAT")]
    pub stdin_timestamp: Option<String>,
    /// Lines longer than this are cut, with a marker saying how much (1MiB, 64KB, bytes).
    #[arg(long, value_name = "SIZE", default_value = "1MiB")]
    pub max_line_size: String,
}

#[derive(Debug, Clone, Args)]
pub struct FmtArgs {
    /// Queries to format; without any, read stdin (blank lines separate queries).
    pub queries: Vec<String>,
}

#[derive(Debug, Clone, Args)]
pub struct InstantQueryArgs {
    /// LogQL query.
    pub query: String,
    /// Evaluation time (default now).
    #[arg(long, long_help = format!("Evaluation time (default now). {TIME_HELP}"))]
    pub now: Option<String>,
    /// Most entries or series to return.
    #[arg(long, default_value_t = 30)]
    pub limit: u64,
    /// Oldest entries first.
    #[arg(long)]
    pub forward: bool,
    #[command(flatten)]
    pub print: PrintArgs,
}

#[derive(Debug, Clone, Args)]
pub struct LabelsArgs {
    /// Label whose values to list; without it, list label names.
    pub label: Option<String>,
    #[command(flatten)]
    pub range: RangeArgs,
    /// Restrict to streams that match this selector.
    #[arg(long)]
    pub query: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct SeriesArgs {
    /// Series selector, e.g. '{app="api"}'.
    pub matcher: String,
    #[command(flatten)]
    pub range: RangeArgs,
    /// Print a summary of label cardinality instead of the series.
    #[arg(long)]
    pub analyze_labels: bool,
}

#[derive(Debug, Clone, Args)]
pub struct GenerateDocsArgs {
    /// Directory that receives completions/ and man/.
    #[arg(long, default_value = ".")]
    pub out: std::path::PathBuf,
}

#[derive(Debug, Clone, Args)]
pub struct StatsArgs {
    /// LogQL selector, e.g. '{app="api"}'.
    pub query: String,
    #[command(flatten)]
    pub range: RangeArgs,
}

#[derive(Debug, Clone, Args)]
pub struct VolumeArgs {
    /// LogQL selector, e.g. '{app="api"}'.
    pub query: String,
    #[command(flatten)]
    pub range: RangeArgs,
    /// Most series to return volumes for.
    #[arg(long, default_value_t = 30)]
    pub limit: u64,
    /// Labels to aggregate the results into (repeatable).
    #[arg(long = "targetLabels", value_name = "LABEL", action = ArgAction::Append)]
    pub target_labels: Vec<String>,
    /// Aggregate by label name only.
    #[arg(long = "aggregateByLabels")]
    pub aggregate_by_labels: bool,
    /// Bucket width of volume_range (ignored by volume).
    #[arg(long, default_value = "1h")]
    pub step: String,
}

#[derive(Debug, Clone, Args)]
pub struct DetectedFieldsArgs {
    /// LogQL query whose lines are examined.
    pub query: String,
    /// Show the values of this field instead of the field list.
    pub field: Option<String>,
    #[command(flatten)]
    pub range: RangeArgs,
    /// Most fields (or values) to return.
    #[arg(long = "field-limit", visible_alias = "limit", default_value_t = 100)]
    pub field_limit: u64,
    /// Most lines each subquery may process.
    #[arg(long, default_value_t = 1000)]
    pub line_limit: u64,
    /// Query resolution step.
    #[arg(long)]
    pub step: Option<String>,
}

/// Parallel, resumable export (logcli's flags).
#[derive(Debug, Clone, Args)]
pub struct ParallelArgs {
    /// Split the range into jobs of this length.
    #[arg(long, default_value = "1h")]
    pub parallel_duration: String,
    /// Workers downloading jobs at once; above 1 the range is split (--limit is ignored).
    #[arg(long, default_value_t = 1)]
    pub parallel_max_workers: usize,
    /// Write each job to PREFIX_YYYYMMDDTHHMMSS_YYYYMMDDTHHMMSS.part (".part.tmp" while running).
    #[arg(long, value_name = "PREFIX")]
    pub part_path_prefix: Option<String>,
    /// Download jobs again even when their part file is complete.
    #[arg(long)]
    pub overwrite_completed_parts: bool,
    /// Print the part files in order on stdout as they complete, then delete them.
    #[arg(long)]
    pub merge_parts: bool,
    /// Keep part files after --merge-parts.
    #[arg(long)]
    pub keep_parts: bool,
}

#[derive(Debug, Clone, Subcommand)]
pub enum DeleteCommand {
    /// Ask the compactor to delete the lines a query selects in a range.
    #[command(after_help = EXIT_HELP)]
    Create(DeleteCreateArgs),
    /// List deletion requests.
    #[command(after_help = EXIT_HELP)]
    List,
    /// Cancel a deletion request that has not been processed yet.
    #[command(after_help = EXIT_HELP)]
    Cancel(DeleteCancelArgs),
}

#[derive(Debug, Clone, Args)]
pub struct DeleteCreateArgs {
    /// LogQL log query selecting the lines to delete.
    pub query: String,
    #[command(flatten)]
    pub range: RangeArgs,
    /// Split the deletion into intervals of at most this length.
    #[arg(long)]
    pub max_interval: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct DeleteCancelArgs {
    /// ID of the request to cancel.
    #[arg(long)]
    pub request_id: String,
    /// Cancel even if the request is partially processed.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Subcommand)]
pub enum ConfigCommand {
    /// Print the settings in effect, with secrets masked.
    Show,
}
