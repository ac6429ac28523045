//! The built-in templates, embedded in the binary: one body per language and stage, and one
//! layout per format. A repo's own `templates/LANG/NAME.hbs` or `templates/layout.FMT.hbs`
//! replaces the built-in of the same name. Tests render every one of them.

/// The languages with built-in bodies.
pub const LANGUAGES: &[&str] = &["nl", "en"];

/// Built-in body templates: (language, name, text).
pub const BODIES: &[(&str, &str, &str)] = &[
    ("nl", "reminder", include_str!("../../templates/nl/reminder.hbs")),
    (
        "nl",
        "second-reminder",
        include_str!("../../templates/nl/second-reminder.hbs"),
    ),
    (
        "nl",
        "fourteen-day-letter",
        include_str!("../../templates/nl/fourteen-day-letter.hbs"),
    ),
    ("nl", "notice", include_str!("../../templates/nl/notice.hbs")),
    ("nl", "handover", include_str!("../../templates/nl/handover.hbs")),
    ("en", "reminder", include_str!("../../templates/en/reminder.hbs")),
    (
        "en",
        "second-reminder",
        include_str!("../../templates/en/second-reminder.hbs"),
    ),
    (
        "en",
        "fourteen-day-letter",
        include_str!("../../templates/en/fourteen-day-letter.hbs"),
    ),
    ("en", "notice", include_str!("../../templates/en/notice.hbs")),
    ("en", "handover", include_str!("../../templates/en/handover.hbs")),
];

/// Built-in layouts: (layout name, text).
pub const LAYOUTS: &[(&str, &str)] = &[
    ("txt", include_str!("../../templates/layout.txt.hbs")),
    ("md", include_str!("../../templates/layout.md.hbs")),
    ("html", include_str!("../../templates/layout.html.hbs")),
    ("typ", include_str!("../../templates/layout.typ.hbs")),
];
