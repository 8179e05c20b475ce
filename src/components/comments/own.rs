//! The reader's own comments: the delete tokens their posts' answers carried, kept on
//! this device under `solidarity.delete.<comment id>` (the token only, never a name or
//! text), and the "Delete my comment" control with its confirmation. Tokens stay in
//! `sessionStorage` in both "leave no trace" modes: on a shared device a token is proof
//! of who wrote a comment, so it leaves with the tab (listed in `device::PAGE_KEYS`, so
//! "clear" removes it too).

use crate::api::Deletion;
use crate::i18n::{fill, Lang};
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

/// Deletes the comment whose "Delete my comment" `button` (drawn by `item.rs` where this
/// device holds the token, while comments are open) was pressed, once the reader confirms.
/// The button is disabled meanwhile; a deleted comment leaves the thread, a refusal or a
/// failure is said beside the button.
pub(super) fn delete(
    button: web_sys::Element,
    id: String,
    endpoint: super::CommentsEndpoint,
    own: OwnComments,
    lang: Signal<Lang>,
) {
    let (Some(endpoint), Some(token)) = (
        endpoint.get_untracked(),
        own.tokens.with_untracked(|t| t.get(&id).cloned()),
    ) else {
        return;
    };
    let strings = lang.get_untracked().strings();
    let confirmed = crate::browser::window()
        .and_then(|w| w.confirm_with_message(strings.delete_own_confirm).ok())
        .unwrap_or(false);
    if !confirmed || button.has_attribute("disabled") {
        return;
    }
    let _ = button.set_attribute("disabled", "");
    leptos::task::spawn_local(async move {
        let outcome = crate::api::delete_own_comment(&endpoint, &id, &token).await;
        let _ = button.remove_attribute("disabled");
        let lang = lang.get_untracked();
        let strings = lang.strings();
        let problem = match outcome {
            Ok(Deletion::Deleted) => {
                own.forget(&id);
                own.deleted.update(|d| {
                    d.insert(id);
                });
                return;
            }
            Ok(Deletion::Refused) => strings.delete_own_refused.to_owned(),
            Err(error) => fill(
                strings.delete_own_failed,
                &[("reason", &error.reason(lang))],
            ),
        };
        show_problem(&button, &problem);
    });
}

/// Says `text` in the alert after the button (made the first time).
fn show_problem(button: &web_sys::Element, text: &str) {
    const MARK: &str = "delete-own-error";
    let shown = button
        .next_element_sibling()
        .filter(|next| next.get_attribute("data-testid").as_deref() == Some(MARK));
    if let Some(alert) = shown {
        alert.set_text_content(Some(text));
        return;
    }
    // An element with a text node, as the thread's are (dom.rs): no markup is parsed.
    let Some(alert) = button
        .owner_document()
        .and_then(|document| document.create_element("span").ok())
    else {
        return;
    };
    alert.set_class_name("solidarity-error");
    let _ = alert.set_attribute("role", "alert");
    let _ = alert.set_attribute("data-testid", MARK);
    alert.set_text_content(Some(text));
    let _ = button.insert_adjacent_element("afterend", &alert);
    let _ = button.insert_adjacent_text("afterend", " ");
}
