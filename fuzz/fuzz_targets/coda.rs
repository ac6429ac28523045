//! Fuzz target: `dun::fuzzing::coda` (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dun::fuzzing::coda(data));
