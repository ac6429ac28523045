//! Round trips for `dun fmt`: random valid journals, written with
//! random blanks, tabs, comments, blank lines and line ends, must parse without errors,
//! format idempotently, keep their meaning and keep every comment. Arbitrary text must
//! neither make the formatter nor the parser panic.

use dun::layout::format_text;
use dun::source::FileId;
use dun::syntax::lines::lines;
use dun::syntax::parse_journal;
use proptest::prelude::*;
use proptest::sample::select;

// ---------------------------------------------------------------------------------------
// A journal as words: blocks of a head and fields, each a list of tokens.
// ---------------------------------------------------------------------------------------

/// One block before it is written out: head tokens and `(key, value tokens)` fields.
#[derive(Debug, Clone)]
struct Spec {
    head: Vec<String>,
    fields: Vec<(String, Vec<String>)>,
}

fn id() -> impl Strategy<Value = String> {
    "[A-Za-z0-9][A-Za-z0-9._/-]{0,8}"
}

fn date() -> impl Strategy<Value = String> {
    (0i32..=9999, 1u32..=366).prop_map(|(y, d)| {
        let date = chrono::NaiveDate::from_yo_opt(y, d)
            .or_else(|| chrono::NaiveDate::from_yo_opt(y, 365))
            .unwrap_or_default();
        date.format("%Y-%m-%d").to_string()
    })
}

/// `n` with thousands separators `sep` (groups of three) or none.
fn grouped(n: u64, sep: Option<char>) -> String {
    let digits = n.to_string();
    let Some(sep) = sep else { return digits };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// `NUMBER CUR`: two tokens.
fn amount() -> impl Strategy<Value = Vec<String>> {
    (
        any::<bool>(),
        prop_oneof![0u64..1000, 0u64..10_000_000_000_000],
        select(vec![None, Some(','), Some('_')]),
        select(vec!["EUR", "USD", "GBP", "JPY", "BHD", "CHF"]),
        0u32..1000,
    )
        .prop_map(|(neg, int, sep, cur, frac)| {
            let minor = match cur {
                "JPY" => 0,
                "BHD" => 3,
                _ => 2,
            };
            let decimals = (frac % (minor + 1)) as usize;
            let mut n = format!("{}{}", if neg { "-" } else { "" }, grouped(int, sep));
            if decimals > 0 {
                n.push('.');
                n.push_str(&format!("{frac:03}")[..decimals]);
            }
            vec![n, cur.to_string()]
        })
}

fn duration() -> impl Strategy<Value = String> {
    (0u32..=100_000, select(vec!['d', 'w', 'm'])).prop_map(|(n, u)| format!("{n}{u}"))
}

/// A quoted string with escapes, unicode, and things that look like comments.
fn string() -> impl Strategy<Value = String> {
    let part = prop_oneof![
        "[a-zA-Z0-9 ]{1,4}",
        Just("\\\"".to_string()),
        Just("\\\\".to_string()),
        Just("\\n".to_string()),
        Just(" ; ".to_string()),
        Just(";".to_string()),
        Just("#".to_string()),
        Just(": ".to_string()),
        Just("\t".to_string()),
        Just("  ".to_string()),
        "[éß€日本ÅΩ]",
    ];
    prop::collection::vec(part, 0..6).prop_map(|p| format!("\"{}\"", p.concat()))
}

/// One bare word (e-mail addresses, references, codes, paths).
/// One bare word (e-mail addresses, references, codes, paths); now and then with a `"`
/// inside, which the parser takes as part of the word.
fn bare() -> impl Strategy<Value = String> {
    prop_oneof![
        9 => "[A-Za-z0-9@._+/-][A-Za-z0-9@._+/:;#-]{0,12}",
        // A `"` inside a bare word opens nothing, except right after the line's first `:`
        // (`memo:"x"`), where it opens a string: no `:` in these words, so none precedes it.
        1 => "[A-Za-z0-9@._+/-][A-Za-z0-9@._+/;#\"-]{0,12}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![string(), bare()]
}

fn field(
    key: &'static str,
    value: impl Strategy<Value = Vec<String>> + 'static,
) -> BoxedStrategy<(String, Vec<String>)> {
    value.prop_map(move |v| (key.to_string(), v)).boxed()
}

fn one(s: impl Strategy<Value = String>) -> impl Strategy<Value = Vec<String>> {
    s.prop_map(|s| vec![s])
}

/// Fields: each of `once` at most once, `many` any number of times, `x-` metadata; shuffled.
fn fields(
    once: Vec<BoxedStrategy<(String, Vec<String>)>>,
    many: Vec<BoxedStrategy<(String, Vec<String>)>>,
) -> BoxedStrategy<Vec<(String, Vec<String>)>> {
    let once: Vec<_> = once.into_iter().map(prop::option::of).collect();
    let meta = prop::collection::vec(("x-[a-z0-9-]{0,6}", text()).prop_map(|(k, v)| (k, vec![v])), 0..2);
    let many = if many.is_empty() {
        Just(Vec::new()).boxed()
    } else {
        prop::collection::vec(prop::strategy::Union::new(many), 0..4).boxed()
    };
    (once, many, meta)
        .prop_map(|(once, many, meta)| {
            let mut all: Vec<_> = once.into_iter().flatten().collect();
            all.extend(many);
            all.extend(meta);
            all
        })
        .prop_shuffle()
        .boxed()
}

fn memo() -> BoxedStrategy<(String, Vec<String>)> {
    field("memo", one(text()))
}

fn words(parts: Vec<Vec<String>>) -> Vec<String> {
    parts.concat()
}

/// An IBAN: quoted, or bare in groups of any size (`NL91 ABNA 0417 1643 00`).
fn iban() -> impl Strategy<Value = Vec<String>> {
    prop_oneof![
        1 => one(string()).boxed(),
        3 => prop::collection::vec("[A-Z0-9]{1,6}", 1..6).boxed(),
    ]
}

/// `matched-by:` values.
fn matched_by() -> impl Strategy<Value = Vec<String>> {
    one(select(vec!["reference", "invoice-number", "iban-amount", "iban", "by-hand"]).prop_map(String::from))
}

fn customer() -> impl Strategy<Value = Spec> {
    let once = vec![
        field("kind", one(select(vec!["business".to_string(), "consumer".into()]))),
        field("country", one("[A-Z]{2}")),
        field("language", one("[a-z]{2}")),
        field("terms", one(duration())),
        field("policy", one(id())),
        field("vat", one(text())),
        field("credit-limit", amount()),
        field("consent", one(Just("email".to_string()))),
        field("number", one(text())),
    ];
    let many = vec![
        field("email", one(text())),
        field("address", one(text())),
        field("iban", iban()),
    ];
    (id(), string(), fields(once, many)).prop_map(|(id, name, fields)| Spec {
        head: vec!["customer".into(), id, name],
        fields,
    })
}

/// `invoice: ID [AMOUNT]`
fn allocation() -> impl Strategy<Value = Vec<String>> {
    (id(), prop::option::of(amount())).prop_map(|(i, a)| words(vec![vec![i], a.unwrap_or_default()]))
}

/// `fee:` / `interest:` value: `[ID] AMOUNT`
fn charge() -> impl Strategy<Value = Vec<String>> {
    (prop::option::of(id()), amount()).prop_map(|(i, a)| words(vec![i.into_iter().collect(), a]))
}

/// A dated entry of any kind: the kind's words after the date, and its fields.
fn entry_kind() -> impl Strategy<Value = (Vec<String>, Vec<(String, Vec<String>)>)> {
    let reason = || prop::option::of(string()).prop_map(|s| s.into_iter().collect::<Vec<_>>());
    let plain = |kw: &'static str| (id(), reason()).prop_map(move |(i, r)| words(vec![vec![kw.into(), i], r]));
    let plain_fields = || fields(vec![memo()], vec![]);
    prop_oneof![
        (
            id(),
            id(),
            amount(),
            fields(
                vec![
                    field("due", one(date())),
                    field("terms", one(duration())),
                    field("ref", one(text())),
                    memo(),
                ],
                vec![],
            )
        )
            .prop_map(|(n, c, a, f)| (words(vec![vec!["invoice".into(), n, c], a]), f)),
        (
            id(),
            amount(),
            fields(
                vec![
                    field("ref", one(text())),
                    field("reverses", one(text())),
                    field("bank-id", one(text())),
                    field("iban", iban()),
                    field("matched-by", matched_by()),
                    memo()
                ],
                vec![field("invoice", allocation())]
            )
        )
            .prop_map(|(c, a, f)| (words(vec![vec!["payment".into(), c], a]), f)),
        (
            id(),
            id(),
            amount(),
            fields(
                vec![field("ref", one(text())), memo()],
                vec![field("invoice", allocation())]
            )
        )
            .prop_map(|(n, c, a, f)| (words(vec![vec!["credit".into(), n, c], a]), f)),
        (plain("dispute"), plain_fields()),
        (plain("resolved"), plain_fields()),
        (plain("release"), plain_fields()),
        (plain("writeoff"), plain_fields()),
        (plain("handover"), plain_fields()),
        (id(), date(), reason(), plain_fields())
            .prop_map(|(i, d, r, f)| (words(vec![vec!["promise".into(), i, d], r]), f)),
        (id(), prop::option::of(date()), reason(), plain_fields())
            .prop_map(|(i, d, r, f)| { (words(vec![vec!["hold".into(), i], d.into_iter().collect(), r]), f) }),
        (
            id(),
            reason(),
            fields(
                vec![memo()],
                vec![field(
                    "installment",
                    (date(), amount()).prop_map(|(d, a)| words(vec![vec![d], a]))
                )]
            )
        )
            .prop_map(|(i, r, f)| (words(vec![vec!["arrangement".into(), i], r]), f)),
        (
            id(),
            id(),
            prop::collection::vec(id(), 1..4),
            fields(
                vec![field("letter", one(text())), field("channel", one(id())), memo(),],
                vec![field("fee", charge()), field("interest", charge())]
            )
        )
            .prop_map(|(c, s, inv, f)| (words(vec![vec!["sent".into(), c, s], inv]), f)),
        (id(), string(), plain_fields()).prop_map(|(c, t, f)| (vec!["note".into(), c, t], f)),
        (
            id(),
            select(vec!["costs", "interest", "all"]),
            prop::option::of(amount()),
            reason(),
            plain_fields()
        )
            .prop_map(|(i, w, a, r, f)| {
                let head = words(vec![vec!["waive".into(), i, w.into()], a.unwrap_or_default(), r]);
                (head, f)
            }),
        (
            amount(),
            fields(
                vec![
                    field("bank-id", one(text())),
                    field("iban", iban()),
                    field("name", one(text())),
                    memo()
                ],
                vec![]
            )
        )
            .prop_map(|(a, f)| (words(vec![vec!["unmatched".into()], a]), f)),
    ]
}

fn block() -> impl Strategy<Value = Spec> {
    prop_oneof![
        1 => text().prop_map(|p| Spec { head: vec!["include".into(), p], fields: vec![] }),
        3 => customer(),
        12 => (date(), entry_kind()).prop_map(|(d, (mut head, fields))| {
            head.insert(0, d);
            Spec { head, fields }
        }),
    ]
}

// ---------------------------------------------------------------------------------------
// Writing a journal out with random layout.
// ---------------------------------------------------------------------------------------

/// Random choices for the layout, drawn from a fixed list of bytes.
struct Noise {
    bytes: Vec<u8>,
    at: usize,
}

impl Noise {
    fn pick<'a>(&mut self, options: &[&'a str]) -> &'a str {
        let b = self.bytes.get(self.at % self.bytes.len().max(1)).copied().unwrap_or(0);
        self.at += 1;
        options[usize::from(b) % options.len()]
    }

    fn chance(&mut self, one_in: u8) -> bool {
        let b = self.bytes.get(self.at % self.bytes.len().max(1)).copied().unwrap_or(1);
        self.at += 1;
        b % one_in == 0
    }
}

const SEPS: &[&str] = &[" ", " ", " ", "  ", "\t", " \t ", "   "];
const INDENTS: &[&str] = &["  ", "  ", " ", "\t", " \t", "    ", "\t\t"];
const AFTER_COLON: &[&str] = &[" ", " ", "", "\t", "   "];
const BLANKS: &[&str] = &["", "", "  ", "\t"];
const COMMENT_TEXTS: &[&str] = &[
    "",
    " note",
    "; double",
    " \"quoted ; thing\"",
    " key: value",
    " ünïcödé 日本",
    " trailing blanks   ",
    "#",
    " tab\tinside",
];

struct Writer<'n> {
    out: String,
    eol: &'static str,
    noise: &'n mut Noise,
}

impl Writer<'_> {
    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        let eol = if self.eol == "mixed" {
            self.noise.pick(&["\n", "\r\n"])
        } else {
            self.eol
        };
        self.out.push_str(eol);
    }

    fn tokens(&mut self, words: &[String]) -> String {
        let mut s = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                s.push_str(self.noise.pick(SEPS));
            }
            s.push_str(w);
        }
        s
    }

    fn trailing_comment(&mut self, line: &mut String) {
        if self.noise.chance(3) {
            line.push_str(self.noise.pick(SEPS));
            line.push(';');
            line.push_str(self.noise.pick(COMMENT_TEXTS));
        }
    }

    /// Blank lines and comment lines, at column 0 or indented.
    fn filler(&mut self, in_block: bool) {
        for _ in 0..3 {
            if !self.noise.chance(4) {
                break;
            }
            if self.noise.chance(2) {
                let blank = self.noise.pick(BLANKS);
                self.line(blank);
            } else {
                let indent = if in_block && self.noise.chance(2) {
                    self.noise.pick(INDENTS)
                } else {
                    ""
                };
                let mark = self.noise.pick(&[";", "#", ";;"]);
                let text = self.noise.pick(COMMENT_TEXTS);
                self.line(&format!("{indent}{mark}{text}"));
            }
        }
    }

    fn block(&mut self, spec: &Spec) {
        self.filler(false);
        let mut head = self.tokens(&spec.head);
        self.trailing_comment(&mut head);
        self.line(&head);
        for (key, value) in &spec.fields {
            self.filler(true);
            let mut line = format!("{}{key}:", self.noise.pick(INDENTS));
            let after = self.noise.pick(AFTER_COLON);
            line.push_str(after);
            if after.is_empty() && value.first().is_some_and(|v| v.starts_with(';')) {
                line.push(' ');
            }
            line.push_str(&self.tokens(value));
            self.trailing_comment(&mut line);
            self.line(&line);
        }
    }
}

fn journal() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(block(), 0..12),
        prop::collection::vec(any::<u8>(), 1..400),
        select(vec!["\n", "\n", "\r\n", "mixed"]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(blocks, bytes, eol, bom, final_eol)| {
            let mut noise = Noise { bytes, at: 0 };
            let mut w = Writer {
                out: String::new(),
                eol,
                noise: &mut noise,
            };
            if bom {
                w.out.push('\u{feff}');
            }
            for b in &blocks {
                w.block(b);
            }
            w.filler(false);
            if !final_eol && w.out.ends_with('\n') {
                w.out.pop();
                if w.out.ends_with('\r') {
                    w.out.pop();
                }
            }
            w.out
        })
}

// ---------------------------------------------------------------------------------------
// Properties.
// ---------------------------------------------------------------------------------------

/// Every comment of the text, in order, without trailing blanks.
fn comments(text: &str) -> Vec<String> {
    lines(text)
        .filter_map(|l| l.comment)
        .map(|(_, c)| c.trim_end_matches([' ', '\t', '\r']).to_string())
        .collect()
}

/// Text made of the pieces that matter to the line and word layers.
fn soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        select(vec![
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\r",
            "\"",
            "\\",
            ";",
            " ;",
            "#",
            ":",
            ": ",
            "\u{feff}",
            "x-a",
            "customer",
            "policy",
            "stage",
            "after",
            "wait",
            "template",
            "fee",
            "invoice",
            "2026-01-05",
            "1,200.00",
            "-5",
            "EUR",
            "JPY",
            "é",
            "日",
            "  ",
            "\n\n",
        ])
        .prop_map(str::to_string),
        "[a-z0-9]{1,3}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn valid_journals_round_trip(text in journal()) {
        let parsed = parse_journal(FileId(0), &text);
        prop_assert!(parsed.diagnostics.is_empty(), "generated journal has errors: {:?}\n{}", parsed.diagnostics, text);
        let once = format_text(&text);
        let twice = format_text(&once);
        prop_assert_eq!(&twice, &once, "not idempotent");
        let reparsed = parse_journal(FileId(0), &once);
        prop_assert!(reparsed.diagnostics.is_empty(), "formatted journal has errors: {:?}\n{}", reparsed.diagnostics, once);
        prop_assert_eq!(&reparsed.blocks, &parsed.blocks);
        prop_assert_eq!(comments(&once), comments(&text));
        prop_assert_eq!(once.starts_with('\u{feff}'), text.starts_with('\u{feff}'));
    }

    #[test]
    fn soup_is_formatted_idempotently(text in soup()) {
        let once = format_text(&text);
        prop_assert_eq!(format_text(&once), once.clone());
        let _ = parse_journal(FileId(0), &text);
        let _ = parse_journal(FileId(0), &once);
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in "\\PC*") {
        let once = format_text(&text);
        prop_assert_eq!(format_text(&once), once.clone());
        let _ = parse_journal(FileId(0), &text);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = format_text(&text);
        let _ = parse_journal(FileId(0), &text);
    }
}

// ---------------------------------------------------------------------------------------
// Rules files: `dun fmt` formats them too, with `stage` clauses in columns.
// ---------------------------------------------------------------------------------------

/// One stage's clauses, each a list of words; `after` grows with `index` so the ladder is
/// in order.
fn stage_clauses(index: usize) -> impl Strategy<Value = Vec<Vec<String>>> {
    let words = |w: &[&str]| w.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    (
        prop::option::of(1u32..30),
        prop_oneof![
            id().prop_map(|t| vec!["template".to_string(), t]),
            string().prop_map(|s| vec!["task".to_string(), s]),
        ],
        prop::option::of(select(vec![
            words(&["fee", "40.00", "EUR"]),
            words(&["fee", "wik"]),
            words(&["fee", "wik", "+vat", "21%"]),
            words(&["fee", "eu-flat"]),
            words(&["fee", "10%", "min", "40.00", "EUR", "max", "500.00", "EUR"]),
        ])),
        prop::option::of(select(vec![
            words(&["interest", "fixed", "8%"]),
            words(&["interest", "fixed", "8.5%", "compound", "yearly"]),
            words(&["interest", "nl-commercial"]),
            words(&["interest", "de-consumer"]),
        ])),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(move |(wait, letter, fee, interest, required, handover)| {
            let mut c = vec![vec!["after".to_string(), format!("{}d", 10 * (index + 1))]];
            c.extend(wait.map(|w| vec!["wait".to_string(), format!("{w}d")]));
            c.push(letter);
            c.extend(fee);
            c.extend(interest);
            if required {
                c.push(vec!["required".into()]);
            }
            if handover {
                c.push(vec!["action".into(), "handover".into()]);
            }
            c
        })
}

/// A policy: its settings and stage lines (clauses in order, or shuffled).
fn policy(name: String) -> impl Strategy<Value = Spec> {
    let stages = (1usize..6).prop_flat_map(|n| {
        (0..n)
            .map(|i| {
                (stage_clauses(i), any::<bool>()).prop_flat_map(move |(clauses, shuffle)| {
                    let clauses = if shuffle {
                        Just(clauses).prop_shuffle().boxed()
                    } else {
                        Just(clauses).boxed()
                    };
                    clauses.prop_map(move |c| (format!("s{i}"), c))
                })
            })
            .collect::<Vec<_>>()
    });
    let settings = (
        prop::option::of(select(vec!["step", "jump"])),
        prop::option::of(duration()),
        prop::option::of(amount()),
    );
    (stages, settings).prop_map(move |(stages, (escalate, grace, minimum))| {
        let mut fields: Vec<(String, Vec<String>)> = Vec::new();
        fields.extend(escalate.map(|e| ("escalate".to_string(), vec![e.to_string()])));
        fields.extend(grace.map(|g| ("grace".to_string(), vec![g])));
        // A minimum must not be negative.
        fields.extend(minimum.map(|m| {
            (
                "minimum".to_string(),
                words(vec![vec![m[0].trim_start_matches('-').to_string()], m[1..].to_vec()]),
            )
        }));
        for (stage, clauses) in stages {
            fields.push(("stage".to_string(), words(vec![vec![stage], clauses.concat()])));
        }
        Spec {
            head: vec!["policy".into(), name.clone()],
            fields,
        }
    })
}

fn rules_file() -> impl Strategy<Value = String> {
    let settings = (
        prop::option::of(duration()),
        prop::option::of("[a-z]{2}"),
        prop::option::of(text()),
        select(vec!["principal-first", "legal"]),
    )
        .prop_map(|(terms, lang, record, order)| {
            let mut s: Vec<Spec> = Vec::new();
            let mut add = |w: Vec<String>| {
                s.push(Spec {
                    head: w,
                    fields: vec![],
                })
            };
            terms.into_iter().for_each(|t| add(vec!["default-terms".into(), t]));
            lang.into_iter().for_each(|l| add(vec!["language".into(), l]));
            record.into_iter().for_each(|r| add(vec!["record-to".into(), r]));
            add(vec!["payment-order".into(), order.into()]);
            s
        });
    let sender = (string(), prop::collection::vec(text(), 0..3)).prop_map(|(name, address)| {
        let mut fields = vec![("name".to_string(), vec![name])];
        fields.extend(address.into_iter().map(|a| ("address".to_string(), vec![a])));
        fields.push(("iban".into(), vec!["NL91ABNA0417164300".into()]));
        Spec {
            head: vec!["sender".into()],
            fields,
        }
    });
    let policies = prop::collection::vec(policy("business".into()), 1..2)
        .prop_flat_map(|first| policy("consumer".into()).prop_map(move |p| [first.clone(), vec![p]].concat()));
    (
        settings,
        sender,
        policies,
        prop::collection::vec(any::<u8>(), 1..400),
        select(vec!["\n", "\r\n"]),
    )
        .prop_map(|(settings, sender, policies, bytes, eol)| {
            let mut noise = Noise { bytes, at: 0 };
            let mut w = Writer {
                out: String::new(),
                eol,
                noise: &mut noise,
            };
            for b in settings.iter().chain([&sender]) {
                w.block(b);
            }
            for p in &policies {
                w.policy(p);
            }
            w.out
        })
}

impl Writer<'_> {
    /// A policy block: its lines are `keyword words...`, not `key: value`.
    fn policy(&mut self, spec: &Spec) {
        self.filler(false);
        let mut head = self.tokens(&spec.head);
        self.trailing_comment(&mut head);
        self.line(&head);
        for (key, value) in &spec.fields {
            self.filler(true);
            let words = words(vec![vec![key.clone()], value.clone()]);
            let mut line = format!("{}{}", self.noise.pick(INDENTS), self.tokens(&words));
            self.trailing_comment(&mut line);
            self.line(&line);
        }
    }
}

/// The `Debug` text of a value with every `Span { .. }` cut out (the rules model keeps
/// plain spans for its diagnostics).
fn without_spans(debug: String) -> String {
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug.as_str();
    while let Some(i) = rest.find("Span {") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('}').map_or(rest.len(), |j| i + j + 1);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn valid_rules_round_trip(text in rules_file()) {
        let (before, diags) = dun::rules::parse_rules(FileId(0), &text);
        let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).collect();
        prop_assert!(errors.is_empty(), "generated rules have errors: {:?}\n{}", errors, text);
        let once = format_text(&text);
        prop_assert_eq!(format_text(&once), once.clone(), "not idempotent");
        let (after, diags_after) = dun::rules::parse_rules(FileId(0), &once);
        prop_assert_eq!(diags_after.len(), diags.len(), "{:?}\n{}", diags_after, once);
        prop_assert_eq!(without_spans(format!("{after:?}")), without_spans(format!("{before:?}")));
        prop_assert_eq!(comments(&once), comments(&text));
    }
}
