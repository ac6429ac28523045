//! The Belgian consumer term (Book XIX Code of Economic Law, law of 4 May 2023): costs may be
//! charged only when the first reminder is unpaid 14 calendar days after the third working
//! day after posting (after the day of sending, for an e-mail). A letter that announces such
//! costs prints one deadline, never earlier than that term's end (posting presumed on the
//! letter's date; the later, postal reading is taken, so the date holds for an e-mail too).

use chrono::NaiveDate;

use crate::plan::receipt::{be_costs_from, Channel};

/// The last day of the Book XIX term of a reminder dated `date`: 14 calendar days from the
/// third working day after posting (Monday to Friday, not a Belgian public holiday), that
/// day counted as the first, so costs may be charged from the next day on.
pub fn be_consumer_term_end(date: NaiveDate) -> NaiveDate {
    let costs_from = be_costs_from(date, Channel::Post);
    costs_from.pred_opt().unwrap_or(costs_from)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn third_working_day_then_fourteen_days() {
        // Monday 23 November 2026: working days 24, 25, 26; the 26th is day 1, 9 December day 14.
        assert_eq!(be_consumer_term_end(d(2026, 11, 23)), d(2026, 12, 9));
        // Friday 6 November 2026: Mon 9, Tue 10, (11 November a holiday), Thu 12.
        assert_eq!(be_consumer_term_end(d(2026, 11, 6)), d(2026, 11, 25));
        // Thursday 2 April 2026: Fri 3, (Easter Monday 6 April), Tue 7, Wed 8.
        assert_eq!(be_consumer_term_end(d(2026, 4, 2)), d(2026, 4, 21));
    }
}
