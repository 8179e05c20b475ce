use super::context::Widget;
use crate::courier::Courier;
use crate::delivery::{Kind, State};
use crate::i18n::fill;
use leptos::prelude::*;

/// What is waiting in this device's outbox, with a way to retry now or delete each entry.
/// Hidden when the outbox is empty.
#[component]
pub fn OutboxPanel() -> impl IntoView {
    let Widget { lang, hydrated, .. } = Widget::get();
    let courier = Courier::get();
    let entries = courier.entries.clone();
    let online = courier.online.clone();
    move || {
        // The outbox is this device's: a prerendered page shows it once hydrated.
        if !hydrated.get() {
            return None;
        }
        let list = entries.get();
        if list.is_empty() {
            return None;
        }
        let strings = lang.get().strings();
        let items = list
            .into_iter()
            .map(|entry| {
                let kind = match entry.kind {
                    Kind::Message => strings.outbox_message,
                    Kind::Comment(_) => strings.outbox_comment,
                };
                let reason = entry
                    .last_error
                    .as_ref()
                    .map(|e| e.reason(lang.get()))
                    .unwrap_or_else(|| strings.err_network.to_owned());
                let state = match entry.state {
                    State::Sending { .. } => strings.outbox_sending.to_owned(),
                    State::Stopped => fill(strings.outbox_stopped, &[("reason", &reason)]),
                    State::Waiting if !online.get() => strings.outbox_offline.to_owned(),
                    State::Waiting => strings.outbox_waiting.to_owned(),
                };
                let (retry_id, delete_id) = (entry.id.clone(), entry.id.clone());
                let (retry_courier, delete_courier) = (Courier::get(), Courier::get());
                view! {
                    <li data-testid="outbox-item" data-id=entry.id.clone()>
                        <strong>{kind}</strong> ": " <q>{entry.summary}</q> " — " <span>{state}</span> " "
                        <button type="button" class="solidarity-link-button" on:click=move |_| retry_courier.retry_now(&retry_id)>
                            {strings.retry_now}
                        </button> " "
                        <button type="button" class="solidarity-link-button" on:click=move |_| delete_courier.delete(&delete_id)>
                            {strings.delete}
                        </button>
                    </li>
                }
            })
            .collect_view();
        Some(view! {
            <section class="solidarity-outbox" data-testid="outbox" aria-label=strings.outbox_heading>
                <h3>{strings.outbox_heading}</h3>
                <ul>{items}</ul>
                <p class="solidarity-muted" data-testid="outbox-warning">{strings.tab_only_warning}</p>
            </section>
        })
    }
}
