#!/usr/bin/env bash
# Side-by-side timing of `dun status` against ledger and hledger on the same generated
# data, and dun's growth at 10k/100k/1M invoices. Writes BENCHMARKS.md.
#
# Installs nothing. Needs: cargo, hyperfine, ledger, hledger, GNU time (/usr/bin/time),
# python3 (to read hyperfine's JSON). On Debian:
#   apt-get install ledger hledger hyperfine time
#
# Usage: bench/compare.sh [--quick] [--clean-build]
#   --quick: fewer runs, no 1M data sets
#   --clean-build: also time a clean `cargo build --release` (default features, so with the
#   `pdf` feature and Typst) in a fresh target directory, and report it with the binary's size
# Environment: DATA (where data sets go, default target/bench-data), OUT (default BENCHMARKS.md),
# CARGO_TARGET_DIR (where cargo builds, default target), CARGO_FLAGS (default --no-default-features).
set -euo pipefail
cd "$(dirname "$0")/.."

QUICK=0
CLEAN=0
for arg in "$@"; do
  case $arg in
    --quick) QUICK=1 ;;
    --clean-build) CLEAN=1 ;;
    *) echo "compare.sh: unknown argument $arg (see the header of this script)" >&2; exit 2 ;;
  esac
done
TARGET=${CARGO_TARGET_DIR:-target}
DATA=${DATA:-$TARGET/bench-data}
OUT=${OUT:-BENCHMARKS.md}
DATE=2026-06-01 # after all generated data (the last `sent` records are of 2026-04), so every entry counts
RUNS=$([[ $QUICK == 1 ]] && echo 3 || echo 10)

for tool in hyperfine ledger hledger python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "compare.sh: $tool not found (see the header of this script)" >&2; exit 2; }
done

# Without the `pdf` feature (typst): no stage timed here uses it, and it takes minutes to build.
# shellcheck disable=SC2086 # CARGO_FLAGS is a list of flags
cargo build --release --quiet ${CARGO_FLAGS:---no-default-features} --bin dun --example gen
case $TARGET in /*) ;; *) TARGET=$PWD/$TARGET ;; esac
case $DATA in /*) ;; *) DATA=$PWD/$DATA ;; esac
DUN=$TARGET/release/dun
GEN=$TARGET/release/examples/gen

# name invoices payments customers files: 16 include files, or the whole data in one file
SETS=("10k 10000 8000 100 16" "100k 100000 80000 500 16" "100k-1 100000 80000 500 1" "1m 1000000 1000000 5000 16" "1m-1 1000000 1000000 5000 1")
[[ $QUICK == 1 ]] && SETS=("${SETS[@]:0:3}")
for s in "${SETS[@]}"; do
  read -r name inv pay cust files <<<"$s"
  if [[ ! -f "$DATA/$name/journal.dun" ]]; then
    echo "generating $name" >&2
    "$GEN" --invoices "$inv" --payments "$pay" --customers "$cust" --seed 1 --files "$files" "$DATA/$name" >/dev/null
  fi
done

dun_cmd() { echo "$DUN -f $DATA/$1/journal.dun status --format json --date $DATE"; }
dun_v_cmd() { echo "$DUN -v -f $DATA/$1/journal.dun status --format json --date $DATE"; }
ledger_cmd() { echo "ledger -f $DATA/$1/ledger.journal bal Receivable"; }
hledger_cmd() { echo "hledger -f $DATA/$1/ledger.journal bal Receivable"; }

# Peak resident memory in MB of one run of a command.
peak_mb() {
  /usr/bin/time -v sh -c "$1 >/dev/null" 2>&1 | awk '/Maximum resident/ {printf "%.0f", $6/1024}'
}

# hyperfine -> median and standard deviation in seconds, "median sd": the median, as one run
# slowed by the shared machine moves the mean far more than it moves the median.
timeit() { # runs json command...
  local runs=$1 json=$2
  shift 2
  hyperfine --style none --warmup 1 --runs "$runs" --export-json "$json" "$@" >/dev/null
}
stats() { # json index -> "median stddev"
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print(r["median"], r["stddev"] or 0)' "$1" "$2"
}
# Mean CPU time in the program and in the kernel (mostly page faults: zeroing fresh memory),
# "user ms + system ms".
cpu() { # json index -> text
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]; print("%.0f + %.0f ms" % (r["user"]*1000, r["system"]*1000))' "$1" "$2"
}

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# 1. Side by side on 100k invoices and 80k payments in one file, in ONE hyperfine run.
echo "timing dun, ledger and hledger on 100k/80k" >&2
timeit "$RUNS" "$TMP/side.json" "$(dun_cmd 100k-1)" "$(ledger_cmd 100k-1)" "$(hledger_cmd 100k-1)"
read -r dun_t dun_sd < <(stats "$TMP/side.json" 0)
read -r led_t led_sd < <(stats "$TMP/side.json" 1)
read -r hl_t hl_sd < <(stats "$TMP/side.json" 2)
dun_m=$(peak_mb "$(dun_cmd 100k-1)")
led_m=$(peak_mb "$(ledger_cmd 100k-1)")
hl_m=$(peak_mb "$(hledger_cmd 100k-1)")

# 1b. The same at 1M invoices and 1M payments in one file: dun and ledger only (hledger takes
# minutes and many GB there). And the parse stage alone, from `dun -v`.
if [[ $QUICK == 0 ]]; then
  echo "timing dun and ledger on 1m/1m" >&2
  timeit 3 "$TMP/side1m.json" "$(dun_cmd 1m-1)" "$(ledger_cmd 1m-1)"
  read -r dun1m_t dun1m_sd < <(stats "$TMP/side1m.json" 0)
  read -r led1m_t led1m_sd < <(stats "$TMP/side1m.json" 1)
  led1m_m=$(peak_mb "$(ledger_cmd 1m-1)")
fi
# The run after the 1M timings is slow while the system reclaims their memory: warm up first.
$(dun_v_cmd 100k-1) >/dev/null 2>&1 || true
parse_line=$($(dun_v_cmd 100k-1) 2>&1 >/dev/null | grep -m1 'parse ' || true)

# 1c. Parse rate: the `parse` stage of `dun -v` on the largest one-file set, median of 5 runs,
# on one core (`taskset`: dun splits a file over the cores it may use) and on all of them.
parse_set=$([[ $QUICK == 1 ]] && echo 100k-1 || echo 1m-1)
parse_s() { # taskset-prefix... -> median seconds of the parse stage
  for _ in 1 2 3 4 5; do
    "$@" $(dun_v_cmd "$parse_set") 2>&1 >/dev/null | grep -m1 -o 'parse [0-9.]*' | cut -d' ' -f2
  done | sort -n | sed -n 3p
}
# What dun read, as `dun -v` reports it ("read 4 files (129.7 MB)").
parse_mb=$($(dun_v_cmd "$parse_set") 2>&1 >/dev/null | grep -m1 -o '([0-9.]* MB)' | tr -d '(MB )')
parse_one=$(parse_s taskset -c 0)
parse_all=$(parse_s)
rate() { python3 -c 'import sys; print(f"{float(sys.argv[1])/float(sys.argv[2]):.0f}")' "$parse_mb" "$1"; }

# 2. Growth of dun status.
declare -A G_T G_SD G_M
for s in "${SETS[@]}"; do
  read -r name _ <<<"$s"
  echo "growth: $name" >&2
  runs=$RUNS
  [[ $name == 1m* ]] && runs=5
  timeit "$runs" "$TMP/g-$name.json" "$(dun_cmd "$name")"
  read -r G_T[$name] G_SD[$name] < <(stats "$TMP/g-$name.json" 0)
  G_M[$name]=$(peak_mb "$(dun_cmd "$name")")
done

# 3. The example repository: time to first output of `dun status` (a small journal: start-up
# and the fixed costs of a run).
EXAMPLE=examples/acme-studio/journal.dun
timeit "$RUNS" "$TMP/example.json" "$DUN -f $EXAMPLE status --date 2026-11-23"
read -r ex_t ex_sd < <(stats "$TMP/example.json" 0)
first_ms=$(python3 - "$DUN" "$EXAMPLE" <<'PY'
import subprocess, sys, time, statistics
def first(argv):
    t = time.perf_counter()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    p.stdout.read(1)
    took = time.perf_counter() - t
    p.stdout.read()
    p.wait()
    return took
argv = [sys.argv[1], "-f", sys.argv[2], "status", "--date", "2026-11-23"]
print(f"{statistics.median(first(argv) for _ in range(21)) * 1000:.1f}")
PY
)
file_mb() { python3 -c 'import os,sys; print(f"{os.path.getsize(sys.argv[1])/1e6:.1f}")' "$1"; }
bin_mb=$(file_mb "$DUN")

# 4. A clean release build, as a user's `cargo install` makes it (dependencies already fetched).
if [[ $CLEAN == 1 ]]; then
  echo "clean release build" >&2
  clean_dir=$TMP/clean-target
  start=$(date +%s)
  CARGO_TARGET_DIR=$clean_dir cargo build --release --quiet --bin dun
  clean_s=$(($(date +%s) - start))
  clean_line="A clean \`cargo build --release\` (default features, with \`pdf\`; dependencies already downloaded) took $((clean_s / 60)) min $((clean_s % 60)) s on $(nproc) cores; its binary is $(file_mb "$clean_dir/release/dun") MB."
  rm -rf "$clean_dir"
else
  clean_line="The clean release build is timed by \`bench/compare.sh --clean-build\` (not in this run)."
fi

size_mb() { du -cm "$DATA/$1"/journal.dun "$DATA/$1"/customers.dun "$DATA/$1"/data | tail -1 | cut -f1; }
fmt() { python3 -c 'import sys; print(f"{float(sys.argv[1])*1000:.0f} ms ± {float(sys.argv[2])*1000:.0f}")' "$1" "$2"; }
ratio() { python3 -c 'import sys; print(f"{float(sys.argv[1])/float(sys.argv[2]):.1f}×")' "$1" "$2"; }

{
  echo "# Benchmarks"
  echo
  echo "Written by \`bench/compare.sh\` on $(date -u +%Y-%m-%d) (dun $(git rev-parse --short HEAD 2>/dev/null || echo '?'));"
  echo "rerun it after changing the hot path. Release build (thin LTO, codegen-units=1)."
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) cores available"
  echo "- Memory: $(free -g | awk '/Mem:/ {print $2}') GiB; kernel $(uname -r)"
  echo "- $(ledger --version | head -1 | cut -d, -f1); $(hledger --version | cut -d, -f1); $(hyperfine --version)"
  echo "- The machine is shared: other builds may run on the second core while timing."
  echo
  echo "## Side by side: 100,000 invoices and 80,000 payments"
  echo
  echo "Same data (\`examples/gen.rs\`, seed 1, 500 customers): a dun journal whose entries are in one file"
  echo "($(size_mb 100k-1) MB) and the same entries as a ledger journal. One hyperfine run, $RUNS runs each, 1 warm-up."
  echo "dun computes full status (allocation, interest, stages) as JSON; ledger and hledger only total receivables."
  echo
  echo "| command | median ± sd | mean CPU: user + system | peak memory | dun is faster by (medians) |"
  echo "|---|---|---|---|---|"
  echo "| \`dun status --format json\` | $(fmt "$dun_t" "$dun_sd") | $(cpu "$TMP/side.json" 0) | $dun_m MB | |"
  echo "| \`ledger bal Receivable\` | $(fmt "$led_t" "$led_sd") | $(cpu "$TMP/side.json" 1) | $led_m MB | $(ratio "$led_t" "$dun_t") |"
  echo "| \`hledger bal Receivable\` | $(fmt "$hl_t" "$hl_sd") | $(cpu "$TMP/side.json" 2) | $hl_m MB | $(ratio "$hl_t" "$dun_t") |"
  echo
  if [[ $QUICK == 0 ]]; then
    echo "At 1,000,000 invoices and 1,000,000 payments in one file ($(size_mb 1m-1) MB), 3 runs each:"
    echo "dun $(fmt "$dun1m_t" "$dun1m_sd") (CPU $(cpu "$TMP/side1m.json" 0); ${G_M[1m-1]} MB peak), ledger $(fmt "$led1m_t" "$led1m_sd") ($led1m_m MB):"
    echo "dun is faster by $(ratio "$led1m_t" "$dun1m_t")."
    echo
  fi
  echo "Stages of one dun run on the 100k set (\`dun -v\`, $(nproc) cores): \`${parse_line#dun: }\`"
  echo
  echo "Parse rate (the \`parse\` stage of \`dun -v\` on the $parse_set set, $parse_mb MB read, median of 5):"
  echo "$(rate "$parse_one") MB/s on one core (\`taskset -c 0\`), $(rate "$parse_all") MB/s on $(nproc) cores."
  echo
  echo "## Growth of \`dun status --format json\`"
  echo
  echo "| invoices / payments | journal | median ± sd | per invoice | peak memory |"
  echo "|---|---|---|---|---|"
  for s in "${SETS[@]}"; do
    read -r name inv pay _ <<<"$s"
    per=$(python3 -c 'import sys; print(f"{float(sys.argv[1])/int(sys.argv[2])*1e6:.2f} µs")' "${G_T[$name]}" "$inv")
    read -r _ _ _ _ files <<<"$s"
    where=$([[ $files == 1 ]] && echo "one file" || echo "$files files")
    echo "| $inv / $pay | $(size_mb "$name") MB, $where | $(fmt "${G_T[$name]}" "${G_SD[$name]}") | $per | ${G_M[$name]} MB |"
  done
  echo
  echo "## The example repository and the binary"
  echo
  echo "\`dun status\` on \`examples/acme-studio\` (a few dozen entries): $(fmt "$ex_t" "$ex_sd") per run (median),"
  echo "first byte of output after $first_ms ms (median of 21). Release binary without the \`pdf\` feature"
  echo "as built by this script: $bin_mb MB (not stripped)."
  echo "$clean_line"
  echo
  cat bench/NOTES.md
} >"$OUT"
echo "wrote $OUT" >&2
