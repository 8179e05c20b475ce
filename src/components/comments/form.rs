use super::ReplyTarget;
use crate::api::{self, NewComment};
use crate::components::app::{ConfigResource, IdPrefix, LangContext};
use crate::components::field::{Control, Field};
use crate::i18n::fill;
use crate::thread::Comment;
use crate::validate::CommentDraft;
use leptos::html;
use leptos::prelude::*;

/// The form for a new comment, or a reply when a "Reply" button chose a parent.
#[component]
pub(super) fn CommentForm(endpoint: String, posted: RwSignal<Vec<Comment>>) -> impl IntoView {
    let LangContext { lang, .. } = expect_context();
    let config = expect_context::<ConfigResource>();
    let ids = expect_context::<IdPrefix>();
    let reply_to = expect_context::<RwSignal<Option<ReplyTarget>>>();

    let author = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let show_errors = RwSignal::new(false);
    let comment_id = RwSignal::new(uuid::Uuid::new_v4().to_string());
    let form_ref = NodeRef::<html::Form>::new();

    let draft = move || CommentDraft {
        author: author.get(),
        body: body.get(),
    };
    let errors = Memo::new(move |_| draft().validate());
    let error_for = move |field: &'static str| {
        Signal::derive(move || {
            show_errors.get().then(|| {
                errors.with(|errors| {
                    errors
                        .iter()
                        .find(|error| error.field == field)
                        .map(|error| error.message(lang.get()))
                })
            })?
        })
    };
    let timeout_ms = move || {
        config
            .get()
            .and_then(Result::ok)
            .map(|c| c.messages.timeout_ms)
            .unwrap_or(crate::config::DEFAULT_TIMEOUT_MS)
    };

    let post = Action::new_local(move |new: &NewComment| {
        let (endpoint, new, timeout) = (endpoint.clone(), new.clone(), timeout_ms());
        async move {
            let result = api::post_comment(endpoint, new, timeout).await;
            if let Ok(stored) = &result {
                posted.update(|list| list.push(stored.clone()));
                body.set(String::new());
                show_errors.set(false);
                reply_to.set(None);
                comment_id.set(uuid::Uuid::new_v4().to_string());
            }
            result
        }
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if post.pending().get_untracked() {
            return;
        }
        if let Some(first) = errors.get_untracked().first() {
            show_errors.set(true);
            post.value().set(None);
            if let Some(form) = form_ref.get_untracked() {
                crate::browser::focus_named(&form, first.field);
            }
            return;
        }
        post.dispatch(NewComment {
            id: comment_id.get_untracked(),
            parent_id: reply_to.get_untracked().map(|target| target.id),
            author: author.get_untracked().trim().to_owned(),
            body: body.get_untracked().trim().to_owned(),
            lang: lang.get_untracked(),
        });
    };

    let status = move || {
        let strings = lang.get().strings();
        if post.pending().get() {
            return strings.comment_posting.to_owned();
        }
        if show_errors.get() && errors.with(|e| !e.is_empty()) {
            return strings.fix_errors.to_owned();
        }
        match post.value().get() {
            Some(Ok(comment)) if comment.pending => strings.comment_pending.to_owned(),
            Some(Ok(_)) => strings.comment_published.to_owned(),
            Some(Err(error)) => fill(
                strings.comment_failed,
                &[("reason", &error.reason(lang.get()))],
            ),
            None => String::new(),
        }
    };
    let text = move |pick: fn(&'static crate::i18n::Strings) -> &'static str| {
        Signal::derive(move || pick(lang.get().strings()).to_owned())
    };

    view! {
        <form class="solidarity-comment-form" data-testid="comment-form" novalidate node_ref=form_ref on:submit=on_submit>
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
                error=error_for("author") autocomplete="name" required=true />
            <Field id=ids.id("body") name="body" label=text(|s| s.body_label) value=body
                error=error_for("body") control=Control::TextArea required=true />
            <button type="submit" disabled=move || post.pending().get()>
                {move || lang.get().strings().post_comment}
            </button>
            <p class="solidarity-status" role="status" aria-live="polite" data-testid="comment-status">
                {status}
            </p>
        </form>
    }
}
