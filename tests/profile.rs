//! Profiles: contexts from config.toml, precedence flag > env > context >
//! default, secrets from commands, masking in `config show`.

mod support;

use std::os::unix::fs::PermissionsExt;

use support::server::{Dataset, Server};
use support::*;

struct Conf {
    dir: std::path::PathBuf,
}

impl Conf {
    fn new(name: &str, text: &str, mode: u32) -> Conf {
        let dir = std::env::temp_dir().join(format!("logcli-profile-{}-{name}", std::process::id()));
        std::fs::create_dir_all(dir.join("logcli")).unwrap();
        let f = dir.join("logcli/config.toml");
        std::fs::write(&f, text).unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(mode)).unwrap();
        Conf { dir }
    }
    fn cmd(&self, s: &Server) -> assert_cmd::Command {
        let mut c = logcli("http://127.0.0.1:1");
        c.env_remove("LOKI_ADDR").env("XDG_CONFIG_HOME", &self.dir);
        let _ = s;
        c
    }
}

impl Drop for Conf {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn q() -> [&'static str; 8] {
    [
        "query",
        r#"{job="wire77875"}"#,
        "--from",
        FROM,
        "--to",
        TO,
        "--limit",
        "1",
    ]
}

#[test]
fn context_values_and_precedence() {
    let s = Server::start(Dataset::captured());
    let conf = Conf::new(
        "prec",
        &format!(
            "current-context = \"dev\"\n[contexts.dev]\naddr = \"http://127.0.0.1:1\"\n[contexts.prod]\naddr = \"{}\"\norg-id = \"ctx-org\"\noutput = \"jsonl\"\ntimezone = \"UTC\"\nheaders = [\"X-Team: shop\"]\n",
            s.url()
        ),
        0o600,
    );
    let out = conf
        .cmd(&s)
        .args(["--context", "prod", "-q"])
        .args(q())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(stdout_of(&out).starts_with("{\"labels\":"), "output from the context");
    let r = s.requests().pop().unwrap();
    assert_eq!(r.header("X-Scope-OrgID"), Some("ctx-org"));
    assert_eq!(r.header("X-Team"), Some("shop"));
    assert_eq!(stderr_of(&out), "", "a private file draws no warning");
    // environment beats the context, a flag beats both
    conf.cmd(&s)
        .env("LOGCLI_CONTEXT", "prod")
        .env("LOKI_ORG_ID", "env-org")
        .args(q())
        .assert()
        .success();
    assert_eq!(s.requests().pop().unwrap().header("X-Scope-OrgID"), Some("env-org"));
    conf.cmd(&s)
        .env("LOGCLI_CONTEXT", "prod")
        .env("LOKI_ORG_ID", "env-org")
        .args(["--org-id", "flag-org"])
        .args(q())
        .assert()
        .success();
    assert_eq!(s.requests().pop().unwrap().header("X-Scope-OrgID"), Some("flag-org"));
    // current-context is the default: dev points nowhere -> connection error
    let out = conf.cmd(&s).args(q()).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    // unknown context: usage error naming the ones that exist
    let out = conf.cmd(&s).args(["--context", "nope"]).args(q()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("dev, prod"), "{}", stderr_of(&out));
}

#[test]
fn secrets_from_commands_are_used_and_never_shown() {
    let s = Server::start(Dataset::captured());
    let conf = Conf::new(
        "secret",
        &format!(
            "[contexts.a]\naddr = \"{}\"\nusername = \"bob\"\npassword-command = \"echo s3cret-pw\"\n",
            s.url()
        ),
        0o644,
    );
    let out = conf.cmd(&s).args(["--context", "a"]).args(q()).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("readable by other users"),
        "{}",
        stderr_of(&out)
    );
    // bob:s3cret-pw
    assert_eq!(
        s.requests().pop().unwrap().header("Authorization"),
        Some("Basic Ym9iOnMzY3JldC1wdw==")
    );
    let out = conf
        .cmd(&s)
        .args(["--context", "a", "config", "show"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let shown = stdout_of(&out);
    assert!(!shown.contains("s3cret"), "{shown}");
    assert!(shown.contains("password           ****"), "{shown}");
    assert!(shown.contains("context            a"), "{shown}");
    assert!(shown.contains(&format!("addr               {}", s.url())), "{shown}");
}

#[test]
fn broken_config_is_a_usage_error() {
    let s = Server::start(Dataset::captured());
    let conf = Conf::new("broken", "[contexts.a]\nadress = \"typo\"\n", 0o600);
    let out = conf.cmd(&s).args(["--context", "a"]).args(q()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr_of(&out).contains("config.toml"), "{}", stderr_of(&out));
}
