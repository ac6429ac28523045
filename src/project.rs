//! A journal with its rules, loaded, parsed, built and checked: the library's front door.
//!
//! [`Project::open`] runs the pipeline up to the checked model (files -> syntax -> `Book`
//! and `Rules` -> checks); commands evaluate and render from there.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDate;

use crate::book::{self, Book, BuildOptions};
use crate::diag::{Code, Diagnostic};
use crate::interest::{RateError, RateTable, RateTables};
use crate::load::{self, Files, LoadError, MAX_FILE_SIZE};
use crate::plan::{self, settle::Settlement, Plan};
use crate::rules::{parse_rules, Rules};
use crate::source::{FileId, SourceMap, Span};
use crate::syntax::Heads;

/// Where a project's files are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    /// The main journal.
    pub journal: PathBuf,
    /// The rules file named by the user; `None` means `rules.dun` beside the journal, if it exists.
    pub rules: Option<PathBuf>,
}

impl Paths {
    /// The rules file to read: the named one, or `rules.dun` beside the journal.
    pub fn rules_file(&self) -> PathBuf {
        self.rules
            .clone()
            .unwrap_or_else(|| self.journal.with_file_name("rules.dun"))
    }
}

/// Whether [`Project::open_with`] checks the letter templates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Templates {
    /// Check them (what every command does).
    Check,
    /// Leave them out (the caller checks them, see [`crate::letters::check_templates`]).
    Skip,
}

/// A loaded and checked journal with its rules.
#[derive(Debug)]
pub struct Project {
    /// Every file read (journal files, then the rules file), for quoting lines in diagnostics.
    pub sources: SourceMap,
    /// The model.
    pub book: Book,
    /// The rules (the defaults of an empty file if there is no rules file).
    pub rules: Rules,
    /// The rules file, if one was read.
    pub rules_path: Option<PathBuf>,
    /// Interest rate tables: built in, or the rules' own.
    pub rates: RateTables,
    /// Every problem found, in reading order.
    pub diagnostics: Vec<Diagnostic>,
    /// How long each stage took (`read`, `parse`, `build`, `check`), for `dun -v`.
    pub timings: Vec<(&'static str, std::time::Duration)>,
    /// The claim pass of the money checks, when it was made as of an evaluation date: kept
    /// for [`Project::evaluate`] of that date.
    settled: Mutex<Option<(NaiveDate, Settlement)>>,
}

impl Project {
    /// Loads, parses, builds and checks. Fails only if the main journal, or a rules file
    /// named explicitly, cannot be read.
    pub fn open(files: &dyn Files, paths: &Paths) -> Result<Project, LoadError> {
        Project::open_inner(files, paths, None, Templates::Check)
    }

    /// [`Project::open`], with the letter templates checked or not: the template check
    /// compiles a repo's own templates and renders sample letters with them, the costliest
    /// check by far, and its result changes only with the rules, the templates and the
    /// customers' languages, so a caller that opens the project on every keystroke
    /// (`dun lsp`) checks them itself, once per change of those ([`Project::templates_dir`]).
    pub fn open_with(files: &dyn Files, paths: &Paths, templates: Templates) -> Result<Project, LoadError> {
        Project::open_inner(files, paths, None, templates)
    }

    /// Like [`Project::open`], for a caller that will evaluate as of `date`: when `date` is
    /// on or after the journal's last entry, the claim pass of the money checks is the
    /// evaluation's own (every entry is known either way, and the pass's money errors do
    /// not depend on how far interest accrues), so it runs once and
    /// [`Project::evaluate`] takes its result.
    pub fn open_for_date(files: &dyn Files, paths: &Paths, date: NaiveDate) -> Result<Project, LoadError> {
        Project::open_inner(files, paths, Some(date), Templates::Check)
    }

    /// The evaluation as of `date` (see [`plan::evaluate`]), from the claim pass already
    /// made by [`Project::open_for_date`] for that date when there is one (once: a second
    /// call runs its own pass).
    pub fn evaluate(&self, date: NaiveDate) -> Plan {
        let kept = self.settled.lock().ok().and_then(|mut s| s.take());
        match kept {
            Some((day, settlement)) if day == date => {
                plan::evaluate_with_settlement(&self.book, &self.rules, date, settlement)
            }
            _ => plan::evaluate(&self.book, &self.rules, &self.rates, date),
        }
    }

    fn open_inner(
        files: &dyn Files,
        paths: &Paths,
        date: Option<NaiveDate>,
        templates: Templates,
    ) -> Result<Project, LoadError> {
        let mut clock = Stopwatch::start();
        let loaded = load::load(files, &paths.journal)?;
        let mut sources = loaded.sources;
        let mut diagnostics = loaded.diagnostics;
        let rules_path = paths.rules_file();
        let rules_id = match files.read(&rules_path, MAX_FILE_SIZE) {
            Ok(bytes) => Some(sources.add(rules_path.clone(), String::from_utf8_lossy(&bytes).into_owned())),
            Err(_) if paths.rules.is_none() => None,
            Err(reason) => {
                return Err(LoadError {
                    path: rules_path,
                    reason,
                })
            }
        };
        let rules = match rules_id {
            Some(id) => {
                let (rules, diags) = parse_rules(id, &sources.file(id).text);
                diagnostics.extend(diags);
                rules
            }
            None => Rules::default(),
        };
        clock.lap("read");
        let (mut parsed, invoices) = parse_all(&sources, &loaded.parse);
        clock.lap("parse");
        for p in &mut parsed {
            diagnostics.append(&mut p.diagnostics);
        }
        let (book, build_diags) = book::build_in_slots(
            parsed,
            invoices,
            BuildOptions {
                default_terms: rules.default_terms.value,
            },
        );
        clock.lap("build");
        diagnostics.extend(build_diags);
        let mut later = Vec::new();
        if rules_id.is_some() && templates == Templates::Check {
            let templates_dir = Project::templates_dir(paths);
            let languages = letter_languages(&book, &rules);
            later.extend(crate::letters::check_templates(
                files,
                &templates_dir,
                &rules,
                &languages,
                &mut sources,
            ));
        }
        let rates = load_rates(files, &rules, &paths.rules_file(), &mut sources, &mut later);
        // The claim pass here, the book's and the rules' checks on the other core: the pass
        // starts with its timeline, which is serial, and the checks need no other input.
        let ((money, settled), checks) = crate::par::join(
            || money_checks(&book, &rules, &rates, date),
            || {
                let mut found = book::checks::run(&book);
                if rules_id.is_some() {
                    found.extend(crate::check::run(&book, &rules));
                }
                found
            },
        );
        diagnostics.extend(checks);
        diagnostics.extend(later);
        diagnostics.extend(money);
        // Report in reading order, whichever stage found the problem.
        diagnostics.sort_by_key(|d| d.span.map(|s| (s.file, s.start)));
        let rules_path = rules_id.map(|_| rules_path);
        clock.lap("check");
        Ok(Project {
            sources,
            book,
            rules,
            rules_path,
            rates,
            diagnostics,
            timings: clock.laps,
            settled: Mutex::new(settled),
        })
    }

    /// The repository's own letter templates: `templates/` beside the journal.
    pub fn templates_dir(paths: &Paths) -> PathBuf {
        paths.journal.parent().unwrap_or(Path::new("")).join("templates")
    }

    /// The paths of every file read: journal files, then the rules file.
    pub fn files(&self) -> Vec<&Path> {
        self.sources.files().map(|(_, f)| f.path.as_path()).collect()
    }

    /// True if any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Bytes of a journal file parsed as one piece of work: large enough that a part's start-up
/// cost is nothing, small enough that one large file keeps every core busy.
const PART_SIZE: usize = 1 << 20;

/// Parses the journal files `ids` on every core, each file split at block heads into parts
/// of about [`PART_SIZE`] (a journal of one large file is as common as one split by year),
/// each part lowered to records as it is parsed (its common blocks with no tree at all), returning the parts in file order, then position: what
/// parsing the files one by one on one core gives.
fn parse_all<'s>(sources: &'s SourceMap, ids: &[FileId]) -> (Vec<book::Lowered<'s>>, book::BookSlots) {
    let parts: Vec<(FileId, &'s str, std::ops::Range<usize>)> = ids
        .iter()
        .flat_map(|&id| {
            let text = sources.file(id).text.as_str();
            crate::syntax::lines::parts(text, PART_SIZE)
                .into_iter()
                .map(move |r| (id, text, r))
        })
        .collect();
    // Each part's heads, counted first: its invoices, payments and credit notes are parsed
    // straight into as many slots of the book's vectors, which spares their copy into them
    // (at 1M, 136 MB each written to fresh pages).
    let heads = crate::par::map_chunks(parts.len(), 1, |r| {
        let (_, text, range) = &parts[r.start];
        text.get(range.clone()).map_or_else(Heads::default, Heads::of)
    });
    let invoice_lens: Vec<usize> = heads.iter().map(|h| h.invoices).collect();
    let payment_lens: Vec<usize> = heads.iter().map(|h| h.payments + h.credits).collect();
    // The files with a line that may be a merge-conflict marker: only they are scanned for
    // conflicts (a pass over the whole file on one core).
    let markers: Vec<FileId> = (parts.iter().zip(&heads))
        .filter(|(_, h)| h.markers)
        .map(|((id, _, _), _)| *id)
        .collect();
    let (mut invoices, mut payments) = (Vec::new(), Vec::new());
    let lens = (0..parts.len()).map(|i| (i, invoice_lens[i], payment_lens[i]));
    let lowered =
        crate::par::extend_both_in_parts(&mut invoices, &mut payments, lens.collect(), |i, invoices, payments| {
            let (id, text, range) = parts[i].clone();
            let heads = Heads {
                markers: markers.contains(&id),
                ..heads[i]
            };
            book::parse_part_into_slots(id, text, range, heads, invoices, payments)
        });
    let slots = book::BookSlots {
        invoices: book::PartSlots {
            all: invoices,
            lens: invoice_lens,
        },
        payments: book::PartSlots {
            all: payments,
            lens: payment_lens,
        },
    };
    (lowered, slots)
}

/// Times the stages of [`Project::open`].
struct Stopwatch {
    last: std::time::Instant,
    laps: Vec<(&'static str, std::time::Duration)>,
}

impl Stopwatch {
    fn start() -> Stopwatch {
        Stopwatch {
            last: std::time::Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Records the time since the last lap as stage `name`.
    fn lap(&mut self, name: &'static str) {
        let now = std::time::Instant::now();
        self.laps.push((name, now - self.last));
        self.last = now;
    }
}

/// Every language a letter can be written in: each customer's own, else its policy's, else the rules'.
pub fn letter_languages(book: &Book, rules: &Rules) -> Vec<String> {
    let mut langs: Vec<String> = book
        .customers
        .iter()
        .map(|c| match (&c.language, crate::plan::policy_for(rules, c)) {
            (Some(l), _) => l.clone(),
            (None, Some(p)) => p.effective_language(rules).to_string(),
            (None, None) => rules.language.value.clone(),
        })
        .collect();
    langs.sort();
    langs.dedup();
    langs
}

/// The money errors of the whole journal (allocations above a claim, waivers above what is
/// owed, refunds above the credit), found by the claim pass over every entry; with a `date`
/// on or after the last entry, the pass is made as of that date and kept for its evaluation.
fn money_checks(
    book: &Book,
    rules: &Rules,
    rates: &RateTables,
    date: Option<NaiveDate>,
) -> (Vec<Diagnostic>, Option<(NaiveDate, Settlement)>) {
    let Some(last) = book.last_date() else {
        return (Vec::new(), None);
    };
    let policies: Vec<_> = book
        .customers
        .iter()
        .map(|c| crate::plan::policy_for(rules, c))
        .collect();
    let day = date.filter(|d| *d >= last).unwrap_or(last);
    let settle = crate::plan::settle::Settle {
        rules,
        rates,
        policies: &policies,
        as_of: day,
        accrue_until: day,
        detail: None,
        only: None,
        report: true,
    };
    let mut settlement = crate::plan::settle::settle(book, &settle);
    // Rate problems are reported by the evaluation of the day asked for: they stay with the
    // settlement, which is exactly what an evaluation's own pass (without `report`) gives.
    let is_rate = |d: &Diagnostic| matches!(d.code, Code::RateTable | Code::InterestOverflow);
    let (rate, money): (Vec<_>, Vec<_>) = settlement.diagnostics.into_iter().partition(is_rate);
    settlement.diagnostics = rate;
    let kept = date.is_some_and(|d| d == day).then_some((day, settlement));
    (money, kept)
}

/// The built-in rate tables, with the rules' own `rates SCHEME "file.csv"` rows merged in
/// (paths relative to the rules file). A user's file is added to `sources`, so a bad row is
/// reported at its own file, line and column.
fn load_rates(
    files: &dyn Files,
    rules: &Rules,
    rules_path: &Path,
    sources: &mut SourceMap,
    diagnostics: &mut Vec<Diagnostic>,
) -> RateTables {
    // The built-in tables are embedded data, parsed by the interest module's tests.
    let mut tables = RateTables::builtin().expect("ok: built-in rate tables are verified by tests");
    for r in &rules.rates {
        let path = load::normalize(&rules_path.parent().unwrap_or(Path::new("")).join(&r.path));
        let text = files
            .read(&path, MAX_FILE_SIZE)
            .and_then(|bytes| String::from_utf8(bytes).map_err(|_| load::Unreadable::NotUtf8));
        let problem = match text {
            Ok(text) => match RateTable::parse_user_csv(&text, &r.path) {
                Ok(table) => {
                    tables = tables.with_user_table(r.scheme, &table);
                    continue;
                }
                Err(e) => {
                    let at = bad_line(&e, &text).map(|range| (sources.add(path.clone(), text), range));
                    (e.to_string(), at)
                }
            },
            Err(reason) => (reason.to_string(), None),
        };
        diagnostics.push(rate_table_problem(&path, r.span, problem));
    }
    tables
}

/// The byte range of the line a rate table error names, if it names one.
fn bad_line(e: &RateError, text: &str) -> Option<std::ops::Range<usize>> {
    let RateError::Csv { line, .. } = e else {
        return None;
    };
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == *line {
            return Some(start..start + l.trim_end().len());
        }
        start += l.len();
    }
    None
}

/// E060 for a user's rate table: at the bad line of the CSV when there is one (with the
/// rules line beside it), else at the rules line.
fn rate_table_problem(
    path: &Path,
    named: Span,
    (reason, at): (String, Option<(FileId, std::ops::Range<usize>)>),
) -> Diagnostic {
    let d = Diagnostic::new(
        Code::RateTable,
        format!("cannot use rate table `{}`: {reason}", path.display()),
    )
    .help("a rate table is a CSV with lines `from,rate_percent[,status,source]`, e.g. `2027-01-01,10.40`");
    match at {
        Some((file, range)) => d
            .at(Span::new(file, range.start, range.end))
            .label("this row")
            .related(named, "rate table named here"),
        None => d.at(named).label("rate table named here"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::MemFiles;

    #[test]
    fn a_conflict_in_a_later_part_of_a_file_is_found() {
        let entry = "2026-01-05 invoice I1 acme 1 EUR\n";
        let filler: String = (0..PART_SIZE / entry.len() + 10)
            .map(|i| entry.replace("I1", &format!("I{i}")))
            .collect();
        let text =
            format!("customer acme \"Acme\"\n  kind: business\n{filler}<<<<<<< ours\n{entry}=======\n>>>>>>> theirs\n");
        let mut files = MemFiles::default();
        files.0.insert(PathBuf::from("j.dun"), text.into_bytes());
        let paths = Paths {
            journal: PathBuf::from("j.dun"),
            rules: None,
        };
        let project = Project::open(&files, &paths).expect("the journal is read");
        let conflicts = project.diagnostics.iter().filter(|d| d.code == Code::MergeConflict);
        assert_eq!(
            conflicts.count(),
            1,
            "{:?}",
            project.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>()
        );
    }
}
