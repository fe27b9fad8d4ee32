# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_logcli_global_optspecs
    string join \n addr= username= password= bearer-token= bearer-token-file= auth-header= org-id= query-tags= nocache header= ca-cert= cert= key= tls-skip-verify proxy-url= envproxy compress retries= min-backoff= max-backoff= request-timeout= color= q/quiet stats o/output= z/timezone= output-timestamp-format= stdin no-validate context= h/help V/version
end

function __fish_logcli_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_logcli_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_logcli_using_subcommand
    set -l cmd (__fish_logcli_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c logcli -n "__fish_logcli_needs_command" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_needs_command" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_needs_command" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_needs_command" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_needs_command" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_needs_command" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_needs_command" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_needs_command" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_needs_command" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_needs_command" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_needs_command" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_needs_command" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_needs_command" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_needs_command" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_needs_command" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_needs_command" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_needs_command" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_needs_command" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_needs_command" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_needs_command" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_needs_command" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_needs_command" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_needs_command" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_needs_command" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_needs_command" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_needs_command" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_needs_command" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_needs_command" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_needs_command" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_needs_command" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_needs_command" -s h -l help -d 'Print help'
complete -c logcli -n "__fish_logcli_needs_command" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_needs_command" -f -a "query" -d 'Run a LogQL query over a time range (log or metric)'
complete -c logcli -n "__fish_logcli_needs_command" -f -a "instant-query" -d 'Run a LogQL metric query at one instant'
complete -c logcli -n "__fish_logcli_needs_command" -f -a "labels" -d 'List label names, or the values of one label'
complete -c logcli -n "__fish_logcli_needs_command" -f -a "series" -d 'List the series (label sets) that match a selector'
complete -c logcli -n "__fish_logcli_needs_command" -f -a "tail" -d 'Follow a query live: complete history, then new entries as they arrive'
complete -c logcli -n "__fish_logcli_needs_command" -f -a "stats" -d 'Index statistics (streams, chunks, bytes, entries) for a selector'
complete -c logcli -n "__fish_logcli_needs_command" -f -a "volume" -d 'Log volume per series for a selector (instant)'
complete -c logcli -n "__fish_logcli_needs_command" -f -a "volume_range" -d 'Log volume per series over time'
complete -c logcli -n "__fish_logcli_needs_command" -f -a "detected-fields" -d 'Fields detected in the lines a query returns, or the values of one field'
complete -c logcli -n "__fish_logcli_needs_command" -f -a "delete" -d 'Create, list or cancel log deletion requests (compactor API)'
complete -c logcli -n "__fish_logcli_needs_command" -f -a "config" -d 'Show the resolved configuration (flags, environment, context), secrets masked'
complete -c logcli -n "__fish_logcli_needs_command" -f -a "generate-docs" -d 'Write shell completions and man pages generated from this definition'
complete -c logcli -n "__fish_logcli_needs_command" -f -a "fmt" -d 'Format LogQL queries like Loki\'s format_query (from arguments or stdin)'
complete -c logcli -n "__fish_logcli_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l since -d 'Look back this far from --to (or now), e.g. 1h, 30m, 2d' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l from -d 'Start of the range (inclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l to -d 'End of the range (exclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l limit -d 'Most entries to print (0 = all). Default 30 against a server, all with --stdin/--file' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l batch -d 'Entries per request when paging' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l step -d 'Step of a metric range query (duration or seconds)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l interval -d 'Interval of a log range query (duration)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l exclude-label -d 'Do not print this label (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l include-label -d 'Print only this label (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l labels-length -d 'Pad labels to at least this many characters' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l color-by -d 'How labels are coloured (stream = --colored-output)' -r -f -a "labels\t'Labels red, timestamps blue (logcli\'s default)'
stream\t'A stable colour per stream, from its label set (= --colored-output)'"
complete -c logcli -n "__fish_logcli_using_subcommand query" -l highlight -d 'Mark matches of this regex in each line (when colouring)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l file -d 'Evaluate on this file instead of a server (repeatable; - = stdin). With `tail`: follow it like `tail -F` (rotation, truncation, files that appear later), its lines labelled `filename`' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l stdin-labels -d 'Labels of the lines read with --stdin/--file, e.g. \'job="x",app="y"\'' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l stdin-timestamp -d 'Each line\'s timestamp: a regex whose first group (or whole match) is a time in any form --from accepts, or a strftime FORMAT (with %) the line starts with; default: the time the line was read' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l max-line-size -d 'Lines longer than this are cut, with a marker saying how much (1MiB, 64KB, bytes)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l until -d 'Stop with exit 0 after printing the first entry that matches (a regex, or a LogQL pipeline such as \'|= "ready"\' or \'| json | status >= 500\')' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l fail-on -d 'Print the first entry that matches and exit 1 (regex or LogQL pipeline)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l timeout -d 'Give up after this long without meeting the condition: exit 124' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l max-entries -d 'Stop after printing this many entries' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l expect-min -d 'Exit 4 if fewer than N entries were printed' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l parallel-duration -d 'Split the range into jobs of this length' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l parallel-max-workers -d 'Workers downloading jobs at once; above 1 the range is split (--limit is ignored)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l part-path-prefix -d 'Write each job to PREFIX_YYYYMMDDTHHMMSS_YYYYMMDDTHHMMSS.part (".part.tmp" while running)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l delay-for -d 'Hold live entries this long and print them in time order (500ms, 10s, 2m; a bare number is seconds)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l max-reconnects -d 'Give up after this many failed reconnects in a row (default: reconnect forever)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l verify -d 'Check each settled window of this length against Loki\'s own count (count_over_time) and re-read the windows that differ' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l silence-timeout -d 'Treat a tail connection with no frame and no ping for this long as dead (Loki pings every second)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l tui-scrollback -d 'Entries the full-screen view keeps for scrolling back (at least 1)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand query" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand query" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand query" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand query" -l forward -d 'Oldest entries first (default: newest first)'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l no-labels -d 'Do not print labels'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l include-common-labels -d 'Do not remove the labels common to all streams'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l colored-output -d 'Colour each stream\'s labels by a hash of the label set'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l overwrite-completed-parts -d 'Download jobs again even when their part file is complete'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l merge-parts -d 'Print the part files in order on stdout as they complete, then delete them'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l keep-parts -d 'Keep part files after --merge-parts'
complete -c logcli -n "__fish_logcli_using_subcommand query" -s t -l tail -l follow -d 'Tail the query (same as the tail command)'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l no-backfill -d 'Trust the websocket: do not re-read windows where entries may have been lost (Loki drops entries past ~2,200/s per tail and reports only some)'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l fail-on-loss -d 'Exit 1 at the end if a window could not be re-read (entries may be missing)'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l no-interactive -d 'No keyboard control (space pauses, c clears, q quits) even on a terminal'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l tui -d 'Full-screen view: follow, scroll back, filter as you type, volume, details (needs a terminal; `tui = true` in a profile makes it the default there)'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l no-tui -d 'Plain output even where a profile\'s `tui = true` would open the view'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand query" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand query" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand query" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logcli -n "__fish_logcli_using_subcommand query" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l now -d 'Evaluation time (default now)' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l limit -d 'Most entries or series to return' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l exclude-label -d 'Do not print this label (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l include-label -d 'Print only this label (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l labels-length -d 'Pad labels to at least this many characters' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l color-by -d 'How labels are coloured (stream = --colored-output)' -r -f -a "labels\t'Labels red, timestamps blue (logcli\'s default)'
stream\t'A stable colour per stream, from its label set (= --colored-output)'"
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l highlight -d 'Mark matches of this regex in each line (when colouring)' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l forward -d 'Oldest entries first'
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l no-labels -d 'Do not print labels'
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l include-common-labels -d 'Do not remove the labels common to all streams'
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l colored-output -d 'Colour each stream\'s labels by a hash of the label set'
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logcli -n "__fish_logcli_using_subcommand instant-query" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l since -d 'Look back this far from --to (or now), e.g. 1h, 30m, 2d' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l from -d 'Start of the range (inclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l to -d 'End of the range (exclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l query -d 'Restrict to streams that match this selector' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand labels" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand labels" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand labels" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand labels" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand labels" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logcli -n "__fish_logcli_using_subcommand labels" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand series" -l since -d 'Look back this far from --to (or now), e.g. 1h, 30m, 2d' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l from -d 'Start of the range (inclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l to -d 'End of the range (exclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand series" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand series" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand series" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand series" -l analyze-labels -d 'Print a summary of label cardinality instead of the series'
complete -c logcli -n "__fish_logcli_using_subcommand series" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand series" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand series" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand series" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand series" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand series" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand series" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand series" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand series" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logcli -n "__fish_logcli_using_subcommand series" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l since -d 'History from this far back' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l from -d 'History from this time instead of --since' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l limit -d 'Newest history entries to show first (0 = all history)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l delay-for -d 'Hold live entries this long and print them in time order (500ms, 10s, 2m; a bare number is seconds)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l max-reconnects -d 'Give up after this many failed reconnects in a row (default: reconnect forever)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l verify -d 'Check each settled window of this length against Loki\'s own count (count_over_time) and re-read the windows that differ' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l silence-timeout -d 'Treat a tail connection with no frame and no ping for this long as dead (Loki pings every second)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l exclude-label -d 'Do not print this label (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l include-label -d 'Print only this label (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l labels-length -d 'Pad labels to at least this many characters' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l color-by -d 'How labels are coloured (stream = --colored-output)' -r -f -a "labels\t'Labels red, timestamps blue (logcli\'s default)'
stream\t'A stable colour per stream, from its label set (= --colored-output)'"
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l highlight -d 'Mark matches of this regex in each line (when colouring)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l until -d 'Stop with exit 0 after printing the first entry that matches (a regex, or a LogQL pipeline such as \'|= "ready"\' or \'| json | status >= 500\')' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l fail-on -d 'Print the first entry that matches and exit 1 (regex or LogQL pipeline)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l timeout -d 'Give up after this long without meeting the condition: exit 124' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l max-entries -d 'Stop after printing this many entries' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l expect-min -d 'Exit 4 if fewer than N entries were printed' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l tui-scrollback -d 'Entries the full-screen view keeps for scrolling back (at least 1)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l file -d 'Evaluate on this file instead of a server (repeatable; - = stdin). With `tail`: follow it like `tail -F` (rotation, truncation, files that appear later), its lines labelled `filename`' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l stdin-labels -d 'Labels of the lines read with --stdin/--file, e.g. \'job="x",app="y"\'' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l stdin-timestamp -d 'Each line\'s timestamp: a regex whose first group (or whole match) is a time in any form --from accepts, or a strftime FORMAT (with %) the line starts with; default: the time the line was read' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l max-line-size -d 'Lines longer than this are cut, with a marker saying how much (1MiB, 64KB, bytes)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand tail" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand tail" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l no-history -d 'Live entries only, no history'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l no-backfill -d 'Trust the websocket: do not re-read windows where entries may have been lost (Loki drops entries past ~2,200/s per tail and reports only some)'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l fail-on-loss -d 'Exit 1 at the end if a window could not be re-read (entries may be missing)'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l no-interactive -d 'No keyboard control (space pauses, c clears, q quits) even on a terminal'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l no-labels -d 'Do not print labels'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l include-common-labels -d 'Do not remove the labels common to all streams'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l colored-output -d 'Colour each stream\'s labels by a hash of the label set'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l tui -d 'Full-screen view: follow, scroll back, filter as you type, volume, details (needs a terminal; `tui = true` in a profile makes it the default there)'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l no-tui -d 'Plain output even where a profile\'s `tui = true` would open the view'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logcli -n "__fish_logcli_using_subcommand tail" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l since -d 'Look back this far from --to (or now), e.g. 1h, 30m, 2d' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l from -d 'Start of the range (inclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l to -d 'End of the range (exclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand stats" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand stats" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand stats" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand stats" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand stats" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logcli -n "__fish_logcli_using_subcommand stats" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l since -d 'Look back this far from --to (or now), e.g. 1h, 30m, 2d' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l from -d 'Start of the range (inclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l to -d 'End of the range (exclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l limit -d 'Most series to return volumes for' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l targetLabels -d 'Labels to aggregate the results into (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l step -d 'Bucket width of volume_range (ignored by volume)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand volume" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand volume" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l aggregateByLabels -d 'Aggregate by label name only'
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand volume" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand volume" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand volume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logcli -n "__fish_logcli_using_subcommand volume" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l since -d 'Look back this far from --to (or now), e.g. 1h, 30m, 2d' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l from -d 'Start of the range (inclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l to -d 'End of the range (exclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l limit -d 'Most series to return volumes for' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l targetLabels -d 'Labels to aggregate the results into (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l step -d 'Bucket width of volume_range (ignored by volume)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l aggregateByLabels -d 'Aggregate by label name only'
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logcli -n "__fish_logcli_using_subcommand volume_range" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l since -d 'Look back this far from --to (or now), e.g. 1h, 30m, 2d' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l from -d 'Start of the range (inclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l to -d 'End of the range (exclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l field-limit -l limit -d 'Most fields (or values) to return' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l line-limit -d 'Most lines each subquery may process' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l step -d 'Query resolution step' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logcli -n "__fish_logcli_using_subcommand detected-fields" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -s h -l help -d 'Print help'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -f -a "create" -d 'Ask the compactor to delete the lines a query selects in a range'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -f -a "list" -d 'List deletion requests'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -f -a "cancel" -d 'Cancel a deletion request that has not been processed yet'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and not __fish_seen_subcommand_from create list cancel help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l since -d 'Look back this far from --to (or now), e.g. 1h, 30m, 2d' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l from -d 'Start of the range (inclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l to -d 'End of the range (exclusive)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l max-interval -d 'Split the deletion into intervals of at most this length' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from create" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l request-id -d 'ID of the request to cancel' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l force -d 'Cancel even if the request is partially processed'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -s h -l help -d 'Print help'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from cancel" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "create" -d 'Ask the compactor to delete the lines a query selects in a range'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "list" -d 'List deletion requests'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "cancel" -d 'Cancel a deletion request that has not been processed yet'
complete -c logcli -n "__fish_logcli_using_subcommand delete; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -s h -l help -d 'Print help'
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "show" -d 'Print the settings in effect, with secrets masked'
complete -c logcli -n "__fish_logcli_using_subcommand config; and not __fish_seen_subcommand_from show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'Print the settings in effect, with secrets masked'
complete -c logcli -n "__fish_logcli_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l out -d 'Directory that receives completions/ and man/' -r -F
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -s h -l help -d 'Print help'
complete -c logcli -n "__fish_logcli_using_subcommand generate-docs" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l addr -d 'Server address; a path prefix is kept (https://host/loki)' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l username -d 'Username for HTTP basic auth' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l password -d 'Password for HTTP basic auth (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l bearer-token -d 'Bearer token (never printed)' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l bearer-token-file -d 'File holding the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l auth-header -d 'Header that carries basic auth or the bearer token' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l org-id -d 'Tenant, sent as X-Scope-OrgID' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l query-tags -d 'Sent as X-Query-Tags' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l header -d 'Extra request header \'Name: value\' (repeatable)' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l ca-cert -d 'CA certificate (PEM) to verify the server' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l cert -d 'Client certificate (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l key -d 'Client key (PEM) for mutual TLS' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l proxy-url -d 'Proxy URL for all requests' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l retries -d 'Retries after a connection error, 5xx or 429 (never after other 4xx)' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l min-backoff -d 'Smallest wait between retries (milliseconds, or a duration like 500ms)' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l max-backoff -d 'Largest wait between retries (milliseconds, or a duration like 10s)' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l request-timeout -d 'Timeout of one HTTP request or websocket upgrade (duration; 0 = none)' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l color -d 'When to colour output: auto (terminal, NO_COLOR unset, TERM not dumb; CLICOLOR_FORCE forces), always, never' -r -f -a "auto\t''
always\t''
never\t''"
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -s o -l output -d 'Output format of log entries' -r -f -a "default\t''
raw\t''
jsonl\t''"
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -s z -l timezone -d 'Time zone of printed timestamps: Local, UTC or an IANA name (Europe/Paris)' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l output-timestamp-format -d 'Format of printed timestamps' -r -f -a "rfc3339\t''
rfc3339nano\t''
rfc822z\t''
rfc1123z\t''
stampmilli\t''
stampmicro\t''
stampnano\t''
unixdate\t''"
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l context -d 'Named context (profile) from ~/.config/logcli/config.toml' -r
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l nocache -d 'Send Cache-Control: no-cache'
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l tls-skip-verify -d 'Do not verify the server certificate (insecure)'
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l envproxy -d 'Take the proxy from HTTP_PROXY/HTTPS_PROXY/NO_PROXY'
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l compress -d 'Ask the server for gzip-compressed responses'
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -s q -l quiet -d 'Print nothing but results (no request URLs, no common labels)'
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l stats -d 'Print query statistics on stderr'
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l stdin -d 'Evaluate the query locally on lines read from stdin instead of a server'
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -l no-validate -d 'Send queries the local parser rejects (for server syntax newer than this client)'
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -s h -l help -d 'Print help'
complete -c logcli -n "__fish_logcli_using_subcommand fmt" -s V -l version -d 'Print version'
complete -c logcli -n "__fish_logcli_using_subcommand help; and not __fish_seen_subcommand_from query instant-query labels series tail stats volume volume_range detected-fields delete config generate-docs fmt help" -f -a "query" -d 'Run a LogQL query over a time range (log or metric)'
complete -c logcli -n "__fish_logcli_using_subcommand help; and not __fish_seen_subcommand_from query instant-query labels series tail stats volume volume_range detected-fields delete config generate-docs fmt help" -f -a "instant-query" -d 'Run a LogQL metric query at one instant'
complete -c logcli -n "__fish_logcli_using_subcommand help; and not __fish_seen_subcommand_from query instant-query labels series tail stats volume volume_range detected-fields delete config generate-docs fmt help" -f -a "labels" -d 'List label names, or the values of one label'
complete -c logcli -n "__fish_logcli_using_subcommand help; and not __fish_seen_subcommand_from query instant-query labels series tail stats volume volume_range detected-fields delete config generate-docs fmt help" -f -a "series" -d 'List the series (label sets) that match a selector'
complete -c logcli -n "__fish_logcli_using_subcommand help; and not __fish_seen_subcommand_from query instant-query labels series tail stats volume volume_range detected-fields delete config generate-docs fmt help" -f -a "tail" -d 'Follow a query live: complete history, then new entries as they arrive'
complete -c logcli -n "__fish_logcli_using_subcommand help; and not __fish_seen_subcommand_from query instant-query labels series tail stats volume volume_range detected-fields delete config generate-docs fmt help" -f -a "stats" -d 'Index statistics (streams, chunks, bytes, entries) for a selector'
complete -c logcli -n "__fish_logcli_using_subcommand help; and not __fish_seen_subcommand_from query instant-query labels series tail stats volume volume_range detected-fields delete config generate-docs fmt help" -f -a "volume" -d 'Log volume per series for a selector (instant)'
complete -c logcli -n "__fish_logcli_using_subcommand help; and not __fish_seen_subcommand_from query instant-query labels series tail stats volume volume_range detected-fields delete config generate-docs fmt help" -f -a "volume_range" -d 'Log volume per series over time'
complete -c logcli -n "__fish_logcli_using_subcommand help; and not __fish_seen_subcommand_from query instant-query labels series tail stats volume volume_range detected-fields delete config generate-docs fmt help" -f -a "detected-fields" -d 'Fields detected in the lines a query returns, or the values of one field'
complete -c logcli -n "__fish_logcli_using_subcommand help; and not __fish_seen_subcommand_from query instant-query labels series tail stats volume volume_range detected-fields delete config generate-docs fmt help" -f -a "delete" -d 'Create, list or cancel log deletion requests (compactor API)'
complete -c logcli -n "__fish_logcli_using_subcommand help; and not __fish_seen_subcommand_from query instant-query labels series tail stats volume volume_range detected-fields delete config generate-docs fmt help" -f -a "config" -d 'Show the resolved configuration (flags, environment, context), secrets masked'
complete -c logcli -n "__fish_logcli_using_subcommand help; and not __fish_seen_subcommand_from query instant-query labels series tail stats volume volume_range detected-fields delete config generate-docs fmt help" -f -a "generate-docs" -d 'Write shell completions and man pages generated from this definition'
complete -c logcli -n "__fish_logcli_using_subcommand help; and not __fish_seen_subcommand_from query instant-query labels series tail stats volume volume_range detected-fields delete config generate-docs fmt help" -f -a "fmt" -d 'Format LogQL queries like Loki\'s format_query (from arguments or stdin)'
complete -c logcli -n "__fish_logcli_using_subcommand help; and not __fish_seen_subcommand_from query instant-query labels series tail stats volume volume_range detected-fields delete config generate-docs fmt help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c logcli -n "__fish_logcli_using_subcommand help; and __fish_seen_subcommand_from delete" -f -a "create" -d 'Ask the compactor to delete the lines a query selects in a range'
complete -c logcli -n "__fish_logcli_using_subcommand help; and __fish_seen_subcommand_from delete" -f -a "list" -d 'List deletion requests'
complete -c logcli -n "__fish_logcli_using_subcommand help; and __fish_seen_subcommand_from delete" -f -a "cancel" -d 'Cancel a deletion request that has not been processed yet'
complete -c logcli -n "__fish_logcli_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'Print the settings in effect, with secrets masked'
