//! How the forms send through the outbox, and how they and the outbox list describe
//! where a submission stands.

use crate::courier::{Courier, Progress};
use crate::delivery::Entry;
use crate::i18n::{fill, Lang};
use leptos::prelude::*;

/// Sends `entry` through the outbox in a task (see `task::busy`): `sending` is set
/// meanwhile, the form's status line then gets focus (keyboard and screen-reader users
/// land on the outcome), and `delivered` runs if the entry was delivered.
pub fn send(
    entry: Entry,
    sending: RwSignal<bool>,
    status: NodeRef<leptos::html::P>,
    delivered: impl FnOnce() + 'static,
) {
    let courier = Courier::get();
    super::task::busy(sending, async move {
        let progress = courier.submit(entry).await;
        if let Some(status) = status.get_untracked() {
            let _ = status.focus();
        }
        if matches!(progress, Progress::Delivered { .. }) {
            delivered();
        }
    });
}

/// The status sentence for a submission: `sent` and `failed` are the form's own wording.
pub fn progress_text(progress: &Progress, lang: Lang, sent: &str, failed: &str) -> String {
    let strings = lang.strings();
    let reason = |error: &Option<crate::api::ApiError>| {
        error
            .as_ref()
            .map(|e| e.reason(lang))
            .unwrap_or_else(|| strings.err_network.to_owned())
    };
    match progress {
        Progress::Unknown => String::new(),
        Progress::Sending => strings.sending.to_owned(),
        Progress::Offline => strings.saved_offline.to_owned(),
        Progress::Waiting { error } => fill(strings.saved_retrying, &[("reason", &reason(error))]),
        Progress::Stopped { error } => fill(failed, &[("reason", &reason(error))]),
        Progress::Delivered { .. } => sent.to_owned(),
    }
}

/// A stable machine-readable state for tests and styling; `sending` while the form's
/// action is pending.
pub fn progress_state(progress: &Progress, pending: bool) -> &'static str {
    if pending {
        return "sending";
    }
    match progress {
        Progress::Unknown => "idle",
        Progress::Sending => "sending",
        Progress::Offline => "offline",
        Progress::Waiting { .. } => "queued",
        Progress::Stopped { .. } => "failed",
        Progress::Delivered { .. } => "sent",
    }
}

/// The backend's message about one of our fields (named in its own field names), when
/// it is in the reader's language (see [`crate::api::ApiError::message_in`]).
pub fn server_field_error(
    progress: &Progress,
    canonical: &str,
    mapping: &[(String, String)],
    lang: Lang,
) -> Option<String> {
    let Progress::Stopped {
        error:
            Some(crate::api::ApiError::Http {
                field_errors,
                lang: said,
                ..
            }),
    } = progress
    else {
        return None;
    };
    if said.unwrap_or(Lang::En) != lang {
        return None;
    }
    let backend_name = mapping
        .iter()
        .find(|(name, _)| name == canonical)
        .map(|(_, backend)| backend.as_str())
        .unwrap_or(canonical);
    field_errors
        .iter()
        .find(|(field, _)| field == backend_name)
        .map(|(_, message)| message.clone())
}
