#![no_main]
//! Query responses from the network never make the decoders panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(r) = logcli::core::wire::parse_response(data) {
        let _ = logcli::core::wire::parse_streams(r.data.result);
    }
});
