use super::*;

#[test]
fn russian_plural_forms_follow_cldr() {
    let forms = &RU.comment_count;
    assert_eq!(plural(Lang::Ru, forms, 1), "1\u{a0}комментарий");
    assert_eq!(plural(Lang::Ru, forms, 3), "3\u{a0}комментария");
    assert_eq!(plural(Lang::Ru, forms, 5), "5\u{a0}комментариев");
    assert_eq!(plural(Lang::Ru, forms, 0), "0\u{a0}комментариев");
    assert_eq!(plural(Lang::Ru, forms, 11), "11\u{a0}комментариев");
    assert_eq!(plural(Lang::Ru, forms, 12), "12\u{a0}комментариев");
    assert_eq!(plural(Lang::Ru, forms, 21), "21\u{a0}комментарий");
    assert_eq!(plural(Lang::Ru, forms, 22), "22\u{a0}комментария");
    assert_eq!(plural(Lang::Ru, forms, 111), "111\u{a0}комментариев");
    assert_eq!(plural(Lang::Ru, forms, 1001), "1001\u{a0}комментарий");
}

#[test]
fn english_plural_forms() {
    assert_eq!(plural(Lang::En, &EN.comment_count, 1), "1 comment");
    assert_eq!(plural(Lang::En, &EN.comment_count, 0), "0 comments");
    assert_eq!(plural(Lang::En, &EN.comment_count, 3), "3 comments");
    assert_eq!(plural(Lang::En, &EN.chars_left, 1), "1 character left");
}

#[test]
fn publish_date_is_formatted_per_language() {
    let date = Date::parse_iso("2013-07-30").expect("valid date");
    assert_eq!(format_date(Lang::En, date), "30 July 2013");
    assert_eq!(format_date(Lang::Ru, date), "30\u{a0}июля 2013\u{a0}г.");
    assert_eq!(
        format_iso_date(Lang::Ru, "2013-12-01T10:00:00Z"),
        "1\u{a0}декабря 2013\u{a0}г."
    );
}

#[test]
fn malformed_dates_are_shown_unchanged() {
    assert_eq!(Date::parse_iso("yesterday"), None);
    assert_eq!(Date::parse_iso("2013-13-01"), None);
    assert_eq!(Date::parse_iso("2013-07"), None);
    assert_eq!(format_iso_date(Lang::En, "soon"), "soon");
    assert_eq!(format_iso_date(Lang::En, "ж"), "ж");
}

#[test]
fn language_tags_are_matched_by_primary_subtag() {
    assert_eq!(Lang::from_tag("ru-RU"), Some(Lang::Ru));
    assert_eq!(Lang::from_tag("EN_gb"), Some(Lang::En));
    assert_eq!(Lang::from_tag("uk"), None);
    assert_eq!(
        Lang::from_preferences(["de-DE", "ru", "en"]),
        Some(Lang::Ru)
    );
    assert_eq!(Lang::from_preferences(["de", "fr"]), None);
}

#[test]
fn every_string_exists_and_is_non_empty_in_both_languages() {
    let en = EN.entries();
    let ru = RU.entries();
    assert_eq!(en.len(), ru.len());
    for ((en_name, en_text), (ru_name, ru_text)) in en.iter().zip(&ru) {
        assert_eq!(en_name, ru_name);
        assert!(!en_text.trim().is_empty(), "English {en_name} is empty");
        assert!(!ru_text.trim().is_empty(), "Russian {ru_name} is empty");
    }
}

/// Latin words allowed in Russian text: placeholders, literals and an example address.
const LATIN_ALLOWED: [&str; 11] = [
    "n",
    "key",
    "value",
    "allowed",
    "expected",
    "author",
    "reason",
    "status",
    "detail",
    // A proper name, written in Latin letters in Russian too.
    "JavaScript",
    // The key's label, printed in Latin letters on Russian keyboards too.
    "Esc",
];

fn latin_words(text: &str) -> Vec<String> {
    let without_examples = text
        .replace("name@example.org", "")
        .replace("JSON", "")
        .replace("URL", "")
        .replace("true", "")
        .replace("false", "")
        .replace("null", "");
    without_examples
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| !word.is_empty() && !LATIN_ALLOWED.contains(word))
        .map(str::to_owned)
        .collect()
}

#[test]
fn russian_strings_are_translated() {
    for ((name, en_text), (_, ru_text)) in EN.entries().iter().zip(RU.entries()) {
        assert_ne!(*en_text, ru_text, "{name} is the same in both languages");
        assert!(
            ru_text
                .chars()
                .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c))),
            "{name} has no Cyrillic: {ru_text}"
        );
        assert_eq!(
            latin_words(&ru_text),
            Vec::<String>::new(),
            "English left in {name}"
        );
    }
}

#[test]
fn placeholders_match_between_languages() {
    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text
            .split('{')
            .skip(1)
            .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
            .collect();
        found.sort_unstable();
        found
    }
    for ((name, en_text), (_, ru_text)) in EN.entries().iter().zip(RU.entries()) {
        assert_eq!(placeholders(en_text), placeholders(&ru_text), "{name}");
    }
}

/// The interface strings are consts in Rust, so they cannot go through the typography
/// function as the content does; this test holds them to it instead (write `\u{a0}`).
#[test]
fn russian_strings_have_their_no_break_spaces() {
    for (name, text) in RU.entries() {
        let typeset = crate::typography::russian(&text);
        assert_eq!(
            text,
            typeset,
            "{name} needs a no-break space (\\u{{a0}}) where ~ is: {}",
            typeset.replace('\u{a0}', "~")
        );
    }
}
