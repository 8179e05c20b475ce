use super::*;

fn problem(text: &str, field: Field) -> Problem {
    clean(text, field).expect_err(text)
}

#[test]
fn direction_zero_width_and_tag_characters_are_refused() {
    for c in [
        '\u{202A}',
        '\u{202B}',
        '\u{202C}',
        '\u{202D}',
        '\u{202E}',
        '\u{2066}',
        '\u{2067}',
        '\u{2068}',
        '\u{2069}',
        '\u{200B}',
        '\u{200C}',
        '\u{200D}',
        '\u{2060}',
        '\u{FEFF}',
        '\u{E0001}',
        '\u{E0041}',
        '\u{E007F}',
    ] {
        let text = format!("The {c}LGF");
        for field in [Field::Name, Field::Line, Field::Text] {
            assert_eq!(
                problem(&text, field),
                Problem::Invisible,
                "{:04X}",
                u32::from(c)
            );
        }
    }
}

#[test]
fn joiners_inside_emoji_and_words_are_kept() {
    for text in ["Алёна 🏳️‍🌈", "🏳️‍⚧️ with you", "👩‍❤️‍👨", "🧑🏽‍💻 Lee", "می‌خواهم"]
    {
        assert_eq!(clean(text, Field::Text).as_deref(), Ok(text), "{text}");
        if text.chars().any(char::is_alphabetic) {
            assert_eq!(clean(text, Field::Name).as_deref(), Ok(text), "{text}");
        }
    }
    assert_eq!(problem("a\u{200D}b", Field::Text), Problem::Invisible);
    assert_eq!(problem("🏳️\u{200D}", Field::Text), Problem::Invisible);
    assert_eq!(problem("1\u{200C}2", Field::Text), Problem::Invisible);
}

#[test]
fn line_ends_are_normalised_and_a_lone_cr_is_refused() {
    assert_eq!(
        clean("one\r\ntwo\n\tthree", Field::Text).as_deref(),
        Ok("one\ntwo\n\tthree")
    );
    assert_eq!(
        problem("bad\r                    good", Field::Text),
        Problem::Control
    );
    assert_eq!(problem("one\ntwo", Field::Line), Problem::Control);
    assert_eq!(problem("one\r\ntwo", Field::Name), Problem::Control);
    assert_eq!(problem("bell\u{7}", Field::Text), Problem::Control);
    assert_eq!(problem("c1\u{85}", Field::Text), Problem::Control);
}

#[test]
fn text_is_nfc_normalised() {
    // "Алёна" with ё as е + U+0308 becomes the precomposed ё.
    let decomposed = "Але\u{308}на";
    assert_eq!(clean(decomposed, Field::Name).as_deref(), Ok("Алёна"));
    assert_eq!(clean("Cafe\u{301}", Field::Line).as_deref(), Ok("Café"));
}

#[test]
fn combining_marks_are_capped_per_character() {
    let marks = |n: usize| format!("Z{}algo", "\u{336}".repeat(n));
    assert!(clean(&marks(MAX_MARKS), Field::Text).is_ok());
    assert_eq!(
        problem(&marks(MAX_MARKS + 1), Field::Text),
        Problem::TooManyMarks
    );
    let zalgo = "Z\u{351}\u{34b}\u{33e}\u{346}\u{344}\u{35b}a\u{315}\u{33f}l\u{308}go";
    assert_eq!(problem(zalgo, Field::Name), Problem::TooManyMarks);
    // Vietnamese, Hindi and a keycap stay.
    for text in ["Tiếng Việt", "नमस्ते", "1️⃣"] {
        assert!(clean(text, Field::Text).is_ok(), "{text}");
    }
}

#[test]
fn a_name_needs_a_letter_or_digit() {
    for blank in [
        "\u{3164}",
        "\u{2800}\u{2800}",
        "...",
        "🏳️‍🌈",
        "\u{115F}\u{1160}",
    ] {
        assert_eq!(problem(blank, Field::Name), Problem::NoLetter, "{blank:?}");
    }
    for name in ["Lee", "Алёна", "R2D2", "李"] {
        assert!(clean(name, Field::Name).is_ok(), "{name}");
    }
    assert!(clean("...", Field::Line).is_ok());
}

/// The Big List of Naughty Strings: every string is either refused, or comes back as
/// NFC text with none of the characters the policy refuses.
#[test]
fn naughty_strings_never_slip_through() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/blns.json");
    let data = std::fs::read_to_string(path).expect("tests/data/blns.json");
    let strings: Vec<String> = serde_json::from_str(&data).expect("a JSON array of strings");
    assert!(strings.len() > 500);
    let (mut kept, mut refused) = (0, 0);
    for text in &strings {
        for field in [Field::Name, Field::Line, Field::Text] {
            match clean(text, field) {
                Ok(cleaned) => {
                    kept += 1;
                    assert!(unicode_normalization::is_nfc(&cleaned), "{text:?}");
                    assert!(!cleaned.contains('\r'), "{text:?}");
                    assert!(
                        !cleaned.chars().any(|c| matches!(c,
                            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200B}'
                            | '\u{2060}' | '\u{FEFF}' | '\u{E0000}'..='\u{E007F}')),
                        "{text:?}"
                    );
                    assert_eq!(
                        clean(&cleaned, field).as_ref(),
                        Ok(&cleaned),
                        "idempotent: {text:?}"
                    );
                }
                Err(_) => refused += 1,
            }
        }
    }
    // Both outcomes happen: ordinary strings pass, the hostile Unicode ones do not.
    assert!(kept > 500 && refused > 30, "kept {kept}, refused {refused}");
    for hostile in ["\u{202E}", "\u{200B}", "\u{FEFF}", "\u{E0001}"] {
        assert!(
            strings.iter().any(|s| s.contains(hostile)),
            "blns has {hostile:?}"
        );
    }
}
