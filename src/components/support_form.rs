use super::context::{PageSeed, Widget};
use super::delivery_status::{progress_state, progress_text, server_field_error};
use super::field::{localized, Control, Field};
use crate::api::form_post::{form_post, FormPost};
use crate::api::{request::message_request, SupportMessage};
use crate::config::Preset;
use crate::courier::{Courier, Progress};
use crate::delivery::{Entry, Kind};
use crate::i18n::{plural, Strings};
use crate::validate::{char_len, SupportDraft, MESSAGE_MAX};
use leptos::html;
use leptos::prelude::*;
use parts::{ConsentField, HiddenFields};
use std::cell::RefCell;
use std::rc::Rc;

mod parts;

/// The message-of-support form: validated in the reader's language, saved in the outbox
/// before it is sent, with a live status; the typed text is kept (and autosaved) until
/// the message is delivered.
#[component]
pub fn SupportForm() -> impl IntoView {
    let Widget {
        lang,
        config,
        ids,
        hydrated,
        ..
    } = Widget::get();
    // Stored, so the closures that read it can be copied.
    let return_to = Signal::stored(PageSeed::get().and_then(|seed| seed.return_to.clone()));

    let saved: SupportDraft = crate::browser::load_draft("support").unwrap_or_default();
    let name = RwSignal::new(saved.name);
    let email = RwSignal::new(saved.email);
    let location = RwSignal::new(saved.location);
    let message = RwSignal::new(saved.message);
    let consent = RwSignal::new(saved.consent);
    let honeypot = RwSignal::new(String::new());
    let show_errors = RwSignal::new(false);
    // One id per message, reused when the same text is sent again so backends that
    // honour Idempotency-Key store it once.
    let message_id = RwSignal::new(new_id());
    let submitted = RwSignal::new(None::<String>);
    // What the last press of Send sent: read and written by the handlers only, so not a signal.
    let last_sent = Rc::new(RefCell::new(None::<SupportDraft>));
    let form_ref = NodeRef::<html::Form>::new();
    let status_ref = NodeRef::<html::P>::new();

    let messages_config = move || config.get().and_then(Result::ok).map(|c| c.messages);
    let preset = move || {
        messages_config()
            .map(|m| m.preset)
            .unwrap_or(Preset::Default)
    };
    // Without JavaScript the form posts itself, form-encoded, when the backend takes that.
    // Not a memo: cheap to make again, and the names, fields and attributes it feeds are
    // only set when they differ.
    let plain_form = move || {
        let messages = messages_config()?;
        return_to.with(|to| form_post(&messages, lang.get(), to.as_deref()))
    };
    // A control's `name`: the backend's name while the plain form may post it; once the
    // app runs (or when there is no plain form), the canonical one.
    let post_name = move |canonical: &'static str, pick: fn(&FormPost) -> &String| {
        Signal::derive(move || {
            plain_form()
                .filter(|_| !hydrated.get())
                .map_or_else(|| canonical.to_owned(), |form| pick(&form).clone())
        })
    };
    let draft = move || SupportDraft {
        name: name.get(),
        email: email.get(),
        location: location.get(),
        message: message.get(),
        consent: consent.get(),
        email_required: preset().requires_email(),
    };
    crate::components::reactive::effect(move || {
        let current = draft();
        let empty = current
            == SupportDraft {
                email_required: current.email_required,
                ..SupportDraft::default()
            };
        crate::browser::save_draft("support", &current, empty);
    });
    // Not a memo: validating is cheap, and the views it feeds only change what differs.
    let errors = move || draft().validate();
    // Not a memo: cheap to read again, and the texts and attributes it feeds are only
    // set when they differ.
    let progress = move || {
        submitted.with(|id| {
            id.as_deref()
                .map_or(Progress::Unknown, |id| Courier::get().progress(id))
        })
    };
    let error_for = move |field: &'static str| {
        Signal::derive(move || {
            let client = show_errors.get().then(|| {
                errors()
                    .iter()
                    .find(|e| e.field == field)
                    .map(|e| e.message(lang.get()))
            });
            client.flatten().or_else(|| {
                let fields = messages_config().map(|m| m.fields).unwrap_or_default();
                server_field_error(&progress(), field, &fields, lang.get())
            })
        })
    };

    // Set while the outbox sends (see `delivery_status::send`).
    let sending = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if sending.get_untracked() {
            return;
        }
        if let Some(first) = untrack(errors).first() {
            show_errors.set(true);
            if let Some(form) = form_ref.get_untracked() {
                crate::browser::focus_id(&form, &ids.id(first.field));
            }
            return;
        }
        show_errors.set(false);
        let Some(messages) = messages_config() else {
            return;
        };
        let current = draft();
        // Edited since the last press of Send: the earlier version keeps its own id in
        // the outbox and this is a new message. Unchanged: the same id again, so the
        // outbox retries its stored request rather than sending a copy.
        if last_sent
            .borrow()
            .as_ref()
            .is_some_and(|previous| *previous != current)
        {
            message_id.set(new_id());
        }
        *last_sent.borrow_mut() = Some(current.clone());
        let outgoing = SupportMessage {
            id: message_id.get_untracked(),
            name: current.name,
            email: current.email,
            location: current.location,
            message: current.message,
            lang: lang.get_untracked(),
            consent: current.consent,
            created_at: crate::browser::now_iso(),
        };
        let request = message_request(&messages, &outgoing, &honeypot.get_untracked());
        submitted.set(Some(outgoing.id.clone()));
        let now = js_sys::Date::now() as u64;
        let entry = Entry::new(
            outgoing.id,
            Kind::Message,
            request,
            messages.timeout_ms,
            &outgoing.message,
            now,
        )
        .with_fallbacks(messages.fallback_endpoints.clone());
        let last_sent = last_sent.clone();
        super::delivery_status::send(entry, sending, status_ref, move || {
            message.set(String::new());
            consent.set(false);
            message_id.set(new_id());
            *last_sent.borrow_mut() = None;
        });
    };

    let counter = Signal::derive(move || {
        let strings = lang.get().strings();
        // Until hydration is over, the counter must read as the server rendered it.
        let used = if hydrated.get() {
            char_len(message.with(|m| m.trim().to_owned()).as_str())
        } else {
            0
        };
        if used <= MESSAGE_MAX {
            plural(lang.get(), &strings.chars_left, (MESSAGE_MAX - used) as u64)
        } else {
            plural(lang.get(), &strings.chars_over, (used - MESSAGE_MAX) as u64)
        }
    });
    let status = move || {
        let strings = lang.get().strings();
        if show_errors.get() && !errors().is_empty() {
            return strings.fix_errors.to_owned();
        }
        if sending.get() {
            return strings.sending.to_owned();
        }
        progress_text(&progress(), lang.get(), strings.sent, strings.send_failed)
    };
    let state = move || progress_state(&progress(), sending.get());
    let text = move |pick| localized(lang, pick);
    let optional = move |pick: fn(&'static Strings) -> &'static str,
                         required: fn(Preset) -> bool| {
        Signal::derive(move || {
            let strings = lang.get().strings();
            if required(preset()) {
                pick(strings).to_owned()
            } else {
                format!("{} ({})", pick(strings), strings.optional)
            }
        })
    };
    let hidden_fields = move || plain_form().map(|form| form.hidden).unwrap_or_default();

    view! {
        <section class="solidarity-support" aria-labelledby=ids.id("support-heading")>
            <h2 id=ids.id("support-heading")>{move || lang.get().strings().support_heading}</h2>
            <p>{move || lang.get().strings().support_intro}</p>
            <form data-testid="support-form" node_ref=form_ref on:submit=on_submit
                method="post"
                action=move || plain_form().map(|form| form.action)
                novalidate=move || hydrated.get()
            >
                <HiddenFields fields=hidden_fields />
                <Field id=ids.id("name") name="name" post_name=post_name("name", |f| &f.name) label=text(|s| s.name_label) value=name
                    error=error_for("name") autocomplete="name" required=true hint=text(|s| s.pseudonym_hint) />
                <Field id=ids.id("email") name="email" post_name=post_name("email", |f| &f.email) label=optional(|s| s.email_label, Preset::requires_email)
                    value=email error=error_for("email") control=Control::Email autocomplete="email"
                    required=Signal::derive(move || preset().requires_email()) />
                <Field id=ids.id("location") name="location" post_name=post_name("location", |f| &f.location) label=optional(|s| s.location_label, |_| false)
                    value=location error=error_for("location") autocomplete="address-level2" />
                <Field id=ids.id("message") name="message" post_name=post_name("message", |f| &f.message) label=text(|s| s.message_label)
                    value=message error=error_for("message") control=Control::TextArea hint=counter required=true />
                {move || preset().honeypot_field().map(|field| view! {
                    <div class="solidarity-honeypot" aria-hidden="true">
                        <label>
                            {lang.get().strings().honeypot_label}
                            <input type="text" name=field tabindex="-1" autocomplete="off"
                                prop:value=move || honeypot.get()
                                on:input:target=move |ev| honeypot.set(ev.target().value()) />
                        </label>
                    </div>
                })}
                <ConsentField id=ids.id("consent") checked=consent error=error_for("consent")
                    name=post_name("consent", |f| &f.consent) />
                <button type="submit" disabled=move || {
                    sending.get()
                        || messages_config().is_none()
                        || (!hydrated.get() && plain_form().is_none())
                }>
                    {move || lang.get().strings().send}
                </button>
                {move || plain_form().is_none().then(|| view! {
                    <p class="solidarity-muted solidarity-without-js">{move || lang.get().strings().form_needs_js}</p>
                })}
                <p class="solidarity-status" role="status" aria-live="polite" tabindex="-1" node_ref=status_ref data-testid="support-status" data-state=state>
                    // Nothing, not an empty text, when idle: the prerendered HTML stays `:empty` (hidden).
                    {move || Some(status()).filter(|text| !text.is_empty())}
                </p>
            </form>
        </section>
    }
}

fn new_id() -> String {
    crate::ids::random_id()
}
