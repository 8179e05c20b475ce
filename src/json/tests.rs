//! The parser, the readers' value and the writer, checked against serde_json as the
//! oracle (the parser is the one the page runs in the browser).

use super::*;

fn oracle(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("oracle parses")
}

#[test]
fn strings_are_escaped_as_the_spec_says() {
    let mut all_controls: String = (0u8..0x20).map(char::from).collect();
    all_controls.push_str("\"\\/ \u{7f} é я 😀 \u{2028}\u{2029} </script>");
    let written = Value::String(all_controls.clone()).to_json();
    assert_eq!(
        written,
        serde_json::to_string(&all_controls).expect("oracle")
    );
    assert_eq!(oracle(&written), serde_json::Value::String(all_controls));
    assert_eq!(
        Value::from("a\"b\\c\nd\u{1}").to_json(),
        r#""a\"b\\c\nd\u0001""#
    );
}

#[test]
fn documents_read_and_write_back_as_serde_json_does() {
    for text in [
        r#"{"b":[1,-2,3.5,1e3,-0,true,false,null],"a":{"z":"x","y":{}},"c":[]}"#,
        r#"[{"id":"1","author":"Анна","body":"\u00e9\n"}]"#,
        r#""just a string""#,
        "12345678901234567890",
        "null",
    ] {
        let value = parse(text).expect("parses");
        assert_eq!(oracle(&value.to_json()), oracle(text), "{text}");
        // Numbers keep their own text (serde_json writes 1e3 as 1000.0, -0 as -0.0).
        assert_eq!(
            value.to_json(),
            oracle(text)
                .to_string()
                .replace("1000.0", "1e3")
                .replace("-0.0", "-0"),
            "sorted keys, compact"
        );
    }
}

#[test]
fn every_string_the_writer_writes_reads_back_and_agrees_with_serde_json() {
    let mut samples: Vec<String> = (0u32..0x250)
        .chain(0x2000..0x2100)
        .chain([0xfffd, 0x1f600, 0x10ffff])
        .filter_map(char::from_u32)
        .map(|c| format!("a{c}b"))
        .collect();
    samples.push(" \t\n\r\"\\/".to_owned());
    for text in samples {
        let written = Value::String(text.clone()).to_json();
        assert_eq!(
            parse(&written),
            Ok(Value::String(text.clone())),
            "{written}"
        );
        let spaced = format!(" \n\t[ {{ \"k\" :\r{written} }} ] ");
        let oracle_text = oracle(&spaced).to_string();
        assert_eq!(parse(&spaced).expect("parses").to_json(), oracle_text);
    }
    // Escapes serde_json reads, written the long way.
    let escaped = r#""\u0041\u00e9\u044f\b\f\/\uD83D\uDE00""#;
    assert_eq!(
        parse(escaped),
        Ok(Value::String(
            oracle(escaped).as_str().expect("a string").to_owned()
        ))
    );
}

#[test]
fn hostile_documents_are_refused_or_read_safely() {
    for text in [
        "",
        "{",
        "[1,]",
        "{'a':1}",
        "NaN",
        "1e400",
        "-1e400",
        "\"\u{1}\"",
        "[1] x",
        "tru",
        "\"\\x\"",
        "\"\\u12\"",
        "\"open",
        "{\"a\" 1}",
        "{1:2}",
        "[1 2]",
    ] {
        assert!(parse(text).is_err(), "{text:?}");
    }
    // Lone surrogates become U+FFFD (as strings crossing from JavaScript do); pairs stay.
    let value = parse(r#"["\ud800","a\udc00b","\ud83d\ude00","\\ud800"]"#).expect("parses");
    assert_eq!(
        value,
        Value::Array(vec![
            "\u{fffd}".into(),
            "a\u{fffd}b".into(),
            "😀".into(),
            "\\ud800".into()
        ])
    );
    // Deep nesting is refused instead of exhausting the stack.
    let deep = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert!(parse(&deep(MAX_NESTING - 28)).is_ok());
    assert!(parse(&deep(100_000)).is_err());
    // The bound exactly: 128 levels read, 129 refused.
    assert!(parse(&deep(MAX_NESTING)).is_ok());
    assert!(parse(&deep(MAX_NESTING + 1)).is_err());
    // A later duplicate key wins, as in JSON.parse.
    assert_eq!(
        parse(r#"{"a":1,"a":"two"}"#).expect("parses").get("a"),
        Some(&"two".into())
    );
}

#[test]
fn numbers_keep_their_text_and_read_as_integers_only_when_whole() {
    let n = |text: &str| parse(text).expect("number");
    assert_eq!(n("40").as_u64(), Some(40));
    assert_eq!(n("18446744073709551615").as_u64(), Some(u64::MAX));
    assert_eq!(n("18446744073709551616").as_u64(), None);
    assert_eq!(n("-3").as_u64(), None);
    assert_eq!(n("1.5").as_u64(), None);
    assert_eq!(n("2.5e2").to_json(), "2.5e2", "a number keeps its text");
    assert_eq!(n("1e308").to_json(), "1e308");
    assert_eq!(n("0.0001e310").to_json(), "0.0001e310", "1e306");
    assert_eq!(n("-0.0e999").to_json(), "-0.0e999", "zero");
    assert!(parse("10e308").is_err(), "1e309");
    assert!(parse("0.01e311").is_err(), "1e309");
    for text in ["01", "1.", ".5", "1e", "+1", "-", "0x10", "1_000", " 1"] {
        assert_eq!(Number::from_text(text), None, "{text}");
    }
    for text in ["0", "-0", "1e+21", "1E-7", "-12.5e10"] {
        assert!(Number::from_text(text).is_some(), "{text}");
    }
}

#[test]
fn typed_readers_check_every_type() {
    let value = parse(r#"{"s":"x","n":7,"big":4294967296,"t":true,"o":null,"l":[["a","b"]]}"#)
        .expect("parses");
    let map = value.as_object().expect("object");
    assert_eq!(field::<String>(map, "s"), Some("x".into()));
    assert_eq!(field::<String>(map, "n"), None, "a number is not a string");
    assert_eq!(field::<u32>(map, "n"), Some(7));
    assert_eq!(field::<u32>(map, "big"), None, "too big for u32");
    assert_eq!(field::<u64>(map, "big"), Some(4_294_967_296));
    assert_eq!(field::<bool>(map, "t"), Some(true));
    assert_eq!(field::<Option<String>>(map, "o"), Some(None));
    assert_eq!(field::<Option<String>>(map, "missing"), Some(None));
    assert_eq!(field::<String>(map, "missing"), None);
    assert_eq!(
        field_or_default::<String>(map, "missing"),
        Some(String::new())
    );
    assert_eq!(
        field_or_default::<String>(map, "n"),
        None,
        "present but wrong"
    );
    assert_eq!(
        field::<Vec<(String, String)>>(map, "l"),
        Some(vec![("a".into(), "b".into())])
    );
    assert_eq!(untag(&"Unit".into()), Some(("Unit", &Value::Null)));
    assert_eq!(untag(&Value::Array(vec![])), None);
}

#[test]
fn the_reader_hands_over_members_in_order_and_checks_the_whole_document() {
    let text = r#" {"a": [1, {"b": 2}], "k\u0065y": "v", "skip": {"x": [null]}} "#;
    let mut reader = Reader::new(text);
    assert_eq!(reader.peek(), Next::Object);
    let mut seen = Vec::new();
    reader
        .object(|reader, key| {
            match &*key {
                "a" => reader.array(|reader| {
                    let item = reader.value()?;
                    seen.push(format!("a[] {}", item.to_json()));
                    Ok(())
                })?,
                "key" => seen.push(format!("key {}", reader.value()?.to_json())),
                other => {
                    reader.value()?;
                    seen.push(format!("dropped {other}"));
                }
            }
            Ok(())
        })
        .expect("reads");
    reader.end().expect("nothing follows");
    assert_eq!(
        seen,
        ["a[] 1", r#"a[] {"b":2}"#, r#"key "v""#, "dropped skip"]
    );
    // Broken text is an error wherever it is, also inside a member the caller drops.
    for broken in [
        r#"{"a":1,"skip":[1,]}"#,
        r#"{"a":1} x"#,
        r#"{"a" 1}"#,
        r#"{"a":1,}"#,
    ] {
        let mut reader = Reader::new(broken);
        let read = reader.object(|reader, _| reader.value().map(drop));
        assert!(read.and_then(|()| reader.end()).is_err(), "{broken}");
    }
    // Nesting through the reader's own calls counts towards the same bound.
    let deep = format!(
        "{}{}",
        "[".repeat(MAX_NESTING + 1),
        "]".repeat(MAX_NESTING + 1)
    );
    fn down(reader: &mut Reader) -> Result<(), String> {
        reader.array(down)
    }
    assert!(down(&mut Reader::new(&deep)).is_err());
    let ok = format!("{}{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING));
    assert!(down(&mut Reader::new(&ok)).is_ok());
}
