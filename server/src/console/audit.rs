//! Audit entries for console actions that change nothing else (sign-in, sign-out,
//! export); the store writes the others in the same transaction as the change.

use super::error::{blocking, ConsoleError};
use super::i18n::Lang;
use crate::routes::AppState;
use crate::store::audit::Actor;
pub use crate::store::audit::AuditAction as Action;

/// Records `action` by `who` now.
pub async fn note(
    state: &AppState,
    lang: Lang,
    who: &str,
    action: Action,
    target: Option<&str>,
    detail: Option<&str>,
) -> Result<(), ConsoleError> {
    let store = state.store.clone();
    let at = state.auth.clock.now();
    let (who, target, detail) = (
        who.to_owned(),
        target.map(str::to_owned),
        detail.map(str::to_owned),
    );
    blocking(lang, move || {
        store.audit_append(
            &Actor::new(&who, at),
            action,
            target.as_deref(),
            detail.as_deref(),
        )
    })
    .await
}

/// Records a refused sign-in. The actor is `anonymous` (the answer never says whether
/// the name exists, nor does the log); the submitted name is the target, cut to 64
/// characters. A storage failure is logged and does not change the answer.
pub async fn sign_in_failed(state: &AppState, lang: Lang, name: &str, why: &str) {
    let name: String = name.chars().take(64).collect();
    if let Err(error) = note(
        state,
        lang,
        "anonymous",
        Action::SignInFailed,
        Some(&name),
        Some(why),
    )
    .await
    {
        tracing::warn!("could not audit a failed sign-in: {:?}", error.status);
    }
}
