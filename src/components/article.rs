//! The article in the reader's language: title, date, body, quotations and calls to action.
//!
//! Natively (the prerender, tests) it is rendered from the content files ([`full`]); the
//! WebAssembly takes the same HTML from the page, the partner fragment or the fragment
//! files instead ([`texts`]), so neither the text nor its view code is in the wasm.

#[cfg(not(feature = "hydrate"))]
mod full;
#[cfg(feature = "hydrate")]
pub mod texts;

use crate::i18n::Lang;
#[cfg(not(feature = "hydrate"))]
pub use full::Article;

/// The file holding the article alone in `lang` (written by the prerender beside
/// `embed.js`, read by `embed.js` and by the app).
pub fn fragment_file(lang: Lang) -> String {
    format!("fragment-{}.html", lang.code())
}

/// The article's title in `lang` (tracked in the WebAssembly, where it may still load).
pub fn title(lang: Lang) -> Option<String> {
    #[cfg(feature = "hydrate")]
    return texts::text(lang).map(|(_, text)| text.title);
    #[cfg(not(feature = "hydrate"))]
    return crate::content::article(lang).map(|article| article.title.clone());
}

/// The article as the prerender wrote it, in the reader's language once that has loaded.
#[cfg(feature = "hydrate")]
#[leptos::component]
pub fn Article() -> impl leptos::IntoView {
    use super::context::Widget;
    use leptos::prelude::*;
    let Widget { lang, .. } = Widget::get();
    // Written by an effect, not by the view: on a page taken over, the painted article
    // stays where it is (see `kept`) and this widget's own element only marks its place.
    let own = NodeRef::<leptos::html::Article>::new();
    let kept = super::kept::take_article();
    crate::components::reactive::effect(move || {
        // Fetched once per language, when first wanted (at mount every language is).
        texts::load_missing();
        let Some((shown, text)) = texts::text(lang.get()) else {
            return;
        };
        let Some(target) = kept.clone().or_else(|| own.get().map(Into::into)) else {
            return;
        };
        // Written only when the language shown changes, not each time another language's
        // fragment arrives (that would replace the painted article with an identical copy).
        if target.get_attribute("lang").as_deref() != Some(shown.code())
            || !target.has_child_nodes()
        {
            target.set_inner_html(&text.html);
            let _ = target.set_attribute("lang", shown.code());
        }
    });
    view! { <article class="solidarity-article" data-testid="article" node_ref=own></article> }
}
