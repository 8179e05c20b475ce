//! Comments, reports and the audit log against a real SQLite file.

use super::{excerpt, matches, Decision, StaffReplyOutcome};
use crate::store::audit::{Actor, AuditAction};
use crate::store::fixture::{cli, now, Fixture};
use crate::store::reports::ReportOutcome;
use crate::store::Status;

#[test]
fn deleting_a_comment_removes_the_row_and_its_reports_but_keeps_replies() {
    let f = Fixture::new();
    f.comment("c1", None, "Аня", Status::Published);
    f.comment("c2", Some("c1"), "Боря", Status::Published);
    assert_eq!(
        f.store
            .report_comment("c1", "reader-a", now())
            .expect("report"),
        ReportOutcome::Reported
    );
    assert!(f.store.delete_comment("c1", &cli()).expect("delete"));
    assert_eq!(f.count("comments", "id = 'c1'"), 0);
    assert_eq!(f.count("reports", "comment_id = 'c1'"), 0);
    let page = f.store.published_comments(0, 50).expect("page");
    let reply = page
        .comments
        .iter()
        .find(|c| c.id == "c2")
        .expect("reply stays");
    assert_eq!(reply.parent_id.as_deref(), Some("c1"));
    assert!(!f.store.delete_comment("c1", &cli()).expect("again"));
    let audit = f.store.audit_list(10, None).expect("audit");
    assert_eq!(audit.len(), 1, "only the delete that happened is audited");
    assert_eq!(audit[0].action, AuditAction::Delete.as_str());
    assert_eq!(audit[0].target.as_deref(), Some("c1"));
    assert_eq!(audit[0].at, "2026-12-01T10:20:30Z");
}

#[test]
fn reports_are_idempotent_per_reader_and_only_for_published_comments() {
    let f = Fixture::new();
    f.comment("pending", None, "A", Status::Pending);
    let report =
        |id: &str, reader: &str| f.store.report_comment(id, reader, now()).expect("report");
    assert_eq!(report("seed-1", "r1"), ReportOutcome::Reported);
    assert_eq!(report("seed-1", "r1"), ReportOutcome::AlreadyReported);
    assert_eq!(report("seed-1", "r2"), ReportOutcome::Reported);
    assert_eq!(report("nope", "r1"), ReportOutcome::NotFound);
    assert_eq!(report("pending", "r1"), ReportOutcome::NotFound);
    assert_eq!(f.store.report_count("seed-1").expect("count"), 2);
    // Still visible while it waits for a moderator.
    let page = f.store.published_comments(0, 50).expect("page");
    assert!(page.comments.iter().any(|c| c.id == "seed-1"));
}

#[test]
fn the_queue_holds_pending_and_reported_comments_oldest_first() {
    let f = Fixture::new();
    f.comment("p1", Some("seed-3"), "Аня", Status::Pending);
    f.store
        .report_comment("seed-2", "r1", now())
        .expect("report");
    let queue = f.store.pending_and_reported_comments().expect("queue");
    let ids: Vec<_> = queue.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["seed-2", "p1"]);
    assert_eq!(queue[0].reports, 1);
    assert_eq!(queue[0].status, Status::Published);
    assert_eq!(
        queue[1].parent_excerpt.as_deref(),
        Some("I support the LGBT in Russia. Stop anti-gay laws.")
    );
    assert_eq!(
        (queue[1].lang.as_str(), queue[1].author.as_str()),
        ("ru", "Аня")
    );

    // Approve keeps the reported comment and clears its reports; it leaves the queue.
    assert!(f
        .store
        .decide_comment("seed-2", Decision::Approve, &cli())
        .expect("approve"));
    assert_eq!(f.count("reports", "1"), 0);
    assert!(f
        .store
        .decide_comment("p1", Decision::Reject, &cli())
        .expect("reject"));
    assert!(f
        .store
        .pending_and_reported_comments()
        .expect("queue")
        .is_empty());
    assert_eq!(
        f.store.comment_status("p1").expect("status"),
        Some(Status::Rejected)
    );
    assert!(!f
        .store
        .decide_comment("nope", Decision::Approve, &cli())
        .expect("unknown"));
    assert_eq!(f.actions(), ["reject", "approve"]);
}

#[test]
fn search_finds_comments_by_text_or_author_in_any_case() {
    let f = Fixture::new();
    f.comment("c1", None, "Алёна", Status::Published);
    f.comment("c2", None, "Bob", Status::Pending);
    let ids = |query: &str, status: Option<Status>, limit: u32, offset: u32| -> Vec<String> {
        f.store
            .search_comments(query, status, limit, offset)
            .expect("search")
            .into_iter()
            .map(|c| c.id)
            .collect()
    };
    assert_eq!(ids("АЛЁНА", None, 10, 0), ["c1"]);
    assert_eq!(ids("body of", None, 10, 0), ["c2", "c1"], "newest first");
    assert_eq!(ids("body of", Some(Status::Published), 10, 0), ["c1"]);
    assert_eq!(ids("", Some(Status::Published), 2, 1), ["seed-3", "seed-2"]);
    assert!(ids("absent", None, 10, 0).is_empty());
}

#[test]
fn staff_replies_carry_the_marker_and_reader_comments_never_do() {
    let f = Fixture::new();
    let anna = Actor::new("Anna", now());
    let reply = match f
        .store
        .insert_staff_reply("seed-1", "Спасибо!", "ru", &anna)
        .expect("reply")
    {
        StaffReplyOutcome::Stored(reply) => reply,
        other => panic!("{other:?}"),
    };
    assert!(reply.staff);
    assert_eq!(reply.parent_id.as_deref(), Some("seed-1"));
    assert_eq!(reply.created_at, "2026-12-01T10:20:30Z");
    f.comment("reader", None, "Anna", Status::Published);
    let page = f.store.published_comments(0, 50).expect("page");
    let staff: Vec<_> = page
        .comments
        .iter()
        .filter(|c| c.staff)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(staff, [reply.id.as_str()]);
    assert_eq!(f.count("comments", "is_staff = 1"), 1);
    assert_eq!(
        f.store
            .insert_staff_reply("nope", "x", "en", &anna)
            .expect("no parent"),
        StaffReplyOutcome::NoParent
    );
    let audit = f.store.audit_list(10, None).expect("audit");
    assert_eq!(
        (audit[0].actor.as_str(), audit[0].action.as_str()),
        ("Anna", "reply")
    );
    assert_eq!(audit[0].target.as_deref(), Some(reply.id.as_str()));
}

#[test]
fn the_audit_log_pages_newest_first_and_is_append_only() {
    let f = Fixture::new();
    for action in AuditAction::ALL {
        f.store
            .audit_append(&cli(), action, Some("t"), None)
            .expect("append");
        assert_eq!(AuditAction::parse(action.as_str()), Some(action));
    }
    let first = f.store.audit_list(4, None).expect("list");
    assert_eq!(first[0].action, "staff_password");
    let before = first.last().map(|e| e.seq);
    let second = f.store.audit_list(100, before).expect("list");
    assert_eq!(first.len() + second.len(), AuditAction::ALL.len());
    assert_eq!(second.last().map(|e| e.action.as_str()), Some("sign_in"));
    let raw = f.raw();
    assert!(raw.execute("DELETE FROM audit", []).is_err());
    assert!(raw.execute("UPDATE audit SET actor = 'x'", []).is_err());
}

#[test]
fn excerpts_and_matching() {
    assert_eq!(excerpt("short"), "short");
    let long = "я".repeat(200);
    assert_eq!(excerpt(&long).chars().count(), super::EXCERPT_MAX + 1);
    assert!(excerpt(&long).ends_with('…'));
    assert!(matches("мы ВМЕСТЕ", &["Мы", "вместе с вами"]));
    assert!(!matches("мы нет", &["Мы", "вместе"]));
    assert!(matches("", &[]));
}
