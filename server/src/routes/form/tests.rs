use super::*;
use crate::validate::Rule;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

#[test]
fn escape_covers_the_five_characters() {
    assert_eq!(
        escape(r#"<a href="x" title='y'>&amp;</a>"#),
        "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;"
    );
    assert_eq!(escape("Алёна + 100%"), "Алёна + 100%");
    assert_eq!(escape(""), "");
}

#[test]
fn decode_reads_plus_percent_and_utf8() {
    let decoded =
        decode(b"name=%D0%90%D0%BB%D1%91%D0%BD%D0%B0&message=a+b%2Bc%25d&empty=&bare&&x=1%")
            .expect("valid form");
    assert_eq!(
        decoded,
        pairs(&[
            ("name", "Алёна"),
            ("message", "a b+c%d"),
            ("empty", ""),
            ("bare", ""),
            ("x", "1%"),
        ])
    );
    assert_eq!(decode(b"a=%zz%4"), Some(pairs(&[("a", "%zz%4")])));
    assert_eq!(decode(b"a=b=c"), Some(pairs(&[("a", "b=c")])));
    assert_eq!(decode(b""), Some(Vec::new()));
    assert_eq!(decode(b"name=%FF"), None, "not UTF-8 after decoding");
    assert_eq!(decode(b"name=\xff"), None, "not UTF-8 as sent");
}

#[test]
fn read_maps_the_form_onto_the_json_fields() {
    let post = read(pairs(&[
        ("name", "Lee"),
        ("consent", "on"),
        ("created_at", ""),
        ("bot-field", "spam"),
        ("lang", "ru"),
        ("return_to", "/ru/#support"),
        ("id", ""),
    ]));
    assert_eq!(post.lang, Lang::Ru);
    assert_eq!(post.back, "/ru/#support");
    assert_eq!(post.object.get("consent"), Some(&Value::Bool(true)));
    assert!(!post.object.contains_key("created_at"));
    assert!(!post.object.contains_key("bot-field"));
    assert!(!post.object.contains_key("return_to"));
    for (value, ticked) in [("true", true), ("ON", true), ("false", false), ("", false)] {
        let post = read(pairs(&[("consent", value)]));
        assert_eq!(
            post.object.get("consent"),
            Some(&Value::Bool(ticked)),
            "{value}"
        );
    }
    let post = read(pairs(&[("lang", "fr"), ("return_to", "//evil.example/")]));
    assert_eq!((post.lang, post.back.as_str()), (Lang::En, "/"));
    let post = read(pairs(&[("name", "first"), ("name", "last")]));
    assert_eq!(post.object.get("name"), Some(&Value::String("last".into())));
}

#[test]
fn a_read_form_validates_like_json() {
    let post = read(pairs(&[
        ("name", " Алёна "),
        ("message", "Мы с вами"),
        ("lang", "ru"),
        ("consent", "true"),
    ]));
    let message = crate::validate::message_problems(&post.object).expect("valid");
    assert_eq!((message.name.as_str(), message.id), ("Алёна", None));
    let problems = crate::validate::message_problems(&read(pairs(&[("email", "x")])).object)
        .expect_err("invalid");
    let fields: Vec<_> = problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, ["name", "email", "message", "consent"]);
}

#[test]
fn only_same_site_paths_are_returned_to() {
    for good in [
        "/",
        "/ru/",
        "/page?x=1#support",
        "/a%2F%2Fb",
        "/?q=<script>",
    ] {
        assert_eq!(safe_return(Some(good)), good);
    }
    let long = format!("/{}", "a".repeat(RETURN_TO_MAX));
    for bad in [
        "",
        "//evil.example/",
        "https://evil.example/",
        "/\\evil",
        "javascript:alert(1)",
        "/\t/evil.example",
        "/\n",
        " /",
        long.as_str(),
    ] {
        assert_eq!(safe_return(Some(bad)), "/", "{bad:?}");
    }
    assert_eq!(safe_return(None), "/");
    let longest = format!("/{}", "я".repeat(RETURN_TO_MAX - 1));
    assert_eq!(safe_return(Some(&longest)), longest);
}

#[test]
fn plurals() {
    let seconds = ["{n} секунду", "{n} секунды", "{n} секунд"];
    for (n, expected) in [
        (1, "1 секунду"),
        (2, "2 секунды"),
        (5, "5 секунд"),
        (11, "11 секунд"),
        (12, "12 секунд"),
        (21, "21 секунду"),
        (24, "24 секунды"),
        (111, "111 секунд"),
    ] {
        assert_eq!(Lang::Ru.plural(n, seconds), expected);
    }
    let english = ["{n} second", "{n} seconds", "{n} seconds"];
    assert_eq!(Lang::En.plural(1, english), "1 second");
    assert_eq!(Lang::En.plural(21, english), "21 seconds");
}

#[test]
fn every_problem_has_a_sentence_in_each_language() {
    let rules = [
        Rule::Required,
        Rule::TooLong(100),
        Rule::ControlCharacters,
        Rule::Invisible,
        Rule::TooManyMarks,
        Rule::NoLetter,
        Rule::NotString,
        Rule::Email,
        Rule::Lang,
        Rule::Consent,
        Rule::DateTime,
        Rule::Id,
        Rule::Reused,
    ];
    let fields = [
        "name", "email", "location", "message", "lang", "consent", "id", "author", "body",
    ];
    for field in fields.into_iter().chain(["created_at", "Idempotency-Key"]) {
        for rule in rules {
            let en = describe(Lang::En, field, rule);
            let ru = describe(Lang::Ru, field, rule);
            assert!(
                !en.is_empty() && !ru.is_empty() && en != ru,
                "{field} {rule:?}"
            );
            assert!(ru.chars().any(|c| ('а'..='я').contains(&c)), "{ru}");
        }
    }
    assert_eq!(
        describe(Lang::Ru, "message", Rule::TooLong(2000)),
        "Ваше сообщение: сократите, пожалуйста, текст до 2000 символов."
    );
    assert_eq!(
        describe(Lang::En, "name", Rule::Required),
        "Please enter your name."
    );
}
