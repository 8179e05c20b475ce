//! The article in both languages, read from `content/<lang>.json` (embedded at build time,
//! so editors change the text without touching Rust).

use crate::i18n::Lang;
use serde::Deserialize;
use std::sync::OnceLock;

/// A piece of running text: plain, or a link.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Segment {
    Text(String),
    Link { text: String, href: String },
}

/// A paragraph or a quotation.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    Paragraph {
        text: Vec<Segment>,
    },
    Quote {
        text: Vec<Segment>,
        speaker: String,
        speaker_role: String,
    },
}

/// The dated note above the article on taking part safely today (issue 14).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct SafetyNote {
    pub title: String,
    /// When the note was last written (ISO date).
    pub date: String,
    /// Its paragraphs.
    pub text: Vec<Vec<Segment>>,
}

/// The whole article in one language.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Article {
    pub title: String,
    pub tagline: String,
    pub tagline_lang: Lang,
    pub published: String,
    pub description: String,
    #[serde(default)]
    pub safety_note: Option<SafetyNote>,
    pub body: Vec<Block>,
    pub actions: Vec<Vec<Segment>>,
}

const EN_SOURCE: &str = include_str!("../content/en.json");
const RU_SOURCE: &str = include_str!("../content/ru.json");

/// Parses a content file; the error names the problem for the test that guards the files.
pub fn parse(source: &str) -> Result<Article, serde_json::Error> {
    serde_json::from_str(source)
}

/// The article in `lang`. The files are checked by tests, so `None` means a broken build.
pub fn article(lang: Lang) -> Option<&'static Article> {
    static EN: OnceLock<Option<Article>> = OnceLock::new();
    static RU: OnceLock<Option<Article>> = OnceLock::new();
    let (cell, source) = match lang {
        Lang::En => (&EN, EN_SOURCE),
        Lang::Ru => (&RU, RU_SOURCE),
    };
    cell.get_or_init(|| parse(source).ok()).as_ref()
}

/// Plain text of some segments, for meta descriptions and tests.
pub fn plain_text(segments: &[Segment]) -> String {
    segments
        .iter()
        .map(|segment| match segment {
            Segment::Text(text) => text.as_str(),
            Segment::Link { text, .. } => text.as_str(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
