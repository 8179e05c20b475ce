//! The outbox rules, driven by a fake clock.

use super::*;
use crate::api::SuccessRule;

fn request() -> OutgoingRequest {
    OutgoingRequest {
        url: "http://127.0.0.1:1/api/messages".into(),
        headers: vec![("Idempotency-Key".into(), "m1".into())],
        body: "{}".into(),
        success: SuccessRule::AnyTwoHundred,
    }
}

fn outbox_with(id: &str, now: u64) -> Outbox {
    let mut outbox = Outbox::default();
    outbox.add(Entry::new(
        id.into(),
        Kind::Message,
        request(),
        5_000,
        "We stand with you",
        now,
    ));
    outbox
}

fn http(status: u16, retry_after: Option<&str>) -> Result<(), ApiError> {
    Err(ApiError::Http {
        status,
        message: None,
        field_errors: vec![],
        retry_after: retry_after.map(Into::into),
        lang: None,
    })
}

#[test]
fn a_message_is_claimed_once_and_leaves_only_when_delivered() {
    let mut outbox = outbox_with("m1", 1_000);
    assert_eq!(outbox.claim_due("tab-a", 1_000, false).len(), 1);
    assert!(
        outbox.claim_due("tab-b", 1_001, false).is_empty(),
        "a second tab must not take it"
    );
    assert!(matches!(
        outbox.settle("m1", &Ok(()), 1_500, 0.5),
        Some(Settled::Delivered(_))
    ));
    assert!(outbox.entries.is_empty());
}

#[test]
fn adding_the_same_id_twice_keeps_one_entry() {
    let mut outbox = outbox_with("m1", 0);
    outbox.add(Entry::new(
        "m1".into(),
        Kind::Message,
        request(),
        5_000,
        "again",
        10,
    ));
    assert_eq!(outbox.entries.len(), 1);
    assert_eq!(outbox.entries[0].summary, "We stand with you");
}

#[test]
fn server_errors_back_off_then_succeed() {
    // 503, 503, 201
    let mut outbox = outbox_with("m1", 0);
    let mut now = 0;
    for _ in 0..2 {
        assert_eq!(outbox.claim_due("tab", now, false).len(), 1);
        let settled = outbox.settle("m1", &http(503, None), now, 0.999);
        let Some(Settled::Retrying(entry)) = settled else {
            panic!("503 must be retried: {settled:?}")
        };
        assert!(entry.next_attempt_ms > now);
        assert!(
            outbox
                .claim_due("tab", entry.next_attempt_ms - 1, false)
                .is_empty(),
            "not before its time"
        );
        now = entry.next_attempt_ms;
    }
    assert_eq!(outbox.claim_due("tab", now, false).len(), 1);
    assert!(
        matches!(outbox.settle("m1", &Ok(()), now, 0.5), Some(Settled::Delivered(e)) if e.attempts == 2)
    );
}

#[test]
fn retry_after_is_honoured() {
    let mut outbox = outbox_with("m1", 0);
    outbox.claim_due("tab", 0, false);
    let Some(Settled::Retrying(entry)) = outbox.settle("m1", &http(429, Some("7")), 100, 0.0)
    else {
        panic!("429 must be retried")
    };
    assert_eq!(entry.next_attempt_ms, 7_100);
}

#[test]
fn client_errors_stop_and_wait_for_the_reader() {
    let mut outbox = outbox_with("m1", 0);
    outbox.claim_due("tab", 0, false);
    assert!(matches!(
        outbox.settle("m1", &http(422, None), 10, 0.5),
        Some(Settled::Stopped(_))
    ));
    assert!(
        outbox.claim_due("tab", u64::MAX / 2, false).is_empty(),
        "stopped entries are not retried alone"
    );
    assert_eq!(outbox.next_due_ms(), None);
    outbox.retry_now("m1", 50);
    assert_eq!(outbox.claim_due("tab", 50, false).len(), 1);
}

#[test]
fn attempts_are_limited() {
    let mut outbox = outbox_with("m1", 0);
    let mut now = 0;
    let mut last = None;
    for _ in 0..retry::MAX_ATTEMPTS {
        assert_eq!(outbox.claim_due("tab", now, false).len(), 1);
        last = outbox.settle("m1", &Err(ApiError::Timeout), now, 0.5);
        if let Some(Settled::Retrying(entry)) = &last {
            now = entry.next_attempt_ms;
        }
    }
    assert!(matches!(last, Some(Settled::Stopped(ref e)) if e.attempts == retry::MAX_ATTEMPTS));
    assert_eq!(
        outbox.entries.len(),
        1,
        "a stopped message is kept, never dropped"
    );
}

#[test]
fn a_closed_tabs_lease_expires() {
    let mut outbox = outbox_with("m1", 0);
    outbox.claim_due("tab-a", 0, false);
    let lease_end = outbox.next_due_ms().expect("lease");
    assert!(outbox.claim_due("tab-b", lease_end - 1, false).is_empty());
    let taken = outbox.claim_due("tab-b", lease_end, false);
    assert_eq!(taken.len(), 1);
    assert!(matches!(&taken[0].state, State::Sending { owner, .. } if owner == "tab-b"));
}

#[test]
fn waking_after_reconnecting_skips_the_backoff() {
    let mut outbox = outbox_with("m1", 0);
    outbox.claim_due("tab", 0, false);
    outbox.settle("m1", &Err(ApiError::Network), 0, 0.999);
    assert!(outbox.claim_due("tab", 10, false).is_empty());
    outbox.wake_all(10);
    assert_eq!(outbox.claim_due("tab", 10, false).len(), 1);
}

#[test]
fn deleting_removes_and_the_outbox_round_trips_through_json() {
    let mut outbox = outbox_with("m1", 0);
    outbox.add(Entry::new(
        "m2".into(),
        Kind::Message,
        request(),
        5_000,
        "second",
        1,
    ));
    let text = outbox.to_text();
    let mut back = Outbox::from_text(&text).expect("parse");
    assert_eq!(back, outbox);
    back.remove("m1");
    assert_eq!(back.entries.len(), 1);
    assert_eq!(back.entries[0].id, "m2");
}

#[test]
fn under_the_cross_tab_lock_an_abandoned_send_is_taken_over_at_once() {
    let mut outbox = outbox_with("m1", 0);
    outbox.claim_due("closed-tab", 0, true);
    assert!(
        outbox.claim_due("new-tab", 1, false).is_empty(),
        "without the lock the lease holds"
    );
    assert_eq!(
        outbox.claim_due("new-tab", 1, true).len(),
        1,
        "with the lock nobody else is sending"
    );
}

#[test]
fn deliveries_are_remembered_briefly_for_other_tabs() {
    let mut outbox = Outbox::default();
    outbox.remember_delivery("m1", 201, 0);
    assert_eq!(outbox.delivered_status("m1"), Some(201));
    for i in 0..60 {
        outbox.remember_delivery(&format!("x{i}"), 202, 10);
    }
    assert_eq!(outbox.delivered.len(), 50);
    assert_eq!(
        outbox.delivered_status("m1"),
        None,
        "old records are forgotten"
    );
    outbox.remember_delivery("late", 201, 25 * 3600 * 1000);
    assert_eq!(
        outbox.delivered.len(),
        1,
        "records older than a day are dropped"
    );
}

/// Exactly what the page stored with serde_json before `crate::json`: every field in
/// declaration order, enums externally tagged, tuples as arrays.
const OLD_OUTBOX: &str = r#"{"entries":[{"id":"m1","kind":"Message","request":{"url":"/api/messages","headers":[["Content-Type","application/json"]],"body":"{\"id\":\"m1\"}","success":"AnyTwoHundred"},"timeout_ms":10000,"summary":"hi","created_ms":1700000000000,"attempts":2,"next_attempt_ms":1700000004000,"state":{"Sending":{"owner":"tab-1","lease_until_ms":1700000060000}},"last_error":{"Http":{"status":503,"message":"busy","field_errors":[["email","bad"]],"retry_after":"5"}}},{"id":"c1","kind":{"Comment":{"id":"c1","parent_id":null,"author":"Лена","body":"\u003cb\u003e \"hi\"\n","lang":"ru"}},"request":{"url":"/api/comments","headers":[],"body":"{}","success":"SuccessFlag"},"timeout_ms":5000,"summary":"","created_ms":1,"attempts":0,"next_attempt_ms":1,"state":"Stopped","last_error":{"Rejected":null}}],"delivered":[{"id":"old","status":201,"at_ms":5}]}"#;

#[test]
fn an_outbox_stored_by_the_serde_page_still_reads_and_round_trips() {
    let outbox = Outbox::from_text(OLD_OUTBOX).expect("the old format reads");
    assert_eq!(outbox.entries.len(), 2);
    let (message, comment) = (&outbox.entries[0], &outbox.entries[1]);
    assert_eq!(
        message.state,
        State::Sending {
            owner: "tab-1".into(),
            lease_until_ms: 1_700_000_060_000
        }
    );
    assert_eq!(
        message.last_error,
        Some(ApiError::Http {
            status: 503,
            message: Some("busy".into()),
            field_errors: vec![("email".into(), "bad".into())],
            retry_after: Some("5".into()),
            lang: None,
        })
    );
    assert_eq!(message.request.body, r#"{"id":"m1"}"#);
    let Kind::Comment(new) = &comment.kind else {
        panic!("a comment: {:?}", comment.kind)
    };
    assert_eq!(
        (new.author.as_str(), new.body.as_str()),
        ("Лена", "<b> \"hi\"\n")
    );
    assert_eq!(new.lang, crate::i18n::Lang::Ru);
    assert_eq!(
        comment.request.success,
        crate::api::SuccessRule::SuccessFlag
    );
    assert_eq!(comment.last_error, Some(ApiError::Rejected(None)));
    assert_eq!(outbox.delivered[0].status, 201);
    // What is written now reads back the same, in this page and in serde's reading of it.
    let again = Outbox::from_text(&outbox.to_text()).expect("reads back");
    assert_eq!(again, outbox);
    let old: serde_json::Value = serde_json::from_str(OLD_OUTBOX).expect("json");
    let new: serde_json::Value = serde_json::from_str(&outbox.to_text()).expect("json");
    assert_eq!(new, old, "the same data, whatever the key order");
}

#[test]
fn older_and_hostile_outboxes() {
    // Before `delivered` and `success` existed.
    let older = r#"{"entries":[{"id":"m","kind":"Message","request":{"url":"/u","headers":[],"body":""},"timeout_ms":1,"summary":"","created_ms":0,"attempts":0,"next_attempt_ms":0,"state":"Waiting","last_error":"Timeout"}]}"#;
    let outbox = Outbox::from_text(older).expect("reads");
    assert_eq!(
        outbox.entries[0].request.success,
        crate::api::SuccessRule::AnyTwoHundred
    );
    assert!(outbox.delivered.is_empty());
    for bad in [
        "",
        "[]",
        r#"{"entries":{}}"#,
        &older.replace(r#""attempts":0"#, r#""attempts":-1"#),
        &older.replace(r#""attempts":0"#, r#""attempts":1e400"#),
        &older.replace(r#""attempts":0"#, r#""attempts":4294967296"#),
        &older.replace(r#""state":"Waiting""#, r#""state":"Flying""#),
        &older.replace(
            r#""state":"Waiting""#,
            r#""state":{"Waiting":null,"Stopped":null}"#,
        ),
        &older.replace(r#""id":"m""#, r#""id":7"#),
    ] {
        assert_eq!(Outbox::from_text(bad), None, "{bad}");
    }
}
