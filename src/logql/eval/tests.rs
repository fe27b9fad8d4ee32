use super::*;

fn run(q: &str, stream: &[(&str, &str)], line: &str) -> Option<(String, Vec<(String, String)>)> {
    let e = match crate::logql::parse(q).unwrap() {
        crate::logql::Expr::Log(l) => l,
        _ => panic!("not a log query"),
    };
    let lq = LocalQuery::compile(&e).unwrap();
    let mut labels: Labels = stream.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    if !lq.selector_matches(&labels) {
        return None;
    }
    let mut l = line.to_string();
    if !lq.process(0, &mut l, &mut labels) {
        return None;
    }
    labels.sort();
    Some((l, labels))
}

fn pairs(p: &[(&str, &str)]) -> Vec<(String, String)> {
    p.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

#[test]
fn logfmt_filter_and_format() {
    let (l, labels) = run(
        r#"{} | logfmt | level="error" | line_format "{{.msg}} ({{.status}})""#,
        &[],
        r#"level=error msg="disk \"full\"" status=507 empty="#,
    )
    .unwrap();
    assert_eq!(l, "disk \"full\" (507)");
    assert_eq!(
        labels,
        pairs(&[("level", "error"), ("msg", "disk \"full\""), ("status", "507")])
    );
    assert!(run(r#"{} | logfmt | level="error""#, &[], "level=info").is_none());
}

#[test]
fn first_value_wins_and_extracted_suffix() {
    let (_, l) = run(r#"{} | logfmt"#, &[("app", "a")], "level=info level=warn app=x").unwrap();
    assert_eq!(l, pairs(&[("app", "a"), ("app_extracted", "x"), ("level", "info")]));
    let (_, l) = run(r#"{} | json"#, &[], r#"{"a":1,"a":2,"b":""}"#).unwrap();
    assert_eq!(l, pairs(&[("a", "1"), ("b", "")]));
}

#[test]
fn selector_missing_labels_are_empty() {
    assert!(run(r#"{app=""}"#, &[], "x").is_some());
    assert!(run(r#"{app="a"}"#, &[], "x").is_none());
    assert!(run(r#"{app="a", env!="p"}"#, &[("app", "a")], "x").is_some());
}

#[test]
fn line_filters_chains_and_ip() {
    assert!(run(r#"{} |= "a" or "b" != "c""#, &[], "xbx").is_some());
    assert!(run(r#"{} |= "a" or "b" != "c""#, &[], "xbc").is_none());
    assert!(run(r#"{} |~ "err(or)?" "#, &[], "an error").is_some());
    assert!(run(r#"{} |> "<_> GET <_>""#, &[], "1.2.3.4 GET /x").is_some());
    assert!(run(r#"{} |= ip("10.0.0.0/8")"#, &[], "from 10.1.2.3 ok").is_some());
    assert!(run(r#"{} |= ip("10.0.0.0/8")"#, &[], "from 11.1.2.3 ok").is_none());
    // after |= Loki reads ip() in an `or` chain as plain text
    assert!(run(r#"{} |= ip("10.0.0.0/8") or "bob""#, &[], "at 10.1.2.3").is_none());
    assert!(run(r#"{} |= ip("10.0.0.0/8") or "bob""#, &[], "ip=10.0.0.0/8").is_some());
    assert!(run(r#"{} != ip("10.0.0.0/8") or "bob""#, &[], "at 10.1.2.3").is_none());
    // Loki runs line filters before decolorize
    assert!(run(r#"{} | decolorize |= "red text""#, &[], "\u{1b}[31mred\u{1b}[0m text").is_none());
}

#[test]
fn numeric_duration_bytes_filters() {
    let q = r#"{} | logfmt | status >= 500 and duration > 1s or size > 1KB"#;
    assert!(run(q, &[], "status=503 duration=1.5s size=10").is_some());
    assert!(run(q, &[], "status=503 duration=900ms size=10").is_none());
    assert!(run(q, &[], "status=200 duration=900ms size=2KB").is_some());
    // a value that is not a number keeps the line, flagged with __error__
    let (_, labels) = run(r#"{} | logfmt | status > 1"#, &[], "status=abc").unwrap();
    assert!(labels.contains(&("__error__".into(), "LabelFilterErr".into())));
    assert!(labels.contains(&(
        "__error_details__".into(),
        "strconv.ParseFloat: parsing \"abc\": invalid syntax".into()
    )));
}

#[test]
fn json_parser_nested_and_params() {
    let (_, labels) = run(
        r#"{} | json"#,
        &[("app", "x")],
        r#"{"a":{"b":"c"},"app":"y","n":3,"arr":[1]}"#,
    )
    .unwrap();
    assert!(labels.contains(&("a_b".into(), "c".into())));
    assert!(labels.contains(&("app_extracted".into(), "y".into())));
    assert!(labels.contains(&("n".into(), "3".into())));
    let (_, labels) = run(
        r#"{} | json first="arr[0]", deep="a.b""#,
        &[],
        r#"{"a":{"b":"c"},"arr":[1]}"#,
    )
    .unwrap();
    assert_eq!(labels, pairs(&[("deep", "c"), ("first", "1")]));
    let (_, labels) = run(r#"{} | json"#, &[], "not json").unwrap();
    assert!(labels.iter().any(|(k, v)| k == "__error__" && v == "JSONParserErr"));
    assert!(run(r#"{} | json | __error__="""#, &[], "not json").is_none());
}

#[test]
fn regexp_pattern_label_format_drop_keep_decolorize() {
    let (_, l) = run(r#"{} | regexp "(?P<method>\\w+) (?P<path>\\S+)""#, &[], "GET /api").unwrap();
    assert_eq!(l, pairs(&[("method", "GET"), ("path", "/api")]));
    let (_, l) = run(
        r#"{} | pattern "<m> <p>" | label_format verb=m, up="{{.p | ToUpper}}""#,
        &[],
        "GET /api",
    )
    .unwrap();
    assert_eq!(l, pairs(&[("p", "/api"), ("up", "/API"), ("verb", "GET")]));
    let (_, l) = run(r#"{} | logfmt | drop a, b="2""#, &[], "a=1 b=2 c=3").unwrap();
    assert_eq!(l, pairs(&[("c", "3")]));
    let (_, l) = run(r#"{} | logfmt | keep a"#, &[("job", "j")], "a=1 b=2").unwrap();
    assert_eq!(l, pairs(&[("a", "1")]));
    let (line, _) = run(r#"{} | decolorize"#, &[], "\u{1b}[31mred\u{1b}[0m text").unwrap();
    assert_eq!(line, "red text");
}

#[test]
fn template_errors_keep_the_line() {
    let (line, l) = run(r#"{} | logfmt | line_format "{{ div 1 0 }}""#, &[], "a=1").unwrap();
    assert_eq!(line, "a=1");
    assert!(l.contains(&("__error__".into(), "TemplateFormatErr".into())));
}
