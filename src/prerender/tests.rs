use super::*;

const TEMPLATE: &str = r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8" /><title>x</title><meta name="description" content="y" /><link rel="stylesheet" href="/main-1.css"></head><body><main data-solidarity data-standalone><noscript>old</noscript></main></body></html>"#;

fn inputs() -> Inputs {
    Inputs {
        template: TEMPLATE.to_owned(),
        config: r#"{"messages":{"endpoint":"/api/messages"},"comments":{"endpoint":"/api/comments","static":"comments.json"}}"#.to_owned(),
        comments: r#"[{"id":"c1","author":"Ольга <b>","body":"Мы с вами & </script>"}]"#.to_owned(),
        wall: String::new(),
        public_url: "/".to_owned(),
    }
}

#[test]
fn the_default_language_is_the_root_page_and_russian_is_one_level_down() {
    let (file, html) = page(&inputs(), Lang::En).expect("renders");
    assert_eq!(file, "index.html");
    assert!(html.contains(r#"<html lang="en">"#));
    assert!(!html.contains("<base"));
    let (file, html) = page(&inputs(), Lang::Ru).expect("renders");
    assert_eq!(file, "ru/index.html");
    assert!(html.contains(r#"<html lang="ru">"#));
    assert!(html.contains(r#"<head><!--solidarity:prerendered--><base href="/">"#));
    let mut relative = inputs();
    relative.public_url = "./".to_owned();
    let (_, html) = page(&relative, Lang::Ru).expect("renders");
    assert!(html.contains(r#"<head><!--solidarity:prerendered--><base href="../">"#));
    assert!(
        !html.contains(r#"name="return_to""#),
        "no way back without a known site path"
    );
    let article = crate::content::article(Lang::Ru).expect("russian article");
    assert!(html.contains(&format!("<title>{}</title>", escape(&article.title))));
}

#[test]
fn the_page_carries_the_article_comments_and_a_plain_form() {
    let (_, html) = page(&inputs(), Lang::Ru).expect("renders");
    let article = crate::content::article(Lang::Ru).expect("russian article");
    assert!(html.contains(&escape(&article.title)));
    assert!(html.contains("Ольга &lt;b&gt;"), "comment author as text");
    assert!(
        html.contains("Мы с вами &amp; &lt;/script&gt;"),
        "comment body as text"
    );
    assert!(html.contains(r#"action="/api/messages""#));
    assert!(html.contains(r#"method="post""#));
    assert!(html.contains(r#"name="return_to" value="/ru/""#));
    let support = &html[html
        .find(r#"data-testid="support-form""#)
        .expect("support form")..];
    let tag = &support[..support.find('>').expect("tag end")];
    assert!(
        !tag.contains("novalidate"),
        "browsers validate the plain form: {tag}"
    );
    assert!(
        !html.contains("<noscript>old"),
        "the template's content is replaced"
    );
}

#[test]
fn head_tags_are_in_the_page_language_and_link_both_pages() {
    let (_, html) = page(&inputs(), Lang::Ru).expect("renders");
    let article = crate::content::article(Lang::Ru).expect("russian article");
    assert!(html.contains(&format!(
        r#"<meta name="description" content="{}""#,
        escape(&article.description)
    )));
    assert!(html.contains(r#"<meta property="og:locale" content="ru_RU">"#));
    assert!(html.contains(r#"<link rel="alternate" hreflang="en" href="./">"#));
    assert!(html.contains(r#"<link rel="alternate" hreflang="ru" href="ru/">"#));
    assert!(html.contains(r#"<link rel="alternate" hreflang="x-default" href="./">"#));
}

#[test]
fn the_seed_cannot_break_out_of_its_script_element() {
    let (_, html) = page(&inputs(), Lang::En).expect("renders");
    let start = html.find(r#"id="solidarity-seed">"#).expect("seed present");
    let seed = &html[start..];
    let end = seed.find("</script>").expect("closed");
    assert!(
        !seed[..end].contains("</"),
        "no early close inside the seed"
    );
    assert!(seed[..end].contains("\\u003c/script>"));
}

#[test]
fn a_broken_template_or_config_is_an_error() {
    let mut broken = inputs();
    broken.template = "<html><body></body></html>".to_owned();
    assert!(page(&broken, Lang::En).is_err());
    let mut broken = inputs();
    broken.config = "{".to_owned();
    assert!(page(&broken, Lang::En).is_err());
}

#[test]
fn prerendering_a_prerendered_page_again_replaces_rather_than_adds() {
    let (_, first) = page(&inputs(), Lang::Ru).expect("renders");
    let mut again = inputs();
    again.template = first.clone();
    let (_, second) = page(&again, Lang::Ru).expect("renders again");
    assert_eq!(first, second);
    assert_eq!(second.matches("<base").count(), 1);
    assert_eq!(second.matches("solidarity-seed").count(), 1);
}

#[test]
fn each_fragment_is_the_article_alone_in_its_language() {
    for lang in Lang::ALL {
        let html = fragment::render(lang);
        let article = crate::content::article(lang).expect("article");
        assert!(
            html.starts_with(&format!(r#"<div lang="{}""#, lang.code())),
            "{html:.80}"
        );
        assert!(html.contains(r#"class="solidarity""#));
        assert!(html.contains(fragment::FRAGMENT_MARK));
        assert!(html.contains(&format!("<h1>{}</h1>", escape(&article.title))));
        assert!(!html.contains("<form"), "no forms: they need the app");
        assert!(!html.contains("<script"));
    }
    assert_eq!(fragment::file_name(Lang::Ru), "fragment-ru.html");
}
