//! The one storage interface: [`Storage`], implemented by the SQLite [`Store`] and the
//! PostgreSQL [`PgStore`], chosen at start from a [`Database`]. Handlers, tools and the
//! writer hold an `Arc<dyn Storage>` and never know which one it is.
//!
//! The interface is synchronous: every call already runs on a blocking thread
//! (`spawn_blocking`, the writer thread or a tool's main thread), never on an async
//! worker. The method list is written once, in [`storage_methods!`]; it declares the
//! trait and makes each implementation forward to its inherent methods, which stay in
//! their per-concern files (`store/sessions.rs`, `store/postgres/sessions.rs`, ...).

use super::audit::{Actor, AuditAction, AuditEntry};
use super::erase::Erased;
use super::lifecycle::{Decision, ReviewComment, StaffReplyOutcome};
use super::outbox::Queued;
use super::postgres::PgStore;
use super::published::{InboxMessage, PublishOutcome, PublishedMessages, UnpublishOutcome};
use super::reports::ReportOutcome;
use super::write::Committer;
use super::{
    Comment, LiveSession, PublishedPage, StaffMember, Status, Store, StoreError, StoredMessage,
};
use crate::auth::lockout::Failures;
use crate::auth::Role;
use std::collections::BTreeMap;
use time::OffsetDateTime;

/// Calls `$then!` with the whole method list of [`Storage`] (after `$args`).
macro_rules! storage_methods {
    ($then:ident $($args:tt)*) => {
        $then! { $($args)*;
            /// The schema version of the database.
            fn schema_version(&self) -> u32;
            /// Published comments after cursor `after` (oldest first), at most `limit`,
            /// the next cursor if there is one, and the number published in all.
            fn published_comments(&self, after: i64, limit: u32) -> PublishedPage;
            /// Comments waiting for moderation, oldest first.
            fn pending_comments(&self) -> Vec<Comment>;
            /// The moderation status of a comment, if it exists.
            fn comment_status(&self, id: &str) -> Option<Status>;
            /// Sets a comment's status; false when there is no such comment.
            fn set_comment_status(&self, id: &str, status: Status) -> bool;
            /// Every support message, in the order they arrived.
            fn messages(&self) -> Vec<StoredMessage>;
            /// Appends one entry to the audit log.
            fn audit_append(&self, actor: &Actor<'_>, action: AuditAction,
                target: Option<&str>, detail: Option<&str>) -> ();
            /// At most `limit` audit entries, newest first, older than `before`.
            fn audit_list(&self, limit: u32, before: Option<i64>) -> Vec<AuditEntry>;
            /// Erases every message sent with this e-mail address (audited).
            fn erase_by_email(&self, email: &str, by: &Actor<'_>) -> Erased;
            /// Erases the message or comment with this id (audited).
            fn erase_by_id(&self, id: &str, by: &Actor<'_>) -> Erased;
            /// Deletes messages received before `cutoff` (audited); returns how many.
            fn purge_messages_older_than(&self, cutoff: OffsetDateTime, by: &Actor<'_>) -> u64;
            /// Fails when the database cannot take a write right now.
            fn check_writable(&self) -> ();
            /// The moderation queue: pending comments and reported published ones.
            fn pending_and_reported_comments(&self) -> Vec<ReviewComment>;
            /// Comments matching every word of `query`, newest first.
            fn search_comments(&self, query: &str, status: Option<Status>, limit: u32,
                offset: u32) -> Vec<ReviewComment>;
            /// Approves or rejects a comment, clearing its reports (audited).
            fn decide_comment(&self, id: &str, decision: Decision, by: &Actor<'_>) -> bool;
            /// Deletes a comment and its reports (audited).
            fn delete_comment(&self, id: &str, by: &Actor<'_>) -> bool;
            /// Stores a published reply by staff member `by` (audited).
            fn insert_staff_reply(&self, parent_id: &str, body: &str, lang: &str,
                by: &Actor<'_>) -> StaffReplyOutcome;
            /// Every comment with its review details, oldest first.
            fn all_comments(&self) -> Vec<ReviewComment>;
            /// Claims the webhook events due at `now`, oldest first, at most `limit`.
            fn outbox_due(&self, now: i64, limit: u32) -> Vec<Queued>;
            /// Removes a delivered (or abandoned) event.
            fn outbox_remove(&self, seq: i64) -> ();
            /// Records a failed delivery and when to try again.
            fn outbox_retry(&self, seq: i64, attempts: u32, next_at: i64) -> ();
            /// Events waiting in the outbox.
            fn outbox_len(&self) -> u64;
            /// Support messages matching `query` (and `lang`), newest first.
            fn search_messages(&self, query: &str, lang: Option<&str>, limit: u32,
                offset: u32) -> Vec<InboxMessage>;
            /// How many messages arrived in each language.
            fn message_counts_by_lang(&self) -> BTreeMap<String, u64>;
            /// Puts a message on the wall of support (audited).
            fn publish_message(&self, id: &str, by: &Actor<'_>) -> PublishOutcome;
            /// Takes a message off the wall (audited).
            fn unpublish_message(&self, id: &str, by: &Actor<'_>) -> UnpublishOutcome;
            /// The wall: published messages before cursor `after`, newest first.
            fn published_messages(&self, after: Option<i64>, limit: u32) -> PublishedMessages;
            /// A reader reports a published comment (idempotent per reporter).
            fn report_comment(&self, comment_id: &str, reporter_id: &str,
                at: OffsetDateTime) -> ReportOutcome;
            /// Clears a comment's reports; returns how many there were.
            fn clear_reports(&self, comment_id: &str) -> u64;
            /// How many distinct readers reported a comment.
            fn report_count(&self, comment_id: &str) -> u64;
            /// Stores a console session, dropping sessions that ended long ago.
            fn session_insert(&self, token_hash: &str, staff_id: i64, csrf: &str, now: i64,
                oldest_live: i64) -> ();
            /// The session with this token hash, if there is one.
            fn session(&self, token_hash: &str) -> Option<LiveSession>;
            /// Records a request on the session.
            fn session_touch(&self, token_hash: &str, now: i64) -> ();
            /// Ends a session.
            fn session_delete(&self, token_hash: &str) -> ();
            /// The sign-in failures counted for `key`.
            fn signin_failures(&self, key: &str) -> Option<Failures>;
            /// Stores the sign-in failure counter for `key`.
            fn signin_failures_put(&self, key: &str, failures: &Failures) -> ();
            /// Forgets the failures of `key`.
            fn signin_failures_clear(&self, key: &str) -> ();
            /// Adds a staff account; false when the name is taken (in any case).
            fn staff_add(&self, name: &str, role: Role, hash: &str, now: &str) -> bool;
            /// Every staff account, by name.
            fn staff_list(&self) -> Vec<StaffMember>;
            /// Removes an account and its sessions.
            fn staff_remove(&self, name: &str) -> bool;
            /// Sets a new password hash and ends the account's sessions.
            fn staff_set_password(&self, name: &str, hash: &str, now: &str) -> bool;
            /// The account and password hash for a sign-in name (case-insensitive).
            fn staff_for_signin(&self, name: &str) -> Option<(StaffMember, String)>;
            /// Every staff name.
            fn staff_names(&self) -> Vec<String>;
            /// A new writing connection for the writer thread.
            fn committer(&self) -> Box<dyn Committer>;
        }
    };
}

/// Declares the trait from the method list.
macro_rules! declare_storage {
    (; $($(#[$doc:meta])* fn $name:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty;)*) => {
        /// Everything the server and the tools ask of a database.
        pub trait Storage: Send + Sync {
            $($(#[$doc])* fn $name(&self $(, $arg: $ty)*) -> Result<$ret, StoreError>;)*
        }
    };
}

/// Implements the trait for `$store` by forwarding to its inherent methods.
macro_rules! forward_storage {
    ($store:ty; $($(#[$doc:meta])* fn $name:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty;)*) => {
        impl Storage for $store {
            $(fn $name(&self $(, $arg: $ty)*) -> Result<$ret, StoreError> {
                <$store>::$name(self $(, $arg)*)
            })*
        }
    };
}

storage_methods!(declare_storage);
storage_methods!(forward_storage Store);
storage_methods!(forward_storage PgStore);
