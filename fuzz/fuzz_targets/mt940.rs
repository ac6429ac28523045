//! Fuzz target: `dun::fuzzing::mt940` (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dun::fuzzing::mt940(data));
