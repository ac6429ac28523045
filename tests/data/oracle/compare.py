#!/usr/bin/env python3
"""Compare the oracle with dun, field by field, on every day of a date range.

    python3 tests/data/oracle/compare.py JOURNAL FROM TO [--step N] [--all] [--dun PATH]

Prints one line per difference (nothing when they agree); exit 1 if any. `--dun` defaults to
target/debug/dun (build it first). Invoices are matched by number, customers by (id,
currency), totals by currency; the display order is not compared.
"""

import argparse
import datetime as dt
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import status as oracle  # noqa: E402

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))


def diff_rows(tag, mine, dun, key):
    out = []
    m = {key(r): r for r in mine}
    d = {key(r): r for r in dun}
    for k in sorted(set(m) | set(d)):
        if k not in d:
            out.append("%s %s: only in the oracle" % (tag, k))
        elif k not in m:
            out.append("%s %s: only in dun" % (tag, k))
        else:
            for f in m[k]:
                if m[k][f] != d[k].get(f):
                    out.append("%s %s %s: oracle %r, dun %r" % (tag, k, f, m[k][f], d[k].get(f)))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("journal")
    ap.add_argument("start")
    ap.add_argument("end")
    ap.add_argument("--step", type=int, default=1)
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--dun", default=os.path.join(ROOT, "target", "debug", "dun"))
    a = ap.parse_args()
    rules_path = os.path.join(os.path.dirname(os.path.abspath(a.journal)), "rules.dun")
    book = oracle.load_journal(a.journal)
    rules = oracle.load_rules(rules_path)
    day, end = oracle.parse_date(a.start), oracle.parse_date(a.end)
    bad = 0
    while day <= end:
        ds = day.isoformat()
        mine = oracle.status(book, rules, day, include_all=a.all)
        cmd = [a.dun, "-f", a.journal, "status", "--format", "json", "--date", ds]
        run = subprocess.run(cmd + (["--all"] if a.all else []), capture_output=True, text=True)
        theirs = json.loads(run.stdout)
        lines = diff_rows("invoice", mine["invoices"], theirs["invoices"], lambda r: r["number"])
        lines += diff_rows("customer", mine["customers"], theirs["customers"],
                           lambda r: (r["id"], r["currency"]))
        lines += diff_rows("total", mine["totals"], theirs["totals"], lambda r: r["currency"])
        for line in lines:
            print(ds, line)
        bad += len(lines)
        day += dt.timedelta(days=a.step)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
