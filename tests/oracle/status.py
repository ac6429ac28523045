#!/usr/bin/env python3
"""An independent oracle for `dun status --format json`.

Written from the specification (journal.md, rules.md, cli.md) and the project's
documented decisions (module docs of src/interest, src/book/allocate.rs, src/plan/*), NOT from
dun's code. Standard library only; money is `decimal.Decimal`, never a float.

Usage:
    python3 tests/oracle/status.py JOURNAL --date YYYY-MM-DD [--rules RULES] [--rates DIR]
    python3 tests/oracle/status.py JOURNAL --rust-table --date D1 --date D2 ...
    python3 tests/oracle/status.py JOURNAL --update tests/example_status.rs --date D1 ...

The first form prints the status JSON (open invoices only, as `status` without `--all`;
`--all` lists every invoice). The second prints Rust constants for tests/example_status.rs;
the third writes them into its GENERATED section.

Only the subset of the journal and rules languages that examples/acme-studio uses is parsed
(see tests/oracle/README.md for the simplifications).
"""

import argparse
import calendar
import csv
import datetime as dt
import decimal
import glob
import json
import os
import re
import sys
from decimal import Decimal, ROUND_HALF_UP

decimal.getcontext().prec = 60  # exact enough for every intermediate; rounding only at the end

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_RATES = os.path.normpath(os.path.join(HERE, "..", "..", "data", "rates"))

MINOR_UNITS = {"EUR": 2, "USD": 2, "GBP": 2, "CHF": 2, "JPY": 0}


class OracleError(Exception):
    pass


# ---------------------------------------------------------------------------- lexical helpers

def parse_date(s):
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        raise OracleError("not a date: %r" % s)
    return dt.date.fromisoformat(s)


def add_months(d, n):
    m = d.month - 1 + n
    y = d.year + m // 12
    m = m % 12 + 1
    last = calendar.monthrange(y, m)[1]
    return dt.date(y, m, min(d.day, last))


def add_duration(d, dur):
    n, unit = dur
    if unit == "d":
        return d + dt.timedelta(days=n)
    if unit == "w":
        return d + dt.timedelta(weeks=n)
    if unit == "m":
        return add_months(d, n)
    raise OracleError("bad duration unit %r" % unit)


def parse_duration(s):
    m = re.fullmatch(r"(\d+)([dwm])", s)
    if not m:
        raise OracleError("not a duration: %r" % s)
    return (int(m.group(1)), m.group(2))


def parse_number(s):
    neg = s.startswith("-")
    if neg:
        s = s[1:]
    if not re.fullmatch(r"\d{1,3}([_,]\d{3})*(\.\d+)?|\d+(\.\d+)?", s):
        raise OracleError("not a number: %r" % s)
    v = Decimal(s.replace(",", "").replace("_", ""))
    return -v if neg else v


def parse_amount(tokens):
    """['1,210.00', 'EUR'] -> (Decimal, 'EUR')."""
    if len(tokens) != 2 or not re.fullmatch(r"[A-Z]{3}", tokens[1]):
        raise OracleError("not an amount: %r" % (tokens,))
    return parse_number(tokens[0]), tokens[1]


def tokenize(text):
    """Split a line (already without comment) into tokens; strings keep their quotes removed
    and are returned as ('str', value) tuples so they can be told apart from bare words."""
    out = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in " \t":
            i += 1
            continue
        if c == '"':
            j = i + 1
            buf = []
            while j < n and text[j] != '"':
                if text[j] == "\\" and j + 1 < n:
                    nxt = text[j + 1]
                    buf.append({"n": "\n", '"': '"', "\\": "\\"}.get(nxt, nxt))
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            out.append(("str", "".join(buf)))
            i = j + 1
            continue
        j = i
        while j < n and text[j] not in " \t":
            j += 1
        out.append(text[i:j])
        i = j
    return out


def strip_comment(line):
    """Remove a comment: `;`/`#` at the start of the line (after indentation) or ` ;` after
    content, outside strings."""
    s = line.rstrip("\r\n")
    if s.lstrip(" \t").startswith((";", "#")):
        return ""
    in_str = False
    i = 0
    while i < len(s):
        c = s[i]
        if in_str:
            if c == "\\":
                i += 2
                continue
            if c == '"':
                in_str = False
        else:
            if c == '"':
                in_str = True
            elif c == ";" and i > 0 and s[i - 1] in " \t":
                return s[:i].rstrip()
        i += 1
    return s.rstrip()


def read_blocks(path):
    """Yield (head_tokens, [(key, value_tokens)], lineno) for each block of a file."""
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().split("\n")
    blocks = []
    cur = None
    for no, raw in enumerate(lines, 1):
        line = strip_comment(raw)
        if not line.strip():
            continue
        if line[0] not in " \t":
            cur = (tokenize(line), [], no)
            blocks.append(cur)
        else:
            if cur is None:
                raise OracleError("%s:%d: field outside a block" % (path, no))
            body = line.strip()
            if re.match(r"[A-Za-z][A-Za-z0-9-]*:", body):
                key, _, val = body.partition(":")
                cur[1].append((key, tokenize(val.strip())))
            else:
                # an indented non-field line (a stage line of a policy)
                cur[1].append((None, tokenize(body)))
    return blocks


def bare(tok):
    if isinstance(tok, tuple):
        raise OracleError("expected a bare value, got a string %r" % (tok[1],))
    return tok


def text(tok):
    return tok[1] if isinstance(tok, tuple) else tok


# ---------------------------------------------------------------------------- the journal

class Book:
    def __init__(self):
        self.customers = {}      # id -> dict
        self.customer_order = []
        self.entries = []        # dicts with 'date', 'kind', 'seq' (model order key)
        self.invoices = {}       # number -> entry
        self.files = []


def load_journal(main_path):
    book = Book()
    seen = set()

    def load(path):
        path = os.path.normpath(os.path.abspath(path))
        if path in seen:
            return
        seen.add(path)
        book.files.append(path)
        for head, fields, lineno in read_blocks(path):
            word = bare(head[0])
            if word == "include":
                pattern = os.path.join(os.path.dirname(path), text(head[1]))
                matches = sorted(glob.glob(pattern))
                if not matches:
                    raise OracleError("include matches nothing: %s" % pattern)
                for m in matches:
                    load(m)
            elif word == "customer":
                cid = bare(head[1])
                c = {"id": cid, "name": text(head[2]) if len(head) > 2 else cid}
                for k, v in fields:
                    if k in ("email", "address"):
                        c.setdefault(k, []).append(text(v[0]))
                    elif k == "terms":
                        c["terms"] = parse_duration(bare(v[0]))
                    elif k is not None:
                        c[k] = text(v[0]) if v else ""
                book.customers[cid] = c
                book.customer_order.append(cid)
            elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
                e = parse_entry(parse_date(word), head[1:], fields)
                e["seq"] = len(book.entries)
                e["where"] = "%s:%d" % (os.path.relpath(path), lineno)
                book.entries.append(e)
            else:
                raise OracleError("%s:%d: unknown directive %r" % (path, lineno, word))

    load(main_path)
    # model order: by date, then file order (files in include order)
    book.entries.sort(key=lambda e: (e["date"], e["seq"]))
    for e in book.entries:
        if e["kind"] == "invoice":
            if e["number"] in book.invoices:
                raise OracleError("duplicate invoice %s" % e["number"])
            book.invoices[e["number"]] = e
    return book


def parse_entry(date, rest, fields):
    kind = bare(rest[0])
    args = rest[1:]
    e = {"date": date, "kind": kind}
    if kind == "invoice":
        e["number"] = bare(args[0])
        e["customer"] = bare(args[1])
        e["amount"], e["currency"] = parse_amount([bare(a) for a in args[2:4]])
        for k, v in fields:
            if k == "due":
                e["due_field"] = parse_date(bare(v[0]))
            elif k == "terms":
                e["terms"] = parse_duration(bare(v[0]))
    elif kind in ("payment", "credit"):
        if kind == "credit":
            e["number"] = bare(args[0])
            args = args[1:]
        e["customer"] = bare(args[0])
        e["amount"], e["currency"] = parse_amount([bare(a) for a in args[1:3]])
        e["lines"] = []
        for k, v in fields:
            if k == "invoice":
                num = bare(v[0])
                amt = parse_amount([bare(a) for a in v[1:3]])[0] if len(v) >= 3 else None
                e["lines"].append((num, amt))
    elif kind in ("dispute", "resolved", "writeoff", "handover", "release"):
        e["invoice"] = bare(args[0])
    elif kind == "promise":
        e["invoice"] = bare(args[0])
        e["until"] = parse_date(bare(args[1]))
    elif kind == "hold":
        e["invoice"] = bare(args[0])
        e["until"] = None
        if len(args) > 1 and not isinstance(args[1], tuple):
            e["until"] = parse_date(args[1])
    elif kind == "arrangement":
        e["invoice"] = bare(args[0])
        e["installments"] = []
        for k, v in fields:
            if k == "installment":
                d = parse_date(bare(v[0]))
                a = parse_amount([bare(x) for x in v[1:3]])[0]
                e["installments"].append((d, a))
    elif kind == "sent":
        e["customer"] = bare(args[0])
        e["stage"] = bare(args[1])
        e["invoices"] = [bare(a) for a in args[2:]]
        e["fees"] = []       # (invoice or None, Decimal)
        e["interest"] = []   # (invoice or None, Decimal)
        e["channel"] = None
        for k, v in fields:
            if k in ("fee", "interest"):
                key = "fees" if k == "fee" else "interest"
                if len(v) == 3:      # fee: NUMBER AMOUNT CUR (per-invoice line)
                    e[key].append((bare(v[0]), parse_amount([bare(x) for x in v[1:3]])[0]))
                else:
                    e[key].append((None, parse_amount([bare(x) for x in v[0:2]])[0]))
            elif k == "channel":
                e["channel"] = bare(v[0])
    elif kind == "note":
        e["customer"] = bare(args[0])
    else:
        raise OracleError("unknown entry kind %r" % kind)
    return e


# ---------------------------------------------------------------------------- the rules

def load_rules(path):
    rules = {"default-terms": (30, "d"), "grace": (0, "d"), "policies": {}, "rates": {}}
    policy = None
    for head, fields, lineno in read_blocks(path):
        word = bare(head[0])
        if word == "default-terms":
            rules["default-terms"] = parse_duration(bare(head[1]))
        elif word == "grace":
            rules["grace"] = parse_duration(bare(head[1]))
        elif word == "rates":
            rules["rates"][bare(head[1])] = os.path.join(os.path.dirname(path), text(head[2]))
        elif word == "policy":
            name = bare(head[1])
            policy = {"name": name, "stages": [], "grace": None, "escalate": "step",
                      "payment-order": None}
            rules["policies"][name] = policy
            for key, toks in fields:
                if key is not None:
                    raise OracleError("unexpected field %r in policy" % key)
                kw = bare(toks[0])
                if kw == "stage":
                    policy["stages"].append(parse_stage(toks[1:]))
                elif kw == "grace":
                    policy["grace"] = parse_duration(bare(toks[1]))
                elif kw == "escalate":
                    policy["escalate"] = bare(toks[1])
                elif kw == "payment-order":
                    policy["payment-order"] = bare(toks[1])
                # minimum, language: not needed for status
        elif word == "payment-order":
            rules["payment-order"] = bare(head[1])
        # language, minimum, record-to, sender: not needed for status
    return rules


def parse_stage(toks):
    st = {"name": bare(toks[0]), "after": (0, "d"), "wait": (0, "d"), "fee": None,
          "interest": None, "required": False, "handover": False}
    i = 1
    while i < len(toks):
        t = toks[i]
        if t == "after":
            st["after"] = parse_duration(bare(toks[i + 1])); i += 2
        elif t == "wait":
            st["wait"] = parse_duration(bare(toks[i + 1])); i += 2
        elif t in ("template", "task"):
            i += 2
        elif t == "required":
            st["required"] = True; i += 1
        elif t == "action":
            st["handover"] = bare(toks[i + 1]) == "handover"; i += 2
        elif t == "fee":
            i += 1
            parts = []
            while i < len(toks) and toks[i] not in ("interest", "required", "action", "template", "task", "after", "wait"):
                parts.append(text(toks[i])); i += 1
            st["fee"] = parts
        elif t == "interest":
            scheme = bare(toks[i + 1]); i += 2
            rate = None
            compound = False
            if scheme == "fixed":
                rate = Decimal(bare(toks[i]).rstrip("%")); i += 1
                if i + 1 < len(toks) and toks[i] == "compound" and toks[i + 1] == "yearly":
                    compound = True; i += 2
            st["interest"] = {"scheme": scheme, "rate": rate, "compound": compound}
        else:
            raise OracleError("unknown stage word %r" % (t,))
    return st


# ---------------------------------------------------------------------------- rate tables

def load_table(path):
    """Rows (from, rate) of a rate CSV; `#` lines, blank lines and a `from,...` header skipped."""
    rows = []
    with open(path, encoding="utf-8") as f:
        lines = [l for l in f if l.strip() and not l.lstrip().startswith("#")]
    for r in csv.reader(lines):
        if r[0].strip().lower().startswith("from"):
            continue
        rows.append((parse_date(r[0].strip()), Decimal(r[1].strip())))
    rows.sort()
    return rows


def merge_tables(builtin, user):
    """A user's rows added to the built-in table; a user's row replaces the one of its date."""
    dates = {d for d, _ in user}
    return sorted(user + [row for row in builtin if row[0] not in dates])


class Scheme:
    """Yearly rate in percent on each day, and whether interest compounds yearly."""

    def __init__(self, spec, rules, rates_dir):
        self.name = spec["scheme"]
        self.fixed = None
        self.table = None
        self.plus = Decimal(0)
        self.compound = spec.get("compound", False)
        if self.name == "fixed":
            self.fixed = spec["rate"]
        elif self.name in ("nl-commercial", "nl-statutory"):
            self.table = self._table(self.name, rules, rates_dir)
            self.compound = True
        elif self.name == "be-commercial":
            self.table = self._table(self.name, rules, rates_dir)
        elif self.name in ("de-commercial", "de-consumer"):
            self.table = self._table("de-basiszins", rules, rates_dir)
            self.plus = Decimal(9) if self.name == "de-commercial" else Decimal(5)
        else:
            raise OracleError("unknown interest scheme %r" % self.name)

    @staticmethod
    def _table(name, rules, rates_dir):
        builtin = load_table(os.path.join(rates_dir, name + ".csv"))
        user = rules["rates"].get(name)
        return merge_tables(builtin, load_table(user)) if user else builtin

    def rate(self, day):
        if self.fixed is not None:
            return self.fixed
        rows = self.table
        if day < rows[0][0]:
            raise OracleError("%s: no rate for %s" % (self.name, day))
        for i, (start, r) in enumerate(rows):
            end = rows[i + 1][0] if i + 1 < len(rows) else add_months(start, 6)
            if start <= day < end:
                return r + self.plus
        # Past the last row's half year: its rate is carried forward (provisionally).
        return rows[-1][1] + self.plus


def accrue(scheme, first_day, until, principal0, reductions):
    """Interest from `first_day` through `until` inclusive.

    principal0: the amount before any reduction; reductions: [(date, amount)], each lowering
    the principal from the day AFTER its date. Yearly compounding (if the scheme compounds):
    on each anniversary of first_day, the interest accrued since the last capitalisation is
    added to the principal before that day's interest. Day count actual/365. Computed day by
    day (no period merging, so no clever splitting to get wrong)."""
    if until < first_day:
        return Decimal(0)
    principal = principal0
    # reductions dated before first_day lower the principal from first_day on (or earlier)
    for d, a in reductions:
        if d < first_day:
            principal -= a
    by_day = {}
    for d, a in reductions:
        if d >= first_day:
            by_day[d + dt.timedelta(days=1)] = by_day.get(d + dt.timedelta(days=1), Decimal(0)) + a
    total = Decimal(0)
    since_cap = Decimal(0)
    years = 1
    next_cap = add_years(first_day, 1)
    day = first_day
    one = dt.timedelta(days=1)
    while day <= until:
        if day in by_day:
            principal -= by_day[day]
        if scheme.compound and day == next_cap:
            principal += since_cap
            since_cap = Decimal(0)
            years += 1
            next_cap = add_years(first_day, years)
        if principal > 0:
            i = principal * scheme.rate(day) / Decimal(36500)
            total += i
            since_cap += i
        day += one
    return total


def add_years(d, n):
    return add_months(d, 12 * n)


# ---------------------------------------------------------------------------- evaluation

def money(v, cur):
    q = Decimal(1).scaleb(-MINOR_UNITS.get(cur, 2))
    return str(v.quantize(q, rounding=ROUND_HALF_UP))


def due_date(inv, book, rules):
    if "due_field" in inv:
        return inv["due_field"]
    if "terms" in inv:
        return add_duration(inv["date"], inv["terms"])
    cust = book.customers[inv["customer"]]
    if "terms" in cust:
        return add_duration(inv["date"], cust["terms"])
    return add_duration(inv["date"], rules["default-terms"])


def policy_of(cust, rules):
    name = cust.get("policy") or cust.get("kind")
    if name not in rules["policies"]:
        raise OracleError("no policy for customer %s" % cust["id"])
    return rules["policies"][name]


def evaluate(book, rules, as_of, rates_dir=DEFAULT_RATES):
    known = [e for e in book.entries if e["date"] <= as_of]
    invoices = [e for e in known if e["kind"] == "invoice"]
    inv_by_no = {e["number"]: e for e in invoices}

    closed = {}   # number -> 'written_off' | 'handed_over'  (first such entry)
    closed_on = {}  # number -> date of that entry: interest stops accruing on it
    for e in known:
        if e["kind"] in ("writeoff", "handover") and e["invoice"] in inv_by_no:
            closed.setdefault(e["invoice"], "written_off" if e["kind"] == "writeoff" else "handed_over")
            closed_on.setdefault(e["invoice"], e["date"])

    # --- allocation: explicit lines of every payment first, then leftovers, then credit
    open_amt = {n: e["amount"] for n, e in inv_by_no.items()}
    applied = {n: [] for n in inv_by_no}   # number -> [(count_date, amount)]
    pays = [e for e in known if e["kind"] in ("payment", "credit")]
    left = {}
    for p in pays:
        left[p["seq"]] = p["amount"]
        for num, amt in p["lines"]:
            if num not in inv_by_no:
                continue
            inv = inv_by_no[num]
            if inv["currency"] != p["currency"]:
                continue
            want = open_amt[num] if amt is None else amt
            take = min(want, open_amt[num], left[p["seq"]])
            if take <= 0:
                continue
            open_amt[num] -= take
            left[p["seq"]] -= take
            applied[num].append((max(p["date"], inv["date"]), take))
    credit = {}
    for p in pays:
        rest = left[p["seq"]]
        if rest > 0:
            cands = [i for i in invoices
                     if i["customer"] == p["customer"] and i["currency"] == p["currency"]
                     and i["number"] not in closed and open_amt[i["number"]] > 0]
            cands.sort(key=lambda i: (due_date(i, book, rules), i["date"], i["number"]))
            for inv in cands:
                if rest <= 0:
                    break
                take = min(rest, open_amt[inv["number"]])
                open_amt[inv["number"]] -= take
                rest -= take
                applied[inv["number"]].append((max(p["date"], inv["date"]), take))
        if rest > 0:
            key = (p["customer"], p["currency"])
            credit[key] = credit.get(key, Decimal(0)) + rest

    rows = []
    for inv in invoices:
        num = inv["number"]
        cust = book.customers[inv["customer"]]
        pol = policy_of(cust, rules)
        due = due_date(inv, book, rules)
        cur = inv["currency"]
        opn = open_amt[num]
        if num in closed:
            state = closed[num]
        elif opn == 0:
            state = "paid"
        else:
            state = "open"
        days = (as_of - due).days if state == "open" and as_of > due else 0

        # --- hold on as_of (precedence: dispute, hold, arrangement, promise)
        grace = pol["grace"] or rules["grace"]
        hold = None
        if state == "open":
            hold = hold_on(known, num, as_of, grace, applied[num])

        # --- stage: last `sent` naming the invoice with a stage of its policy
        names = [s["name"] for s in pol["stages"]]
        last = None
        fees = Decimal(0)
        claimed = False   # a fee or interest was claimed on this invoice in a `sent` record
        for e in known:
            if e["kind"] != "sent" or num not in e["invoices"]:
                continue
            if e["stage"] in names:
                last = (names.index(e["stage"]), e["date"])
            fees += fee_share(e, num, inv_by_no)
            claimed = claimed or any(n in (None, num) for n, _ in e["fees"] + e["interest"])
        stage = names[last[0]] if last else None
        # rules.md: after an `action handover` stage is sent, status shows the invoice as ready
        # for handover until a `handover` entry is recorded (then it is handed_over, closed)
        ready = state == "open" and last is not None and pol["stages"][last[0]]["handover"]
        next_stage = next_due = None
        if state == "open" and hold is None:
            idx = last[0] + 1 if last else 0
            if idx < len(names):
                st = pol["stages"][idx]
                d1 = add_duration(due, st["after"])
                if last:
                    d2 = add_duration(last[1], st["wait"])
                    d1 = max(d1, d2)
                next_stage, next_due = st["name"], d1

        # --- interest under the policy's scheme (first stage naming one)
        interest = Decimal(0)
        spec = next((s["interest"] for s in pol["stages"] if s["interest"]), None)
        if spec is not None:
            scheme = Scheme(spec, rules, rates_dir)
            # Project decision (src/plan/ledger.rs doc): interest stops on the day of a
            # write-off or handover, and on the day the principal is paid unless costs were
            # claimed on the invoice.
            stop = min(as_of, closed_on.get(num, as_of))
            if opn == 0 and not claimed and applied[num]:
                stop = min(stop, max(d for d, _ in applied[num]))
            interest = accrue(scheme, due + dt.timedelta(days=1), stop, inv["amount"], applied[num])

        rows.append({
            "number": num, "customer": inv["customer"], "currency": cur,
            "amount": inv["amount"], "open": opn, "date": inv["date"], "due": due,
            "days_overdue": days, "state": state, "hold": hold, "stage": stage,
            "next_stage": next_stage, "next_due": next_due, "interest": interest, "fees": fees,
            "ready_for_handover": ready,
            # journal.md: claimed costs stay owed after the principal is paid (principal-first:
            # no payment goes to them); such an invoice is still listed
            "outstanding": state == "open" or (state == "paid" and (fees > 0 or (claimed and interest > 0))),
        })
    return rows, credit


def fee_share(sent, num, inv_by_no):
    total = Decimal(0)
    letter_wide = [a for (n, a) in sent["fees"] if n is None]
    for n, a in sent["fees"]:
        if n == num:
            total += a
    if letter_wide:
        listed = [n for n in sent["invoices"] if n in inv_by_no]
        base = sum(inv_by_no[n]["amount"] for n in listed)
        for a in letter_wide:
            total += a * inv_by_no[num]["amount"] / base
    return total


def hold_on(known, num, as_of, grace, applied):
    kinds = []
    # dispute: open until a later `resolved`
    disputed = False
    for e in known:
        if e.get("invoice") != num:
            continue
        if e["kind"] == "dispute":
            disputed = True
        elif e["kind"] == "resolved":
            disputed = False
    if disputed:
        kinds.append("dispute")
    # generic hold: from its date through its end date (its last day), unless released
    held = False
    for e in known:
        if e.get("invoice") != num:
            continue
        if e["kind"] == "hold":
            held = e["until"] is None or as_of <= e["until"]
        elif e["kind"] == "release":
            held = False
    if held:
        kinds.append("hold")
    # arrangement: every installment whose deadline (date + grace) has passed is covered by
    # money applied from the arrangement date through that deadline
    arrs = [e for e in known if e["kind"] == "arrangement" and e["invoice"] == num]
    if arrs:
        arr = arrs[-1]
        kept = True
        need = Decimal(0)
        for d, a in sorted(arr["installments"]):
            need += a
            deadline = add_duration(d, grace)
            if deadline < as_of:
                paid = sum((x for (c, x) in applied if arr["date"] <= c <= deadline), Decimal(0))
                if paid < need:
                    kept = False
                    break
        if kept:
            kinds.append("arrangement")
    # promise: through the promised date + grace
    proms = [e for e in known if e["kind"] == "promise" and e["invoice"] == num]
    if proms and as_of <= add_duration(proms[-1]["until"], grace):
        kinds.append("promise")
    for k in ("dispute", "hold", "arrangement", "promise"):
        if k in kinds:
            return k
    return None


def status(book, rules, as_of, rates_dir=DEFAULT_RATES, include_all=False):
    rows, credit = evaluate(book, rules, as_of, rates_dir)
    shown = [r for r in rows if include_all or r["outstanding"]]
    invoices = []
    for r in shown:
        cur = r["currency"]
        invoices.append({
            "number": r["number"], "customer": r["customer"], "currency": cur,
            "amount": money(r["amount"], cur), "open": money(r["open"], cur),
            "date": r["date"].isoformat(), "due": r["due"].isoformat(),
            "days_overdue": r["days_overdue"], "state": r["state"], "hold": r["hold"],
            "stage": r["stage"], "next_stage": r["next_stage"],
            "next_due": r["next_due"].isoformat() if r["next_due"] else None,
            "interest": money(r["interest"], cur), "fees": money(r["fees"], cur),
            "ready_for_handover": r["ready_for_handover"],
        })
    # customers: open principal, overdue principal, credit; per customer and currency with
    # something open or a credit
    # ... plus interest owed and open fees on outstanding invoices
    cust = {}
    zero = lambda: [Decimal(0)] * 5
    for r in rows:
        if not r["outstanding"]:
            continue
        k = (r["customer"], r["currency"])
        c = cust.setdefault(k, zero())
        c[0] += r["open"]
        if r["days_overdue"] > 0:
            c[1] += r["open"]
        c[3] += r["interest"]
        c[4] += r["fees"]
    for k, v in credit.items():
        cust.setdefault(k, zero())[2] += v
    customers = []
    for (cid, cur), (o, ov, cr, it, fe) in sorted(cust.items()):
        customers.append({"id": cid, "name": book.customers[cid]["name"], "currency": cur,
                          "open": money(o, cur), "overdue": money(ov, cur),
                          "credit": money(cr, cur), "interest": money(it, cur),
                          "fees": money(fe, cur)})
    # totals per currency with aging buckets on open principal
    tot = {}
    for r in rows:
        if r["state"] != "open":
            continue
        t = tot.setdefault(r["currency"], {"open": Decimal(0), "overdue": Decimal(0),
                                           "current": Decimal(0), "1-30": Decimal(0),
                                           "31-60": Decimal(0), "61-90": Decimal(0),
                                           "90+": Decimal(0)})
        t["open"] += r["open"]
        d = r["days_overdue"]
        if d > 0:
            t["overdue"] += r["open"]
        b = "current" if d <= 0 else "1-30" if d <= 30 else "31-60" if d <= 60 else "61-90" if d <= 90 else "90+"
        t[b] += r["open"]
    totals = []
    for cur in sorted(tot):
        t = tot[cur]
        totals.append({"currency": cur, "open": money(t["open"], cur),
                       "overdue": money(t["overdue"], cur),
                       "buckets": {b: money(t[b], cur) for b in ("current", "1-30", "31-60", "61-90", "90+")}})
    return {"as_of": as_of.isoformat(), "invoices": invoices, "customers": customers,
            "totals": totals}


# ---------------------------------------------------------------------------- Rust table

def rust_str(v):
    return "None" if v is None else 'Some("%s")' % v


def rust_table(results):
    """The expected values as Rust constants (the section between the GENERATED markers of
    tests/example_status.rs)."""
    out = []
    out.append(BEGIN)
    out.append("// Regenerate: python3 tests/oracle/status.py examples/acme-studio/journal.dun \\")
    out.append("//     %s --update tests/example_status.rs" % " ".join("--date " + st["as_of"] for st in results))
    for st in results:
        tag = st["as_of"].replace("-", "_")
        out.append("")
        out.append("/// Open invoices on %s, by number." % st["as_of"])
        out.append("#[rustfmt::skip]")
        out.append("const INVOICES_%s: &[Inv] = &[" % tag)
        out.append("    // number, customer, currency, amount, open, date, due, days_overdue, state, hold,")
        out.append("    // stage, next_stage, next_due, interest, fees, ready_for_handover")
        for i in sorted(st["invoices"], key=lambda i: i["number"]):
            out.append('    ("%s", "%s", "%s", "%s", "%s", "%s", "%s", %d, "%s", %s, %s, %s, %s, "%s", "%s", %s),' % (
                i["number"], i["customer"], i["currency"], i["amount"], i["open"], i["date"],
                i["due"], i["days_overdue"], i["state"], rust_str(i["hold"]), rust_str(i["stage"]),
                rust_str(i["next_stage"]), rust_str(i["next_due"]), i["interest"], i["fees"],
                "true" if i["ready_for_handover"] else "false"))
        out.append("];")
        out.append("")
        out.append("/// Customers on %s: (id, name, currency, open, overdue, credit, interest, fees)." % st["as_of"])
        out.append("#[rustfmt::skip]")
        out.append("const CUSTOMERS_%s: &[Cust] = &[" % tag)
        for c in st["customers"]:
            out.append('    ("%s", "%s", "%s", "%s", "%s", "%s", "%s", "%s"),' % (
                c["id"], c["name"].replace("\\", "\\\\").replace('"', '\\"'), c["currency"],
                c["open"], c["overdue"], c["credit"], c["interest"], c["fees"]))
        out.append("];")
        out.append("")
        out.append("/// Totals on %s: (currency, open, overdue, current, 1-30, 31-60, 61-90, 90+)." % st["as_of"])
        out.append("#[rustfmt::skip]")
        out.append("const TOTALS_%s: &[Tot] = &[" % tag)
        for t in st["totals"]:
            b = t["buckets"]
            out.append('    ("%s", "%s", "%s", "%s", "%s", "%s", "%s", "%s"),' % (
                t["currency"], t["open"], t["overdue"], b["current"], b["1-30"], b["31-60"],
                b["61-90"], b["90+"]))
        out.append("];")
    out.append(END)
    return "\n".join(out)


BEGIN = "// BEGIN GENERATED by tests/oracle/status.py (an independent implementation of the spec)"
END = "// END GENERATED"


def update_rust(path, table):
    """Replace the GENERATED section of `path` with `table`. Hand-written `// dun bug:`
    comments inside it are lost: re-add them (the test file's doc says how)."""
    with open(path, encoding="utf-8") as f:
        src = f.read()
    a = src.index(BEGIN)
    b = src.index(END) + len(END)
    with open(path, "w", encoding="utf-8") as f:
        f.write(src[:a] + table + src[b:])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("journal")
    ap.add_argument("--date", action="append", required=True)
    ap.add_argument("--rules")
    ap.add_argument("--rates", default=DEFAULT_RATES)
    ap.add_argument("--all", action="store_true", help="list every invoice, not only open ones")
    ap.add_argument("--rust-table", action="store_true", help="print the Rust constants")
    ap.add_argument("--update", metavar="RS", help="replace the GENERATED section of this Rust file")
    a = ap.parse_args()
    rules_path = a.rules or os.path.join(os.path.dirname(os.path.abspath(a.journal)), "rules.dun")
    book = load_journal(a.journal)
    rules = load_rules(rules_path)
    results = [status(book, rules, parse_date(d), a.rates, a.all) for d in a.date]
    if a.update:
        update_rust(a.update, rust_table(results))
    elif a.rust_table:
        print(rust_table(results))
    else:
        for r in results:
            print(json.dumps(r, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    try:
        main()
    except OracleError as err:
        print("oracle: %s" % err, file=sys.stderr)
        sys.exit(2)
