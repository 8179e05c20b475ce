//! Partner fragments: the article alone in each language, as static HTML that `embed.js`
//! puts into a partner widget's shadow root at once, so the widget is readable before the
//! WebAssembly has arrived (the app then replaces it with the live widget).

use crate::components::article::Article;
use crate::components::context::Widget;
use crate::i18n::Lang;
use leptos::prelude::*;

pub use crate::components::article::fragment_file as file_name;

/// The fragment for readers whose language none of the fragments matches: the default
/// language's, under a name `embed.js` knows without reading the configuration.
pub const DEFAULT_FILE: &str = "fragment.html";

/// Marks the fragment's root, so the app (and tests) can tell it from the live widget.
pub const FRAGMENT_MARK: &str = "data-solidarity-fragment";

/// The article in `lang`, inside the widget's root element, rendered by the same component
/// as the app's.
pub fn render(lang: Lang) -> String {
    let owner = Owner::new();
    owner.with(move || {
        provide_context(Widget::of_language(lang));
        view! {
            <div class="solidarity" lang=lang.code() data-solidarity-fragment="">
                <Article />
            </div>
        }
        .to_html()
    })
}
