//! Russian typography: the non-breaking spaces a Russian editor puts in, so that a line
//! never ends on a one-letter word, never starts with a dash, and never splits a number
//! from its noun. Pure Rust; the content files go through it once as they are loaded
//! (the prerender and the page share that loading), and a test holds the interface
//! strings to it.

/// U+00A0 NO-BREAK SPACE.
pub const NBSP: char = '\u{a0}';

/// One-letter prepositions, conjunctions and the pronoun «я», in either case.
const ONE_LETTER: &str = "вксуоияаВКСУОИЯА";

/// Characters that may stand right before a word (so a letter after them starts one).
const OPENERS: &str = "«„“\"'([{";

/// Replaces the ordinary space that follows a one-letter word (в, к, с, у, о, и, а, я),
/// the one before an em or en dash, and the one between a number (or the `{n}`
/// placeholder) and the word or digits after it, with a no-break space. Everything else,
/// including spaces that are already no-break, stays as it is; applying it twice changes
/// nothing more.
pub fn russian(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (index, &c) in chars.iter().enumerate() {
        let glued = c == ' ' && {
            let before = &chars[..index];
            let after = chars.get(index + 1).copied();
            after_one_letter_word(before)
                || matches!(after, Some('—' | '–'))
                || (ends_with_number(before) && after.is_some_and(char::is_alphanumeric))
        };
        out.push(if glued { NBSP } else { c });
    }
    out
}

/// `before` ends with a word of one letter from [`ONE_LETTER`].
fn after_one_letter_word(before: &[char]) -> bool {
    match before {
        [.., start, letter] => {
            ONE_LETTER.contains(*letter) && (start.is_whitespace() || OPENERS.contains(*start))
        }
        [letter] => ONE_LETTER.contains(*letter),
        [] => false,
    }
}

/// `before` ends with a digit or with the `{n}` number placeholder.
fn ends_with_number(before: &[char]) -> bool {
    before.last().is_some_and(char::is_ascii_digit) || before.ends_with(&['{', 'n', '}'])
}

#[cfg(test)]
mod tests;
