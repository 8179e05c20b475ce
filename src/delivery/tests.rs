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
    let text = serde_json::to_string(&outbox).expect("serialise");
    let mut back: Outbox = serde_json::from_str(&text).expect("parse");
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
