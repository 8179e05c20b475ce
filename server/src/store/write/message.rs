//! Storing a new support message: sealed when a key is set, announced when webhooks are.

use super::Options;
use crate::notify::{self, Event};
use crate::seal::Personal;
use crate::store::StoreError;
use crate::validate::NewMessage;
use rusqlite::{params, Transaction};

/// A new message as stored: the personal fields shown (empty when sealed) and the seal.
pub struct Prepared {
    /// The personal columns as written.
    pub shown: Personal,
    /// The age-encrypted personal fields, when a key is set.
    pub sealed: Option<Vec<u8>>,
}

/// Seals `message`'s personal fields when a key is set (then the columns stay empty).
pub fn prepare(message: &NewMessage, options: &Options) -> Result<Prepared, StoreError> {
    let personal = Personal {
        name: message.name.clone(),
        email: message.email.clone(),
        location: message.location.clone(),
        message: message.message.clone(),
    };
    let sealed = match &options.sealer {
        Some(sealer) => Some(sealer.seal(&personal).map_err(StoreError::Seal)?),
        None => None,
    };
    let shown = if sealed.is_some() {
        Personal {
            name: String::new(),
            email: None,
            location: None,
            message: String::new(),
        }
    } else {
        personal
    };
    Ok(Prepared { shown, sealed })
}

/// The `message.received` event; a sealed message's text never leaves the seal, not
/// even to a webhook.
pub fn event(id: &str, prepared: &Prepared, lang: &str, received_at: &str) -> Event {
    let text = (prepared.sealed.is_none())
        .then(|| serde_json::to_value(&prepared.shown).unwrap_or_default());
    Event::message_received(id, received_at, lang, text)
}

/// Inserts a new message: sealed (personal columns left empty) when a key is set, and
/// its `message.received` event queued when webhooks are.
pub(super) fn store_message(
    tx: &Transaction<'_>,
    (id, key, fingerprint): (&str, &str, &str),
    message: &NewMessage,
    received_at: &str,
    options: &Options,
) -> Result<(), StoreError> {
    let prepared = prepare(message, options)?;
    let shown = &prepared.shown;
    tx.prepare_cached(
        "INSERT INTO messages (id, idem_key, fingerprint, name, email, location, message, lang,
         consent, created_at, received_at, client_created_at, sealed)
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,1,?9,?9,?10,?11)",
    )?
    .execute(params![
        id,
        key,
        fingerprint,
        shown.name,
        shown.email,
        shown.location,
        shown.message,
        message.lang,
        received_at,
        message.created_at,
        prepared.sealed,
    ])?;
    if let Some(notifier) = &options.notifier {
        let event = event(id, &prepared, &message.lang, received_at);
        notifier.queue(tx, &event, notify::unix_now())?;
    }
    Ok(())
}
