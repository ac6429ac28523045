//! Column alignment: amounts on their decimal point, the clauses of `stage` lines, and
//! trailing comments. Alignment only ever adds blanks between words.

use super::words::{width, Amount, Stage};

/// Blanks between aligned `stage` clauses.
const CLAUSE_GAP: usize = 2;
/// Least blanks before an aligned trailing comment.
const COMMENT_GAP: usize = 2;

fn pad(out: &mut String, n: usize) {
    out.push_str(&" ".repeat(n));
}

/// The fields of one block that end in an amount, with their decimal points in one column
/// and their currency codes in another.
pub(super) fn amounts(lines: &[Amount]) -> Vec<String> {
    let point = lines
        .iter()
        .map(|a| width(&a.prefix) + 1 + width(&a.int))
        .max()
        .unwrap_or(0);
    let frac = lines.iter().map(|a| width(&a.frac)).max().unwrap_or(0);
    lines
        .iter()
        .map(|a| {
            let mut s = a.prefix.clone();
            pad(&mut s, point - width(&a.prefix) - width(&a.int));
            s.push_str(&a.int);
            s.push_str(&a.frac);
            pad(&mut s, frac - width(&a.frac) + 1);
            s.push_str(&a.currency);
            s
        })
        .collect()
}

/// Which column a `stage` clause goes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    /// `after`, `wait`, and the letter clause (`template` or `task`, never both).
    Named(&'static str),
    /// The n-th other clause (`fee`, `interest`, `action`, `required`) of its line.
    Tail(usize),
}

/// The column of each clause of a `stage` line.
fn keys(s: &Stage<'_>) -> Vec<Column> {
    let mut tail = 0;
    s.clauses
        .iter()
        .map(|(kw, _)| match *kw {
            "after" => Column::Named("after"),
            "wait" => Column::Named("wait"),
            "template" | "task" => Column::Named("letter"),
            _ => {
                tail += 1;
                Column::Tail(tail - 1)
            }
        })
        .collect()
}

/// The `stage` lines of one policy, their clauses in columns two spaces apart: `stage
/// NAME`, `after`, `wait`, `template` or `task`, then the other clauses by position (a stage
/// without `wait` leaves that column blank). Lines that cannot share columns (a clause
/// given twice, or clauses in different orders) are single-spaced.
pub(super) fn stages(lines: &[Stage<'_>]) -> Vec<String> {
    let keyed: Vec<Vec<Column>> = lines.iter().map(keys).collect();
    let Some(columns) = columns(&keyed) else {
        return lines.iter().map(single_spaced).collect();
    };
    let name_width = lines.iter().map(|s| width(&s.name)).max().unwrap_or(0);
    let widths: Vec<usize> = columns
        .iter()
        .map(|col| {
            let clauses = lines.iter().zip(&keyed).flat_map(|(s, k)| {
                k.iter()
                    .zip(&s.clauses)
                    .filter(|(c, _)| *c == col)
                    .map(|(_, clause)| width(&clause.1))
            });
            clauses.max().unwrap_or(0)
        })
        .collect();
    lines
        .iter()
        .zip(&keyed)
        .map(|(s, k)| {
            let mut out = s.name.clone();
            // Blanks owed before the next clause written; never written at the line's end.
            let mut owed = name_width - width(&s.name);
            for (col, w) in columns.iter().zip(&widths) {
                match k.iter().position(|c| c == col) {
                    Some(i) => {
                        let text = &s.clauses[i].1;
                        pad(&mut out, owed + CLAUSE_GAP);
                        out.push_str(text);
                        owed = w - width(text);
                    }
                    None => owed += w + CLAUSE_GAP,
                }
            }
            out
        })
        .collect()
}

fn single_spaced(s: &Stage<'_>) -> String {
    let mut out = s.name.clone();
    for (_, text) in &s.clauses {
        out.push(' ');
        out.push_str(text);
    }
    out
}

/// More columns than this do not help reading: such policies are single-spaced.
const MAX_COLUMNS: usize = 16;

/// The columns of all lines in one order that keeps each line's order (a topological
/// sort, ties broken by first appearance), or `None` if there is none.
fn columns(lines: &[Vec<Column>]) -> Option<Vec<Column>> {
    let mut nodes: Vec<Column> = Vec::new();
    // before[a][b]: column `a` stands before column `b` on some line.
    let mut before = [[false; MAX_COLUMNS]; MAX_COLUMNS];
    for line in lines {
        let mut prev: Option<usize> = None;
        for (i, col) in line.iter().enumerate() {
            if line[..i].contains(col) {
                return None;
            }
            let n = match nodes.iter().position(|c| c == col) {
                Some(n) => n,
                None if nodes.len() < MAX_COLUMNS => {
                    nodes.push(*col);
                    nodes.len() - 1
                }
                None => return None,
            };
            if let Some(p) = prev {
                before[p][n] = true;
            }
            prev = Some(n);
        }
    }
    let mut done = [false; MAX_COLUMNS];
    let mut order = Vec::with_capacity(nodes.len());
    while order.len() < nodes.len() {
        let ready = (0..nodes.len()).find(|&n| !done[n] && (0..nodes.len()).all(|p| done[p] || !before[p][n]))?;
        done[ready] = true;
        order.push(nodes[ready]);
    }
    Some(order)
}

/// A line of output before its comment is placed.
#[derive(Debug, Clone)]
pub(super) struct Placed<'a> {
    /// Indentation and content (empty for blank and comment-only lines).
    pub text: String,
    /// The trailing comment, or the comment of a comment-only line.
    pub comment: Option<&'a str>,
    /// The comment alignment group, for lines with content.
    pub group: Option<usize>,
}

/// Appends every comment: trailing comments of one group start in one column, two blanks
/// after the longest line of the group that carries a comment.
pub(super) fn comments(lines: &[Placed<'_>]) -> Vec<String> {
    let mut column: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for l in lines {
        if let (Some(g), Some(_)) = (l.group, l.comment) {
            let c = column.entry(g).or_insert(0);
            *c = (*c).max(width(&l.text) + COMMENT_GAP);
        }
    }
    lines
        .iter()
        .map(|l| {
            let mut s = l.text.clone();
            if let Some(comment) = l.comment {
                if let Some(g) = l.group {
                    let col = column.get(&g).copied().unwrap_or(0);
                    pad(&mut s, col - width(&l.text));
                }
                s.push_str(comment);
            }
            s
        })
        .collect()
}
