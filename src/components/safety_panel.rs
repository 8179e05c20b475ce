//! The reader's safety controls: "Leave no trace on this device" (kept for this tab
//! only) and "Clear what this page stored on this device".

use super::context::Widget;
use crate::courier::Courier;
use leptos::prelude::*;

/// The switch, what it means, and the clear button with its confirmation.
#[component]
pub fn SafetyPanel() -> impl IntoView {
    let Widget {
        lang,
        config,
        hydrated,
        ids,
        ..
    } = Widget::get();
    // As prerendered (the campaign's default) until this tab's choice is known.
    let no_trace = RwSignal::new(true);
    let cleared = RwSignal::new(false);
    crate::components::reactive::effect(move || {
        let campaign = config
            .get()
            .and_then(Result::ok)
            .map(|config| config.safety.no_trace);
        if let Some(campaign) = campaign {
            crate::device::set_campaign_default(campaign);
            no_trace.set(campaign);
        }
        if hydrated.get() {
            no_trace.set(crate::device::no_trace());
        }
    });
    let on_change = move |ev: leptos::ev::Event| {
        let on = event_target_checked(&ev);
        crate::device::set_no_trace(on);
        no_trace.set(on);
        cleared.set(false);
    };
    let on_clear = move |_| {
        Courier::get().forget_all();
        crate::device::clear_all();
        cleared.set(true);
    };
    let (switch_id, hint_id) = (ids.id("no-trace"), ids.id("no-trace-hint"));
    view! {
        <section class="solidarity-safety" data-testid="safety" aria-labelledby=ids.id("safety-heading")>
            <h2 id=ids.id("safety-heading")>{move || lang.get().strings().safety_heading}</h2>
            <p class="solidarity-safety-switch">
                <input type="checkbox" id=switch_id.clone() data-testid="no-trace"
                    aria-describedby=hint_id.clone()
                    prop:checked=move || no_trace.get() disabled=move || !hydrated.get()
                    on:change=on_change />
                " "
                <label for=switch_id>{move || lang.get().strings().no_trace_label}</label>
            </p>
            <p class="solidarity-muted" id=hint_id data-testid="no-trace-hint">
                {move || {
                    let strings = lang.get().strings();
                    if no_trace.get() { strings.no_trace_on } else { strings.no_trace_off }
                }}
            </p>
            <button type="button" data-testid="clear-device" disabled=move || !hydrated.get()
                on:click=on_clear>
                {move || lang.get().strings().clear_device}
            </button>
            <p class="solidarity-status" role="status" aria-live="polite" data-testid="clear-status">
                {move || cleared.get().then(|| lang.get().strings().cleared_device)}
            </p>
        </section>
    }
}
