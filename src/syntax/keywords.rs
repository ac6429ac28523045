//! Keywords of the rules language that more than one stage needs: the parser reads by
//! them, the formatter sets the clauses of a `stage` line in columns by them.

/// The words that start a clause of a rules `stage` line, in the grammar's order.
pub const STAGE_CLAUSES: &[&str] = &[
    "after", "wait", "template", "task", "required", "fee", "interest", "action",
];
