//! Fuzz target: `dun::fuzzing::bank_csv` (see fuzz/README.md).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| dun::fuzzing::bank_csv(data));
