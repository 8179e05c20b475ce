//! The "Report" control on a published comment: it asks the moderators to look at the
//! comment (which stays visible) and thanks the reader. Reports carry only a random id
//! kept for this tab, so a second click changes nothing on the server.

use super::labels::Label;
use super::CommentsEndpoint;
use crate::i18n::Lang;
use leptos::prelude::*;

/// Marks a report button while its report is on its way (a press then does nothing).
const SENDING: &str = "data-sending";

/// Sends the report `button` (drawn by `item.rs`, only while comments are open) asks for,
/// then says in the status beside it how that went, in the reader's language of the
/// moment (marked, so the thread's labels effect switches it).
pub(super) fn report(
    button: web_sys::Element,
    comment_id: String,
    endpoint: CommentsEndpoint,
    lang: Signal<Lang>,
) {
    let Some(endpoint) = endpoint.get_untracked() else {
        return;
    };
    if button.has_attribute(SENDING) {
        return;
    }
    let _ = button.set_attribute(SENDING, "");
    let status = button.next_element_sibling();
    if let Some(status) = &status {
        let _ = status.remove_attribute("data-label");
        status.set_text_content(None);
    }
    leptos::task::spawn_local(async move {
        let reporter = crate::browser::reporter_id();
        let sent = crate::api::report_comment(&endpoint, &comment_id, &reporter).await;
        let _ = button.remove_attribute(SENDING);
        let label = match sent {
            Ok(()) => Label::ReportThanks,
            Err(_) => Label::ReportFailed,
        };
        if let Some(status) = status {
            let _ = status.set_attribute("data-label", label.key());
            status.set_text_content(Some(label.text(lang.get_untracked().strings())));
        }
    });
}
