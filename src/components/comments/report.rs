//! The "Report" control on a published comment: it asks the moderators to look at the
//! comment (which stays visible) and thanks the reader. Reports carry only a random id
//! kept for this tab, so a second click changes nothing on the server.
//!
//! How each report went is remembered for the visit (by comment id, in memory only), so
//! the thread, drawn again when it grows or changes, still says it.

use super::labels::Label;
use super::CommentsEndpoint;
use crate::i18n::Lang;
use leptos::prelude::*;
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Where a report stands, per comment id.
#[derive(Clone, Copy, PartialEq)]
enum Report {
    Sending,
    Done(Label),
}

thread_local! {
    static REPORTS: RefCell<BTreeMap<String, Report>> = const { RefCell::new(BTreeMap::new()) };
}

/// How the reader's report of `comment_id` went, once it has (drawn by `item.rs`).
pub(super) fn outcome(comment_id: &str) -> Option<Label> {
    REPORTS.with_borrow(|reports| match reports.get(comment_id) {
        Some(Report::Done(label)) => Some(*label),
        _ => None,
    })
}

fn set(comment_id: &str, report: Report) {
    REPORTS.with_borrow_mut(|reports| reports.insert(comment_id.to_owned(), report));
}

/// Sends the report `button` (drawn by `item.rs`, only while comments are open) asks for,
/// then says in the comment's status how that went, in the reader's language of the
/// moment (marked, so the thread's labels effect switches it). A press while the report
/// is on its way does nothing.
pub(super) fn report(
    button: web_sys::Element,
    comment_id: String,
    endpoint: CommentsEndpoint,
    lang: Signal<Lang>,
) {
    let Some(endpoint) = endpoint.get_untracked() else {
        return;
    };
    let sending = REPORTS.with_borrow(|r| r.get(&comment_id) == Some(&Report::Sending));
    if sending {
        return;
    }
    set(&comment_id, Report::Sending);
    // The thread may be drawn again meanwhile: the status is looked up in the list then.
    let list = button.closest("ol.solidarity-thread").ok().flatten();
    show(list.as_ref(), &comment_id, None, lang);
    leptos::task::spawn_local(async move {
        let reporter = crate::browser::reporter_id();
        let sent = crate::api::report_comment(&endpoint, &comment_id, &reporter).await;
        let label = match sent {
            Ok(()) => Label::ReportThanks,
            Err(_) => Label::ReportFailed,
        };
        set(&comment_id, Report::Done(label));
        show(list.as_ref(), &comment_id, Some(label), lang);
    });
}

/// Puts `label` (or nothing) into the status of the comment `comment_id` in `list`.
fn show(
    list: Option<&web_sys::Element>,
    comment_id: &str,
    label: Option<Label>,
    lang: Signal<Lang>,
) {
    let Some(comments) = list.and_then(|list| list.query_selector_all("[data-comment-id]").ok())
    else {
        return;
    };
    let comment = crate::browser::elements(comments)
        .find(|comment| comment.get_attribute("data-comment-id").as_deref() == Some(comment_id));
    let status = comment.and_then(|comment| {
        comment
            .query_selector(":scope > article > [data-testid=report-status]")
            .ok()
            .flatten()
    });
    let Some(status) = status else {
        return;
    };
    match label {
        Some(label) => {
            let _ = status.set_attribute("data-label", label.key());
            status.set_text_content(Some(label.text(lang.get_untracked().strings())));
        }
        None => {
            let _ = status.remove_attribute("data-label");
            status.set_text_content(None);
        }
    }
}
