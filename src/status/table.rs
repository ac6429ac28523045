//! `status` for the terminal: invoices grouped by customer, most overdue first, stages in
//! colour, then totals and aging buckets per currency.

use anstyle::{AnsiColor, Style};

use super::{InvoiceLine, Report};

/// Left- or right-aligned.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

/// A cell: its text and its style (applied only when colour is on).
pub(crate) type Cell = (String, Style);

/// Renders rows as aligned columns, two spaces apart. Widths count characters; a row with
/// a single cell (a group heading) is printed as it is and does not widen the first column.
pub(crate) fn columns(rows: &[Vec<Cell>], aligns: &[Align], color: bool) -> String {
    let n = aligns.len();
    let mut widths = vec![0; n];
    for row in rows.iter().filter(|r| r.len() > 1) {
        for (i, (text, _)) in row.iter().enumerate().take(n) {
            widths[i] = widths[i].max(text.chars().count());
        }
    }
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (i, (text, style)) in row.iter().enumerate().take(n) {
            let pad = " ".repeat(widths[i].saturating_sub(text.chars().count()));
            let styled = if color && *style != Style::new() {
                format!("{style}{text}{style:#}")
            } else {
                text.clone()
            };
            if i > 0 {
                line.push_str("  ");
            }
            match aligns[i] {
                Align::Left => line.push_str(&format!("{styled}{pad}")),
                Align::Right => line.push_str(&format!("{pad}{styled}")),
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The colour of a stage: later stages are hotter.
fn stage_style(row: &InvoiceLine) -> Style {
    match row.ladder() {
        _ if row.plan.ready_for_handover => AnsiColor::Magenta.on_default().bold(),
        Some((i, len)) if i + 1 >= len => AnsiColor::Red.on_default().bold(),
        Some((i, len)) if 2 * (i + 1) > len => AnsiColor::Red.on_default(),
        Some(_) => AnsiColor::Yellow.on_default(),
        None => Style::new(),
    }
}

fn plain(s: impl Into<String>) -> Cell {
    (s.into(), Style::new())
}

/// The terminal table.
pub fn render(r: &Report, color: bool) -> String {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut out = format!("Status as of {}\n\n", r.as_of);
    if r.invoices.is_empty() {
        out.push_str("Nothing open.\n");
    } else {
        let header = [
            "invoice", "due", "late", "open", "interest", "costs", "total", "", "stage", "next", "on", "hold",
        ];
        let mut rows: Vec<Vec<Cell>> = vec![header.iter().map(|h| (h.to_string(), bold)).collect()];
        let mut current: Option<&str> = None;
        for i in &r.invoices {
            if current != Some(i.customer) {
                current = Some(i.customer);
                let name = r
                    .customers
                    .iter()
                    .find(|c| c.id == i.customer)
                    .map_or("", |c| c.name.as_str());
                rows.push(vec![(format!("{} ({name})", i.customer), bold)]);
            }
            let days = i.plan.days_overdue;
            let late = if days > 0 { format!("{days}d") } else { String::new() };
            let next = match (i.plan.ready_for_handover, i.waiting()) {
                (true, _) => "ready for handover".to_string(),
                (false, Some("minimum")) => "(below the minimum)".to_string(),
                (false, Some("statutory-wait")) => {
                    format!("{} (statutory wait)", i.next_stage().unwrap_or(""))
                }
                _ => i.next_stage().unwrap_or("").to_string(),
            };
            rows.push(vec![
                plain(format!("  {}", i.number())),
                plain(i.invoice.due.to_string()),
                (
                    late,
                    if days > 30 {
                        AnsiColor::Red.on_default()
                    } else {
                        Style::new()
                    },
                ),
                plain(i.open().to_string()),
                plain(i.interest().to_string()),
                plain(i.fees_owed().to_string()),
                plain(i.total().to_string()),
                (i.currency().to_string(), dim),
                (i.stage().unwrap_or("").to_string(), stage_style(i)),
                plain(next),
                plain(i.next_due().map(|d| d.to_string()).unwrap_or_default()),
                (i.hold_text(), AnsiColor::Cyan.on_default()),
            ]);
        }
        use Align::{Left as L, Right as R};
        out.push_str(&columns(&rows, &[L, L, R, R, R, R, R, L, L, L, L, L], color));
    }
    out.push('\n');
    out.push_str(&credits(r));
    out.push_str(&unmatched(r));
    out.push_str(&totals(r, color));
    out
}

/// Money received that no customer is known for yet.
fn unmatched(r: &Report) -> String {
    if r.unmatched.is_empty() {
        return String::new();
    }
    let rows: Vec<Vec<Cell>> = r
        .unmatched
        .iter()
        .map(|u| {
            vec![
                plain(u.date.to_string()),
                plain(u.amount.clone()),
                plain(u.currency.clone()),
                plain(u.name.clone().unwrap_or_default()),
                plain(u.bank_id.clone().unwrap_or_default()),
            ]
        })
        .collect();
    format!(
        "unmatched money (edit each into a `payment` of its customer)\n{}\n",
        columns(
            &rows,
            &[Align::Left, Align::Right, Align::Left, Align::Left, Align::Left],
            false
        )
    )
}

/// Customers holding unapplied payments.
fn credits(r: &Report) -> String {
    let rows: Vec<Vec<Cell>> = r
        .customers
        .iter()
        .filter(|c| c.credit.parse::<rust_decimal::Decimal>().is_ok_and(|d| !d.is_zero()))
        .map(|c| {
            vec![
                plain(format!("{} ({})", c.id, c.name)),
                plain(c.credit.clone()),
                plain(c.currency.clone()),
            ]
        })
        .collect();
    if rows.is_empty() {
        return String::new();
    }
    format!(
        "credit (unapplied payments)\n{}\n",
        columns(&rows, &[Align::Left, Align::Right, Align::Left], false)
    )
}

/// Totals and aging buckets, one row per currency.
fn totals(r: &Report, color: bool) -> String {
    if r.totals.is_empty() {
        return String::new();
    }
    let bold = Style::new().bold();
    let mut header: Vec<Cell> = vec![("currency".to_string(), bold)];
    header.extend(super::TOTAL_COLUMNS.iter().map(|h| (h.to_string(), bold)));
    let mut rows = vec![header];
    for t in &r.totals {
        let mut row = vec![plain(t.currency.clone())];
        row.extend(super::total_cells(t).into_iter().map(plain));
        rows.push(row);
    }
    let mut aligns = vec![Align::Left];
    aligns.extend(std::iter::repeat_n(Align::Right, super::TOTAL_COLUMNS.len()));
    columns(&rows, &aligns, color)
}
