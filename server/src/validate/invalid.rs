//! A validation failure: which field, which rule, and an English sentence.

/// The rule a value broke, so an answer can be worded per field and language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A required value is missing or blank.
    Required,
    /// Longer than this many characters.
    TooLong(usize),
    /// Contains control characters (or a lone carriage return).
    ControlCharacters,
    /// Contains bidi controls, zero-width or tag characters.
    Invisible,
    /// Stacks too many combining marks on one character.
    TooManyMarks,
    /// A name with no letter or digit.
    NoLetter,
    /// Not a JSON string.
    NotString,
    /// Does not look like an e-mail address.
    Email,
    /// Not `en` or `ru`.
    Lang,
    /// Consent was not given.
    Consent,
    /// Not an RFC 3339 date-time.
    DateTime,
    /// Not 1 to 128 visible ASCII characters.
    Id,
    /// An idempotency key or id already used for a different payload.
    Reused,
}

/// A validation failure: the field, the rule and a sentence for the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invalid {
    /// The JSON field (or header) that failed.
    pub field: &'static str,
    /// The rule it broke.
    pub rule: Rule,
    /// What is wrong with it, in plain English.
    pub message: String,
}

pub(super) fn invalid(field: &'static str, rule: Rule, message: impl Into<String>) -> Invalid {
    Invalid {
        field,
        rule,
        message: message.into(),
    }
}

/// The failure for an idempotency key (or id) reused with a different payload.
pub fn reused(field: &'static str) -> Invalid {
    invalid(
        field,
        Rule::Reused,
        format!("{field} was already used for a different payload"),
    )
}
