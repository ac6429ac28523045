#!/bin/sh
# A short fuzz smoke: each target for a few seconds (default 10) on the seed corpus.
# Needs a nightly toolchain and cargo-fuzz; without them it says so and exits 0, so CI
# never depends on them. Usage: fuzz/smoke.sh [SECONDS]
set -eu
cd "$(dirname "$0")"
secs=${1:-10}
if ! command -v cargo-fuzz >/dev/null 2>&1 || ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "fuzz smoke skipped: needs cargo-fuzz and a nightly toolchain"
  exit 0
fi
./seed.sh >/dev/null
for t in journal rules fmt evaluate coda mt940 bank_csv; do
  cargo +nightly fuzz run -O "$t" "corpus/$t" -- -max_total_time="$secs" -max_len=8192 -timeout=10 2>&1 | tail -n 3
done
