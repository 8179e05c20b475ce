//! Printing untrusted text to a terminal so that what it shows is what was written.

/// Escapes everything a terminal would act on instead of showing: control characters
/// (CR, ESC, BEL, DEL, C1...), bidi controls, zero-width and tag characters, and line and
/// paragraph separators, each as `\u{XXXX}` (and `\n`, `\r`, `\t` as themselves, escaped).
/// A backslash is doubled, so an escape in the text itself cannot pass for one of ours.
/// `keep_newlines` leaves LF as a line break (for multi-line blocks the caller indents).
pub fn terminal_safe(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\\' => out.push_str("\\\\"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:04X}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
            | '\u{E0000}'..='\u{E007F}')
}

#[cfg(test)]
mod tests {
    use super::terminal_safe;

    #[test]
    fn a_carriage_return_cannot_hide_text() {
        let spoof = "Wire help to t.me/x\r                    Thank you!";
        let shown = terminal_safe(spoof, true);
        assert!(!shown.contains('\r'));
        assert!(shown.starts_with("Wire help to t.me/x\\r"));
    }

    #[test]
    fn escapes_and_bidi_are_visible_and_plain_text_is_untouched() {
        assert_eq!(terminal_safe("\u{1b}[2J", false), "\\u{001B}[2J");
        assert_eq!(terminal_safe("a\u{202E}b", false), "a\\u{202E}b");
        assert_eq!(terminal_safe("a\nb", false), "a\\nb");
        assert_eq!(terminal_safe("a\nb", true), "a\nb");
        assert_eq!(terminal_safe("C:\\u{202E}", false), "C:\\\\u{202E}");
        for plain in ["Алёна из Москвы 🏳️‍🌈", "Lee", "<b>hi</b> & \"quotes\""]
        {
            // The joiner inside the flag is escaped; everything else stays.
            let shown = terminal_safe(plain, false);
            assert_eq!(shown.replace("\\u{200D}", "\u{200D}"), plain);
        }
    }
}
