//! Random ids (UUID version 4) for messages, comments and the outbox owner, without the
//! `uuid` crate in the WebAssembly: the browser's `crypto.getRandomValues` supplies the
//! bytes (it works on plain-HTTP partner pages too, unlike `crypto.randomUUID`), and
//! [`format_v4`] turns them into the usual text form. The native build (the prerender and
//! tests) uses the operating system's randomness through `uuid`.

/// A new random id such as `0f8fad5b-d9cb-469f-a165-70867728950e`.
pub fn new_v4() -> String {
    format_v4(random_bytes())
}

/// The text form of a version-4 UUID made of `bytes` (the version and variant bits are
/// set here, so any 16 random bytes will do).
pub fn format_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(36);
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push(HEX[usize::from(byte >> 4)] as char);
        text.push(HEX[usize::from(byte & 0x0f)] as char);
    }
    text
}

#[cfg(target_arch = "wasm32")]
fn random_bytes() -> [u8; 16] {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).ok());
    if filled.is_none() {
        // No Web Crypto (never in a browser that runs WebAssembly): fall back to
        // Math.random, which still makes collisions between readers vanishingly rare.
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

#[cfg(not(target_arch = "wasm32"))]
fn random_bytes() -> [u8; 16] {
    *uuid::Uuid::new_v4().as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_form_has_the_version_and_variant_of_a_random_uuid() {
        assert_eq!(format_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert_eq!(
            format_v4([0xff; 16]),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        let id = new_v4();
        let parsed = uuid::Uuid::parse_str(&id).expect("a UUID");
        assert_eq!(parsed.get_version_num(), 4);
        assert_eq!(parsed.to_string(), id);
        assert_ne!(new_v4(), id);
    }
}
