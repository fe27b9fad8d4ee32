//! The checked-in completions and man pages match the current CLI definition.
//! Regenerate with: cargo run -- generate-docs --out .

#[test]
fn completions_and_man_pages_are_up_to_date() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = logcli::cli::docs::render().unwrap();
    assert!(files.len() >= 11, "5 shells + logcli.1 + a page per command");
    let mut stale = Vec::new();
    for (rel, want) in &files {
        match std::fs::read(root.join(rel)) {
            Ok(have) if &have == want => {}
            _ => stale.push(rel.clone()),
        }
    }
    assert!(
        stale.is_empty(),
        "stale or missing: {stale:?}; run `cargo run -- generate-docs --out .`"
    );
    // nothing left over from commands that no longer exist
    for dir in ["completions", "man"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let rel = format!("{dir}/{}", e.unwrap().file_name().to_string_lossy());
            assert!(files.iter().any(|(r, _)| *r == rel), "{rel} is not generated any more");
        }
    }
}

#[test]
fn every_command_has_a_man_page_and_completion_entry() {
    let files = logcli::cli::docs::render().unwrap();
    let bash = &files.iter().find(|(r, _)| r == "completions/logcli.bash").unwrap().1;
    let bash = String::from_utf8_lossy(bash);
    for cmd in ["query", "instant-query", "labels", "series", "tail", "fmt"] {
        assert!(files.iter().any(|(r, _)| *r == format!("man/logcli-{cmd}.1")), "{cmd}");
        assert!(bash.contains(cmd), "{cmd}");
    }
}
