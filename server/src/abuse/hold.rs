//! `--hold-words FILE`: words and phrases (one a line, `#` starts a comment) that send a
//! comment to moderation instead of publishing it. Matching is case-insensitive on
//! NFKC-folded text, on word boundaries: "spam" holds "SPAM!" and "ｓｐａｍ" but not
//! "spammer"; a phrase matches its words in a row, whatever the spaces between them.

use unicode_normalization::UnicodeNormalization;

/// The phrases, each as its folded words.
#[derive(Debug, Default)]
pub struct HoldWords(Vec<Vec<String>>);

/// NFKC, lower case, split into words (runs of letters, digits and marks).
fn words(text: &str) -> Vec<String> {
    let folded: String = text.nfkc().flat_map(char::to_lowercase).collect();
    folded
        .split(|c: char| !(c.is_alphanumeric() || is_mark(c)))
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Combining marks (e.g. in "й" written as "и" + U+0306) belong to their word.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{20d0}'..='\u{20ff}')
}

impl HoldWords {
    /// Parses the file's text: one phrase a line; blank lines and `#` comments skipped.
    pub fn parse(text: &str) -> Self {
        Self(
            text.lines()
                .map(str::trim)
                .filter(|line| !line.is_empty() && !line.starts_with('#'))
                .map(words)
                .filter(|phrase| !phrase.is_empty())
                .collect(),
        )
    }

    /// Reads `path`; the error names the file.
    pub fn load(path: &std::path::Path) -> Result<Self, String> {
        std::fs::read_to_string(path)
            .map(|text| Self::parse(&text))
            .map_err(|error| format!("cannot read --hold-words file {}: {error}", path.display()))
    }

    /// How many phrases there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether any of `texts` contains a phrase.
    pub fn matches(&self, texts: &[&str]) -> bool {
        if self.0.is_empty() {
            return false;
        }
        texts.iter().any(|text| {
            let words = words(text);
            self.0.iter().any(|phrase| {
                words
                    .windows(phrase.len())
                    .any(|window| window == phrase.as_slice())
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> HoldWords {
        HoldWords::parse("# held\nspam\n\n  wire   money \nПропаганда\n")
    }

    #[test]
    fn words_and_phrases_on_boundaries() {
        let list = list();
        assert_eq!(list.len(), 3);
        assert!(list.matches(&["Buy SPAM!"]));
        assert!(list.matches(&["please WIRE\n money now"]));
        assert!(!list.matches(&["spammer", "wire the money"]));
        assert!(list.matches(&["это пропаганда."]), "Cyrillic case folding");
    }

    #[test]
    fn nfkc_folds_lookalike_forms() {
        let list = list();
        assert!(list.matches(&["ｓｐａｍ"]), "fullwidth letters");
        assert!(
            HoldWords::parse("йод").matches(&["и\u{306}од"]),
            "decomposed й"
        );
        assert!(!HoldWords::default().matches(&["spam"]));
    }
}
