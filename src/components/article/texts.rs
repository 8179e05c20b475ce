//! The article in the WebAssembly: not rendered from the content files (they and their
//! view code stay out of the wasm) but taken as HTML, from the prerendered page or the
//! partner fragment already on screen, and from `fragment-<lang>.html` (the prerender's
//! output, beside `embed.js`) for the other languages, fetched once when an app mounts
//! so the language switch needs no request. Shared by every instance on the page.

use crate::i18n::Lang;
use leptos::prelude::*;
use std::cell::RefCell;

/// The article in one language: its title and the inner HTML of its `<article>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleText {
    pub title: String,
    pub html: String,
}

struct Store {
    known: ArcRwSignal<Vec<(Lang, ArticleText)>>,
    /// Languages being fetched or known: each is asked for once.
    asked: RefCell<Vec<Lang>>,
    /// Where the fragments are (the directory of `embed.js`), once known.
    base: RefCell<Option<String>>,
}

thread_local! {
    static STORE: Store = Store {
        known: ArcRwSignal::new(Vec::new()),
        asked: RefCell::new(Vec::new()),
        base: RefCell::new(None),
    };
}

/// Records where the fragments are (`None`: beside the document).
pub fn set_base(base: Option<String>) {
    STORE.with(|store| *store.base.borrow_mut() = base);
}

/// Keeps the article a host already shows (read before the app replaces it).
pub fn remember_shown(root: &web_sys::Element) {
    if let Some((lang, text)) = read_from(root) {
        remember(lang, text);
    }
}

fn remember(lang: Lang, text: ArticleText) {
    let known = STORE.with(|store| {
        store.asked.borrow_mut().push(lang);
        store.known.clone()
    });
    known.update(|known| {
        if !known.iter().any(|(have, _)| *have == lang) {
            known.push((lang, text));
        }
    });
}

/// The article in `lang` (tracked); while that is still loading (or failed), another
/// language's, with the language it is in.
pub fn text(lang: Lang) -> Option<(Lang, ArticleText)> {
    let known = STORE.with(|store| store.known.clone());
    known.with(|known| {
        known
            .iter()
            .find(|(have, _)| *have == lang)
            .or_else(|| known.first())
            .cloned()
    })
}

/// Fetches every language's fragment not known or asked for yet.
pub fn load_missing() {
    for lang in Lang::ALL {
        let first = STORE.with(|store| {
            let mut asked = store.asked.borrow_mut();
            let first = !asked.contains(&lang);
            if first {
                asked.push(lang);
            }
            first
        });
        if !first {
            continue;
        }
        let base = STORE.with(|store| store.base.borrow().clone());
        let url = crate::browser::absolute_url(&super::fragment_file(lang), base.as_deref());
        wasm_bindgen_futures::spawn_local(async move {
            let parsed = crate::api::load_text(&url)
                .await
                .and_then(|html| parse(&html));
            match parsed {
                Some((found, text)) if found == lang => remember(lang, text),
                _ => {
                    crate::browser::console_error(&format!("Solidarity: {url} could not be read"));
                    // Let a later switch to this language ask again.
                    STORE.with(|store| store.asked.borrow_mut().retain(|asked| *asked != lang));
                }
            }
        });
    }
}

/// The article inside `root` (an element holding a prerendered page or fragment).
fn read_from(root: &web_sys::Element) -> Option<(Lang, ArticleText)> {
    let article = root.query_selector("[data-testid=article]").ok()??;
    let lang = Lang::from_tag(&article.get_attribute("lang")?)?;
    let title = article.query_selector("h1").ok()??.text_content()?;
    let html = article.inner_html();
    Some((lang, ArticleText { title, html }))
}

/// A fetched fragment, parsed by the browser in a detached element (nothing in it runs).
fn parse(fragment: &str) -> Option<(Lang, ArticleText)> {
    let holder = crate::browser::window()?
        .document()?
        .create_element("div")
        .ok()?;
    holder.set_inner_html(fragment);
    read_from(&holder)
}
