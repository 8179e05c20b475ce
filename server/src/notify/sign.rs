//! `X-Solidarity-Signature: sha256=<hex>`: HMAC-SHA256 over `<timestamp>.<body>`, with
//! the timestamp (Unix seconds) in `X-Solidarity-Timestamp`, so a receiver can check
//! both the sender and the freshness (and refuse replays).

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The signature header.
pub const SIGNATURE_HEADER: &str = "x-solidarity-signature";
/// The timestamp header.
pub const TIMESTAMP_HEADER: &str = "x-solidarity-timestamp";

/// `sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<body>")>`.
pub fn signature(secret: &[u8], timestamp: i64, body: &[u8]) -> String {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = match Hmac::<Sha256>::new_from_slice(secret) {
        Ok(mac) => mac,
        Err(_) => return String::new(),
    };
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    format!("sha256={hex}")
}

#[cfg(test)]
mod tests {
    use super::signature;

    #[test]
    fn matches_the_rfc_4231_vector_shape_and_depends_on_everything() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let mut mac = <hmac::Hmac<sha2::Sha256> as hmac::Mac>::new_from_slice(b"Jefe").unwrap();
        hmac::Mac::update(&mut mac, b"what do ya want for nothing?");
        let hex: String = hmac::Mac::finalize(mac)
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            hex,
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        let base = signature(b"k", 1, b"{}");
        assert!(base.starts_with("sha256=") && base.len() == 7 + 64);
        assert_ne!(base, signature(b"other", 1, b"{}"));
        assert_ne!(base, signature(b"k", 2, b"{}"));
        assert_ne!(base, signature(b"k", 1, b"{ }"));
    }
}
