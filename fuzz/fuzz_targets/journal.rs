//! Fuzz target: `dun::fuzzing::journal` (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dun::fuzzing::journal(data));
