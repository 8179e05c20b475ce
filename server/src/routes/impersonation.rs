//! Refuses a reader comment whose author name equals or imitates the organisation's name
//! or a staff member's (see [`crate::text::skeleton`]): 422 in the reader's language.

use super::{ApiError, AppState};
use crate::text::skeleton;
use axum::http::StatusCode;

/// The refusal, in English and Russian (the answer picks one, see [`ApiError::in_lang`]).
pub fn refusal() -> ApiError {
    ApiError::unprocessable(
        "author",
        "This name belongs to the organisation or its staff. Please choose another name.",
    )
    .in_russian(
        "Это имя принадлежит организации или её сотрудникам. Выберите, пожалуйста, другое имя.",
    )
}

/// `Ok` when `author` imitates nobody protected; 422 when it does.
pub async fn check(state: &AppState, author: &str) -> Result<(), ApiError> {
    let store = state.store.clone();
    let mut protected = tokio::task::spawn_blocking(move || store.staff_names())
        .await
        .map_err(|_| {
            ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "checking the name failed",
            )
        })??;
    protected.push(state.org_name.to_string());
    match skeleton::imitated(author, &protected) {
        Some(_) => Err(refusal()),
        None => Ok(()),
    }
}
