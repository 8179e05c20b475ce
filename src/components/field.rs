//! A labelled form control with its validation message, shared by both forms.

use crate::i18n::{Lang, Strings};
use leptos::prelude::*;

/// A string of the interface in the reader's current language.
pub fn localized(lang: Signal<Lang>, pick: fn(&'static Strings) -> &'static str) -> Signal<String> {
    Signal::derive(move || pick(lang.get().strings()).to_owned())
}

/// Which control to render.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Control {
    Text,
    Email,
    TextArea,
}

/// A `<label>`, the control named `name`, an optional hint (such as a character counter)
/// and the error message, linked with `aria-describedby` and flagged with `aria-invalid`.
#[component]
pub fn Field(
    /// The element id; the hint and error ids derive from it.
    id: String,
    /// The canonical field name, used as the control's `name` unless `post_name` is given.
    name: &'static str,
    /// The control's `name` when it can differ from the canonical one (the plain,
    /// no-JavaScript form posts the backend's names).
    #[prop(optional, into)]
    post_name: Option<Signal<String>>,
    #[prop(into)] label: Signal<String>,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(default = Control::Text)] control: Control,
    #[prop(optional)] autocomplete: &'static str,
    #[prop(optional, into)] hint: Option<Signal<String>>,
    #[prop(into, default = Signal::from(false))] required: Signal<bool>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let has_hint = hint.is_some();
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if error.with(Option::is_some) {
                ids.push(error_id.clone());
            }
            if has_hint {
                ids.push(hint_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || error.with(Option::is_some).then_some("true");
    let name = move || post_name.map_or_else(|| name.to_owned(), |posted| posted.get());
    let input = match control {
        Control::TextArea => view! {
            <textarea
                id=id.clone()
                name=name
                rows="5"
                required=move || required.get()
                aria-required=move || required.get().then_some("true")
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            ></textarea>
        }
        .into_any(),
        Control::Text | Control::Email => view! {
            <input
                id=id.clone()
                name=name
                type=if control == Control::Email { "email" } else { "text" }
                autocomplete=autocomplete
                required=move || required.get()
                aria-required=move || required.get().then_some("true")
                aria-invalid=invalid
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
        }
        .into_any(),
    };
    view! {
        <div class="solidarity-field" class:solidarity-invalid=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            {input}
            {hint.map(|hint| view! { <p class="solidarity-hint" id=hint_id>{hint}</p> })}
            <p class="solidarity-error" id=error_id hidden=move || error.with(Option::is_none)>
                {move || error.get()}
            </p>
        </div>
    }
}
