#!/usr/bin/env python3
"""An independent implementation of `dun customers --format json`, from docs/customers.md.

It takes the claim walk of status.py (itself written from the documents alone) and adds
what docs/customers.md defines: the day each invoice's whole claim reached zero (observed at
the end of each day of the walk), days late, the window and its half-years, promises,
letters, grades, the advice rules, countback DSO and CEI. CEI's opening receivables come
from a second walk as of a month earlier, not from the applications of the first.

    python3 tests/data/oracle/customers.py examples/acme-studio/journal.dun --date 2026-11-23

Prints the JSON keys the test in tests/customers.rs compares with dun's (reasons' wording and
the history are left out).
"""

import argparse
import json
import os
import sys
from decimal import Decimal, ROUND_HALF_UP

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import status as S  # noqa: E402

DEFAULT_ADVICE = [
    ("deposit", "avg-late", ">", ("days", Decimal(30))),
    ("deposit", "broken-promises", ">=", ("count", Decimal(2))),
    ("shorter-terms", "late-share", ">", ("share", Decimal("0.5"))),
    ("credit-check", "trend", ">", ("days", Decimal(10))),
    ("stop-credit", "exposure", ">", ("limit", None)),
]


def q(x, places):
    return x.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def read_settings(path):
    """behaviour-window and advice lines of the rules file."""
    window, advice = 12, []
    for head, _fields, _no in S.read_blocks(path):
        word = S.bare(head[0])
        if word == "behaviour-window":
            window = int(S.bare(head[1])[:-1])
        elif word == "advice":
            toks = [S.bare(t) for t in head]
            kind, metric, op, value = toks[1], toks[3], toks[4], toks[5:]
            v = value[0]
            if v == "credit-limit":
                th = ("limit", None)
            elif metric in ("overdue", "exposure"):
                th = ("amount", (S.parse_number(v), value[1]))
            elif v.endswith("%"):
                th = ("share", Decimal(v[:-1]) / 100)
            elif v[-1] in "dw":
                n = Decimal(v[:-1])
                th = ("days", n * 7 if v[-1] == "w" else n)
            else:
                th = ("count", Decimal(v))
            advice.append((kind, metric, op, th))
    return window, advice or DEFAULT_ADVICE


def holds(op, a, b):
    return {">": a > b, ">=": a >= b, "<": a < b, "<=": a <= b}[op]


def walk(book, rules, as_of, rates):
    """rows of the status walk, each invoice's settled day and credited principal."""
    settled, claims_seen = {}, {}

    def observe(day, claims):
        claims_seen.update(claims)
        for num, c in claims.items():
            if c.closed is None and c.claim() == 0:
                settled.setdefault(num, day)
            else:
                settled.pop(num, None)

    rows, _credit = S.evaluate(book, rules, as_of, rates, observe)
    noted = {n: c.noted for n, c in claims_seen.items()}
    return rows, settled, noted


def behaviour(book, rules, rules_path, as_of, rates):
    months, advice_rules = read_settings(rules_path)
    start = S.add_months(as_of, -months)
    mid, trend_start = S.add_months(as_of, -6), S.add_months(as_of, -12)
    inside = lambda d: start < d <= as_of
    rows, settled, noted = walk(book, rules, as_of, rates)
    known = [e for e in book.entries if e["date"] <= as_of]
    closed_on = {}
    for e in known:
        if e["kind"] in ("writeoff", "handover"):
            closed_on.setdefault(e["invoice"], e["date"])
    groups = {}

    def group(cust, cur):
        return groups.setdefault((cust, cur), {
            "w": [], "recent": [], "before": [], "paid": 0, "closed": [], "broken": 0,
            "letters": {}, "open": Decimal(0), "overdue": Decimal(0), "exposure": Decimal(0),
            "has_open": False})

    outcomes = []   # (row, day, days late, weight)
    for r in rows:
        if r["state"] == "open":
            g = group(r["customer"], r["currency"])
            g["has_open"] = True
            g["open"] += r["open"]
            if r["days_overdue"] > 0:
                g["overdue"] += r["open"]
            g["exposure"] += r["total"]
            continue
        day = settled.get(r["number"]) if r["state"] == "paid" else closed_on.get(r["number"])
        if day is None:
            continue
        weight = r["amount"] - noted.get(r["number"], Decimal(0))
        if weight <= 0:
            continue
        outcomes.append((r, day, max(0, (day - r["due"]).days), weight))
    for r, day, late, weight in outcomes:
        if not (min(start, trend_start) < day <= as_of):
            continue
        g = group(r["customer"], r["currency"])
        item = (late, weight)
        if inside(day):
            g["w"].append(item)
            if r["state"] == "paid":
                g["paid"] += 1
            else:
                g["closed"].append({"number": r["number"], "state": r["state"],
                                    "date": day.isoformat(), "days_late": late,
                                    "amount": S.money(weight, r["currency"])})
        if mid < day:
            g["recent"].append(item)
        elif trend_start < day:
            g["before"].append(item)
    # promises
    by_inv = {}
    for e in known:
        if e["kind"] == "promise":
            by_inv.setdefault(e["invoice"], []).append((e["date"], e["until"]))
    for num, ps in by_inv.items():
        inv = book.invoices[num]
        pol = S.policy_of(book.customers[inv["customer"]], rules)
        grace = pol["grace"] or rules["grace"]
        paid_on = settled.get(num)
        for k, (_rec, until) in enumerate(ps):
            deadline = S.add_duration(until, grace)
            replaced = k + 1 < len(ps) and ps[k + 1][0] <= deadline
            kept = paid_on is not None and paid_on <= deadline
            if not replaced and not kept and deadline < as_of and inside(deadline):
                group(inv["customer"], inv["currency"])["broken"] += 1
    for e in known:
        if e["kind"] == "sent" and e["invoices"] and inside(e["date"]):
            cur = book.invoices[e["invoices"][0]]["currency"]
            L = group(e["customer"], cur)["letters"]
            L[e["stage"]] = L.get(e["stage"], 0) + 1

    def avg(items):
        w = sum((x[1] for x in items), Decimal(0))
        return (sum((x[1] * x[0] for x in items), Decimal(0)) / w) if items and w > 0 else None

    out = []
    for (cust, cur), g in groups.items():
        w = g["w"]
        if not (w or g["has_open"] or g["letters"] or g["broken"]):
            continue
        a = avg(w)
        a1 = q(a, 1) if a is not None else None
        grade = "-" if a1 is None else "A" if a1 <= 7 else "B" if a1 <= 30 else "C" if a1 <= 60 else "D"
        late = [x for x in w if x[0] > 0]
        wsum = sum((x[1] for x in w), Decimal(0))
        ra, rb = avg(g["recent"]), avg(g["before"])
        trend = q(ra - rb, 1) if ra is not None and rb is not None else None
        c = book.customers[cust]
        lim = c.get("tokens", {}).get("credit-limit")
        limit = (S.parse_number(lim[0]), lim[1]) if lim else None
        limit = limit if limit and limit[1] == cur else None
        row = {
            "id": cust, "name": c["name"], "currency": cur,
            "invoices_paid": g["paid"],
            "avg_days_late": float(a1) if a1 is not None else None,
            "max_days_late": max(x[0] for x in w) if w else None,
            "late_share": float(q(Decimal(len(late)) / len(w), 3)) if w else None,
            "late_share_amount": float(q(sum((x[1] for x in late), Decimal(0)) / wsum, 3)) if w else None,
            "trend": float(trend) if trend is not None else None,
            "promises_broken": g["broken"],
            "open": S.money(g["open"], cur), "overdue": S.money(g["overdue"], cur),
            "exposure": S.money(g["exposure"], cur),
            "credit_limit": S.money(limit[0], cur) if limit else None,
            "letters": dict(sorted(g["letters"].items())),
            "grade": grade, "invoices_closed": len(g["closed"]), "closed": g["closed"],
        }
        values = {"avg-late": a1, "max-late": row["max_days_late"],
                  "late-share": q(Decimal(len(late)) / len(w), 3) if w else None,
                  "broken-promises": g["broken"], "trend": trend,
                  "overdue": g["overdue"], "exposure": g["exposure"]}
        advice = []
        for kind, metric, op, (tk, tv) in advice_rules:
            v = values[metric]
            if v is None:
                continue
            if tk == "limit":
                if limit is None:
                    continue
                tv = limit[0]
            elif tk == "amount":
                if tv[1] != cur:
                    continue
                tv = tv[0]
            if holds(op, Decimal(v), tv) and kind not in advice:
                advice.append(kind)
        row["advice"] = advice
        out.append(row)
    rank = {"D": 4, "C": 3, "B": 2, "A": 1, "-": 0}
    out.sort(key=lambda r: (-rank[r["grade"]], -(r["avg_days_late"] if r["avg_days_late"] is not None else -1),
                            -S.parse_number(r["overdue"]), r["id"], r["currency"]))
    # portfolio
    currencies = sorted({e["currency"] for e in known if e["kind"] == "invoice"})
    month_ago = S.add_months(as_of, -1)
    before_rows, _c = S.evaluate(book, rules, month_ago, rates)
    portfolio = []
    for cur in currencies:
        opn = [r for r in rows if r["state"] == "open" and r["currency"] == cur]
        close = sum((r["open"] for r in opn), Decimal(0))
        current = sum((r["open"] for r in opn if r["days_overdue"] == 0), Decimal(0))
        opening = sum((r["open"] for r in before_rows if r["state"] == "open" and r["currency"] == cur), Decimal(0))
        invs = [e for e in known if e["kind"] == "invoice" and e["currency"] == cur]
        sales = sum((e["amount"] for e in invs if month_ago < e["date"] <= as_of), Decimal(0))
        den = opening + sales - current
        cei = float(q((opening + sales - close) / den, 3)) if den > 0 else None
        # countback DSO
        left, days, to = close, Decimal(0), as_of
        first = min(e["date"] for e in invs)
        while left > 0 and to >= first:
            frm = S.add_months(to, -1)
            s = sum((e["amount"] for e in invs if frm < e["date"] <= to), Decimal(0))
            length = Decimal((to - frm).days)
            if s <= left:
                days += length
                left -= s
            else:
                days += length * left / s
                left = Decimal(0)
            to = frm
        items = []
        for r, day, late, weight in outcomes:
            if r["currency"] == cur and inside(day):
                items.append((late, weight))
        a = avg(items)
        portfolio.append({"currency": cur, "dso_countback": int(q(days, 0)), "cei": cei,
                          "avg_days_late": float(q(a, 1)) if a is not None else None})
    return {"as_of": as_of.isoformat(), "window_months": months,
            "window_start": (start + S.dt.timedelta(days=1)).isoformat(),
            "customers": out, "portfolio": portfolio}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("journal")
    ap.add_argument("--date", required=True)
    ap.add_argument("--rules")
    ap.add_argument("--rates", default=S.DEFAULT_RATES)
    a = ap.parse_args()
    rules_path = a.rules or os.path.join(os.path.dirname(os.path.abspath(a.journal)), "rules.dun")
    book = S.load_journal(a.journal)
    rules = S.load_rules(rules_path)
    print(json.dumps(behaviour(book, rules, rules_path, S.parse_date(a.date), a.rates), indent=2,
                     ensure_ascii=False))


if __name__ == "__main__":
    try:
        main()
    except S.OracleError as err:
        print("oracle: %s" % err, file=sys.stderr)
        sys.exit(2)
