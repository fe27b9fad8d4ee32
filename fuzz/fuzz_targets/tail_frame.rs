#![no_main]
//! Tail frames from the network never make the decoder panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = serde_json::from_slice::<logcli::core::wire::TailFrame>(data);
});
