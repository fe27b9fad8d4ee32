use super::*;

fn render(t: &str, labels: &[(&str, &str)]) -> Result<String, String> {
    let mut l: Vec<(&str, &str)> = labels.to_vec();
    l.sort();
    let ctx = Context {
        labels: &l,
        line: "the line",
        ts: 1_795_577_575_102_279_137,
    };
    let mut out = String::new();
    Template::parse(t)?.render(&ctx, &mut out).map(|_| out)
}

fn ok(t: &str, labels: &[(&str, &str)]) -> String {
    render(t, labels).unwrap()
}

#[test]
fn fields_functions_and_control() {
    let l = [("level", "error"), ("msg", "disk full"), ("status", "503")];
    assert_eq!(ok("{{.level}}: {{.msg}}", &l), "error: disk full");
    assert_eq!(ok("{{.msg | ToUpper}}", &l), "DISK FULL");
    assert_eq!(ok("{{ .missing }}|", &l), "|");
    assert_eq!(
        ok(
            r#"{{ if eq .level "error" }}E{{ else if eq .level "warn" }}W{{ else }}I{{ end }}"#,
            &l
        ),
        "E"
    );
    assert_eq!(ok(r#"{{ if gt (int .status) 499 }}5xx{{end}}"#, &l), "5xx");
    assert_eq!(ok(r#"{{ default "none" .missing }}"#, &l), "none");
    assert_eq!(ok(r#"{{ printf "%-6s|%5.1f" .level 3.14159 }}"#, &l), "error |  3.1");
    assert_eq!(ok("{{__line__}}", &l), "the line");
    assert_eq!(ok(r#"{{ Replace .msg "full" "ok" -1 }}"#, &l), "disk ok");
    assert_eq!(ok(r#"a {{- " b " -}} c"#, &l), "a b c");
    assert_eq!(
        ok(r#"{{ regexReplaceAll "(\\w+) (\\w+)" .msg "${2}-${1}" }}"#, &l),
        "full-disk"
    );
    assert_eq!(ok(r#"{{ range fromJson "[1,2,3]" }}<{{.}}>{{end}}"#, &l), "<1><2><3>");
    assert_eq!(
        ok("{{ range $k, $v := . }}{{$k}}={{$v}};{{ end }}", &l),
        "level=error;msg=disk full;status=503;"
    );
    assert_eq!(ok("{{ $l := .level }}{{ $l }}-{{ $l }}", &l), "error-error");
    assert_eq!(ok("{{ with .msg }}[{{.}}]{{ end }}", &l), "[disk full]");
    assert_eq!(ok("{{ with .nope }}x{{ else }}none{{ end }}", &l), "none");
    assert_eq!(
        ok(r#"{{ define "t" }}T{{ .level }}{{ end }}{{ template "t" . }}"#, &l),
        "Terror"
    );
    assert_eq!(ok(r#"{{ block "b" . }}B{{ .level }}{{ end }}"#, &l), "Berror");
    assert_eq!(ok("{{ len . }} {{ . }}", &[("a", "1")]), "1 map[a:1]");
    assert_eq!(
        ok(r#"{{ index . "level" }} {{ slice .msg 0 4 }} {{ index .msg 0 }}"#, &l),
        "error disk 100"
    );
    assert_eq!(
        ok("{{ 3.0 }} {{ 1e21 }} {{ 0x1F }} {{ -5 }} {{ 1.5 }}", &l),
        "3 1e+21 31 -5 1.5"
    );
    assert_eq!(ok(r#"{{ print .level 1 2 "x" }}"#, &[("level", "warn")]), "warn1 2x");
    assert_eq!(ok(r#"{{ fromJson "not json" }}"#, &l), "<no value>");
    assert_eq!(ok("{{ .a | }}", &l), "");
    assert_eq!(
        ok("{{ __timestamp__ }}", &l).len(),
        "2026-11-25 00:12:55.102279137 +0000 UTC".len()
    );
}

#[test]
fn execution_errors_like_go() {
    let l = [("user", "José"), ("status", "200")];
    assert_eq!(
        render("{{ .user.name }}", &l).unwrap_err(),
        r#"template: line:1:8: executing "line" at <.user.name>: can't evaluate field name in type string"#
    );
    assert_eq!(
        render("{{ if gt .status 300 }}big{{ end }}", &l).unwrap_err(),
        r#"template: line:1:6: executing "line" at <gt .status 300>: error calling gt: incompatible types for comparison: string and int"#
    );
    assert_eq!(
        render("{{ div 1 0 }}", &l).unwrap_err(),
        r#"template: line:1:3: executing "line" at <div 1 0>: error calling div: runtime error: integer divide by zero"#
    );
    assert_eq!(
        render("{{ and }}", &l).unwrap_err(),
        r#"template: line:1:3: executing "line" at <and>: wrong number of args for and: want at least 1 got 0"#
    );
}

#[test]
fn parse_errors() {
    assert!(Template::parse("{{ .a ").is_err());
    assert!(Template::parse("{{ if .a }}x").is_err());
    assert!(Template::parse("{{ nosuchfunc .a }}").is_err());
    assert!(Template::parse("{{ quote .a }}").is_err());
    assert!(Template::parse("{{ end }}").is_err());
    assert!(Template::parse("{{ .a-b }}").is_err());
    assert!(Template::parse("{{ $x }}").is_err());
    assert!(Template::parse(r#"{{ .a | "x" }}"#).is_err());
}

/// Answers of the reference Loki 3.7.6 to templates beyond the corpus.
#[test]
fn like_loki_beyond_the_corpus() {
    let l = [("msg", "Hello World"), ("level", "warn")];
    let err = |t: &str| render(t, &l).unwrap_err();
    assert_eq!(ok(r#"{{ printf "%#v|%+q" .level "é" }}"#, &l), r#""warn"|"\u00e9""#);
    assert_eq!(ok("{{ eq nil nil }} {{ eq .missing nil }}", &l), "true false");
    assert_eq!(ok(r#"{{ or "" 0 nil }}"#, &l), "<no value>");
    assert!(err("{{ len nil }}").ends_with("error calling len: reflect: call of reflect.Value.Type on zero Value"));
    assert!(err("{{ index .msg 11 }}").ends_with("error calling index: reflect: string index out of range"));
    assert_eq!(
        err(r#"{{ (fromJson "{}").a.b }}"#),
        r#"template: line:1:13: executing "line" at <"{}">: nil pointer evaluating interface {}.b"#
    );
    assert_eq!(
        err(r#"{{ template "nope" }}"#),
        r#"template: line:1:12: executing "line" at <{{template "nope"}}>: template "nope" not defined"#
    );
    assert!(err(r#"{{ eq (fromJson "[1]") (fromJson "[1]") }}"#)
        .ends_with("non-comparable type [%!s(float64=1)]: []interface {}"));
    assert_eq!(
        ok(r#"{{ b64dec "aGk" }}|{{ b64dec "a" }}"#, &l),
        "illegal base64 data at input byte 0|illegal base64 data at input byte 0"
    );
    assert_eq!(ok(r#"{{ lower "İ" }} {{ upper "straße" }}"#, &l), "i STRAßE");
    assert_eq!(
        ok(
            r#"{{ toDate "2006-01-02T15:04:05.999999999Z07:00" "2024-01-01T10:00:00.5+02:00" }}"#,
            &l
        ),
        "2024-01-01 10:00:00.5 +0200 +0200"
    );
    assert_eq!(
        ok(r#"{{ toDate "2006-01-02" "2024-02-30" }}"#, &l),
        "0001-01-01 00:00:00 +0000 UTC"
    );
    assert_eq!(
        ok(r#"{{ int 1e20 }} {{ int "1e3" }} {{ int "45.67" }}"#, &l),
        "-9223372036854775808 0 45"
    );
    assert_eq!(ok("{{ 0x1p4 }}", &l), "16");
    assert!(err("{{ 9223372036854775808 }}").ends_with("9223372036854775808 overflows int"));
    assert!(Template::parse("{{ 1e400 }}").is_err());
    assert_eq!(ok("{{ (unixToTime \"1700000000\").Unix }}", &l), "1700000000");
}
