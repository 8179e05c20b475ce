//! Reading the wall of support from its endpoint, a page at a time.

use super::{get, page_url, ApiError, SuccessRule};
use crate::wall::{parse_wall_page, WallPage, PAGE_SIZE};

/// The page of `endpoint` after cursor `after` (the first page for `None`).
pub async fn load_wall_page(endpoint: &str, after: Option<&str>) -> Result<WallPage, ApiError> {
    let separator = if endpoint.contains('?') { '&' } else { '?' };
    let sized = format!("{endpoint}{separator}limit={PAGE_SIZE}");
    let url = match after {
        Some(cursor) => page_url(&sized, cursor),
        None => sized,
    };
    let answer = get(&url).await?;
    answer.judge(SuccessRule::AnyTwoHundred)?;
    parse_wall_page(&answer.body).map_err(|_| ApiError::Unreadable)
}
