use super::*;

fn block_kinds(article: &Article) -> Vec<&'static str> {
    article
        .body
        .iter()
        .map(|block| match block {
            Block::Paragraph { .. } => "paragraph",
            Block::Quote { .. } => "quote",
        })
        .collect()
}

fn all_text(article: &Article) -> String {
    let mut text = format!("{}\n{}\n", article.title, article.tagline);
    for block in &article.body {
        match block {
            Block::Paragraph { text: segments } => text += &plain_text(segments),
            Block::Quote {
                text: segments,
                speaker,
                speaker_role,
            } => text += &format!("{} {speaker} {speaker_role}", plain_text(segments)),
        }
        text.push('\n');
    }
    for action in &article.actions {
        text += &plain_text(action);
        text.push('\n');
    }
    text
}

#[test]
fn both_files_parse_and_have_the_same_structure() {
    let en = parse(EN_SOURCE).expect("content/en.json");
    let ru = parse(RU_SOURCE).expect("content/ru.json");
    assert_eq!(block_kinds(&en), block_kinds(&ru));
    assert_eq!(en.actions.len(), 4);
    assert_eq!(ru.actions.len(), 4);
    assert_eq!(en.published, "2013-07-30");
    assert_eq!(ru.published, en.published);
    assert_eq!(
        block_kinds(&en).iter().filter(|k| **k == "quote").count(),
        2
    );
}

#[test]
fn english_is_faithful_to_the_seed() {
    let en = all_text(&parse(EN_SOURCE).expect("en"));
    for phrase in [
        "Solidarity with LGBT Russia",
        "President Vladimir Putin signed into law measures that stigmatise LGB&T people",
        "50th anniversary of the Manchester/ St Petersburg sister city arrangement",
        "we would really feel like we were up against a solid wall",
        "don’t sever the ties",
        "Polina Savchenko",
        "Sasha Semonova",
        "Any boycott or closing",
        "before the 2014 Winter Olympics are held in Russia",
        "Send your messages of support at the Coming-Out website",
    ] {
        assert!(en.contains(phrase), "missing from en.json: {phrase}");
    }
}

#[test]
fn russian_uses_established_names_and_no_leftover_english() {
    let ru = parse(RU_SOURCE).expect("ru");
    let text = all_text(&ru);
    for name in [
        "«Выход»",
        "Российская ЛГБТ-сеть",
        "Полина Савченко",
        "Путин",
    ] {
        assert!(text.contains(name), "missing from ru.json: {name}");
    }
    let allowed = [
        "All",
        "Out",
        "LGF",
        "Facebook",
        "The",
        "Lesbian",
        "Gay",
        "Foundation",
    ];
    let leftovers: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|word| word.len() > 1 && !allowed.contains(word))
        .collect();
    assert!(
        leftovers.is_empty(),
        "English left in ru.json: {leftovers:?}"
    );
}

#[test]
fn links_in_content_are_https() {
    for source in [EN_SOURCE, RU_SOURCE] {
        let article = parse(source).expect("content");
        let segments = article.body.iter().flat_map(|block| match block {
            Block::Paragraph { text } | Block::Quote { text, .. } => text.iter(),
        });
        for segment in segments.chain(article.actions.iter().flatten()) {
            if let Segment::Link { href, .. } = segment {
                assert!(href.starts_with("https://"), "{href}");
            }
        }
    }
}

#[test]
fn the_russian_article_is_typeset_once_as_it_is_loaded() {
    let ru = article(Lang::Ru).expect("ru");
    let text = all_text(ru);
    assert!(text.contains("В\u{a0}2012\u{a0}году"), "{text}");
    assert!(!text.contains(" —"), "a dash after an ordinary space");
    assert!(!text.contains(" в "), "an unglued one-letter preposition");
    assert_eq!(crate::typography::russian(&text), text);
    // The source stays as editors wrote it; link targets are untouched.
    assert!(!RU_SOURCE.contains('\u{a0}'));
    let raw = parse(RU_SOURCE).expect("ru");
    assert_eq!(typeset(Lang::Ru, raw.clone()).published, raw.published);
    assert_eq!(article(Lang::En), parse(EN_SOURCE).ok().as_ref());
}
