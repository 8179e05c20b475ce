use super::*;
use crate::i18n::{EN, RU};

#[test]
fn counts_in_english_words_and_digits() {
    let table: [(u64, &str); 6] = [
        (0, "0 messages of support so far"),
        (1, "1 message of support so far"),
        (2, "2 messages of support so far"),
        (999, "999 messages of support so far"),
        (1234, "1,234 messages of support so far"),
        (1_234_567, "1,234,567 messages of support so far"),
    ];
    for (n, expected) in table {
        assert_eq!(count_text(Lang::En, &EN.wall_count, n), expected, "{n}");
    }
}

#[test]
fn counts_in_russian_follow_one_few_many() {
    let table: [(u64, &str); 14] = [
        (0, "Уже 0\u{a0}слов поддержки"),
        (1, "Уже 1\u{a0}слово поддержки"),
        (2, "Уже 2\u{a0}слова поддержки"),
        (4, "Уже 4\u{a0}слова поддержки"),
        (5, "Уже 5\u{a0}слов поддержки"),
        (11, "Уже 11\u{a0}слов поддержки"),
        (14, "Уже 14\u{a0}слов поддержки"),
        (20, "Уже 20\u{a0}слов поддержки"),
        (21, "Уже 21\u{a0}слово поддержки"),
        (22, "Уже 22\u{a0}слова поддержки"),
        (111, "Уже 111\u{a0}слов поддержки"),
        (1234, "Уже 1234\u{a0}слова поддержки"),
        (10_001, "Уже 10\u{a0}001\u{a0}слово поддержки"),
        (1_000_000, "Уже 1\u{a0}000\u{a0}000\u{a0}слов поддержки"),
    ];
    for (n, expected) in table {
        assert_eq!(count_text(Lang::Ru, &RU.wall_count, n), expected, "{n}");
    }
}

#[test]
fn digit_grouping_per_language() {
    assert_eq!(format_count(Lang::En, 999), "999");
    assert_eq!(format_count(Lang::En, 1000), "1,000");
    assert_eq!(format_count(Lang::En, 123_456), "123,456");
    assert_eq!(format_count(Lang::Ru, 9999), "9999");
    assert_eq!(format_count(Lang::Ru, 123_456), "123\u{a0}456");
}

#[test]
fn reads_the_servers_wall_page_and_skips_broken_entries() {
    let body = r#"{"messages":[
        {"id":"m-2","name":"Алёна","location":"Москва","message":"Мы с вами","lang":"ru","date":"2026-11-30"},
        {"id":"m-1","name":"","location":null,"message":"With you","lang":"xx"},
        {"id":"","message":"no id"},
        {"id":"m-0"},
        7
    ],"next":"41","total_received":1234}"#;
    let page = parse_wall_page(body).expect("a wall");
    assert_eq!(page.messages.len(), 2);
    assert_eq!(page.messages[0].name, "Алёна");
    assert_eq!(page.messages[0].lang.as_deref(), Some("ru"));
    assert_eq!(page.messages[1].name, "", "shown as Anonymous");
    assert_eq!(page.messages[1].lang, None, "an unknown tag is left out");
    assert_eq!(page.next.as_deref(), Some("41"));
    assert_eq!(page.total_received, Some(1234));
    let numeric = parse_wall_page(r#"{"messages":[],"next":41}"#).expect("a wall");
    assert_eq!(numeric.next.as_deref(), Some("41"));
    assert_eq!(numeric.total_received, None);
    assert_eq!(parse_wall_page("<html>"), Err(NotAWall));
    assert_eq!(parse_wall_page("[]"), Err(NotAWall));
}
