#![no_main]
//! The LogQL parser and printer never panic, and what they print parses again.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(q) = std::str::from_utf8(data) {
        match logcli::logql::parse(q) {
            Ok(e) => {
                let printed = e.to_string();
                let again = logcli::logql::parse(&printed).expect("printed query parses");
                assert_eq!(printed, again.to_string());
            }
            Err(err) => {
                let _ = err.caret(q);
                let _ = err.message(q);
            }
        }
    }
});
