//! The inbox and the wall of support against a real SQLite file.

use super::{PublishOutcome, UnpublishOutcome};
use crate::store::fixture::{cli, Fixture};

fn inbox() -> Fixture {
    let f = Fixture::new();
    f.message("m1", Some("anna@example.org"), "ru", "Мы с вами");
    f.message("m2", None, "en", "Stay strong");
    f.message("m3", Some("bob@example.org"), "ru", "Держитесь");
    f
}

#[test]
fn messages_are_searched_newest_first_by_text_name_location_and_language() {
    let f = inbox();
    let ids = |query: &str, lang: Option<&str>, limit: u32, offset: u32| -> Vec<String> {
        f.store
            .search_messages(query, lang, limit, offset)
            .expect("search")
            .into_iter()
            .map(|m| m.message.id)
            .collect()
    };
    assert_eq!(ids("", None, 10, 0), ["m3", "m2", "m1"]);
    assert_eq!(ids("", Some("ru"), 10, 0), ["m3", "m1"]);
    assert_eq!(ids("мы С", None, 10, 0), ["m1"], "text, any case");
    assert_eq!(ids("name m2", None, 10, 0), ["m2"], "name");
    assert_eq!(ids("казань", Some("en"), 10, 0), ["m2"], "location");
    assert_eq!(ids("", None, 1, 1), ["m2"], "limit and offset");
    let counts = f.store.message_counts_by_lang().expect("counts");
    assert_eq!(counts.get("ru"), Some(&2));
    assert_eq!(counts.get("en"), Some(&1));
}

#[test]
fn published_messages_carry_no_email_and_only_the_day() {
    let f = inbox();
    assert_eq!(
        f.store.publish_message("m1", &cli()).expect("publish"),
        PublishOutcome::Published
    );
    assert_eq!(
        f.store.publish_message("m1", &cli()).expect("again"),
        PublishOutcome::AlreadyPublished
    );
    assert_eq!(
        f.store.publish_message("nope", &cli()).expect("unknown"),
        PublishOutcome::NotFound
    );
    f.raw()
        .execute("UPDATE messages SET consent = 0 WHERE id = 'm2'", [])
        .expect("no consent");
    assert_eq!(
        f.store.publish_message("m2", &cli()).expect("m2"),
        PublishOutcome::NoConsent
    );
    f.raw()
        .execute("UPDATE messages SET sealed = x'00' WHERE id = 'm3'", [])
        .expect("seal");
    assert_eq!(
        f.store.publish_message("m3", &cli()).expect("sealed m3"),
        PublishOutcome::Sealed,
        "a sealed message has no readable text to show"
    );
    f.raw()
        .execute("UPDATE messages SET sealed = NULL WHERE id = 'm3'", [])
        .expect("unseal");
    assert_eq!(
        f.store.publish_message("m3", &cli()).expect("m3"),
        PublishOutcome::Published
    );

    let page = f.store.published_messages(None, 1).expect("page");
    assert_eq!(page.total_received, 3);
    assert_eq!(page.messages.len(), 1);
    assert_eq!(page.messages[0].id, "m3");
    assert_eq!(page.messages[0].date.len(), 10, "{}", page.messages[0].date);
    let json = serde_json::to_string(&page.messages).expect("json");
    assert!(!json.contains('@') && !json.contains("email"), "{json}");
    let rest = f.store.published_messages(page.next, 10).expect("rest");
    let ids: Vec<_> = rest.messages.iter().map(|m| m.id.as_str()).collect();
    assert_eq!((ids, rest.next), (vec!["m1"], None));

    assert_eq!(
        f.store.unpublish_message("m1", &cli()).expect("un"),
        UnpublishOutcome::Unpublished
    );
    assert_eq!(
        f.store.unpublish_message("m1", &cli()).expect("un"),
        UnpublishOutcome::NotPublished
    );
    assert_eq!(
        f.store.unpublish_message("x", &cli()).expect("un"),
        UnpublishOutcome::NotFound
    );
    let page = f.store.published_messages(None, 10).expect("page");
    assert_eq!(page.messages.len(), 1);
    let found = f
        .store
        .search_messages("Держитесь", None, 10, 0)
        .expect("search");
    assert!(found[0].published_at.is_some());
    assert_eq!(f.actions(), ["unpublish", "publish", "publish"]);
}
