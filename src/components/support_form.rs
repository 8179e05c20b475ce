use super::app::{ConfigResource, IdPrefix, LangContext};
use super::field::{Control, Field};
use crate::api::{self, ApiError, SupportMessage};
use crate::i18n::plural;
use crate::validate::{char_len, SupportDraft, MESSAGE_MAX};
use leptos::html;
use leptos::prelude::*;

/// The message-of-support form: validated in the reader's language, one send at a time,
/// with a live status and the typed text kept after a failure.
#[component]
pub fn SupportForm() -> impl IntoView {
    let LangContext { lang, .. } = expect_context();
    let config = expect_context::<ConfigResource>();
    let ids = expect_context::<IdPrefix>();

    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let consent = RwSignal::new(false);
    let show_errors = RwSignal::new(false);
    // One id per message, reused by every retry so the backend can recognise repeats.
    let message_id = RwSignal::new(new_id());
    let form_ref = NodeRef::<html::Form>::new();

    let draft = move || SupportDraft {
        name: name.get(),
        email: email.get(),
        location: location.get(),
        message: message.get(),
        consent: consent.get(),
    };
    let errors = Memo::new(move |_| draft().validate());
    let error_for = move |field: &'static str| {
        Signal::derive(move || {
            if !show_errors.get() {
                return None;
            }
            errors.with(|errors| {
                errors
                    .iter()
                    .find(|error| error.field == field)
                    .map(|error| error.message(lang.get()))
            })
        })
    };

    let send = Action::new_local(move |outgoing: &SupportMessage| {
        let outgoing = outgoing.clone();
        async move {
            let messages = match config.get() {
                Some(Ok(config)) => config.messages,
                _ => return Err(ApiError::Network),
            };
            let result = api::send_message(messages, outgoing).await;
            if result.is_ok() {
                message.set(String::new());
                consent.set(false);
                show_errors.set(false);
                message_id.set(new_id());
            }
            result
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if send.pending().get_untracked() {
            return;
        }
        let problems = errors.get_untracked();
        if let Some(first) = problems.first() {
            show_errors.set(true);
            send.value().set(None);
            if let Some(form) = form_ref.get_untracked() {
                crate::browser::focus_named(&form, first.field);
            }
            return;
        }
        let current = draft();
        send.dispatch(SupportMessage {
            id: message_id.get_untracked(),
            name: current.name,
            email: current.email,
            location: current.location,
            message: current.message,
            lang: lang.get_untracked(),
            consent: current.consent,
            created_at: crate::browser::now_iso(),
        });
    };

    let counter = Signal::derive(move || {
        let strings = lang.get().strings();
        let used = char_len(message.with(|m| m.trim().to_owned()).as_str());
        if used <= MESSAGE_MAX {
            plural(lang.get(), &strings.chars_left, (MESSAGE_MAX - used) as u64)
        } else {
            plural(lang.get(), &strings.chars_over, (used - MESSAGE_MAX) as u64)
        }
    });
    let status = move || {
        let strings = lang.get().strings();
        if send.pending().get() {
            return strings.sending.to_owned();
        }
        if show_errors.get() && errors.with(|e| !e.is_empty()) {
            return strings.fix_errors.to_owned();
        }
        match send.value().get() {
            Some(Ok(())) => strings.sent.to_owned(),
            Some(Err(error)) => crate::i18n::fill(
                strings.send_failed,
                &[("reason", &error.reason(lang.get()))],
            ),
            None => String::new(),
        }
    };
    let label = move |pick: fn(&'static crate::i18n::Strings) -> &'static str| {
        Signal::derive(move || pick(lang.get().strings()).to_owned())
    };
    let optional_label = move |pick: fn(&'static crate::i18n::Strings) -> &'static str| {
        Signal::derive(move || {
            let strings = lang.get().strings();
            format!("{} ({})", pick(strings), strings.optional)
        })
    };
    let consent_error = error_for("consent");
    let consent_id = ids.id("consent");
    let consent_error_id = format!("{consent_id}-error");

    view! {
        <section class="solidarity-support" aria-labelledby=ids.id("support-heading")>
            <h2 id=ids.id("support-heading")>{move || lang.get().strings().support_heading}</h2>
            <p>{move || lang.get().strings().support_intro}</p>
            <form data-testid="support-form" novalidate node_ref=form_ref on:submit=on_submit>
                <Field id=ids.id("name") name="name" label=label(|s| s.name_label) value=name
                    error=error_for("name") autocomplete="name" required=true />
                <Field id=ids.id("email") name="email" label=optional_label(|s| s.email_label)
                    value=email error=error_for("email") control=Control::Email autocomplete="email" />
                <Field id=ids.id("location") name="location" label=optional_label(|s| s.location_label)
                    value=location error=error_for("location") autocomplete="address-level2" />
                <Field id=ids.id("message") name="message" label=label(|s| s.message_label)
                    value=message error=error_for("message") control=Control::TextArea hint=counter required=true />
                <div class="solidarity-field solidarity-consent" class:solidarity-invalid=move || consent_error.with(Option::is_some)>
                    <input
                        type="checkbox"
                        id=consent_id.clone()
                        name="consent"
                        value="true"
                        aria-required="true"
                        aria-invalid=move || consent_error.with(Option::is_some).then_some("true")
                        aria-describedby=move || consent_error.with(Option::is_some).then(|| consent_error_id.clone())
                        prop:checked=move || consent.get()
                        on:change:target=move |ev| consent.set(ev.target().checked())
                    />
                    <label for=consent_id>{move || lang.get().strings().consent_label}</label>
                    <p class="solidarity-error" id=format!("{}-error", ids.id("consent")) hidden=move || consent_error.with(Option::is_none)>
                        {move || consent_error.get()}
                    </p>
                </div>
                <button type="submit" disabled=move || send.pending().get() || !matches!(config.get(), Some(Ok(_)))>
                    {move || lang.get().strings().send}
                </button>
                <p class="solidarity-status" role="status" aria-live="polite" data-testid="support-status"
                    data-state=move || match (send.pending().get(), send.value().get()) {
                        (true, _) => "sending",
                        (false, Some(Ok(()))) => "sent",
                        (false, Some(Err(_))) => "failed",
                        (false, None) => "idle",
                    }>
                    {status}
                </p>
            </form>
        </section>
    }
}

fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}
