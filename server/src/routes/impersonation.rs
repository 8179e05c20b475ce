//! Refuses a reader comment whose author name equals or imitates the organisation's name
//! or a staff member's (see [`crate::text::skeleton`]): 422 in the comment's language.

use super::{ApiError, AppState};
use crate::text::skeleton;
use axum::http::StatusCode;

/// The refusal, in the reader's language (`en` unless `ru`).
pub fn refusal(lang: &str) -> ApiError {
    let text = if lang == "ru" {
        "Это имя принадлежит организации или её сотрудникам. Выберите, пожалуйста, другое имя."
    } else {
        "This name belongs to the organisation or its staff. Please choose another name."
    };
    ApiError::unprocessable("author", text)
}

/// `Ok` when `author` imitates nobody protected; 422 when it does.
pub async fn check(state: &AppState, author: &str, lang: &str) -> Result<(), ApiError> {
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
        Some(_) => Err(refusal(lang)),
        None => Ok(()),
    }
}
