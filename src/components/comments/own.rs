//! The reader's own comments: the delete tokens their posts' answers carried, kept on
//! this device under `solidarity.delete.<comment id>` (the token only, never a name or
//! text), and the "Delete my comment" control with its confirmation. Tokens stay in
//! `sessionStorage` in both "leave no trace" modes: on a shared device a token is proof
//! of who wrote a comment, so it leaves with the tab (listed in `device::PAGE_KEYS`, so
//! "clear" removes it too).

use super::labels::Label;
use crate::api::Deletion;
use crate::components::context::Widget;
use crate::i18n::fill;
use leptos::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

const KEY_PREFIX: &str = "solidarity.delete.";

fn storage() -> Option<web_sys::Storage> {
    crate::browser::window()?.session_storage().ok().flatten()
}

/// The delete tokens this device holds, and the comments deleted during this visit.
#[derive(Clone, Copy)]
pub(super) struct OwnComments {
    /// The thread is drawn again when these change, so they change only when they differ.
    pub tokens: RwSignal<BTreeMap<String, String>>,
    pub deleted: RwSignal<BTreeSet<String>>,
}

impl OwnComments {
    /// No tokens yet (see [`OwnComments::load`]).
    pub fn new() -> Self {
        OwnComments {
            tokens: RwSignal::new(BTreeMap::new()),
            deleted: RwSignal::new(BTreeSet::new()),
        }
    }

    /// Whether this device holds the comment's token (not tracked: the thread tracks them).
    pub fn holds(self, id: &str) -> bool {
        self.tokens.with_untracked(|t| t.contains_key(id))
    }

    /// Loads every stored token.
    pub fn load(self) {
        let Some(storage) = storage() else { return };
        let count = storage.length().unwrap_or(0);
        let mut found = BTreeMap::new();
        for index in 0..count {
            let Some(key) = storage.key(index).ok().flatten() else {
                continue;
            };
            if let Some(id) = key.strip_prefix(KEY_PREFIX) {
                if let Some(token) = storage.get_item(&key).ok().flatten() {
                    found.insert(id.to_owned(), token);
                }
            }
        }
        if self.tokens.with_untracked(|t| *t != found) {
            self.tokens.set(found);
        }
    }

    /// Keeps the token a post's answer carried (a retry's new one replaces it).
    pub fn keep(self, id: &str, token: String) {
        if self.tokens.with_untracked(|t| t.get(id) == Some(&token)) {
            return;
        }
        if let Some(storage) = storage() {
            let _ = storage.set_item(&format!("{KEY_PREFIX}{id}"), &token);
        }
        self.tokens.update(|t| {
            t.insert(id.to_owned(), token);
        });
    }

    fn forget(self, id: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&format!("{KEY_PREFIX}{id}"));
        }
        self.tokens.update(|t| {
            t.remove(id);
        });
    }
}

/// "Delete my comment" on a comment this device holds the token of (the thread draws it
/// only there, and only while comments are open).
#[component]
pub(super) fn DeleteOwn(comment_id: String) -> impl IntoView {
    let Widget { lang, .. } = Widget::get();
    let super::ThreadContext {
        endpoint: comments,
        own,
        ..
    } = super::ThreadContext::get();
    let problem = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let id = comment_id;
    let on_click = move |_| {
        let (Some(endpoint), Some(token)) = (
            comments.get_untracked(),
            own.tokens.with_untracked(|t| t.get(&id).cloned()),
        ) else {
            return;
        };
        let strings = lang.get_untracked().strings();
        let confirmed = crate::browser::window()
            .and_then(|w| w.confirm_with_message(strings.delete_own_confirm).ok())
            .unwrap_or(false);
        if !confirmed || busy.get_untracked() {
            return;
        }
        busy.set(true);
        let id = id.clone();
        leptos::task::spawn_local(async move {
            let outcome = crate::api::delete_own_comment(&endpoint, &id, &token).await;
            busy.set(false);
            let strings = lang.get_untracked().strings();
            match outcome {
                Ok(Deletion::Deleted) => {
                    own.forget(&id);
                    own.deleted.update(|d| {
                        d.insert(id);
                    });
                }
                Ok(Deletion::Refused) => problem.set(Some(strings.delete_own_refused.to_owned())),
                Err(error) => problem.set(Some(fill(
                    strings.delete_own_failed,
                    &[("reason", &error.reason(lang.get_untracked()))],
                ))),
            }
        });
    };
    // Drawn in the language of the moment; the thread switches it (labels.rs).
    let label = lang.get_untracked().strings().delete_own;
    view! {
        " "
        <button type="button" class="solidarity-link-button solidarity-needs-js" data-testid="delete-own"
            data-label=Label::DeleteOwn.key() disabled=move || busy.get() on:click=on_click>
            {label}
        </button>
        {move || problem.get().map(|text| view! {
            " " <span class="solidarity-error" role="alert" data-testid="delete-own-error">{text}</span>
        })}
    }
}
