//! What a name or text may contain, after NFC normalisation.
//!
//! Refused everywhere: bidi embeddings, overrides and isolates (U+202A–202E,
//! U+2066–2069: "Trojan Source" reordering), zero-width characters (U+200B–200D,
//! U+2060, U+FEFF), tag characters (U+E0000–E007F, invisible; this also refuses the rare
//! subdivision flags such as Scotland's), control characters, and more than
//! [`MAX_MARKS`] combining marks on one base character (Zalgo).
//!
//! Allowed on purpose: a zero-width joiner between two emoji (so 🏳️‍🌈 and 🏳️‍⚧️, which
//! are joined with U+200D, work), and a zero-width non-joiner between two letters (Persian
//! and Indic spelling need it). In texts, CRLF becomes LF; a lone CR (which moves a
//! terminal's cursor back and can hide text from a moderator) is refused, as browsers
//! never send one. Names must contain a letter or a digit, so a name cannot look blank
//! (U+3164 HANGUL FILLER counts as blank).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Most combining marks allowed on one base character.
pub const MAX_MARKS: usize = 4;

/// The kind of field a text goes into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// A person's name: one line, with at least one letter or digit.
    Name,
    /// Any other one-line value (a location, an e-mail address).
    Line,
    /// A multi-line text (a message or a comment): line breaks and tabs allowed.
    Text,
}

/// Why a text was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A control character (or a line break in a one-line field, or a lone CR).
    Control,
    /// A bidi control, zero-width or tag character.
    Invisible,
    /// More than [`MAX_MARKS`] combining marks on one character.
    TooManyMarks,
    /// A name without a single letter or digit.
    NoLetter,
}

/// Normalises `input` (CRLF to LF in texts, then NFC) and checks it against the rules
/// for `field`; the cleaned text, or the first problem found.
pub fn clean(input: &str, field: Field) -> Result<String, Problem> {
    let unified = if field == Field::Text {
        input.replace("\r\n", "\n")
    } else {
        input.to_owned()
    };
    let text: String = unified.nfc().collect();
    let chars: Vec<char> = text.chars().collect();
    let mut marks = 0;
    for (index, &c) in chars.iter().enumerate() {
        let before = index.checked_sub(1).and_then(|i| chars.get(i)).copied();
        let after = chars.get(index + 1).copied();
        if c.is_control() && !(field == Field::Text && matches!(c, '\n' | '\t')) {
            return Err(Problem::Control);
        }
        let joins = match c {
            '\u{200D}' => before.is_some_and(is_emoji_part) && after.is_some_and(is_emoji),
            '\u{200C}' => {
                before.is_some_and(char::is_alphabetic) && after.is_some_and(char::is_alphabetic)
            }
            _ => false,
        };
        if is_invisible(c) && !joins {
            return Err(Problem::Invisible);
        }
        marks = if is_combining_mark(c) { marks + 1 } else { 0 };
        if marks > MAX_MARKS {
            return Err(Problem::TooManyMarks);
        }
    }
    if field == Field::Name && !chars.iter().any(|&c| c.is_alphanumeric() && !is_filler(c)) {
        return Err(Problem::NoLetter);
    }
    Ok(text)
}

/// Bidi embeddings, overrides and isolates; zero-width characters; tag characters.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{200B}'..='\u{200D}'
        | '\u{2060}'
        | '\u{FEFF}'
        | '\u{E0000}'..='\u{E007F}')
}

/// Letters that render as nothing (Hangul fillers).
fn is_filler(c: char) -> bool {
    matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}')
}

/// Pictographs and symbols that emoji sequences join (a close superset of
/// Extended_Pictographic: enough to keep 🏳️‍🌈, 👩‍❤️‍👨 and 🧑🏽‍💻 whole).
fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{1F000}'..='\u{1FAFF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B00}'..='\u{2BFF}'
        | '\u{2190}'..='\u{21FF}'
        | '\u{2300}'..='\u{23FF}'
        | '\u{00A9}' | '\u{00AE}' | '\u{203C}' | '\u{2049}' | '\u{2122}')
}

/// What may stand right before a joiner: an emoji, or the emoji presentation selector
/// that often follows one (U+FE0F).
fn is_emoji_part(c: char) -> bool {
    is_emoji(c) || c == '\u{FE0F}'
}

#[cfg(test)]
#[path = "policy_tests.rs"]
mod tests;
