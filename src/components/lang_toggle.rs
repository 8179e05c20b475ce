use super::app::LangContext;
use crate::i18n::Lang;
use leptos::prelude::*;

/// Two buttons, one per language, in a labelled group; the current one is `aria-pressed`.
/// Switching re-renders in place: no reload, no request.
#[component]
pub fn LangToggle() -> impl IntoView {
    let LangContext { lang, choose } = expect_context();
    let buttons = Lang::ALL.map(|option| {
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
    });
    view! {
        <div class="solidarity-toggle" role="group" aria-label=move || lang.get().strings().language_group>
            {buttons}
        </div>
    }
}
