//! The sealed inbox: a message's personal fields encrypted to the organisers' age
//! X25519 public key before they reach the disk. The server holds only the public key,
//! so a seized server (or a copy of its database) reveals nothing; `export --identity`
//! decrypts on the organisers' machine.

use serde::{Deserialize, Serialize};
use std::path::Path;
use std::str::FromStr;

/// The fields a sealed message hides (the rest, such as its id, language and times, stay
/// readable so the inbox can be counted and ordered).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Personal {
    /// Supporter's name.
    pub name: String,
    /// E-mail address, if given.
    pub email: Option<String>,
    /// Location, if given.
    pub location: Option<String>,
    /// The message.
    pub message: String,
}

/// Encrypts to one recipient (`age1…`).
pub struct Sealer {
    recipient: age::x25519::Recipient,
}

impl Sealer {
    /// Parses an age X25519 recipient such as `age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p`.
    pub fn parse(key: &str) -> Result<Self, String> {
        age::x25519::Recipient::from_str(key.trim())
            .map(|recipient| Self { recipient })
            .map_err(|error| format!("--seal-to must be an age public key (age1…): {error}"))
    }

    /// The age ciphertext of `fields` (binary age format, JSON inside).
    pub fn seal(&self, fields: &Personal) -> Result<Vec<u8>, String> {
        let plain = serde_json::to_vec(fields).map_err(|error| error.to_string())?;
        age::encrypt(&self.recipient, &plain).map_err(|error| error.to_string())
    }
}

/// Decrypts with the organisers' secret key.
pub struct Opener {
    identity: age::x25519::Identity,
}

impl Opener {
    /// Reads an age identity file (as `age-keygen` writes it): the first
    /// `AGE-SECRET-KEY-1…` line; `#` comments are ignored.
    pub fn from_file(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|error| format!("cannot read the identity {}: {error}", path.display()))?;
        let line = text
            .lines()
            .map(str::trim)
            .find(|line| line.starts_with("AGE-SECRET-KEY-"))
            .ok_or_else(|| format!("{} holds no AGE-SECRET-KEY line", path.display()))?;
        age::x25519::Identity::from_str(line)
            .map(|identity| Self { identity })
            .map_err(|error| format!("{}: not an age identity: {error}", path.display()))
    }

    /// The fields sealed in `blob`.
    pub fn open(&self, blob: &[u8]) -> Result<Personal, String> {
        let plain = age::decrypt(&self.identity, blob)
            .map_err(|error| format!("cannot decrypt a sealed message: {error}"))?;
        serde_json::from_slice(&plain).map_err(|error| error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_fields_open_only_with_the_identity() {
        let identity = age::x25519::Identity::generate();
        let sealer = Sealer::parse(&identity.to_public().to_string()).expect("recipient");
        let fields = Personal {
            name: "Алёна".into(),
            email: Some("alena@example.org".into()),
            location: None,
            message: "Мы с вами".into(),
        };
        let blob = sealer.seal(&fields).expect("seal");
        assert!(!blob.windows(5).any(|w| w == b"alena"));
        let opener = Opener { identity };
        assert_eq!(opener.open(&blob).expect("open"), fields);
        let stranger = Opener {
            identity: age::x25519::Identity::generate(),
        };
        assert!(stranger.open(&blob).is_err());
        assert!(Sealer::parse("age1notakey").is_err());
    }
}
