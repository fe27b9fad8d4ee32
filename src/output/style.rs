//! Colours, written with anstyle. The bytes are logcli's (fatih/color):
//! timestamps blue (`ESC[34m`), labels red (`ESC[31m`), a reset after each;
//! `--colored-output` picks a stream colour from logcli's palette by an
//! FNV-32 hash of the label text.

use anstyle::{AnsiColor, Effects, Style};

/// When to colour (`--color`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

/// What `--color auto` looks at, read by the caller.
#[derive(Debug, Clone, Default)]
pub struct ColorEnv {
    pub clicolor_force: Option<String>,
    pub no_color: bool,
    pub term_dumb: bool,
    pub stdout_is_terminal: bool,
}

impl ColorEnv {
    /// The process environment and stdout.
    pub fn from_process() -> Self {
        use std::io::IsTerminal;
        ColorEnv {
            clicolor_force: std::env::var("CLICOLOR_FORCE").ok(),
            no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
            term_dumb: std::env::var("TERM").is_ok_and(|t| t == "dumb"),
            stdout_is_terminal: std::io::stdout().is_terminal(),
        }
    }
}

/// Decide whether to colour. `auto`: `CLICOLOR_FORCE` (not empty, not 0)
/// forces it; otherwise a terminal with `NO_COLOR` unset and `TERM` not dumb.
pub fn color_wanted(when: ColorWhen, env: &ColorEnv) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            if env.clicolor_force.as_deref().is_some_and(|v| !v.is_empty() && v != "0") {
                return true;
            }
            !env.no_color && !env.term_dumb && env.stdout_is_terminal
        }
    }
}

/// logcli's palette for `--colored-output`, in its order (captured from
/// logcli 3.7.6: fatih/color codes 96, 36, 92, 32, 95, 35, 93, 33, 91, 31;
/// no blue, which timestamps use).
const PALETTE: [AnsiColor; 10] = [
    AnsiColor::BrightCyan,
    AnsiColor::Cyan,
    AnsiColor::BrightGreen,
    AnsiColor::Green,
    AnsiColor::BrightMagenta,
    AnsiColor::Magenta,
    AnsiColor::BrightYellow,
    AnsiColor::Yellow,
    AnsiColor::BrightRed,
    AnsiColor::Red,
];

/// The palette slot of a stream, as logcli picks it (FNV-32 of the label
/// text, modulo the palette's 10 colours).
pub fn stream_slot(label_text: &str) -> usize {
    (fnv32(label_text.as_bytes()) % PALETTE.len() as u32) as usize
}

fn fnv32(data: &[u8]) -> u32 {
    let mut h: u32 = 0x811c9dc5;
    for &b in data {
        h = h.wrapping_mul(0x01000193);
        h ^= b as u32;
    }
    h
}

fn esc(s: Style) -> Vec<u8> {
    s.render().to_string().into_bytes()
}

/// The escape sequences in use, rendered once.
#[derive(Debug, Clone)]
pub struct Styles {
    pub timestamp: Vec<u8>,
    pub labels: Vec<u8>,
    pub highlight: Vec<u8>,
    pub reset: Vec<u8>,
    palette: Vec<Vec<u8>>,
}

impl Default for Styles {
    fn default() -> Self {
        Styles {
            timestamp: esc(AnsiColor::Blue.on_default()),
            labels: esc(AnsiColor::Red.on_default()),
            highlight: esc(Style::new().effects(Effects::BOLD | Effects::INVERT)),
            reset: anstyle::Reset.render().to_string().into_bytes(),
            palette: PALETTE.iter().map(|c| esc(c.on_default())).collect(),
        }
    }
}

impl Styles {
    /// The stable colour of a stream, from its label text.
    pub fn stream(&self, label_text: &str) -> &[u8] {
        &self.palette[stream_slot(label_text)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_are_logcli_s() {
        let s = Styles::default();
        assert_eq!(s.timestamp, b"\x1b[34m");
        assert_eq!(s.labels, b"\x1b[31m");
        assert_eq!(s.reset, b"\x1b[0m");
        // the palette order of logcli (fatih/color codes 96, 36, 92, ...)
        let codes: Vec<String> = s
            .palette
            .iter()
            .map(|p| String::from_utf8(p.clone()).unwrap())
            .collect();
        assert_eq!(codes[0], "\x1b[96m");
        assert_eq!(codes[1], "\x1b[36m");
        assert_eq!(codes[8], "\x1b[91m");
        assert_eq!(codes[9], "\x1b[31m");
    }

    #[test]
    fn decisions() {
        let tty = ColorEnv {
            stdout_is_terminal: true,
            ..Default::default()
        };
        assert!(color_wanted(ColorWhen::Auto, &tty));
        assert!(!color_wanted(
            ColorWhen::Auto,
            &ColorEnv {
                no_color: true,
                ..tty.clone()
            }
        ));
        assert!(!color_wanted(
            ColorWhen::Auto,
            &ColorEnv {
                term_dumb: true,
                ..tty.clone()
            }
        ));
        assert!(!color_wanted(ColorWhen::Auto, &ColorEnv::default()));
        let forced = ColorEnv {
            clicolor_force: Some("1".into()),
            ..Default::default()
        };
        assert!(color_wanted(ColorWhen::Auto, &forced));
        assert!(!color_wanted(ColorWhen::Never, &forced));
        assert!(color_wanted(ColorWhen::Always, &ColorEnv::default()));
    }
}
