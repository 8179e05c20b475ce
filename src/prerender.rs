//! Build-time rendering (the `ssr` feature, run natively by `scripts/post-build.sh`): the
//! standalone page in each language, from the same components, content files,
//! configuration and static comments as the app, so it is readable before the WebAssembly
//! arrives and without JavaScript. The app then renders over this HTML from the same seed (see `mount`).

use crate::components::app::{App, HostSettings, Prerendered};
use crate::config::{ConfigError, Overrides};
use crate::html::escape;
use crate::i18n::Lang;
use crate::mount::{PRERENDERED_INSTANCE, PRERENDERED_MARK};
use crate::seed::{page_path, Seed, SEED_ELEMENT_ID};
use leptos::prelude::*;
use std::sync::Arc;

pub mod fragment;

/// The files one prerendered page is made from.
#[derive(Clone, Debug)]
pub struct Inputs {
    /// The built `index.html` (Trunk's output after the post-build fixes).
    pub template: String,
    /// `config.json` as built.
    pub config: String,
    /// The static comments file as built (may be empty).
    pub comments: String,
    /// The wall of support's static file as built (may be empty).
    pub wall: String,
    /// Trunk's public URL: a same-site path such as `/` or `/campaign/` (else links back
    /// from the message service's thank-you page are left out).
    pub public_url: String,
}

/// Why a page could not be prerendered.
#[derive(Debug, thiserror::Error)]
pub enum PrerenderError {
    #[error("config.json: {0}")]
    Config(#[from] ConfigError),
    #[error("index.html has no `{0}`")]
    Template(&'static str),
}

/// The language whose page sits at the site root.
pub fn default_lang(config: &str) -> Lang {
    crate::config::Config::from_text(config, &Overrides::default())
        .ok()
        .and_then(|config| config.default_lang)
        .unwrap_or(Lang::En)
}

/// The page in `lang`, and the path of its file relative to the site root.
pub fn page(inputs: &Inputs, lang: Lang) -> Result<(String, String), PrerenderError> {
    let default = default_lang(&inputs.config);
    let path = page_path(lang, default);
    let file = format!("{}index.html", path.trim_start_matches("./"));
    let return_to = inputs
        .public_url
        .starts_with('/')
        .then(|| format!("{}{}", inputs.public_url, path.trim_start_matches("./")));
    let seed = Seed {
        lang: lang.code().to_owned(),
        default_lang: default.code().to_owned(),
        config: inputs.config.clone(),
        comments: inputs.comments.clone(),
        return_to,
        wall: inputs.wall.clone(),
    };
    let app = render_app(&seed)?;
    let document = document(inputs, lang, default, &app, &seed)?;
    Ok((file, document))
}

/// The app's HTML for a seed, exactly as the browser's first render will build it.
pub fn render_app(seed: &Seed) -> Result<String, ConfigError> {
    let settings = HostSettings {
        overrides: Overrides::default(),
        standalone: true,
        instance: PRERENDERED_INSTANCE,
        prerendered: Some(Prerendered {
            seed: Arc::new(seed.prepare()?),
            hydrated: ArcRwSignal::new(false),
        }),
    };
    let owner = Owner::new();
    let html = owner.with(move || view! { <App settings /> }.to_html());
    Ok(html)
}

/// The template with the page's language, title, description, social tags, alternate
/// links and the rendered app filled in.
fn document(
    inputs: &Inputs,
    lang: Lang,
    default: Lang,
    app: &str,
    seed: &Seed,
) -> Result<String, PrerenderError> {
    let article = crate::content::article(lang).ok_or(PrerenderError::Template("article"))?;
    let (title, description) = (escape(&article.title), escape(&article.description));
    let mut head = String::new();
    if lang != default {
        // The page lives one directory down; every relative URL in it (assets,
        // configuration, links) is written for the site root. An absolute path when the
        // site's is known: the language switch changes the address, and a relative base
        // would then move with it.
        let root = if inputs.public_url.starts_with('/') {
            escape(&inputs.public_url)
        } else {
            "../".to_owned()
        };
        head.push_str(&format!(r#"<base href="{root}">"#));
    }
    let mut tags = format!(
        r#"<meta property="og:type" content="article"><meta property="og:title" content="{title}"><meta property="og:description" content="{description}"><meta property="og:locale" content="{}"><meta property="article:published_time" content="{}">"#,
        og_locale(lang),
        escape(&article.published),
    );
    for other in Lang::ALL {
        if other != lang {
            tags.push_str(&format!(
                r#"<meta property="og:locale:alternate" content="{}">"#,
                og_locale(other)
            ));
        }
        tags.push_str(&format!(
            r#"<link rel="alternate" hreflang="{}" href="{}">"#,
            other.code(),
            page_path(other, default)
        ));
    }
    tags.push_str(&format!(
        r#"<link rel="alternate" hreflang="x-default" href="{}">"#,
        page_path(default, default)
    ));

    let template = strip_earlier_output(&inputs.template);
    let html = replace_between(&template, "<html lang=\"", "\"", lang.code())?;
    let html = replace_between(&html, "<title>", "</title>", &title)?;
    let html = replace_between(
        &html,
        "<meta name=\"description\" content=\"",
        "\"",
        &description,
    )?;
    let html = html.replacen("<head>", &format!("<head>{}", marked(&head)), 1);
    let html = html.replacen("</head>", &format!("{}</head>", marked(&tags)), 1);
    let open = "<main data-solidarity data-standalone";
    let start = html.find(open).ok_or(PrerenderError::Template(open))?;
    let end = html[start..]
        .find("</main>")
        .map(|offset| start + offset + "</main>".len())
        .ok_or(PrerenderError::Template("</main>"))?;
    let seed = format!(
        r#"<script type="application/json" id="{SEED_ELEMENT_ID}">{}</script>"#,
        seed.to_script_json()
    );
    let main = format!(
        r#"<main data-solidarity data-standalone {PRERENDERED_MARK}>{app}</main>{}"#,
        marked(&seed)
    );
    Ok(format!("{}{main}{}", &html[..start], &html[end..]))
}

const MARK_START: &str = "<!--solidarity:prerendered-->";
const MARK_END: &str = "<!--/solidarity:prerendered-->";

/// What the prerender adds besides the page's `<main>`, marked so a second run over an
/// already prerendered page (another configuration, say) replaces it instead of adding.
fn marked(html: &str) -> String {
    if html.is_empty() {
        String::new()
    } else {
        format!("{MARK_START}{html}{MARK_END}")
    }
}

fn strip_earlier_output(template: &str) -> String {
    let mut html = template.to_owned();
    while let Some(start) = html.find(MARK_START) {
        let Some(end) = html[start..].find(MARK_END) else {
            break;
        };
        html.replace_range(start..start + end + MARK_END.len(), "");
    }
    html
}

fn og_locale(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en_GB",
        Lang::Ru => "ru_RU",
    }
}

/// Replaces the text between the first `before` and the next `after`.
fn replace_between(
    html: &str,
    before: &'static str,
    after: &'static str,
    with: &str,
) -> Result<String, PrerenderError> {
    let start = html.find(before).ok_or(PrerenderError::Template(before))? + before.len();
    let end = start
        + html[start..]
            .find(after)
            .ok_or(PrerenderError::Template(after))?;
    Ok(format!("{}{with}{}", &html[..start], &html[end..]))
}

#[cfg(test)]
mod tests;
