//! Languages, every interface string in both of them, plural rules and date formatting.
//!
//! Pure Rust: no `web-sys`, so everything here is tested natively.

mod strings;

pub use strings::{Strings, EN, RU};

use crate::json::{FromJson, ToJson, Value};

/// A language the page speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Ru,
}

/// Stored and sent as its code, `"en"` or `"ru"` (exactly; no regional tags).
impl ToJson for Lang {
    fn to_value(&self) -> Value {
        self.code().into()
    }
}

impl FromJson for Lang {
    fn from_value(value: &Value) -> Option<Self> {
        Lang::ALL
            .into_iter()
            .find(|lang| value.as_str() == Some(lang.code()))
    }
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Ru];

    /// The BCP 47 code used in `lang` attributes, storage and the JSON contract.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    /// Parses "en", "ru" and regional tags such as "ru-RU" or "en_GB" (case-insensitive).
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "ru" => Some(Lang::Ru),
            _ => None,
        }
    }

    /// The first supported language in a browser's preference list.
    pub fn from_preferences<'a>(tags: impl IntoIterator<Item = &'a str>) -> Option<Lang> {
        tags.into_iter().find_map(Lang::from_tag)
    }

    /// The name of the language in itself, shown on the toggle (with its own `lang`).
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ru => "Русский",
        }
    }

    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::En => &EN,
            Lang::Ru => &RU,
        }
    }
}

/// CLDR plural category for cardinal numbers, restricted to what English and Russian use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PluralCategory {
    One,
    Few,
    Many,
}

/// English: one for 1, other (here `Many`) otherwise.
/// Russian: one for 1, 21, 31…, few for 2–4, 22–24…, many for the rest (5–20, 11–14, 0…).
pub fn plural_category(lang: Lang, n: u64) -> PluralCategory {
    match lang {
        Lang::En => {
            if n == 1 {
                PluralCategory::One
            } else {
                PluralCategory::Many
            }
        }
        Lang::Ru => {
            let (mod10, mod100) = (n % 10, n % 100);
            if mod10 == 1 && mod100 != 11 {
                PluralCategory::One
            } else if (2..=4).contains(&mod10) && !(12..=14).contains(&mod100) {
                PluralCategory::Few
            } else {
                PluralCategory::Many
            }
        }
    }
}

/// Word forms for one countable noun phrase: `[one, few, many]`, each with `{n}`.
pub type PluralForms = [&'static str; 3];

/// Picks the right form for `n` and fills in the number.
pub fn plural(lang: Lang, forms: &PluralForms, n: u64) -> String {
    let form = match plural_category(lang, n) {
        PluralCategory::One => forms[0],
        PluralCategory::Few => forms[1],
        PluralCategory::Many => forms[2],
    };
    fill(form, &[("n", &n.to_string())])
}

/// Replaces each `{name}` in a template with its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_owned(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// A calendar date read from the start of an ISO 8601 / RFC 3339 string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Reads `YYYY-MM-DD` at the start of `text`; `None` for anything else.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let head = text.get(..10)?;
        let mut parts = head.split('-');
        let year = parts.next()?.parse().ok()?;
        let month = parts.next()?.parse().ok()?;
        let day = parts.next()?.parse().ok()?;
        let valid = (1..=12).contains(&month) && (1..=31).contains(&day);
        valid.then_some(Date { year, month, day })
    }
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
// Genitive case, as Russian dates require ("30 июля 2013 г.").
const MONTHS_RU: [&str; 12] = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
];

/// Formats a date the way each language writes it in running text.
pub fn format_date(lang: Lang, date: Date) -> String {
    let index = (date.month as usize).saturating_sub(1).min(11);
    match lang {
        Lang::En => format!("{} {} {}", date.day, MONTHS_EN[index], date.year),
        Lang::Ru => format!(
            "{}\u{a0}{} {}\u{a0}г.",
            date.day, MONTHS_RU[index], date.year
        ),
    }
}

/// Formats the date part of an ISO timestamp, or returns the input unchanged if it is not one.
pub fn format_iso_date(lang: Lang, iso: &str) -> String {
    Date::parse_iso(iso)
        .map(|date| format_date(lang, date))
        .unwrap_or_else(|| iso.to_owned())
}

#[cfg(test)]
mod tests;
