//! W068: a fee scheme that cannot charge an invoice's currency (the Dutch scale, the EU flat
//! fee and the Belgian consumer caps are in euros; a fixed fee in another currency). Such a
//! stage claims no costs at all, so the warning comes before any letter does.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use crate::book::Book;
use crate::diag::{Code, Diagnostic};
use crate::plan::policy_for;
use crate::rules::Rules;

/// Each policy stage with a fee against each currency its customers' invoices use.
pub fn fees_fit_currencies(book: &Book, rules: &Rules) -> Vec<Diagnostic> {
    let used = super::used::customer_currencies(book);
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (customer, currency) in used {
        let Some(policy) = policy_for(rules, &book.customers[customer as usize]) else {
            continue;
        };
        for stage in &policy.stages {
            let Some(fee) = &stage.fee else { continue };
            if fee.compute(currency, &[Decimal::ONE_HUNDRED]).is_ok()
                || !seen.insert((stage.line.file, stage.line.start, currency))
            {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::FeeCurrency,
                    format!(
                        "`fee {}` of stage `{}` cannot charge invoices in {currency}: policy `{}` has customers invoiced in it",
                        fee.keyword(),
                        stage.name,
                        policy.name
                    ),
                )
                .at(stage.spans.fee.unwrap_or(stage.line))
                .label(format!("no costs would be claimed on {currency} invoices"))
                .help("give those customers a policy with a fee in their currency (e.g. `fee 40.00 USD`), or accept that no costs are claimed"),
            );
        }
    }
    out
}
