//! Shell completions and man pages, generated from the clap definition in
//! `cli::args` (`logcli generate-docs --out .` rewrites `completions/` and `man/`).

use std::path::Path;

use clap::CommandFactory;
use clap_complete::Shell;

use super::args::Cli;

/// Every generated file as (relative path, contents).
pub fn render() -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    for (shell, name) in [
        (Shell::Bash, "logcli.bash"),
        (Shell::Zsh, "_logcli"),
        (Shell::Fish, "logcli.fish"),
        (Shell::Elvish, "logcli.elv"),
        (Shell::PowerShell, "_logcli.ps1"),
    ] {
        let mut buf = Vec::new();
        clap_complete::generate(shell, &mut Cli::command(), "logcli", &mut buf);
        files.push((format!("completions/{name}"), buf));
    }
    let cmd = Cli::command();
    let mut buf = Vec::new();
    clap_mangen::Man::new(cmd.clone()).render(&mut buf)?;
    files.push(("man/logcli.1".to_string(), buf));
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("logcli-{}", sub.get_name());
        let page = sub.clone().name(name.clone());
        let mut buf = Vec::new();
        clap_mangen::Man::new(page).render(&mut buf)?;
        files.push((format!("man/{name}.1"), buf));
    }
    Ok(files)
}

pub fn write_all(out: &Path) -> std::io::Result<()> {
    for (rel, data) in render()? {
        let p = out.join(rel);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(p, data)?;
    }
    Ok(())
}
