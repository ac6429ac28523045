#!/usr/bin/env python3
"""An independent oracle for `dun status --format json`.

Written from the specification (the journal, rules and CLI contracts) and the project's
documented decisions (docs/journal.md: "What the journal means", "How money settles claims"),
NOT from dun's code. Standard library only; money is `decimal.Decimal`, never a float.

The money model: per customer and currency, one walk over the entries in date order (same-day
order of docs/journal.md), carrying each invoice's claim (principal, capitalised and
outstanding interest, claimed costs); payments and credit notes are allocated on their own
date and never moved again. See the Claim class and evaluate().

Usage:
    python3 tests/data/oracle/status.py JOURNAL --date YYYY-MM-DD [--rules RULES] [--rates DIR]
    python3 tests/data/oracle/status.py JOURNAL --rust-table --date D1 --date D2 ...
    python3 tests/data/oracle/status.py JOURNAL --update tests/suite/example_status.rs --date D1 ...

The first form prints the status JSON (open invoices only, as `status` without `--all`;
`--all` lists every invoice). The second prints Rust constants for tests/suite/example_status.rs;
the third writes them into its GENERATED section.

Only the subset of the journal and rules languages that examples/acme-studio uses is parsed
(see tests/data/oracle/README.md for the simplifications).
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
DEFAULT_RATES = os.path.normpath(os.path.join(HERE, "..", "..", "..", "data", "rates"))

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
                        c.setdefault("tokens", {})[k] = [text(t) for t in v]
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
        e["reverses"] = e["bank_id"] = e["ref"] = None
        for k, v in fields:
            if k == "invoice":
                num = bare(v[0])
                amt = parse_amount([bare(a) for a in v[1:3]])[0] if len(v) >= 3 else None
                e["lines"].append((num, amt))
            elif k in ("reverses", "bank-id", "ref") and v:
                e[k.replace("-", "_")] = " ".join(text(t) for t in v)
    elif kind == "waive":
        # DATE waive INVOICE costs|interest|all [AMOUNT CUR] "reason"
        e["invoice"] = bare(args[0])
        e["what"] = bare(args[1])
        e["waive_amount"] = None
        if len(args) >= 4 and not isinstance(args[2], tuple):
            e["waive_amount"] = parse_amount([bare(a) for a in args[2:4]])[0]
    elif kind == "unmatched":
        e["amount"], e["currency"] = parse_amount([bare(a) for a in args[0:2]])
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
        elif word == "pay-within":
            rules["pay-within"] = parse_duration(bare(head[1]))
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


def evaluate(book, rules, as_of, rates_dir=DEFAULT_RATES, observe=None):
    """Walk every entry up to `as_of` once, in date order (same-day order of docs/journal.md),
    carrying each invoice's claim; return (rows, credit by (customer, currency)).
    `observe(day, claims)`, if given, is called after the last entry of each day (for the
    settled days of customers.py)."""
    known = [e for e in book.entries if e["date"] <= as_of]
    walk = sorted(known, key=lambda e: (e["date"], same_day_rank(e), e["seq"]))
    invoices = [e for e in known if e["kind"] == "invoice"]
    inv_by_no = {e["number"]: e for e in invoices}
    schemes = {}
    claims = {}      # number -> Claim, in the order they were issued
    credit = {}      # (customer, currency) -> free credit
    earmark = {}     # number of an invoice not yet issued -> money waiting for it
    arrangement = {} # number -> latest arrangement entry so far
    records = []     # payments so far: {"entry", "apps": [(claim, [[comp, amt], ...])], "credit"}

    def claim_for(inv):
        cust = book.customers[inv["customer"]]
        pol = policy_of(cust, rules)
        spec = next((s["interest"] for s in pol["stages"] if s["interest"]), None)
        scheme = None
        if spec is not None:
            key = (spec["scheme"], spec["rate"], spec["compound"])
            if key not in schemes:
                schemes[key] = Scheme(spec, rules, rates_dir)
            scheme = schemes[key]
        order = pol.get("payment-order") or rules.get("payment-order") or "principal-first"
        return Claim(inv, due_date(inv, book, rules), scheme, order)

    def candidates(cust, cur):
        cs = [c for c in claims.values() if c.inv["customer"] == cust and c.cur == cur
              and c.closed is None and not c.disputed and c.claim() > 0]
        cs.sort(key=lambda c: (c.due, c.inv["date"], c.number))
        return cs

    def to_credit(cust, cur, m):
        if m > 0:
            credit[(cust, cur)] = credit.get((cust, cur), Decimal(0)) + m

    def apply_credit(cust, cur, day):
        """Credit meets claims as they arise, oldest due first."""
        cr = credit.get((cust, cur), Decimal(0))
        if cr <= 0:
            return
        for c in candidates(cust, cur):
            if cr <= 0:
                break
            cr -= c.pay(cr, day, [])
        credit[(cust, cur)] = cr

    def allocate(e, is_note):
        """A payment (or credit note) on its date: explicit lines, installments due, oldest
        due first; the rest credit. Returns the record kept for reversals."""
        day, cust, cur = e["date"], e["customer"], e["currency"]
        left = e["amount"]
        rec = {"entry": e, "apps": [], "credit": Decimal(0)}

        def put(c, m):
            parts = []
            t = c.credit_note(m, day, parts) if is_note else c.pay(m, day, parts)
            if parts:
                rec["apps"].append((c, parts))
            return t

        for num, amt in e["lines"]:
            if left <= 0:
                break
            want = left if amt is None else min(amt, left)
            if num in claims:
                c = claims[num]
                if c.cur != cur:
                    continue
                left -= put(c, want)
            elif num in book.invoices and book.invoices[num]["date"] > day:
                # an invoice not yet issued: its money waits as credit until the invoice date
                earmark[num] = earmark.get(num, Decimal(0)) + want
                left -= want
        # installments of an arrangement that are due, less what reached the invoice since
        for c in candidates(cust, cur):
            if left <= 0:
                break
            arr = arrangement.get(c.number)
            if arr is None:
                continue
            due_sum = sum((a for d, a in arr["installments"] if d <= day), Decimal(0))
            reached = sum((x for d, x in c.applied if d >= arr["date"]), Decimal(0))
            if due_sum - reached > 0:
                left -= put(c, min(due_sum - reached, left))
        for c in candidates(cust, cur):
            if left <= 0:
                break
            left -= put(c, left)
        rec["credit"] = left
        to_credit(cust, cur, left)
        return rec

    def reverse(e):
        day, cust, cur = e["date"], e["customer"], e["currency"]
        back = -e["amount"]
        target = None
        for r in records:
            p = r["entry"]
            if p["customer"] == cust and p["currency"] == cur and e["reverses"] in (p["bank_id"], p["ref"]):
                target = r
        if target is None:
            raise OracleError("%s: reverses nothing known: %r" % (e["where"], e["reverses"]))
        # what it left as credit is taken back first
        t = min(back, target["credit"], credit.get((cust, cur), Decimal(0)))
        if t > 0:
            target["credit"] -= t
            credit[(cust, cur)] -= t
            back -= t
        # then what it paid on each invoice, newest application first: costs, interest, principal
        for c, parts in reversed(target["apps"]):
            for comp in ("F", "O", "C", "P"):
                for part in parts:
                    if back <= 0:
                        break
                    if part[0] != comp or part[1] <= 0:
                        continue
                    u = min(back, part[1])
                    part[1] -= u
                    back -= u
                    setattr(c, comp, getattr(c, comp) + u)
                    c.log.append(("restore", comp, u))
                    c.applied.append((day, -u))

    day = None
    for e in walk:
        if e["date"] != day:
            if observe is not None and day is not None:
                observe(day, claims)
            day = e["date"]
            for c in claims.values():
                c.accrue_to(day)
        k = e["kind"]
        cust = None
        if k == "invoice":
            c = claim_for(e)
            c.accrued = max(c.accrued, day)   # nothing accrues before the invoice exists
            claims[e["number"]] = c
            cust, cur = e["customer"], e["currency"]
            if e["number"] in earmark:
                m = earmark.pop(e["number"])
                to_credit(cust, cur, m - c.pay(m, day, []))
        elif k == "sent":
            for num in e["invoices"]:
                if num in claims:
                    c = claims[num]
                    f = fee_share(e, num, inv_by_no)
                    c.F += f
                    c.fees += f
                    if any(n in (None, num) for n, _ in e["fees"] + e["interest"]):
                        c.owed = True
                    cust, cur = c.inv["customer"], c.cur
        elif k in ("dispute", "resolved"):
            if e["invoice"] in claims:
                c = claims[e["invoice"]]
                c.disputed = k == "dispute"
                cust, cur = c.inv["customer"], c.cur
        elif k == "arrangement":
            arrangement[e["invoice"]] = e
        elif k == "credit":
            allocate(e, True)
            cust, cur = e["customer"], e["currency"]
        elif k == "payment" and e["amount"] >= 0:
            records.append(allocate(e, False))
            cust, cur = e["customer"], e["currency"]
        elif k == "payment":
            cust, cur = e["customer"], e["currency"]
            if e["reverses"]:
                reverse(e)
            else:   # a refund pays out credit
                have = credit.get((cust, cur), Decimal(0))
                credit[(cust, cur)] = have - min(-e["amount"], have)
        elif k == "waive":
            if e["invoice"] in claims:
                claims[e["invoice"]].waive(e["what"], e["waive_amount"])
        elif k in ("writeoff", "handover"):
            if e["invoice"] in claims:
                c = claims[e["invoice"]]
                if c.closed is None:
                    c.closed = "written_off" if k == "writeoff" else "handed_over"
                    c.closed_on = day
        if cust is not None:
            apply_credit(cust, cur, day)
    if observe is not None and day is not None:
        observe(day, claims)
    for c in claims.values():
        c.accrue_to(as_of)
    for num, m in earmark.items():   # money for invoices not issued yet is credit meanwhile
        inv = book.invoices[num]
        to_credit(inv["customer"], inv["currency"], m)

    rows = []
    for inv in invoices:
        num = inv["number"]
        c = claims[num]
        cust = book.customers[inv["customer"]]
        pol = policy_of(cust, rules)
        due = c.due
        cur = c.cur
        if c.closed:
            state = c.closed
        elif c.claim() == 0:
            state = "paid"
        else:
            state = "open"
        days = (as_of - due).days if state == "open" and as_of > due else 0

        # --- hold on as_of (precedence: dispute, hold, arrangement, promise)
        grace = pol["grace"] or rules["grace"]
        hold = None
        if state == "open":
            hold = hold_on(known, num, as_of, grace, c.applied)

        # --- stage: last `sent` naming the invoice with a stage of its policy
        names = [s["name"] for s in pol["stages"]]
        last = None
        for e in known:
            if e["kind"] == "sent" and num in e["invoices"] and e["stage"] in names:
                last = (names.index(e["stage"]), e["date"])
        stage = names[last[0]] if last else None
        # docs/rules.md: after an `action handover` stage is sent, status shows the invoice as ready
        # for handover until a `handover` entry is recorded (then it is handed_over, closed);
        # the project's decision: only once the handover letter's term (its pay-by date:
        # `pay-within`, else 14 days) has passed
        ready = (state == "open" and last is not None and pol["stages"][last[0]]["handover"]
                 and as_of > add_duration(last[1], rules.get("pay-within", (14, "d"))))
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

        opn = rnd(c.P, cur)
        interest = rnd(c.O + c.C, cur)
        fees_owed = rnd(c.F, cur)
        total = opn + fees_owed + interest if c.owed else opn
        rows.append({
            "number": num, "customer": inv["customer"], "currency": cur,
            "amount": inv["amount"], "open": opn, "date": inv["date"], "due": due,
            "days_overdue": days, "state": state, "hold": hold, "stage": stage,
            "next_stage": next_stage, "next_due": next_due, "interest": interest,
            "fees": c.fees, "fees_owed": fees_owed, "total": total,
            "ready_for_handover": ready, "outstanding": state == "open",
        })
    return rows, credit


SAME_DAY = {"invoice": 0, "dispute": 2, "resolved": 2, "arrangement": 2,
            "promise": 2, "hold": 2, "release": 2, "note": 2, "credit": 3, "payment": 4,
            "waive": 6, "sent": 6.5, "writeoff": 7, "handover": 7, "unmatched": 8}


def same_day_rank(e):
    """docs/journal.md, *Same day*: invoices, disputes and arrangements, credit notes,
    payments, reversals and refunds, waivers, `sent` records, write-offs and handovers."""
    if e["kind"] == "payment" and e["amount"] < 0:
        return 5
    return SAME_DAY[e["kind"]]


def rnd(v, cur):
    return v.quantize(Decimal(1).scaleb(-MINOR_UNITS.get(cur, 2)), rounding=ROUND_HALF_UP)


class Claim:
    """One invoice's claim as the walk carries it: principal P, capitalised interest C,
    outstanding interest O (exact), claimed costs F not yet paid or waived."""

    def __init__(self, inv, due, scheme, order):
        self.inv = inv
        self.number = inv["number"]
        self.cur = inv["currency"]
        self.due = due
        self.scheme = scheme
        self.order = order
        self.P = inv["amount"]
        self.C = self.O = self.F = Decimal(0)
        self.fees = Decimal(0)      # every cost claimed, paid or not
        self.owed = False           # a `sent` record claimed costs or interest on it
        self.closed = None          # 'written_off' | 'handed_over'
        self.closed_on = None
        self.disputed = False
        self.applied = []           # (date, money that reached the invoice)
        self.accrued = due          # interest accrued through this day (first day: due + 1)
        self.years = 1
        self.next_cap = add_years(due + dt.timedelta(days=1), 1)
        # what happened to the interest, in order, so that a credit note can replay it with
        # the principal lowered from the start: ("day", rate), ("cap",), ("pay"|"waive"|
        # "restore", component, amount)
        self.log = []
        self.noted = Decimal(0)     # principal taken off from the start by credit notes
        self.given_back = Decimal(0)  # interest paid on credited principal, given back

    def r(self, v):
        return rnd(v, self.cur)

    def claim(self):
        if not self.owed:
            return self.P
        return self.P + self.r(self.C) + self.r(self.O) + self.r(self.F)

    def accrue_to(self, day):
        """Day by day through `day`: capitalise on each anniversary of the first day (rounded,
        the fraction dropped), then the day's interest on principal + capitalised interest,
        while the invoice is open and not written off or handed over."""
        if self.scheme is None or day <= self.accrued:
            self.accrued = max(self.accrued, day)
            return
        active = self.closed is None and self.claim() > 0
        one = dt.timedelta(days=1)
        d = self.accrued + one
        while d <= day:
            if self.scheme.compound and d == self.next_cap:
                self.C += self.r(self.O)
                self.O = Decimal(0)
                self.log.append(("cap",))
                self.years += 1
                self.next_cap = add_years(self.due + one, self.years)
            if not active:
                if not self.scheme.compound or self.next_cap > day:
                    break
                d = self.next_cap
                continue
            base = self.P + self.C
            if base > 0:
                rate = self.scheme.rate(d) / Decimal(36500)
                self.O += base * rate
                self.log.append(("day", rate))
            d += one
        self.accrued = day

    def components(self):
        if not self.owed:
            return ["P"]
        if self.order == "legal":
            return ["F", "O", "C", "P"]
        return ["P", "C", "O", "F"]

    def pay(self, m, day, parts):
        """Money m reaches this claim on `day`: split by the payment order, each part paid at
        its rounded value. Returns what it took; appends [component, amount] to parts."""
        took = Decimal(0)
        for comp in self.components():
            if m <= 0:
                break
            have = getattr(self, comp)
            need = self.r(have)
            if need <= 0:
                continue
            t = min(m, need)
            setattr(self, comp, Decimal(0) if t == need else have - t)
            self.log.append(("pay", comp, t))
            m -= t
            took += t
            parts.append([comp, t])
        if took > 0:
            self.applied.append((day, took))
        return took

    def credit_note(self, m, day, parts):
        """A credit note corrects the invoice from its start: its principal part never bore
        interest. The interest is replayed with the principal lowered from the first day
        (same payments, waivers and capitalisations, each capitalisation rounded); interest
        already paid beyond what the replay owes goes back as credit (returned as a negative
        take). What the note brings beyond the principal pays the rest of the claim."""
        d = min(m, self.P)
        back = Decimal(0)
        if d > 0:
            self.P -= d
            self.noted += d
            parts.append(["P", d])
            self.applied.append((day, d))
            P, self.C, self.O, given = self.replay()
            assert P == self.P, (P, self.P)
            back = given - self.given_back
            self.given_back = given
        took = d + self.pay(m - d, day, parts) if m > d else d
        return took - back

    def replay(self):
        P = self.inv["amount"] - self.noted
        C = O = given = Decimal(0)
        for op in self.log:
            if op[0] == "day":
                O += (P + C) * op[1]
            elif op[0] == "cap":
                C += self.r(O)
                O = Decimal(0)
            elif op[2] > 0 and op[1] == "P":
                P += op[2] if op[0] == "restore" else -op[2]
            elif op[1] in ("O", "C"):
                have = O if op[1] == "O" else C
                if op[0] == "restore":
                    have += op[2]
                else:
                    t = min(op[2], self.r(have))
                    have = Decimal(0) if t == self.r(have) else have - t
                    if op[0] == "pay":
                        given += op[2] - t
                if op[1] == "O":
                    O = have
                else:
                    C = have
        return P, C, O, given

    def waive(self, what, amount):
        """Costs, interest (outstanding first, then capitalised) or all (costs first)."""
        left = amount
        comps = {"costs": ["F"], "interest": ["O", "C"], "all": ["F", "O", "C"]}[what]
        for comp in comps:
            have = getattr(self, comp)
            t = self.r(have) if left is None else min(left, self.r(have))
            setattr(self, comp, Decimal(0) if t == self.r(have) else have - t)
            self.log.append(("waive", comp, t))
            if left is not None:
                left -= t


def fee_share(sent, num, inv_by_no):
    """Costs a `sent` record claims on invoice `num`: its `fee: NUMBER AMOUNT` lines, plus its
    share of a letter-wide `fee:` split over the record's invoices pro rata by amount, in
    minor units, the cents left over going to the largest remainders (ties: the order the
    record lists the invoices), so that the shares add up to the recorded fee."""
    total = Decimal(0)
    for n, a in sent["fees"]:
        if n == num:
            total += a
    listed = [n for n in sent["invoices"] if n in inv_by_no]
    if num not in listed:
        return total
    cur = inv_by_no[num]["currency"]
    unit = Decimal(1).scaleb(-MINOR_UNITS.get(cur, 2))
    base = sum(inv_by_no[n]["amount"] for n in listed)
    for a in (a for (n, a) in sent["fees"] if n is None):
        exact = [a * inv_by_no[n]["amount"] / base for n in listed]
        floor = [(x / unit).to_integral_value(rounding=decimal.ROUND_FLOOR) * unit for x in exact]
        extra = int((a - sum(floor)) / unit)
        by_rest = sorted(range(len(listed)), key=lambda i: (-(exact[i] - floor[i]), i))
        share = list(floor)
        for i in by_rest[:extra]:
            share[i] += unit
        total += share[listed.index(num)]
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
            "fees_owed": money(r["fees_owed"], cur), "total": money(r["total"], cur),
            "ready_for_handover": r["ready_for_handover"],
        })
    # customers, per customer and currency with an open invoice or a credit: sums of the
    # rounded figures of their open invoices, and the credit
    cust = {}
    keys = ("open", "overdue", "credit", "interest", "fees", "fees_owed", "total")
    zero = lambda: {k: Decimal(0) for k in keys}
    for r in rows:
        if not r["outstanding"]:
            continue
        c = cust.setdefault((r["customer"], r["currency"]), zero())
        c["open"] += r["open"]
        if r["days_overdue"] > 0:
            c["overdue"] += r["open"]
        for k in ("interest", "fees_owed", "total"):
            c[k] += r[k]
        # `fees` of a customer (a key from before fees_owed, not in docs/cli.md's example): the
        # costs still open, i.e. the same sum as fees_owed
        c["fees"] += r["fees_owed"]
    for k, v in credit.items():
        if v > 0:
            cust.setdefault(k, zero())["credit"] += v
    customers = []
    for (cid, cur), v in sorted(cust.items()):
        row = {"id": cid, "name": book.customers[cid]["name"], "currency": cur}
        row.update({k: money(v[k], cur) for k in keys})
        customers.append(row)
    # totals per currency over open invoices, with aging buckets on open principal
    tot = {}
    names = ("open", "overdue", "interest", "fees_owed", "total", "current", "1-30", "31-60",
             "61-90", "90+")
    for r in rows:
        if r["state"] != "open":
            continue
        t = tot.setdefault(r["currency"], {n: Decimal(0) for n in names})
        for k in ("open", "interest", "fees_owed", "total"):
            t[k] += r[k]
        d = r["days_overdue"]
        if d > 0:
            t["overdue"] += r["open"]
        b = "current" if d <= 0 else "1-30" if d <= 30 else "31-60" if d <= 60 else "61-90" if d <= 90 else "90+"
        t[b] += r["open"]
    totals = []
    for cur in sorted(tot):
        t = tot[cur]
        row = {"currency": cur}
        row.update({k: money(t[k], cur) for k in ("open", "overdue", "interest", "fees_owed", "total")})
        row["buckets"] = {b: money(t[b], cur) for b in ("current", "1-30", "31-60", "61-90", "90+")}
        totals.append(row)
    return {"as_of": as_of.isoformat(), "invoices": invoices, "customers": customers,
            "totals": totals}


# ---------------------------------------------------------------------------- Rust table

def rust_str(v):
    return "None" if v is None else 'Some("%s")' % v


def rust_table(results):
    """The expected values as Rust constants (the section between the GENERATED markers of
    tests/suite/example_status.rs)."""
    out = []
    out.append(BEGIN)
    out.append("// Regenerate: python3 tests/data/oracle/status.py examples/acme-studio/journal.dun \\")
    out.append("//     %s --update tests/suite/example_status.rs" % " ".join("--date " + st["as_of"] for st in results))
    for st in results:
        tag = st["as_of"].replace("-", "_")
        out.append("")
        out.append("/// Open invoices on %s, by number." % st["as_of"])
        out.append("#[rustfmt::skip]")
        out.append("const INVOICES_%s: &[Inv] = &[" % tag)
        out.append("    // number, customer, currency, amount, open, date, due, days_overdue, state, hold,")
        out.append("    // stage, next_stage, next_due, interest, fees, fees_owed, total, ready_for_handover")
        for i in sorted(st["invoices"], key=lambda i: i["number"]):
            out.append('    ("%s", "%s", "%s", "%s", "%s", "%s", "%s", %d, "%s", %s, %s, %s, %s, "%s", "%s", "%s", "%s", %s),' % (
                i["number"], i["customer"], i["currency"], i["amount"], i["open"], i["date"],
                i["due"], i["days_overdue"], i["state"], rust_str(i["hold"]), rust_str(i["stage"]),
                rust_str(i["next_stage"]), rust_str(i["next_due"]), i["interest"], i["fees"],
                i["fees_owed"], i["total"], "true" if i["ready_for_handover"] else "false"))
        out.append("];")
        out.append("")
        out.append("/// Customers on %s: (id, name, currency, open, overdue, credit, interest, fees," % st["as_of"])
        out.append("/// fees_owed, total).")
        out.append("#[rustfmt::skip]")
        out.append("const CUSTOMERS_%s: &[Cust] = &[" % tag)
        for c in st["customers"]:
            out.append('    ("%s", "%s", "%s", "%s", "%s", "%s", "%s", "%s", "%s", "%s"),' % (
                c["id"], c["name"].replace("\\", "\\\\").replace('"', '\\"'), c["currency"],
                c["open"], c["overdue"], c["credit"], c["interest"], c["fees"], c["fees_owed"],
                c["total"]))
        out.append("];")
        out.append("")
        out.append("/// Totals on %s: (currency, open, overdue, interest, fees_owed, total, current," % st["as_of"])
        out.append("/// 1-30, 31-60, 61-90, 90+).")
        out.append("#[rustfmt::skip]")
        out.append("const TOTALS_%s: &[Tot] = &[" % tag)
        for t in st["totals"]:
            b = t["buckets"]
            out.append('    ("%s", "%s", "%s", "%s", "%s", "%s", "%s", "%s", "%s", "%s", "%s"),' % (
                t["currency"], t["open"], t["overdue"], t["interest"], t["fees_owed"], t["total"],
                b["current"], b["1-30"], b["31-60"], b["61-90"], b["90+"]))
        out.append("];")
    out.append(END)
    return "\n".join(out)


BEGIN = "// BEGIN GENERATED by tests/data/oracle/status.py (an independent implementation of the spec)"
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
