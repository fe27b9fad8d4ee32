//! Writing to stderr without panicking: `crate::diagln!` panics when stderr is
//! closed or full (`2>&- `, `2>/dev/full`, `2>&1 | head -c0`), which would
//! skip the exit-code map. Messages to stderr are best effort; the exit
//! code still tells what happened.

/// `crate::diag!` that ignores a failing stderr.
#[macro_export]
macro_rules! diag {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($t)*);
    }};
}

/// `crate::diagln!` that ignores a failing stderr.
#[macro_export]
macro_rules! diagln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($t)*);
    }};
}
