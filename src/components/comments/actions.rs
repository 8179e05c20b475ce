//! The thread's one click listener. The Reply, Report and Delete my comment buttons
//! `item.rs` draws carry `data-action`, and their comment's element its id, so one
//! listener on the list serves every comment (none is attached per comment).

use super::{own, report, CommentsEndpoint, ReplyTarget};
use crate::i18n::Lang;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the buttons act on.
#[derive(Clone, Copy)]
pub(super) struct Thread {
    pub endpoint: CommentsEndpoint,
    pub own: own::OwnComments,
    pub reply_to: RwSignal<Option<ReplyTarget>>,
    pub lang: Signal<Lang>,
}

impl Thread {
    /// Handles a click anywhere in the thread list: on a button, what it says.
    pub fn click(self, event: &web_sys::MouseEvent) {
        let button = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .and_then(|target| target.closest("button[data-action]").ok().flatten());
        let Some(button) = button else {
            return;
        };
        let Some(comment) = button.closest("[data-comment-id]").ok().flatten() else {
            return;
        };
        let Some(id) = comment.get_attribute("data-comment-id") else {
            return;
        };
        match button.get_attribute("data-action").as_deref() {
            Some("reply") => {
                // The comment's own author: its header comes before its replies'.
                let author = comment
                    .query_selector(".solidarity-author")
                    .ok()
                    .flatten()
                    .and_then(|author| author.text_content())
                    .unwrap_or_default();
                self.reply_to.set(Some(ReplyTarget { id, author }));
            }
            Some("report") => report::report(button, id, self.endpoint, self.lang),
            Some("delete") => own::delete(button, id, self.endpoint, self.own, self.lang),
            _ => {}
        }
    }
}
