//! Audit entries for console actions (placeholder until the store's audit log lands).

use super::error::ConsoleError;
use super::i18n::Lang;
use crate::routes::AppState;

/// What an entry records.
#[derive(Clone, Copy, Debug)]
pub enum Action {
    /// Signed in.
    SignIn,
    /// Signed out.
    SignOut,
    /// Approved a comment.
    Approve,
    /// Rejected a comment.
    Reject,
}

/// Records `action` by `who`.
pub async fn note(
    _state: &AppState,
    _lang: Lang,
    who: &str,
    action: Action,
    target: Option<&str>,
    _detail: Option<&str>,
) -> Result<(), ConsoleError> {
    tracing::info!("audit: {who} {action:?} {target:?}");
    Ok(())
}

/// Records a refused sign-in (never fails the answer).
pub async fn sign_in_failed(_state: &AppState, _lang: Lang, _name: &str, why: &str) {
    tracing::info!("audit: failed sign-in ({why})");
}
