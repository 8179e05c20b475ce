//! The scalars of JSON for [`Reader`]: strings (unescaped), numbers (kept as their text)
//! and the three words.

use super::parse::Reader;
use super::{is_json_number, Number, Value};

impl Reader<'_> {
    pub(super) fn literal(&mut self, word: &str, value: Value) -> Result<Value, String> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("unexpected word"))
        }
    }

    pub(super) fn number(&mut self) -> Result<Value, String> {
        let start = self.at;
        while matches!(
            self.bytes.get(self.at),
            Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
        ) {
            self.at += 1;
        }
        let text = &self.text[start..self.at];
        if !is_json_number(text) {
            return Err(self.error("invalid number"));
        }
        if too_large_for_a_double(text) {
            return Err(self.error("number out of range"));
        }
        Ok(Value::Number(Number(text.to_owned())))
    }

    /// A string at `self.at` (its opening quote), unescaped.
    pub(super) fn string(&mut self) -> Result<String, String> {
        self.at += 1;
        let mut out = String::new();
        let mut run = self.at;
        loop {
            match self.bytes.get(self.at) {
                None => return Err(self.error("unterminated string")),
                Some(b'"') => {
                    out.push_str(&self.text[run..self.at]);
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    out.push_str(&self.text[run..self.at]);
                    self.at += 1;
                    self.escape(&mut out)?;
                    run = self.at;
                }
                Some(0..=0x1f) => return Err(self.error("control character in a string")),
                // Any other byte, UTF-8 continuation bytes included: the text is a `str`,
                // so runs between quotes and backslashes are whole characters. Skipped in
                // one scan to the next byte that needs a look.
                Some(_) => {
                    self.at += self.bytes[self.at..]
                        .iter()
                        .position(|&b| b == b'"' || b == b'\\' || b < 0x20)
                        .unwrap_or(self.bytes.len() - self.at);
                }
            }
        }
    }

    /// One escape after its backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), String> {
        let byte = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| self.error("unterminated string"))?;
        self.at += 1;
        let plain = match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let unit = self.hex4()?;
                out.push(self.code_point(unit));
                return Ok(());
            }
            _ => return Err(self.error("invalid escape")),
        };
        out.push(plain);
        Ok(())
    }

    /// The character for UTF-16 unit `unit` (read already), with its low half when it
    /// is a high surrogate followed by one; U+FFFD for a lone surrogate.
    fn code_point(&mut self, unit: u16) -> char {
        if (0xD800..0xDC00).contains(&unit) && self.bytes[self.at..].starts_with(b"\\u") {
            let back = self.at;
            self.at += 2;
            match self.hex4() {
                Ok(low @ 0xDC00..0xE000) => {
                    let high = u32::from(unit - 0xD800) << 10;
                    let code = 0x10000 + (high | u32::from(low - 0xDC00));
                    return char::from_u32(code).unwrap_or('\u{fffd}');
                }
                _ => self.at = back,
            }
        }
        char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}')
    }

    fn hex4(&mut self) -> Result<u16, String> {
        let digits = self
            .text
            .get(self.at..self.at + 4)
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .ok_or_else(|| self.error("invalid \\u escape"))?;
        let unit = u16::from_str_radix(digits, 16).map_err(|_| self.error("invalid \\u escape"))?;
        self.at += 4;
        Ok(unit)
    }
}

/// Whether a JSON number (valid text) is at least 1e309, beyond every finite double:
/// the decimal exponent of its first non-zero digit, from the digits and the exponent,
/// without parsing a float. (The band from the largest double, 1.797…e308, up to 1e309
/// is let through as text; nothing the page reads is a number that large.)
fn too_large_for_a_double(text: &str) -> bool {
    let unsigned = text.trim_start_matches('-');
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], &unsigned[at + 1..]),
        None => (unsigned, "0"),
    };
    let whole = mantissa.split('.').next().unwrap_or("");
    let first_digit_power: i64 = match whole.trim_start_matches('0').len() {
        0 => {
            // 0.000ddd: the first non-zero digit is after the point.
            let fraction = mantissa.split('.').nth(1).unwrap_or("");
            match fraction.find(|c| c != '0') {
                Some(zeros) => -1 - zeros as i64,
                None => return false, // zero
            }
        }
        digits => digits as i64 - 1,
    };
    let exponent = exponent.trim_start_matches('+');
    // An exponent too long for i64 is huge either way (or tiny when negative).
    let exponent: i64 = exponent.parse().unwrap_or(if exponent.starts_with('-') {
        i64::MIN / 2
    } else {
        i64::MAX / 2
    });
    first_digit_power.saturating_add(exponent) >= 309
}
