//! What a prerendered page was rendered from. The build-time prerender writes it into the
//! page as JSON (`<script type="application/json" id="solidarity-seed">`, which is data,
//! never run), and the app renders from exactly the same values, so its first render
//! matches the HTML node for node. Pure Rust, tested natively.

use crate::config::{Config, ConfigError, Overrides};
use crate::i18n::Lang;
use crate::json::ToJson;
use crate::thread::Comment;

/// The id of the element that carries the seed.
pub const SEED_ELEMENT_ID: &str = "solidarity-seed";

/// The seed as stored in the page: the files as they were at build time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seed {
    /// The page's language (`en` or `ru`).
    pub lang: String,
    /// The language of the site root; the other language lives in `<code>/`.
    pub default_lang: String,
    /// `config.json` as built.
    pub config: String,
    /// The static comments file as built (empty when there is none).
    pub comments: String,
    /// The same-site path of this page, for the no-JavaScript form's way back.
    pub return_to: Option<String>,
    /// The wall of support's static file as built (empty when there is none).
    pub wall: String,
}

crate::json_struct!(Seed {
    lang,
    default_lang,
    config,
    comments,
    return_to,
    wall
});

/// A seed read and checked.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    pub lang: Lang,
    pub default_lang: Lang,
    pub config: Config,
    pub comments: Vec<Comment>,
    pub return_to: Option<String>,
    /// The wall as built; `None` when there was no readable file.
    pub wall: Option<crate::wall::WallPage>,
}

impl Seed {
    /// The seed as JSON that is safe inside a `<script>` element: every `<` is escaped, so
    /// no comment text can close the element.
    pub fn to_script_json(&self) -> String {
        self.to_value().to_json().replace('<', "\\u003c")
    }

    pub fn from_script_json(text: &str) -> Option<Seed> {
        crate::json::FromJson::from_value(&crate::json::parse(text).ok()?)
    }

    /// Parses what the seed carries. A missing or malformed comments file is an empty
    /// thread (as the live page would show it); a bad configuration is an error.
    pub fn prepare(&self) -> Result<Prepared, ConfigError> {
        let lang = Lang::from_tag(&self.lang).unwrap_or(Lang::En);
        let default_lang = Lang::from_tag(&self.default_lang).unwrap_or(Lang::En);
        let config = Config::from_text(&self.config, &Overrides::default())?;
        let comments = crate::api::parse_comment_list(&self.comments).unwrap_or_default();
        Ok(Prepared {
            lang,
            default_lang,
            config,
            comments,
            return_to: self.return_to.clone(),
            wall: crate::wall::parse_wall_page(&self.wall).ok(),
        })
    }
}

/// Where each language's prerendered page is, relative to the site root: the default
/// language at the root, the other in a directory named by its code. The other page
/// carries `<base href="../">`, so these paths hold on both pages.
pub fn page_path(lang: Lang, default_lang: Lang) -> String {
    if lang == default_lang {
        "./".to_owned()
    } else {
        format!("{}/", lang.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(comments: &str) -> Seed {
        Seed {
            lang: "ru".into(),
            default_lang: "en".into(),
            config: r#"{"messages":{"endpoint":"/api/messages"}}"#.into(),
            comments: comments.into(),
            return_to: Some("/ru/".into()),
            wall: String::new(),
        }
    }

    #[test]
    fn script_json_cannot_close_its_element_and_reads_back() {
        let original =
            seed(r#"[{"id":"1","author":"</script><script>alert(1)</script>","body":"<!--"}]"#);
        let text = original.to_script_json();
        assert!(!text.contains('<'), "{text}");
        assert_eq!(Seed::from_script_json(&text), Some(original));
    }

    #[test]
    fn prepare_reads_language_config_and_comments() {
        let prepared = seed(r#"{"comments":[{"id":"1","author":"Анна","body":"Привет"}]}"#)
            .prepare()
            .expect("valid seed");
        assert_eq!(prepared.lang, Lang::Ru);
        assert_eq!(prepared.config.messages.endpoint, "/api/messages");
        assert_eq!(prepared.comments.len(), 1);
        assert_eq!(prepared.comments[0].author, "Анна");
    }

    #[test]
    fn a_broken_comments_file_is_an_empty_thread_but_a_broken_config_is_an_error() {
        assert!(seed("<html>")
            .prepare()
            .expect("config is fine")
            .comments
            .is_empty());
        let mut broken = seed("[]");
        broken.config = "{".into();
        assert!(broken.prepare().is_err());
    }

    #[test]
    fn the_default_language_is_at_the_root() {
        assert_eq!(page_path(Lang::En, Lang::En), "./");
        assert_eq!(page_path(Lang::Ru, Lang::En), "ru/");
        assert_eq!(page_path(Lang::En, Lang::Ru), "en/");
    }
}
