use super::ReplyTarget;
use crate::api::{request::comment_request, NewComment};
use crate::components::context::Widget;
use crate::components::delivery_status::{progress_state, progress_text};
use crate::components::field::{localized, Control, Field};
use crate::courier::{Courier, Progress};
use crate::delivery::{Entry, Kind};
use crate::i18n::fill;
use crate::validate::CommentDraft;
use leptos::html;
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;

/// The fields of the comment form, owned by the comments section so that what the reader
/// typed outlives the form itself: the form is made again when the live configuration
/// names another endpoint than the prerendered one, right after the take-over.
#[derive(Clone, Copy)]
pub(super) struct CommentFields {
    pub author: RwSignal<String>,
    pub body: RwSignal<String>,
}

impl CommentFields {
    /// The fields, starting from the draft saved in this tab or on this device (its body:
    /// a draft never holds the author).
    pub fn from_draft() -> Self {
        let saved: CommentDraft = crate::browser::load_draft("comment").unwrap_or_default();
        CommentFields {
            author: RwSignal::new(saved.author),
            body: RwSignal::new(saved.body),
        }
    }
}

/// The form for a new comment, or a reply when a "Reply" button chose a parent. Posts go
/// through the same outbox as messages of support.
#[component]
pub(super) fn CommentForm(
    endpoint: String,
    fields: CommentFields,
    reply_to: RwSignal<Option<ReplyTarget>>,
) -> impl IntoView {
    let Widget {
        lang, config, ids, ..
    } = Widget::get();

    let CommentFields { author, body } = fields;
    let show_errors = RwSignal::new(false);
    let comment_id = RwSignal::new(crate::ids::random_id());
    // The Idempotency-Key: changes with the id, stays the same for its retries.
    let comment_key = RwSignal::new(crate::ids::random_id());
    let renew = move || {
        comment_id.set(crate::ids::random_id());
        comment_key.set(crate::ids::random_id());
    };
    let submitted = RwSignal::new(None::<String>);
    // What the last press of Send sent: read and written by the handlers only, so not a signal.
    let last_sent = Rc::new(RefCell::new(None::<(CommentDraft, Option<ReplyTarget>)>));
    let form_ref = NodeRef::<html::Form>::new();
    let status_ref = NodeRef::<html::P>::new();

    let draft = move || CommentDraft {
        author: author.get(),
        body: body.get(),
    };
    crate::components::reactive::effect(move || {
        let current = draft();
        let empty = current == CommentDraft::default();
        crate::browser::save_draft("comment", &current, empty);
    });
    // Not a memo: validating is cheap, and the views it feeds only change what differs.
    let errors = move || draft().validate();
    let error_for = move |field: &'static str| {
        Signal::derive(move || {
            show_errors.get().then(|| {
                errors()
                    .iter()
                    .find(|e| e.field == field)
                    .map(|e| e.message(lang.get()))
            })?
        })
    };
    // Not a memo: cheap to read again, and the texts and attributes it feeds are only
    // set when they differ.
    let progress = move || {
        submitted.with(|id| {
            id.as_deref()
                .map_or(Progress::Unknown, |id| Courier::get().progress(id))
        })
    };
    let fallbacks = move || {
        config
            .get_untracked()
            .and_then(Result::ok)
            .map(|c| c.comments.fallback_endpoints)
            .unwrap_or_default()
    };
    let timeout_ms = move || {
        config
            .get()
            .and_then(Result::ok)
            .map(|c| c.messages.timeout_ms)
            .unwrap_or(crate::config::DEFAULT_TIMEOUT_MS)
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
        let current = (draft(), reply_to.get_untracked());
        if last_sent
            .borrow()
            .as_ref()
            .is_some_and(|previous| *previous != current)
        {
            renew();
        }
        *last_sent.borrow_mut() = Some(current);
        let new = NewComment {
            id: comment_id.get_untracked(),
            parent_id: reply_to.get_untracked().map(|target| target.id),
            author: author.get_untracked().trim().to_owned(),
            body: body.get_untracked().trim().to_owned(),
            lang: lang.get_untracked(),
        };
        let request = comment_request(&endpoint, &new, &comment_key.get_untracked());
        submitted.set(Some(new.id.clone()));
        let now = js_sys::Date::now() as u64;
        let summary = new.body.clone();
        let entry = Entry::new(
            new.id.clone(),
            Kind::Comment(new),
            request,
            timeout_ms(),
            &summary,
            now,
        )
        .with_fallbacks(fallbacks());
        let last_sent = last_sent.clone();
        crate::components::delivery_status::send(entry, sending, status_ref, move || {
            body.set(String::new());
            reply_to.set(None);
            renew();
            *last_sent.borrow_mut() = None;
        });
    };

    let status = move || {
        let strings = lang.get().strings();
        if show_errors.get() && !errors().is_empty() {
            return strings.fix_errors.to_owned();
        }
        if sending.get() {
            return strings.comment_posting.to_owned();
        }
        let sent = match progress() {
            Progress::Delivered { status: 202, .. } => strings.comment_pending,
            _ => strings.comment_published,
        };
        progress_text(&progress(), lang.get(), sent, strings.comment_failed)
    };
    let state = move || progress_state(&progress(), sending.get());
    let text = move |pick| localized(lang, pick);

    view! {
        <form class="solidarity-comment-form solidarity-needs-js" data-testid="comment-form" novalidate node_ref=form_ref on:submit=on_submit>
            <h3>{move || lang.get().strings().comment_form_heading}</h3>
            {move || reply_to.get().map(|target| view! {
                <p class="solidarity-replying" data-testid="replying-to">
                    {fill(lang.get().strings().replying_to, &[("author", &target.author)])}
                    " "
                    <button type="button" class="solidarity-link-button" on:click=move |_| reply_to.set(None)>
                        {lang.get().strings().cancel_reply}
                    </button>
                </p>
            })}
            <Field id=ids.id("author") name="author" label=text(|s| s.author_label) value=author
                error=error_for("author") autocomplete="name" required=true hint=text(|s| s.pseudonym_hint) />
            <Field id=ids.id("body") name="body" label=text(|s| s.body_label) value=body
                error=error_for("body") control=Control::TextArea required=true />
            <button type="submit" disabled=move || sending.get()>
                {move || lang.get().strings().post_comment}
            </button>
            <p class="solidarity-status" role="status" aria-live="polite" tabindex="-1" node_ref=status_ref data-testid="comment-status" data-state=state>
                // Nothing, not an empty text, when idle: the prerendered HTML stays `:empty` (hidden).
                {move || Some(status()).filter(|text| !text.is_empty())}
            </p>
        </form>
    }
}
