//! The contract, continued: moderation, reports and the audit log; the wall, erasure and
//! the purge; the webhook outbox. Then what only PostgreSQL must show: migrations under
//! a lock, claimed outbox rows, one purger at a time.

use super::*;

on_both_stores! {
    moderation_reports_and_audit(db) {
        let writer = db.writer(Options::default());
        write(&writer, comment("c1", "c1", None, Status::Published));
        let report = |reporter: &str| Write::Report {
            comment_id: "c1".into(),
            reporter_id: reporter.into(),
            at: at(),
        };
        assert_eq!(write(&writer, report("r1")), Outcome::Report(ReportOutcome::Reported));
        assert_eq!(write(&writer, report("r1")), Outcome::Report(ReportOutcome::AlreadyReported));
        let store = db.store();
        assert_eq!(store.report_comment("c1", "r2", at()).expect("report"), ReportOutcome::Reported);
        assert_eq!(store.report_comment("nope", "r2", at()).expect("report"), ReportOutcome::NotFound);
        assert_eq!(store.report_count("c1").expect("count"), 2);
        let queue = store.pending_and_reported_comments().expect("queue");
        assert_eq!((queue.len(), queue[0].id.as_str(), queue[0].reports), (1, "c1", 2));
        let by = Actor::new("mod", at());
        assert!(store.decide_comment("c1", Decision::Approve, &by).expect("approve"));
        assert_eq!(store.report_count("c1").expect("count"), 0);
        assert!(!store.decide_comment("nope", Decision::Reject, &by).expect("reject"));
        let StaffReplyOutcome::Stored(reply) =
            store.insert_staff_reply("seed-1", "Спасибо", "ru", &by).expect("reply")
        else {
            panic!("the reply was not stored");
        };
        assert!(reply.staff);
        assert_eq!((reply.author.as_str(), reply.created_at.as_str()), ("mod", "2026-12-01T10:20:30Z"));
        assert_eq!(
            store.insert_staff_reply("nope", "x", "en", &by).expect("reply"),
            StaffReplyOutcome::NoParent
        );
        assert!(store.delete_comment("c1", &by).expect("delete"));
        assert!(!store.delete_comment("c1", &by).expect("delete"));
        let found = store.search_comments("ryan", Some(Status::Published), 10, 0).expect("search");
        assert_eq!(found.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["seed-1"]);
        assert_eq!(store.all_comments().expect("all").len(), 4);
        let actions: Vec<_> = store.audit_list(10, None).expect("audit")
            .into_iter().map(|e| e.action).collect();
        assert_eq!(actions, ["delete", "reply", "approve"]);
        let older = store.audit_list(10, Some(store.audit_list(1, None).expect("audit")[0].seq))
            .expect("audit");
        assert_eq!(older.len(), 2);
    }

    wall_erasure_and_purge(db) {
        let writer = db.writer(Options::default());
        write(&writer, message("m1", "k1", "fp", Some("Ann@Example.org")));
        write(&writer, message("m2", "k2", "fp", None));
        let store = db.store();
        let by = Actor::new("cli", at());
        assert_eq!(store.publish_message("m1", &by).expect("publish"), PublishOutcome::Published);
        assert_eq!(store.publish_message("m1", &by).expect("publish"), PublishOutcome::AlreadyPublished);
        assert_eq!(store.publish_message("nope", &by).expect("publish"), PublishOutcome::NotFound);
        let wall = store.published_messages(None, 10).expect("wall");
        assert_eq!((wall.messages.len(), wall.total_received, wall.next), (1, 2, None));
        assert_eq!(wall.messages[0].date.len(), 10);
        assert_eq!(wall.messages[0].location.as_deref(), Some("Казань"));
        assert_eq!(store.unpublish_message("m1", &by).expect("unpublish"), UnpublishOutcome::Unpublished);
        assert_eq!(store.unpublish_message("m1", &by).expect("unpublish"), UnpublishOutcome::NotPublished);
        let inbox = store.search_messages("держитесь", Some("ru"), 10, 0).expect("inbox");
        assert_eq!(inbox.iter().map(|m| m.message.id.as_str()).collect::<Vec<_>>(), ["m2", "m1"]);
        assert_eq!(store.message_counts_by_lang().expect("counts").get("ru"), Some(&2));
        let messages = store.messages().expect("messages");
        assert!(messages[0].consent);
        assert_eq!(messages[0].client_created_at.as_deref(), Some("2026-11-30T10:00:00Z"));
        assert_eq!(messages[0].created_at, messages[0].received_at);
        let erased = store.erase_by_email(" ann@example.ORG ", &by).expect("erase");
        assert_eq!((erased.messages, erased.comments), (1, 0));
        let erased = store.erase_by_id("seed-2", &by).expect("erase");
        assert_eq!((erased.messages, erased.comments), (0, 1));
        let future = at() + time::Duration::days(3650);
        assert_eq!(store.purge_messages_older_than(future, &by).expect("purge"), 1);
        assert!(store.messages().expect("messages").is_empty());
        store.check_writable().expect("writable");
    }

    webhook_outbox(db) {
        let notifier = Notifier::new(Webhooks {
            urls: vec!["http://127.0.0.1:9/hook".into()],
            secret: "secret".into(),
            include_text: false,
        });
        let writer = db.writer(Options { sealer: None, notifier: Some(notifier) });
        write(&writer, message("m1", "k1", "fp", None));
        write(&writer, message("m1", "k1", "fp", None));
        let store = db.store();
        assert_eq!(store.outbox_len().expect("len"), 1, "a retry queues nothing more");
        let now = solidarity_server::notify::unix_now();
        let due = store.outbox_due(now + 1, 10).expect("due");
        assert_eq!((due.len(), due[0].event.as_str(), due[0].attempts), (1, "message.received", 0));
        store.outbox_retry(due[0].seq, 1, now + 1000).expect("retry");
        assert!(store.outbox_due(now + 1, 10).expect("due").is_empty());
        assert_eq!(store.outbox_due(now + 1000, 10).expect("due")[0].attempts, 1);
        store.outbox_remove(due[0].seq).expect("remove");
        assert_eq!(store.outbox_len().expect("len"), 0);
    }
}

mod postgres_only;
mod restart;
