//! The two charts, drawn as inline SVG: no charting library, no script, scaled by the
//! browser (a `viewBox` and `width="100%"`), so they print and fit a phone.
//!
//! Amounts are `Decimal`; they become `f64` here only to place pixels.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::esc::{group, Esc};
use super::history::Point;
use crate::money::Currency;

/// Colours of the aging buckets, current to 90+: from calm to alarming.
pub const BUCKET_COLOURS: [&str; 5] = ["#9bb8d3", "#f2c14e", "#f08a4b", "#d64933", "#7d1d1d"];

/// A pixel position from an amount: the one place money becomes a float (never printed).
fn px(amount: Decimal) -> f64 {
    amount.to_f64().unwrap_or(0.0)
}

/// One horizontal bar per currency, split into the aging buckets by their share of the open
/// principal. `buckets` are `(name, amount)` in bucket order.
pub fn aging_bar(currency: Currency, buckets: &[(&str, Decimal)]) -> String {
    const WIDTH: f64 = 600.0;
    let total: Decimal = buckets.iter().map(|(_, a)| *a).sum();
    let mut out = format!(
        "<svg class=\"aging\" viewBox=\"0 0 {WIDTH} 36\" width=\"100%\" role=\"img\" \
         aria-label=\"Open {cur} by days overdue\" xmlns=\"http://www.w3.org/2000/svg\">\n",
        cur = currency.code()
    );
    if total <= Decimal::ZERO {
        out.push_str("<rect x=\"0\" y=\"4\" width=\"600\" height=\"28\" fill=\"#eee\"/>\n</svg>\n");
        return out;
    }
    let mut x = 0.0;
    for ((name, amount), colour) in buckets.iter().zip(BUCKET_COLOURS) {
        let w = px(*amount) / px(total) * WIDTH;
        if w <= 0.0 {
            continue;
        }
        out.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"4\" width=\"{w:.1}\" height=\"28\" fill=\"{colour}\">\
             <title>{name}: {} {}</title></rect>\n",
            group(&currency.format(*amount)),
            currency.code()
        ));
        x += w;
    }
    out.push_str("</svg>\n");
    out
}

/// A line of the overdue total of `currency` over `points`, with the month under each point.
pub fn overdue_line(currency: Currency, points: &[Point]) -> String {
    const W: f64 = 600.0;
    const H: f64 = 180.0;
    const LEFT: f64 = 70.0;
    const RIGHT: f64 = 24.0;
    const TOP: f64 = 12.0;
    const BOTTOM: f64 = 26.0;
    let values: Vec<Decimal> = points.iter().map(|p| p.of(currency).overdue).collect();
    let top = nice_ceiling(values.iter().copied().max().unwrap_or_default());
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let step = plot_w / (points.len().max(2) - 1) as f64;
    let x = |i: usize| LEFT + step * i as f64;
    let y = |v: Decimal| match top > Decimal::ZERO {
        true => TOP + plot_h * (1.0 - px(v) / px(top)),
        false => TOP + plot_h,
    };
    let mut out = format!(
        "<svg class=\"line\" viewBox=\"0 0 {W} {H}\" width=\"100%\" role=\"img\" \
         aria-label=\"Overdue {cur} at each month end\" xmlns=\"http://www.w3.org/2000/svg\">\n",
        cur = currency.code()
    );
    // Grid: zero, half and the top, labelled on the left.
    for frac in [Decimal::ZERO, Decimal::new(5, 1), Decimal::ONE] {
        let v = top * frac;
        let gy = y(v);
        out.push_str(&format!(
            "<line x1=\"{LEFT}\" y1=\"{gy:.1}\" x2=\"{:.1}\" y2=\"{gy:.1}\" stroke=\"#ddd\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" class=\"axis\">{}</text>\n",
            W - RIGHT,
            LEFT - 6.0,
            gy + 4.0,
            group(&v.round().to_string())
        ));
    }
    let line: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(i, v)| format!("{:.1},{:.1}", x(i), y(*v)))
        .collect();
    out.push_str(&format!(
        "<polyline points=\"{}\" fill=\"none\" stroke=\"#d64933\" stroke-width=\"2.5\"/>\n",
        line.join(" ")
    ));
    let last = points.len().saturating_sub(1);
    for (i, (p, v)) in points.iter().zip(&values).enumerate() {
        let label = match i == last {
            true => "today".to_string(),
            false => p.date.format("%b").to_string(),
        };
        out.push_str(&format!(
            "<circle cx=\"{cx:.1}\" cy=\"{cy:.1}\" r=\"3.5\" fill=\"#d64933\">\
             <title>{date}: {amount} {cur} overdue</title></circle>\
             <text x=\"{cx:.1}\" y=\"{ly:.1}\" text-anchor=\"middle\" class=\"axis\">{label}</text>\n",
            cx = x(i),
            cy = y(*v),
            date = p.date,
            amount = group(&currency.format(*v)),
            cur = Esc(currency.code()),
            ly = H - 8.0,
        ));
    }
    out.push_str("</svg>\n");
    out
}

/// The smallest 1, 2 or 5 times a power of ten at or above `v` (zero for nothing).
fn nice_ceiling(v: Decimal) -> Decimal {
    if v <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let mut unit = Decimal::ONE;
    while unit * Decimal::TEN <= v {
        unit *= Decimal::TEN;
    }
    [Decimal::ONE, Decimal::TWO, Decimal::from(5), Decimal::TEN]
        .into_iter()
        .map(|m| m * unit)
        .find(|c| *c >= v)
        .unwrap_or(unit * Decimal::TEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_ceilings() {
        let n = |s: &str| nice_ceiling(s.parse().unwrap()).to_string();
        assert_eq!(n("0"), "0");
        assert_eq!(n("0.5"), "1");
        assert_eq!(n("1"), "1");
        assert_eq!(n("27753.05"), "50000");
        assert_eq!(n("3200"), "5000");
        assert_eq!(n("1500"), "2000");
        assert_eq!(n("100000"), "100000");
    }

    #[test]
    fn aging_segments_share_the_width() {
        let eur = Currency::from_code("EUR").unwrap();
        let svg = aging_bar(eur, &[("current", Decimal::from(300)), ("1-30", Decimal::from(100))]);
        assert!(svg.contains("width=\"450.0\""), "{svg}");
        assert!(svg.contains("x=\"450.0\" y=\"4\" width=\"150.0\""), "{svg}");
        assert!(svg.contains("<title>1-30: 100.00 EUR</title>"), "{svg}");
    }
}
