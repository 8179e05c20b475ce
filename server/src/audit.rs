//! `audit`: prints the audit log, newest first, with control characters escaped.

use crate::store::audit::AuditEntry;
use crate::store::Database;
use crate::text::terminal_safe;
use crate::BoxError;
use std::io::Write;

/// One entry as a line: `seq  at  actor  action  target  detail` (`-` when empty).
pub fn line(entry: &AuditEntry) -> String {
    let dash = |value: &Option<String>| {
        value
            .as_deref()
            .map_or("-".to_owned(), |v| terminal_safe(v, false))
    };
    format!(
        "{}  {}  {}  {}  {}  {}",
        entry.seq,
        entry.at,
        terminal_safe(&entry.actor, false),
        entry.action,
        dash(&entry.target),
        dash(&entry.detail)
    )
}

/// Writes the newest `limit` entries of the database at `db`; returns how many.
pub fn run(db: &Database, limit: u32, mut out: impl Write) -> Result<usize, BoxError> {
    let entries = db.open()?.audit_list(limit, None)?;
    if entries.is_empty() {
        writeln!(out, "the audit log is empty")?;
    }
    for entry in &entries {
        writeln!(out, "{}", line(entry))?;
    }
    out.flush()?;
    Ok(entries.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_escape_control_characters() {
        let entry = AuditEntry {
            seq: 7,
            at: "2026-12-01T10:00:00Z".into(),
            actor: "Anna\r\u{1b}[2J".into(),
            action: "reply".into(),
            target: Some("c1".into()),
            detail: None,
        };
        assert_eq!(
            line(&entry),
            "7  2026-12-01T10:00:00Z  Anna\\r\\u{001B}[2J  reply  c1  -"
        );
    }
}
