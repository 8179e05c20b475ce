//! Storing a new support message: sealed when a key is set, announced when webhooks are.

use super::Options;
use crate::notify::{self, Event};
use crate::seal::Personal;
use crate::store::StoreError;
use crate::validate::NewMessage;
use rusqlite::{params, Transaction};

/// Inserts a new message: sealed (personal columns left empty) when a key is set, and
/// its `message.received` event queued when webhooks are.
pub(super) fn store_message(
    tx: &Transaction<'_>,
    (id, key, fingerprint): (&str, &str, &str),
    message: &NewMessage,
    received_at: &str,
    options: &Options,
) -> Result<(), StoreError> {
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
        sealed,
    ])?;
    if let Some(notifier) = &options.notifier {
        // A sealed message's text never leaves the seal, not even to a webhook.
        let text = (sealed.is_none()).then(|| serde_json::to_value(&shown).unwrap_or_default());
        let event = Event::message_received(id, received_at, &message.lang, text);
        notifier.queue(tx, &event, notify::unix_now())?;
    }
    Ok(())
}
