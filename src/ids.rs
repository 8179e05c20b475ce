//! Random ids: the idempotency key of every message and comment, the tab's lease owner
//! in the outbox and the tab's reporter id. Version-4 UUIDs, from the browser's
//! `crypto.randomUUID()` where the page is a secure context (https, or http on
//! localhost), else from `crypto.getRandomValues()`, which every browser offers on plain
//! http too (a partner page served without TLS) and which is just as random. Natively
//! (the prerender, tests) nothing is sent, and std's per-process random hash keys do.

/// A version-4 UUID (`xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`) from 16 random bytes.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        out.push(HEX[usize::from(byte >> 4)] as char);
        out.push(HEX[usize::from(byte & 0x0f)] as char);
    }
    out
}

/// A fresh random id.
#[cfg(target_arch = "wasm32")]
pub fn random_id() -> String {
    let window = web_sys::window();
    let crypto = window.as_ref().and_then(|w| w.crypto().ok());
    match (window, crypto) {
        // randomUUID exists only in secure contexts; calling it elsewhere would throw.
        (Some(window), Some(crypto)) if window.is_secure_context() => crypto.random_uuid(),
        (_, Some(crypto)) => {
            let mut bytes = [0u8; 16];
            if crypto.get_random_values_with_u8_array(&mut bytes).is_err() {
                fill_from_math_random(&mut bytes);
            }
            uuid_v4(bytes)
        }
        (_, None) => {
            let mut bytes = [0u8; 16];
            fill_from_math_random(&mut bytes);
            uuid_v4(bytes)
        }
    }
}

/// Only where Web Crypto is missing altogether (no browser that runs WebAssembly): the ids
/// are keys for deduplication, not secrets, so a weaker source still keeps them apart.
#[cfg(target_arch = "wasm32")]
fn fill_from_math_random(bytes: &mut [u8; 16]) {
    for byte in bytes {
        *byte = (js_sys::Math::random() * 256.0) as u8;
    }
}

/// A fresh random id.
#[cfg(not(target_arch = "wasm32"))]
pub fn random_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    let half = || {
        std::collections::hash_map::RandomState::new()
            .build_hasher()
            .finish()
    };
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&half().to_le_bytes());
    bytes[8..].copy_from_slice(&half().to_le_bytes());
    uuid_v4(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_version_4_uuids() {
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert_eq!(uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        let id = random_id();
        let parsed = uuid::Uuid::parse_str(&id).expect("a UUID");
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(parsed.get_variant(), uuid::Variant::RFC4122);
        assert_eq!(parsed.hyphenated().to_string(), id);
        assert_ne!(random_id(), id);
    }
}
