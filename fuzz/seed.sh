#!/bin/sh
# Seeds fuzz/corpus/TARGET/ from the example repo and the golden test cases.
# Run from anywhere; existing corpus files are kept.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
for t in journal rules fmt evaluate coda mt940 bank_csv; do mkdir -p "fuzz/corpus/$t"; done
i=0
find examples tests/data/golden tests/data/hostile -name '*.dun' -size -64k 2>/dev/null | sort | while read -r f; do
  i=$((i + 1))
  name=$(printf '%s' "$f" | tr '/' '_')
  case "$f" in
    *rules*.dun) cp "$f" "fuzz/corpus/rules/$name"; cp "$f" "fuzz/corpus/fmt/$name" ;;
    *) for t in journal fmt evaluate; do cp "$f" "fuzz/corpus/$t/$name"; done ;;
  esac
done
# The evaluator takes `JOURNAL \0 RULES`: every case with both files is one seed.
find tests/data/golden tests/data/hostile -name rules.dun -size -64k 2>/dev/null | sort | while read -r r; do
  j="$(dirname "$r")/journal.dun"
  [ -f "$j" ] || continue
  name=$(printf '%s' "$(dirname "$r")" | tr '/' '_')
  { cat "$j"; printf '\0'; cat "$r"; } > "fuzz/corpus/evaluate/pair_$name"
done
# Bank statements: the import fixtures, each to the reader of its format.
for f in tests/data/import/statements/*; do
  name=$(basename "$f")
  case "$f" in
    *.cod) cp "$f" "fuzz/corpus/coda/$name" ;;
    *.sta) cp "$f" "fuzz/corpus/mt940/$name" ;;
    *.csv|*.TAB) cp "$f" "fuzz/corpus/bank_csv/$name" ;;
  esac
done
# Saved crashes are seeds too.
for t in journal rules fmt evaluate coda mt940 bank_csv; do
  [ -d "fuzz/regressions/$t" ] && cp fuzz/regressions/$t/* "fuzz/corpus/$t/" 2>/dev/null || true
done
for t in journal rules fmt evaluate coda mt940 bank_csv; do
  printf '%s: %s seeds\n' "$t" "$(ls "fuzz/corpus/$t" | wc -l)"
done
