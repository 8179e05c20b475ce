//! `export`: every support message as CSV (for spreadsheets) or JSON.
//!
//! The CSV opens correctly in Excel and LibreOffice, Cyrillic included: UTF-8 with a
//! byte-order mark, CRLF line ends, every field quoted. Cells that a spreadsheet would
//! run as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) get a leading `'`.

use crate::seal::Opener;
use crate::store::audit::{Actor, AuditAction};
use crate::store::files::create_private;
use crate::store::{Database, StoredMessage};
use crate::text::terminal_safe;
use crate::BoxError;
use std::borrow::Cow;
use std::io::Write;
use std::path::Path;

pub mod comments;

/// Output format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Spreadsheet-safe CSV (UTF-8 with BOM, CRLF, quoted).
    Csv,
    /// A JSON array of message objects.
    Json,
}

/// The CSV header row, in column order.
pub const COLUMNS: [&str; 10] = [
    "id",
    "received_at",
    "created_at",
    "client_created_at",
    "name",
    "email",
    "location",
    "lang",
    "consent",
    "message",
];

/// Prefixes `'` to a cell a spreadsheet would read as a formula.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{cell}")),
        _ => Cow::Borrowed(cell),
    }
}

/// A spreadsheet-safe CSV writer: the byte-order mark already written, CRLF line ends,
/// every field quoted, and `header` as the first row.
pub fn csv_writer<W: Write>(mut out: W, header: &[&str]) -> Result<csv::Writer<W>, BoxError> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut writer = csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::Always)
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    writer.write_record(header)?;
    Ok(writer)
}

/// Writes messages as CSV.
pub fn write_csv(messages: &[StoredMessage], out: impl Write) -> Result<(), BoxError> {
    let mut writer = csv_writer(out, &COLUMNS)?;
    for message in messages {
        let consent = if message.consent { "yes" } else { "no" };
        let row = [
            message.id.as_str(),
            &message.received_at,
            &message.created_at,
            message.client_created_at.as_deref().unwrap_or(""),
            &message.name,
            message.email.as_deref().unwrap_or(""),
            message.location.as_deref().unwrap_or(""),
            &message.lang,
            consent,
            &message.message,
        ];
        writer.write_record(row.iter().map(|cell| neutralise(cell).into_owned()))?;
    }
    writer.flush()?;
    Ok(())
}

/// Writes messages (or any records) as a pretty-printed JSON array.
pub fn write_json<T: serde::Serialize>(records: &[T], mut out: impl Write) -> Result<(), BoxError> {
    serde_json::to_writer_pretty(&mut out, records)?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(())
}

/// Opens sealed messages with `opener`; without one, sealed messages are an error that
/// says how many there are and what to pass.
pub fn unseal(messages: &mut [StoredMessage], opener: Option<&Opener>) -> Result<(), BoxError> {
    let sealed = messages.iter().filter(|m| m.sealed.is_some()).count();
    let Some(opener) = opener else {
        if sealed > 0 {
            return Err(format!(
                "{sealed} messages are sealed: pass --identity KEYFILE (the age secret key \
                 matching the server's --seal-to) to export them"
            )
            .into());
        }
        return Ok(());
    };
    for message in messages.iter_mut() {
        if let Some(blob) = message.sealed.take() {
            let fields = opener.open(&blob)?;
            message.name = fields.name;
            message.email = fields.email;
            message.location = fields.location;
            message.message = fields.message;
        }
    }
    Ok(())
}

/// What `export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Records {
    /// Support messages.
    Messages,
    /// Comments, any status (`export --comments`).
    Comments,
}

/// Exports every message (or comment) from the existing database at `db` to `output`
/// (created mode 0600), or to stdout when `None` (escaped for the terminal when it is one,
/// so control and bidi characters show as `\u{…}` instead of acting); sealed messages are
/// opened with the age identity file `identity`. Audited as actor `cli` at `now`; returns
/// how many were written.
pub fn run(
    db: &Database,
    records: Records,
    format: Format,
    output: Option<&Path>,
    identity: Option<&Path>,
    now: time::OffsetDateTime,
) -> Result<usize, BoxError> {
    let store = db.open_existing()?;
    let (messages, comments) = match records {
        Records::Messages => {
            let opener = identity.map(Opener::from_file).transpose()?;
            let mut messages = store.messages()?;
            unseal(&mut messages, opener.as_ref())?;
            (messages, Vec::new())
        }
        Records::Comments => (Vec::new(), store.all_comments()?),
    };
    let write = |out: &mut dyn Write| match (records, format) {
        (Records::Comments, _) => comments::export_comments(&comments, format, out),
        (Records::Messages, Format::Csv) => write_csv(&messages, out),
        (Records::Messages, Format::Json) => write_json(&messages, out),
    };
    match output {
        Some(path) => {
            let mut file = std::io::BufWriter::new(create_private(path)?);
            write(&mut file)?;
            file.into_inner()
                .map_err(|error| error.into_error())?
                .sync_all()?;
        }
        None if std::io::IsTerminal::is_terminal(&std::io::stdout()) => {
            let mut buffer = Vec::new();
            write(&mut buffer)?;
            let text = String::from_utf8_lossy(&buffer).replace("\r\n", "\n");
            let mut stdout = std::io::stdout().lock();
            stdout.write_all(terminal_safe(&text, true).as_bytes())?;
            stdout.flush()?;
        }
        None => write(&mut std::io::BufWriter::new(std::io::stdout().lock()))?,
    }
    let count = messages.len() + comments.len();
    let detail = format!("{count} {records:?} as {format:?}").to_lowercase();
    let by = Actor::new(crate::moderate::CLI_ACTOR, now);
    store.audit_append(&by, AuditAction::Export, None, Some(&detail))?;
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        for cell in ["=1+1", "+7", "-3", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(neutralise(cell), format!("'{cell}"));
        }
        for cell in ["", "Алёна", "2013-07-30", "a=b"] {
            assert_eq!(neutralise(cell), cell);
        }
    }

    #[test]
    fn csv_has_bom_crlf_and_quotes() {
        let message = StoredMessage {
            id: "1".into(),
            name: "=HYPERLINK(\"x\")".into(),
            email: None,
            location: Some("Москва".into()),
            message: "line 1\nline 2".into(),
            lang: "ru".into(),
            consent: true,
            created_at: "2026-01-01T00:00:00Z".into(),
            received_at: "2026-01-01T00:00:00Z".into(),
            client_created_at: None,
            sealed: None,
        };
        let mut out = Vec::new();
        write_csv(&[message], &mut out).expect("csv");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with("\u{feff}\"id\",\"received_at\""));
        assert!(text.contains("\"'=HYPERLINK(\"\"x\"\")\""));
        assert!(text.contains("\"Москва\""));
        assert!(text.ends_with("\"line 1\nline 2\"\r\n"));
    }
}
