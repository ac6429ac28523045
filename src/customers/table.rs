//! `customers` for the terminal: one line per customer and currency, worst first (grade,
//! average days late, trend arrow, advice), the reasons for the advice, then the portfolio.
//! With `--customer`, one customer's figures, its history month by month and its invoices.

use anstyle::{AnsiColor, Style};
use rust_decimal::Decimal;

use super::{Behaviour, CustomerBehaviour, Grade};
use crate::status::{columns, Align, Cell};

fn plain(s: impl Into<String>) -> Cell {
    (s.into(), Style::new())
}

fn grade_style(g: Grade) -> Style {
    match g {
        Grade::A => AnsiColor::Green.on_default(),
        Grade::B => Style::new(),
        Grade::C => AnsiColor::Yellow.on_default(),
        Grade::D => AnsiColor::Red.on_default().bold(),
        Grade::None => Style::new().dimmed(),
    }
}

/// `↑ +12.5` (pays later), `↓ -3` (earlier), `→ +0.4` (within a day), or empty.
pub fn trend_text(t: Option<Decimal>) -> String {
    let Some(t) = t else { return String::new() };
    let arrow = match t {
        t if t >= Decimal::ONE => "↑",
        t if t <= -Decimal::ONE => "↓",
        _ => "→",
    };
    let sign = if t.is_sign_negative() { "-" } else { "+" };
    format!("{arrow} {sign}{}", t.abs())
}

fn share_text(s: Option<Decimal>) -> String {
    s.map(|s| format!("{}%", (s * Decimal::from(100)).round()))
        .unwrap_or_else(|| "-".into())
}

fn opt_days(d: Option<Decimal>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

/// The terminal table; reasons in `lang` (`nl`, else English).
pub fn render_table(b: &Behaviour, lang: &str, color: bool) -> String {
    let mut out = format!(
        "Payment behaviour as of {} ({} months from {})\n\n",
        b.as_of, b.window_months, b.window_start
    );
    if b.customers.iter().any(|c| !c.months.is_empty()) {
        for c in &b.customers {
            out.push_str(&detail(c, lang, color));
        }
        return out;
    }
    if b.customers.is_empty() {
        out.push_str("No customer has invoices in the window or open.\n");
    } else {
        out.push_str(&overview(b, color));
        out.push_str(&reasons(&b.customers, lang));
    }
    out.push_str(&portfolio(b, color));
    out
}

fn overview(b: &Behaviour, color: bool) -> String {
    let bold = Style::new().bold();
    let header = [
        "customer", "cur", "grade", "avg late", "trend", "max", "late", "settled", "broken", "overdue", "exposure",
        "limit", "advice",
    ];
    let mut rows: Vec<Vec<Cell>> = vec![header.iter().map(|h| (h.to_string(), bold)).collect()];
    for c in &b.customers {
        let fmt = |m: &crate::money::Money| m.currency.format(m.amount);
        rows.push(vec![
            plain(c.id.clone()),
            plain(c.currency.clone()),
            (c.grade.as_str().to_string(), grade_style(c.grade)),
            plain(opt_days(c.avg_days_late)),
            plain(trend_text(c.trend)),
            plain(c.max_days_late.map_or("-".into(), |d| d.to_string())),
            plain(share_text(c.late_share)),
            plain((c.invoices_paid + c.invoices_closed).to_string()),
            plain(c.promises_broken.to_string()),
            plain(fmt(&c.overdue)),
            plain(fmt(&c.exposure)),
            plain(c.credit_limit.as_ref().map_or("-".into(), fmt)),
            plain(c.advice.join(", ")),
        ]);
    }
    use Align::{Left as L, Right as R};
    columns(&rows, &[L, L, L, R, L, R, R, R, R, R, R, R, L], color)
}

fn reasons(customers: &[CustomerBehaviour], lang: &str) -> String {
    let lines: Vec<String> = customers
        .iter()
        .flat_map(|c| {
            c.reasons.iter().map(move |r| {
                let text = if lang == "nl" { &r.nl } else { &r.en };
                format!("  {} ({}): {text}\n", c.id, c.currency)
            })
        })
        .collect();
    match lines.is_empty() {
        true => "\nNo advice.\n".to_string(),
        false => format!("\nAdvice:\n{}", lines.concat()),
    }
}

fn portfolio(b: &Behaviour, color: bool) -> String {
    let bold = Style::new().bold();
    let mut rows: Vec<Vec<Cell>> = vec![["currency", "DSO (countback)", "CEI (last month)", "avg late"]
        .iter()
        .map(|h| (h.to_string(), bold))
        .collect()];
    for p in &b.portfolio {
        rows.push(vec![
            plain(p.currency.clone()),
            plain(p.dso_countback.map_or("-".into(), |d| format!("{d} days"))),
            plain(p.cei.map_or("-".into(), |c| c.to_string())),
            plain(opt_days(p.avg_days_late)),
        ]);
    }
    use Align::{Left as L, Right as R};
    format!("\n{}", columns(&rows, &[L, R, R, R], color))
}

/// One customer: figures, advice, months, invoices.
fn detail(c: &CustomerBehaviour, lang: &str, color: bool) -> String {
    let fmt = |m: &crate::money::Money| m.to_string();
    let mut out = format!("{} ({}), {}\n", c.name, c.id, c.currency);
    let grade = c.grade.as_str();
    let grade = match color {
        true => format!("{}{grade}{:#}", grade_style(c.grade), grade_style(c.grade)),
        false => grade.to_string(),
    };
    out.push_str(&format!(
        "  grade {grade}; {} days late on average (amount-weighted), at most {}; {} of {} settled late ({} by amount)\n",
        opt_days(c.avg_days_late),
        c.max_days_late.map_or("-".into(), |d| d.to_string()),
        share_text(c.late_share),
        c.invoices_paid + c.invoices_closed,
        share_text(c.late_share_amount),
    ));
    out.push_str(&format!(
        "  trend {}; {} promise(s) broken; open {}, overdue {}, exposure {}, credit limit {}\n",
        match c.trend {
            Some(_) => trend_text(c.trend),
            None => "-".into(),
        },
        c.promises_broken,
        fmt(&c.open),
        fmt(&c.overdue),
        fmt(&c.exposure),
        c.credit_limit.as_ref().map_or("none".into(), fmt),
    ));
    for r in &c.reasons {
        out.push_str(&format!("  advice: {}\n", if lang == "nl" { &r.nl } else { &r.en }));
    }
    let bold = Style::new().bold();
    let header = [
        "month", "invoiced", "settled", "late", "avg late", "letters", "broken", "open", "overdue",
    ];
    let mut rows: Vec<Vec<Cell>> = vec![header.iter().map(|h| (h.to_string(), bold)).collect()];
    for m in &c.months {
        rows.push(vec![
            plain(m.month.clone()),
            plain(m.invoiced.currency.format(m.invoiced.amount)),
            plain(m.settled.to_string()),
            plain(m.late.to_string()),
            plain(opt_days(m.avg_days_late)),
            plain(m.letters.to_string()),
            plain(m.promises_broken.to_string()),
            plain(m.open.currency.format(m.open.amount)),
            plain(m.overdue.currency.format(m.overdue.amount)),
        ]);
    }
    use Align::{Left as L, Right as R};
    out.push('\n');
    out.push_str(&columns(&rows, &[L, R, R, R, R, R, R, R, R], color));
    if !c.settled.is_empty() {
        let header = ["invoice", "due", "settled", "days late", "amount", "state"];
        let mut rows: Vec<Vec<Cell>> = vec![header.iter().map(|h| (h.to_string(), bold)).collect()];
        for s in &c.settled {
            rows.push(vec![
                plain(s.number.clone()),
                plain(s.due.to_string()),
                plain(s.settled.to_string()),
                plain(s.days_late.to_string()),
                plain(s.amount.currency.format(s.amount.amount)),
                plain(s.state),
            ]);
        }
        out.push('\n');
        out.push_str(&columns(&rows, &[L, L, L, R, R, L], color));
    }
    out.push('\n');
    out
}
