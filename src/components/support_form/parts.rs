//! Pieces of the support form: the consent checkbox, and the constant fields the plain
//! (no-JavaScript) form posts.

use crate::components::context::Widget;
use leptos::prelude::*;

/// The required consent checkbox with its label and validation message, posted as `name`.
#[component]
pub(super) fn ConsentField(
    id: String,
    checked: RwSignal<bool>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(into)] name: Signal<String>,
) -> impl IntoView {
    let Widget { lang, .. } = Widget::get();
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="solidarity-field solidarity-consent" class:solidarity-invalid=move || error.with(Option::is_some)>
            <input
                type="checkbox"
                id=id.clone()
                name=name
                value="true"
                required
                aria-required="true"
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
                prop:checked=move || checked.get()
                on:change:target=move |ev| checked.set(ev.target().checked())
            />
            <label for=id>{move || lang.get().strings().consent_label}</label>
            <p class="solidarity-error" id=error_id hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </div>
    }
}

/// Hidden inputs for the plain form's constant fields (language, service keys, extras).
#[component]
pub(super) fn HiddenFields(
    fields: impl Fn() -> Vec<(String, String)> + Send + 'static,
) -> impl IntoView {
    move || {
        fields()
            .into_iter()
            .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
            .collect_view()
    }
}
