//! Grades and advice: the grade from the average days late, the rules' `advice` lines
//! tested against the figures, and a one-line reason for each advice in nl and en.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::{CustomerBehaviour, Reason};
use crate::rules::{AdviceRule, Metric, Threshold};

/// A to D from the amount-weighted average days late (as shown, one decimal): A up to 7
/// days, B up to 30, C up to 60, D above; `None` (`-`) without invoices to judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Grade {
    /// Pays on time or nearly.
    A,
    /// Up to a month late.
    B,
    /// Up to two months late.
    C,
    /// Later.
    D,
    /// Nothing settled in the window.
    None,
}

impl Grade {
    /// The grade of an average.
    pub fn of(avg: Option<Decimal>) -> Grade {
        match avg {
            None => Grade::None,
            Some(a) if a <= Decimal::from(7) => Grade::A,
            Some(a) if a <= Decimal::from(30) => Grade::B,
            Some(a) if a <= Decimal::from(60) => Grade::C,
            Some(_) => Grade::D,
        }
    }

    /// `A`..`D`, or `-`.
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::None => "-",
        }
    }
}

impl serde::Serialize for Grade {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Worst first: grade D to A, then customers without a grade; within a grade the highest
/// average first, then the largest overdue, then by id and currency.
pub(super) fn worst_first(a: &CustomerBehaviour, b: &CustomerBehaviour) -> Ordering {
    let rank = |g: Grade| match g {
        Grade::None => 0,
        g => g as u8 + 1,
    };
    rank(b.grade)
        .cmp(&rank(a.grade))
        .then_with(|| b.avg_days_late.cmp(&a.avg_days_late))
        .then_with(|| b.overdue.amount.cmp(&a.overdue.amount))
        .then_with(|| (&a.id, &a.currency).cmp(&(&b.id, &b.currency)))
}

/// Tests every rule against `c` and fills its advice and reasons (each kind once, in the
/// order of the first rule that gave it; every rule that fired gives its reason).
pub(super) fn apply(c: &mut CustomerBehaviour, rules: &[AdviceRule]) {
    for rule in rules {
        let Some((value, limit)) = compared(c, rule) else {
            continue;
        };
        if !rule.op.holds(value, limit) {
            continue;
        }
        if !c.advice.contains(&rule.kind) {
            c.advice.push(rule.kind.clone());
        }
        c.reasons.push(Reason {
            advice: rule.kind.clone(),
            rule: rule.text(),
            nl: format!("{}: {}", measured(c, rule, "nl"), advice_text(&rule.kind, "nl")),
            en: format!("{}: {}", measured(c, rule, "en"), advice_text(&rule.kind, "en")),
        });
    }
}

/// The metric's value and what it is compared with; `None` when the rule cannot apply
/// (no figure yet, another currency, no credit limit).
fn compared(c: &CustomerBehaviour, rule: &AdviceRule) -> Option<(Decimal, Decimal)> {
    let value = match rule.metric {
        Metric::AvgLate => c.avg_days_late?,
        Metric::MaxLate => Decimal::from(c.max_days_late?),
        Metric::LateShare => c.late_share?,
        Metric::BrokenPromises => Decimal::from(c.promises_broken),
        Metric::Trend => c.trend?,
        Metric::Overdue => c.overdue.amount,
        Metric::Exposure => c.exposure.amount,
    };
    let limit = match rule.threshold {
        Threshold::Days(d) | Threshold::Share(d) | Threshold::Count(d) => d,
        Threshold::Amount(m) if m.currency.code() == c.currency => m.amount,
        Threshold::Amount(_) => return None,
        Threshold::CreditLimit => c.credit_limit?.amount,
    };
    Some((value, limit))
}

/// What an advice asks, in `lang` (`nl`, else English); other kinds as written.
pub fn advice_text(kind: &str, lang: &str) -> String {
    let nl = lang == "nl";
    let text = match (kind, nl) {
        ("deposit", true) => "vraag een aanbetaling",
        ("deposit", false) => "ask for a deposit",
        ("shorter-terms", true) => "kort de betaaltermijn in",
        ("shorter-terms", false) => "shorten the payment terms",
        ("credit-check", true) => "doe een kredietcheck",
        ("credit-check", false) => "run a credit check",
        ("stop-credit", true) => "lever niet meer op krediet",
        ("stop-credit", false) => "stop delivering on credit",
        (other, _) => other,
    };
    text.to_string()
}

/// The figure behind a rule, in words: `gemiddeld 34 dagen te laat over 9 facturen`.
fn measured(c: &CustomerBehaviour, rule: &AdviceRule, lang: &str) -> String {
    let nl = lang == "nl";
    let limit = match rule.threshold {
        Threshold::CreditLimit => c.credit_limit,
        _ => None,
    };
    let counted = c.invoices_paid + c.invoices_closed;
    let invoices = |n: u32| match (nl, n) {
        (true, 1) => "1 factuur".to_string(),
        (true, n) => format!("{n} facturen"),
        (false, 1) => "1 invoice".to_string(),
        (false, n) => format!("{n} invoices"),
    };
    let days = |d: Decimal| days_text(d, nl);
    match rule.metric {
        Metric::AvgLate => {
            let d = days(c.avg_days_late.unwrap_or_default());
            match nl {
                true => format!("gemiddeld {d} dagen te laat over {}", invoices(counted)),
                false => format!("{d} days late on average over {}", invoices(counted)),
            }
        }
        Metric::MaxLate => {
            let d = c.max_days_late.unwrap_or_default();
            match nl {
                true => format!("tot {d} dagen te laat"),
                false => format!("up to {d} days late"),
            }
        }
        Metric::LateShare => {
            let late = (c.late_share.unwrap_or_default() * Decimal::from(counted)).round();
            let pct = (c.late_share.unwrap_or_default() * Decimal::from(100)).round();
            match nl {
                true => format!("{late} van {} te laat betaald ({pct}%)", invoices(counted)),
                false => format!("{late} of {} paid late ({pct}%)", invoices(counted)),
            }
        }
        Metric::BrokenPromises => match (nl, c.promises_broken) {
            (true, 1) => "1 betaalbelofte niet nagekomen".to_string(),
            (true, n) => format!("{n} betaalbeloftes niet nagekomen"),
            (false, 1) => "1 payment promise broken".to_string(),
            (false, n) => format!("{n} payment promises broken"),
        },
        Metric::Trend => {
            let t = c.trend.unwrap_or_default();
            let d = days(t.abs());
            match (nl, t >= Decimal::ZERO) {
                (true, true) => format!("betaalt {d} dagen later dan het halfjaar ervoor"),
                (true, false) => format!("betaalt {d} dagen eerder dan het halfjaar ervoor"),
                (false, true) => format!("pays {d} days later than the half-year before"),
                (false, false) => format!("pays {d} days earlier than the half-year before"),
            }
        }
        Metric::Overdue => match nl {
            true => format!("{} over de vervaldatum", c.overdue),
            false => format!("{} overdue", c.overdue),
        },
        Metric::Exposure => match (nl, limit) {
            (true, Some(l)) => format!("openstaand {} bij een kredietlimiet van {l}", c.exposure),
            (true, None) => format!("openstaand {}", c.exposure),
            (false, Some(l)) => format!("exposure {} against a credit limit of {l}", c.exposure),
            (false, None) => format!("exposure {}", c.exposure),
        },
    }
}

/// Days with one decimal when they have one: `34`, `12.5` (`12,5` in Dutch).
pub(super) fn days_text(d: Decimal, nl: bool) -> String {
    let d = d.normalize();
    let text = d.to_string();
    match nl {
        true => text.replace('.', ","),
        false => text,
    }
}
