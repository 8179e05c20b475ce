//! The "Report" control on a published comment: it asks the moderators to look at the
//! comment (which stays visible) and thanks the reader. Reports carry only a random id
//! kept for this tab, so a second click changes nothing on the server.

use super::labels::Label;
use crate::components::context::Widget;
use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ReportState {
    Idle,
    Sending,
    Sent,
    Failed,
}

/// A report button and the polite status next to it (the thread draws it only while
/// comments are open: there is a backend to report to).
#[component]
pub(super) fn ReportButton(comment_id: String) -> impl IntoView {
    let Widget { lang, .. } = Widget::get();
    let state = RwSignal::new(ReportState::Idle);
    let comments = super::ThreadContext::get().endpoint;
    let send = move |_| {
        let Some(endpoint) = comments.get_untracked() else {
            return;
        };
        if state.get_untracked() == ReportState::Sending {
            return;
        }
        state.set(ReportState::Sending);
        let id = comment_id.clone();
        leptos::task::spawn_local(async move {
            let reporter = crate::browser::reporter_id();
            let sent = crate::api::report_comment(&endpoint, &id, &reporter).await;
            state.set(match sent {
                Ok(()) => ReportState::Sent,
                Err(_) => ReportState::Failed,
            });
        });
    };
    let status = move || match state.get() {
        ReportState::Sent => lang.get().strings().report_thanks,
        ReportState::Failed => lang.get().strings().report_failed,
        ReportState::Idle | ReportState::Sending => "",
    };
    // Drawn in the language of the moment; the thread switches it (labels.rs).
    let strings = lang.get_untracked().strings();
    view! {
        " "
        <button
            type="button"
            class="solidarity-link-button solidarity-needs-js"
            data-testid="report-comment"
            data-label=Label::Report.key()
            aria-label=strings.report_label
            on:click=send
        >
            {strings.report}
        </button>
        " "
        <span class="solidarity-muted" role="status" data-testid="report-status">
            {status}
        </span>
    }
}
