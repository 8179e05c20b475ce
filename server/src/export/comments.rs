//! `export --comments`: every comment, any status, in the same CSV (spreadsheet-safe)
//! and JSON formats as the messages.

use super::{csv_writer, neutralise, write_json, Format};
use crate::store::lifecycle::ReviewComment;
use crate::BoxError;
use std::io::Write;

/// The CSV header row, in column order.
pub const COLUMNS: [&str; 9] = [
    "id",
    "created_at",
    "status",
    "staff",
    "parent_id",
    "author",
    "lang",
    "reports",
    "body",
];

/// Writes comments as CSV.
pub fn write_csv(comments: &[ReviewComment], out: impl Write) -> Result<(), BoxError> {
    let mut writer = csv_writer(out, &COLUMNS)?;
    for comment in comments {
        let reports = comment.reports.to_string();
        let row = [
            comment.id.as_str(),
            &comment.created_at,
            comment.status.as_str(),
            if comment.staff { "yes" } else { "no" },
            comment.parent_id.as_deref().unwrap_or(""),
            &comment.author,
            &comment.lang,
            &reports,
            &comment.body,
        ];
        writer.write_record(row.iter().map(|cell| neutralise(cell).into_owned()))?;
    }
    writer.flush()?;
    Ok(())
}

/// Writes `comments` in `format` (the console's download and `export --comments`).
pub fn export_comments(
    comments: &[ReviewComment],
    format: Format,
    out: impl Write,
) -> Result<(), BoxError> {
    match format {
        Format::Csv => write_csv(comments, out),
        Format::Json => write_json(comments, out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Status;

    fn comment(author: &str, body: &str) -> ReviewComment {
        ReviewComment {
            id: "c1".into(),
            parent_id: None,
            parent_excerpt: None,
            author: author.into(),
            body: body.into(),
            lang: "ru".into(),
            status: Status::Pending,
            staff: false,
            created_at: "2026-01-01T00:00:00Z".into(),
            reports: 2,
        }
    }

    #[test]
    fn comment_csv_is_spreadsheet_safe() {
        let mut out = Vec::new();
        export_comments(&[comment("@Лена", "=1+1")], Format::Csv, &mut out).expect("csv");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with("\u{feff}\"id\",\"created_at\",\"status\""));
        assert!(text.contains("\"pending\",\"no\",\"\",\"'@Лена\",\"ru\",\"2\",\"'=1+1\"\r\n"));
    }

    #[test]
    fn comment_json_names_every_field() {
        let mut out = Vec::new();
        export_comments(&[comment("Лена", "hi")], Format::Json, &mut out).expect("json");
        let value: serde_json::Value = serde_json::from_slice(&out).expect("parse");
        assert_eq!(value[0]["status"], "pending");
        assert_eq!(value[0]["reports"], 2);
        assert_eq!(value[0]["staff"], false);
    }
}
