use super::context::{PageSeed, Widget};
use crate::i18n::Lang;
use crate::seed::page_path;
use leptos::prelude::*;

/// The language switch. In a widget: two buttons, the current one `aria-pressed`. On a
/// prerendered page: links between the two prerendered pages (they work without
/// JavaScript), which the app turns into an in-place switch that also updates the address.
/// Either way, switching re-renders in place: no reload, and no request (the other
/// language's article was fetched when the app mounted).
#[component]
pub fn LangToggle() -> impl IntoView {
    let Widget { lang, .. } = Widget::get();
    let controls = match PageSeed::get() {
        Some(seed) => Lang::ALL
            .map(|option| view! { <PageLink option default_lang=seed.default_lang /> }.into_any()),
        None => Lang::ALL.map(|option| view! { <LangButton option /> }.into_any()),
    };
    view! {
        <div class="solidarity-toggle" role="group" aria-label=move || lang.get().strings().language_group>
            {controls}
        </div>
    }
}

/// One language as a toggle button.
#[component]
fn LangButton(option: Lang) -> impl IntoView {
    let Widget { lang, choose, .. } = Widget::get();
    view! {
        <button
            type="button"
            class="solidarity-lang"
            lang=option.code()
            data-testid=format!("lang-{}", option.code())
            aria-pressed=move || (lang.get() == option).to_string()
            on:click=move |_| choose.run(option)
        >
            {option.endonym()}
        </button>
    }
}

/// One language as a link to its prerendered page; `aria-current` marks the page shown.
#[component]
fn PageLink(option: Lang, default_lang: Lang) -> impl IntoView {
    let Widget {
        lang,
        choose,
        hydrated,
        ..
    } = Widget::get();
    let path = page_path(option, default_lang);
    // Resolved once, while the document's address is still the page's own: after the
    // first switch the address changes, and a relative path would resolve elsewhere.
    let absolute = crate::browser::absolute_url(&path, None);
    let href = {
        let absolute = absolute.clone();
        move || {
            if hydrated.get() {
                absolute.clone()
            } else {
                path.clone()
            }
        }
    };
    let on_click = move |event: leptos::ev::MouseEvent| {
        // Modified clicks (new tab, new window) keep their usual meaning.
        if event.ctrl_key()
            || event.meta_key()
            || event.shift_key()
            || event.alt_key()
            || event.button() != 0
        {
            return;
        }
        event.prevent_default();
        choose.run(option);
        crate::browser::replace_address(&absolute);
    };
    view! {
        <a
            class="solidarity-lang"
            href=href
            hreflang=option.code()
            lang=option.code()
            data-testid=format!("lang-{}", option.code())
            aria-current=move || (lang.get() == option).then_some("page")
            on:click=on_click
        >
            {option.endonym()}
        </a>
    }
}
