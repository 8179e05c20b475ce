//! The article in both languages, read from `content/<lang>.json` (embedded at build time,
//! so editors change the text without touching Rust). Native only (the prerender and
//! tests): the WebAssembly takes the article from the prerendered HTML. The Russian goes
//! through [`crate::typography::russian`] once as it is loaded, so editors never type a
//! no-break space by hand.

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
    #[serde(deserialize_with = "lang_code")]
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

/// A language code (`en`, `ru`) in a content file.
fn lang_code<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Lang, D::Error> {
    let code = String::deserialize(deserializer)?;
    Lang::ALL
        .into_iter()
        .find(|lang| lang.code() == code)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown language {code:?}")))
}

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
    cell.get_or_init(|| parse(source).ok().map(|article| typeset(lang, article)))
        .as_ref()
}

/// The article with its language's typography applied to every piece of text (not to
/// link targets, dates or codes).
pub fn typeset(lang: Lang, article: Article) -> Article {
    match lang {
        Lang::En => article,
        Lang::Ru => article.map_text(&crate::typography::russian),
    }
}

fn map_segments(segments: Vec<Segment>, f: &dyn Fn(&str) -> String) -> Vec<Segment> {
    segments
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(text) => Segment::Text(f(&text)),
            Segment::Link { text, href } => Segment::Link {
                text: f(&text),
                href,
            },
        })
        .collect()
}

impl Article {
    /// The same article with `f` applied to every text a reader sees.
    pub fn map_text(self, f: &dyn Fn(&str) -> String) -> Article {
        let body = self
            .body
            .into_iter()
            .map(|block| match block {
                Block::Paragraph { text } => Block::Paragraph {
                    text: map_segments(text, f),
                },
                Block::Quote {
                    text,
                    speaker,
                    speaker_role,
                } => Block::Quote {
                    text: map_segments(text, f),
                    speaker: f(&speaker),
                    speaker_role: f(&speaker_role),
                },
            })
            .collect();
        Article {
            title: f(&self.title),
            tagline: f(&self.tagline),
            description: f(&self.description),
            body,
            actions: self
                .actions
                .into_iter()
                .map(|action| map_segments(action, f))
                .collect(),
            ..self
        }
    }
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
