//! What the page keeps on the reader's device, in one place: every key it owns, where
//! each lives, the "leave no trace" mode and "clear what this page stored".
//!
//! Rules (review M8, issue 14):
//! - identity (name, e-mail, location, comment author) is never written to
//!   `localStorage`, in either mode; drafts hold only the text (and the consent box);
//! - the outbox holds whole requests, identity included, so it lives in `sessionStorage`
//!   (this tab) in both modes, and entries leave it the moment they are delivered;
//! - under "leave no trace" everything else (text drafts, the language choice) goes to
//!   `sessionStorage` too, so closing the tab leaves nothing; with it off, text drafts and
//!   the language choice stay in `localStorage`.

use std::cell::Cell;

/// Every key the page writes starts with this; "clear" removes all of them.
pub const PREFIX: &str = "solidarity.";

/// Which storage a key lives in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// `sessionStorage` always.
    Tab,
    /// `localStorage`, or `sessionStorage` under "leave no trace".
    Device,
}

/// Every key (or key prefix, ending in `.`) the page owns, with where it lives.
pub const PAGE_KEYS: [(&str, Place); 10] = [
    ("solidarity.lang", Place::Device),
    ("solidarity.lang.", Place::Device),
    ("solidarity.draft.support", Place::Device),
    ("solidarity.draft.comment", Place::Device),
    ("solidarity.outbox", Place::Tab),
    ("solidarity.outbox.unreadable.", Place::Tab),
    ("solidarity.reporter", Place::Tab),
    ("solidarity.no_trace", Place::Tab),
    ("solidarity.endpoint.", Place::Tab),
    ("solidarity.delete.", Place::Tab),
];

/// The session key holding the reader's own choice ("1" or "0").
const NO_TRACE_KEY: &str = "solidarity.no_trace";

/// Whether `key` is one the page owns (listed in [`PAGE_KEYS`]).
pub fn is_page_key(key: &str) -> bool {
    PAGE_KEYS.iter().any(|(known, _)| {
        if known.ends_with('.') {
            key.starts_with(known) && key.len() > known.len()
        } else {
            key == *known
        }
    })
}

thread_local! {
    /// The campaign's `safety.no_trace`, once the configuration is known (safe until then).
    static CAMPAIGN_NO_TRACE: Cell<bool> = const { Cell::new(true) };
}

/// Records the campaign's default for "leave no trace".
pub fn set_campaign_default(no_trace: bool) {
    CAMPAIGN_NO_TRACE.with(|cell| cell.set(no_trace));
    if no_trace
        && session()
            .and_then(|s| s.get_item(NO_TRACE_KEY).ok().flatten())
            .is_none()
    {
        forget_on_device();
    }
}

/// Whether "leave no trace" is on: the reader's choice in this tab, else the campaign's.
pub fn no_trace() -> bool {
    match session().and_then(|s| s.get_item(NO_TRACE_KEY).ok().flatten()) {
        Some(choice) => choice == "1",
        None => CAMPAIGN_NO_TRACE.with(Cell::get),
    }
}

/// The reader turned "leave no trace" on or off (kept for this tab only). Turning it on
/// moves what the device kept into this tab.
pub fn set_no_trace(on: bool) {
    if let Some(session) = session() {
        let _ = session.set_item(NO_TRACE_KEY, if on { "1" } else { "0" });
    }
    if on {
        forget_on_device();
    }
}

/// `sessionStorage`, if the browser lets the page use it.
pub fn session() -> Option<web_sys::Storage> {
    crate::browser::window()?.session_storage().ok().flatten()
}

/// `localStorage`, if the browser lets the page use it.
pub fn local() -> Option<web_sys::Storage> {
    crate::browser::window()?.local_storage().ok().flatten()
}

/// Where a key of `place` is written now.
pub fn storage_for(place: Place) -> Option<web_sys::Storage> {
    match place {
        Place::Device if !no_trace() => local(),
        _ => session(),
    }
}

/// Reads a key: this tab's copy first, then the device's.
pub fn read(key: &str) -> Option<String> {
    [session(), local()]
        .into_iter()
        .flatten()
        .find_map(|storage| storage.get_item(key).ok().flatten())
}

/// Writes a key where its place says, removing a copy left in the other storage.
pub fn write(key: &str, place: Place, value: &str) {
    let target = storage_for(place);
    if let Some(storage) = &target {
        let _ = storage.set_item(key, value);
    }
    for other in [session(), local()].into_iter().flatten() {
        if target.as_ref() != Some(&other) {
            let _ = other.remove_item(key);
        }
    }
}

/// Removes a key from both storages.
pub fn remove(key: &str) {
    for storage in [session(), local()].into_iter().flatten() {
        let _ = storage.remove_item(key);
    }
}

/// Moves every page key out of `localStorage` into this tab (turning "no trace" on).
fn forget_on_device() {
    let (Some(local), session) = (local(), session()) else {
        return;
    };
    for key in page_keys_in(&local) {
        if let (Some(session), Ok(Some(value))) = (&session, local.get_item(&key)) {
            let _ = session.set_item(&key, &value);
        }
        let _ = local.remove_item(&key);
    }
}

fn page_keys_in(storage: &web_sys::Storage) -> Vec<String> {
    let count = storage.length().unwrap_or(0);
    (0..count)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with(PREFIX))
        .collect()
}

/// "Clear what this page stored on this device": removes every key with the page's
/// prefix from both storages (the reader's "no trace" choice for this tab is kept).
/// Returns how many keys were removed.
pub fn clear_all() -> usize {
    let keep = session().and_then(|s| s.get_item(NO_TRACE_KEY).ok().flatten());
    let mut removed = 0;
    for storage in [session(), local()].into_iter().flatten() {
        for key in page_keys_in(&storage) {
            if storage.remove_item(&key).is_ok() {
                removed += 1;
            }
        }
    }
    if let (Some(session), Some(choice)) = (session(), keep) {
        let _ = session.set_item(NO_TRACE_KEY, &choice);
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_the_page_writes_is_listed_under_the_prefix() {
        for (key, _) in PAGE_KEYS {
            assert!(key.starts_with(PREFIX), "{key}");
        }
        for key in [
            "solidarity.lang",
            "solidarity.lang.ru",
            "solidarity.draft.support",
            "solidarity.outbox",
            "solidarity.outbox.unreadable.17",
            "solidarity.endpoint.https://a.example/api",
        ] {
            assert!(is_page_key(key), "{key}");
        }
        for key in [
            "solidarity.lang.",
            "solidarity.other",
            "partner.token",
            "solidarity",
        ] {
            assert!(!is_page_key(key), "{key}");
        }
    }

    #[test]
    fn the_outbox_and_the_choice_live_in_the_tab() {
        let place = |name: &str| {
            PAGE_KEYS
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, p)| *p)
        };
        assert_eq!(place("solidarity.outbox"), Some(Place::Tab));
        assert_eq!(place("solidarity.no_trace"), Some(Place::Tab));
        assert_eq!(place("solidarity.draft.support"), Some(Place::Device));
    }
}
