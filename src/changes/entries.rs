//! Entry-level diff: which blocks about an invoice or customer a change added, removed or
//! changed. Blocks are compared by meaning (`Block` equality ignores layout, comments and
//! position), so `dun fmt`, moving an entry or reordering a file changes nothing.

use memchr::memmem;

use super::window::changed_window;

use crate::source::FileId;
use crate::syntax::ast::{Block, EntryKind};
use crate::syntax::lines::{blocks, RawBlock, RawItem};
use crate::syntax::parse_journal;

/// What `dun log` follows: the ids that count when an entry names them, and for an invoice
/// the customer whose payments without `invoice:` lines may pay it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// Invoice numbers, credit-note numbers and customer ids.
    pub names: Vec<String>,
    /// Payments and credits of this customer that name no invoice count too.
    pub unallocated_of: Option<String>,
}

impl Subject {
    /// Entries that name `name`, and nothing else.
    pub fn named(name: &str) -> Subject {
        Subject {
            names: vec![name.to_string()],
            unallocated_of: None,
        }
    }
}

/// One block of a file that concerns the subject.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// 1-based line of its head.
    pub line: usize,
    /// Its lines as written (indentation kept, comments and line ends removed).
    pub lines: Vec<String>,
    /// Its text, for comparing by meaning.
    text: String,
}

impl Subject {
    /// Strings one of which must occur in a block for it to possibly concern the subject.
    fn needles(&self) -> impl Iterator<Item = &str> {
        self.names.iter().chain(&self.unallocated_of).map(String::as_str)
    }

    /// True if a parsed block concerns the subject.
    pub fn mentions(&self, block: &Block<'_>) -> bool {
        let named = |s: &str| self.names.iter().any(|n| n == s);
        if let Block::Entry(e) = block {
            if let (
                EntryKind::Payment {
                    customer, allocations, ..
                }
                | EntryKind::Credit {
                    customer, allocations, ..
                },
                Some(c),
            ) = (&e.kind, &self.unallocated_of)
            {
                if allocations.is_empty() && customer.node == c {
                    return true;
                }
            }
        }
        ids(block).into_iter().any(named)
    }
}

/// Every id a block names: its customer, invoice and credit numbers.
fn ids<'a>(block: &Block<'a>) -> Vec<&'a str> {
    let entry = match block {
        Block::Include(_) => return Vec::new(),
        Block::Customer(c) => return vec![c.id.node],
        Block::Entry(e) => e,
    };
    let allocs = |a: &[crate::syntax::ast::Allocation<'a>]| a.iter().map(|a| a.invoice.node).collect::<Vec<_>>();
    match &entry.kind {
        EntryKind::Invoice { number, customer, .. } => vec![number.node, customer.node],
        EntryKind::Payment {
            customer, allocations, ..
        } => [vec![customer.node], allocs(allocations)].concat(),
        EntryKind::Credit {
            number,
            customer,
            allocations,
            ..
        } => [vec![number.node, customer.node], allocs(allocations)].concat(),
        EntryKind::Sent {
            customer,
            invoices,
            fees,
            interest,
            ..
        } => {
            let charged = fees.iter().chain(interest).filter_map(|c| c.invoice.map(|i| i.node));
            std::iter::once(customer.node)
                .chain(invoices.iter().map(|i| i.node))
                .chain(charged)
                .collect()
        }
        EntryKind::Note { customer, .. } => vec![customer.node],
        EntryKind::Dispute { invoice, .. }
        | EntryKind::Resolved { invoice, .. }
        | EntryKind::Promise { invoice, .. }
        | EntryKind::Hold { invoice, .. }
        | EntryKind::Release { invoice, .. }
        | EntryKind::Arrangement { invoice, .. }
        | EntryKind::Writeoff { invoice, .. }
        | EntryKind::Handover { invoice, .. }
        | EntryKind::Waive { invoice, .. } => vec![invoice.node],
        // Money no customer owns yet names nobody.
        EntryKind::Unmatched { .. } => Vec::new(),
    }
}

/// The blocks of a journal text that concern `subject`, in file order.
pub fn find(text: &str, subject: &Subject) -> Vec<Found> {
    find_in(text, 0..text.len(), subject)
}

/// The blocks about `subject` where two versions of a file differ: on each side, those of
/// the window where the texts differ (see [`changed_window`]); the blocks outside it are the
/// same on both sides.
pub fn find_changed(old: &str, new: &str, subject: &Subject) -> (Vec<Found>, Vec<Found>) {
    let (a, b) = changed_window(old.as_bytes(), new.as_bytes());
    (find_in(old, a, subject), find_in(new, b, subject))
}

/// The blocks about `subject` in `text[range]` (which starts at a block head or the text's
/// start). Only blocks that contain one of the subject's names are parsed.
fn find_in(text: &str, range: std::ops::Range<usize>, subject: &Subject) -> Vec<Found> {
    let finders: Vec<memmem::Finder<'_>> = subject.needles().map(memmem::Finder::new).collect();
    let hit = |s: &str| finders.iter().any(|f| f.find(s.as_bytes()).is_some());
    let base = range.start;
    let part = &text[range];
    if !hit(part) {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut line = 1 + memchr::memchr_iter(b'\n', &text.as_bytes()[..base]).count();
    let mut counted = 0;
    for item in blocks(part) {
        let RawItem::Block(raw) = item else { continue };
        let range = block_range(&raw);
        let slice = &part[range.clone()];
        if !hit(slice) || !concerns(slice, subject) {
            continue;
        }
        line += memchr::memchr_iter(b'\n', &part.as_bytes()[counted..range.start]).count();
        counted = range.start;
        let lines = std::iter::once(&raw.head)
            .chain(&raw.body)
            .map(|l| part[l.start..l.content_end()].to_string())
            .collect();
        out.push(Found {
            line,
            lines,
            text: slice.to_string(),
        });
    }
    out
}

/// The bytes of a block: from its head line to the end of its last line's content or comment.
fn block_range(raw: &RawBlock<'_>) -> std::ops::Range<usize> {
    let last = raw.body.last().unwrap_or(&raw.head);
    let end = last.comment.map_or(last.content_end(), |(at, c)| at + c.len());
    raw.head.start..end
}

/// True if a block's text concerns the subject: by meaning when it parses, else when one of
/// its words is one of the subject's names (a block with a syntax error still shows up).
fn concerns(text: &str, subject: &Subject) -> bool {
    let parsed = parse_journal(FileId(0), text);
    match parsed.blocks.first() {
        Some(block) if parsed.diagnostics.is_empty() => subject.mentions(block),
        _ => text
            .split(|c: char| c.is_whitespace() || c == '"')
            .any(|w| subject.names.iter().any(|n| n == w)),
    }
}

/// How a block changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Only on the new side.
    Added,
    /// Only on the old side.
    Removed,
    /// An entry with the same identity (kind, date, number or customer) says something else.
    Changed,
}

/// A found block and the file it is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// Repo-relative path of the file.
    pub file: String,
    /// The block.
    pub found: Found,
}

/// One changed block, with its lines before and after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The file it is in (the new side's, unless removed).
    pub file: String,
    /// Its line there.
    pub line: usize,
    /// Lines before (empty if added).
    pub old: Vec<String>,
    /// Lines after (empty if removed).
    pub new: Vec<String>,
}

/// The changes between the blocks of two sides, compared by meaning across all files (an
/// entry moved to another file is no change). Added and removed blocks with the same
/// identity pair up as changed.
pub fn compare(old: &[Located], new: &[Located]) -> Vec<Change> {
    let old_parsed: Vec<_> = old.iter().map(|l| parse_journal(FileId(0), &l.found.text)).collect();
    let new_parsed: Vec<_> = new.iter().map(|l| parse_journal(FileId(0), &l.found.text)).collect();
    let old_m: Vec<Meaning<'_>> = old_parsed.iter().zip(old).map(|(p, l)| meaning(p, l)).collect();
    let new_m: Vec<Meaning<'_>> = new_parsed.iter().zip(new).map(|(p, l)| meaning(p, l)).collect();
    let mut new_used = vec![false; new.len()];
    let mut removed = Vec::new();
    for (i, m) in old_m.iter().enumerate() {
        match (0..new.len()).find(|&j| !new_used[j] && new_m[j] == *m) {
            Some(j) => new_used[j] = true,
            None => removed.push(i),
        }
    }
    let added: Vec<usize> = (0..new.len()).filter(|&j| !new_used[j]).collect();
    pair(old, new, &old_m, &new_m, removed, added)
}

/// The meaning of a found block, from its parse.
fn meaning<'a>(p: &crate::syntax::ParsedJournal<'a>, l: &Located) -> Meaning<'a> {
    match p.blocks.first() {
        Some(b) if p.diagnostics.is_empty() => Meaning::Block(Box::new(b.clone())),
        _ => Meaning::Lines(l.found.lines.iter().map(|s| s.trim().to_string()).collect()),
    }
}

/// A block's meaning: the parsed block, or its trimmed lines when it does not parse.
#[derive(Debug, Clone, PartialEq)]
enum Meaning<'a> {
    Block(Box<Block<'a>>),
    Lines(Vec<String>),
}

impl Meaning<'_> {
    /// What makes two versions of a block "the same entry": kind, date and what it is about.
    fn identity(&self) -> Option<String> {
        let Meaning::Block(block) = self else { return None };
        Some(match &**block {
            Block::Include(t) => format!("include {}", t.node),
            Block::Customer(c) => format!("customer {}", c.id.node),
            Block::Entry(e) => match &e.kind {
                EntryKind::Invoice { number, .. } => format!("invoice {}", number.node),
                EntryKind::Credit { number, .. } => format!("credit {}", number.node),
                // A bank line is the same money whether it is still `unmatched` or was
                // edited into a `payment`: that edit shows as a change, not a removal.
                EntryKind::Payment { bank_id: Some(b), .. } | EntryKind::Unmatched { bank_id: Some(b), .. } => {
                    format!("bank line {}", b.node)
                }
                kind => format!(
                    "{} {} {}",
                    e.date.node,
                    kind.keyword(),
                    ids(block).first().unwrap_or(&"")
                ),
            },
        })
    }
}

/// Pairs removed and added blocks of the same identity into changes; the rest stay as they are.
fn pair(
    old: &[Located],
    new: &[Located],
    old_m: &[Meaning<'_>],
    new_m: &[Meaning<'_>],
    removed: Vec<usize>,
    added: Vec<usize>,
) -> Vec<Change> {
    let mut out = Vec::new();
    let mut added_left: Vec<Option<usize>> = added.into_iter().map(Some).collect();
    for i in removed {
        let id = old_m[i].identity();
        let partner = added_left
            .iter_mut()
            .find(|j| id.is_some() && j.is_some_and(|j| new_m[j].identity() == id))
            .and_then(Option::take);
        out.push(match partner {
            Some(j) => change(ChangeKind::Changed, Some(&old[i]), &new[j]),
            None => change(ChangeKind::Removed, None, &old[i]),
        });
    }
    for j in added_left.into_iter().flatten() {
        out.push(change(ChangeKind::Added, None, &new[j]));
    }
    out.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    out
}

/// A change located at `at` (the new side, or the old one when removed).
fn change(kind: ChangeKind, before: Option<&Located>, at: &Located) -> Change {
    let lines = at.found.lines.clone();
    let (old, new) = match kind {
        ChangeKind::Added => (Vec::new(), lines),
        ChangeKind::Removed => (lines, Vec::new()),
        ChangeKind::Changed => (before.map(|b| b.found.lines.clone()).unwrap_or_default(), lines),
    };
    Change {
        kind,
        file: at.file.clone(),
        line: at.found.line,
        old,
        new,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invoice(n: &str) -> Subject {
        Subject {
            names: vec![n.to_string()],
            unallocated_of: Some("acme".into()),
        }
    }

    fn located(text: &str, subject: &Subject) -> Vec<Located> {
        find(text, subject)
            .into_iter()
            .map(|found| Located {
                file: "j.dun".into(),
                found,
            })
            .collect()
    }

    const OLD: &str = "customer acme \"ACME\"\n  kind: business\n\n2026-01-05 invoice INV-1 acme 100.00 EUR\n\n2026-01-06 invoice INV-10 acme 5.00 EUR\n2026-02-01 payment acme 10.00 EUR\n";

    #[test]
    fn finds_blocks_by_meaning_not_substring() {
        let found = find(OLD, &invoice("INV-1"));
        let heads: Vec<_> = found.iter().map(|f| (f.line, f.lines[0].as_str())).collect();
        assert_eq!(
            heads,
            [
                (4, "2026-01-05 invoice INV-1 acme 100.00 EUR"),
                (7, "2026-02-01 payment acme 10.00 EUR")
            ]
        );
    }

    #[test]
    fn layout_changes_are_no_change_and_edits_pair_up() {
        let s = invoice("INV-1");
        let reformatted = OLD.replace("INV-1 acme 100.00", "INV-1   acme   100.00") + "; a comment\n";
        assert!(compare(&located(OLD, &s), &located(&reformatted, &s)).is_empty());
        let edited = OLD.replace("100.00 EUR", "120.00 EUR") + "2026-03-01 dispute INV-1 \"wrong\"\n";
        let changes = compare(&located(OLD, &s), &located(&edited, &s));
        let kinds: Vec<_> = changes.iter().map(|c| (c.kind, c.line)).collect();
        assert_eq!(kinds, [(ChangeKind::Changed, 4), (ChangeKind::Added, 8)]);
        assert_eq!(changes[0].old, ["2026-01-05 invoice INV-1 acme 100.00 EUR"]);
        let back = compare(&located(&edited, &s), &located(OLD, &s));
        assert_eq!(back[1].kind, ChangeKind::Removed);
    }

    #[test]
    fn a_bank_line_keeps_its_identity_when_its_date_is_corrected() {
        let s = invoice("INV-1");
        let old = format!("{OLD}2026-02-20 payment acme 5.00 EUR\n  bank-id: \"B-1\"\n");
        let new = old.replace("2026-02-20", "2026-02-21");
        let changes = compare(&located(&old, &s), &located(&new, &s));
        let kinds: Vec<_> = changes.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [ChangeKind::Changed]);
        // Money going back and waivers are about the subject too.
        let more = format!("{OLD}2026-03-01 waive INV-1 costs\n2026-03-02 payment acme -5.00 EUR\n");
        assert_eq!(find(&more, &s).len(), 4);
    }

    #[test]
    fn broken_blocks_still_show() {
        let s = invoice("INV-1");
        let broken = "2026-01-05 invoice INV-1 acme lots\n";
        assert_eq!(find(broken, &s).len(), 1);
    }
}
