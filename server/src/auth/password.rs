//! Staff passwords: argon2id with the crate's recommended parameters, PHC strings.

use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::Argon2;
use std::sync::OnceLock;

/// The shortest password `staff add` and `staff passwd` accept, in characters.
pub const MIN_CHARS: usize = 12;
/// The longest password accepted, in bytes (argon2 hashes any length; this bounds the work).
pub const MAX_BYTES: usize = 1024;

/// Why a new password is refused (one line, for the CLI).
pub fn refuse_new(password: &str) -> Option<String> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        Some(format!(
            "the password must be at least {MIN_CHARS} characters long (it has {chars})"
        ))
    } else if password.len() > MAX_BYTES {
        Some(format!(
            "the password must be at most {MAX_BYTES} bytes long"
        ))
    } else {
        None
    }
}

/// The argon2id PHC string of `password`, with a fresh random salt.
pub fn hash(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|error| format!("could not hash the password: {error}"))
}

/// Whether `password` matches the PHC string `hash` (false for a malformed hash).
pub fn verify(hash: &str, password: &str) -> bool {
    password.len() <= MAX_BYTES
        && Argon2::default()
            .verify_password(password.as_bytes(), hash)
            .is_ok()
}

/// Does the work of [`verify`] against a hash nobody's password matches, so a sign-in
/// with an unknown name takes as long as one with a wrong password. Always false.
pub fn verify_unknown(password: &str) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| {
        let random = super::random_hex(32).unwrap_or_else(|_| "no staff has this".repeat(4));
        hash(&random).unwrap_or_default()
    });
    let _ = verify(dummy, password);
    false
}

#[cfg(test)]
mod tests {
    use super::{hash, refuse_new, verify, verify_unknown};

    #[test]
    fn a_hash_verifies_its_password_only() {
        let phc = hash("correct horse battery").expect("hash");
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify(&phc, "correct horse battery"));
        assert!(!verify(&phc, "correct horse batterY"));
        assert!(!verify("not a hash", "correct horse battery"));
        let again = hash("correct horse battery").expect("hash");
        assert_ne!(phc, again, "every hash has its own salt");
    }

    #[test]
    fn unknown_names_never_verify() {
        assert!(!verify_unknown("correct horse battery"));
    }

    #[test]
    fn short_passwords_are_refused_in_characters() {
        assert!(refuse_new("elevenchars").is_some());
        assert!(refuse_new("twelve chars").is_none());
        // 12 Cyrillic letters are 24 bytes but 12 characters: accepted.
        assert!(refuse_new("двенадцатьбб").is_none());
        assert!(refuse_new(&"x".repeat(2000)).is_some());
    }
}
