//! Two instances on one PostgreSQL through a SIGKILL and a database restart (PostgreSQL
//! only: skipped unless `SOLIDARITY_TEST_DATABASE` is set). 400 messages, each posted to
//! both instances with one idempotency key; clients retry what got no answer or a 503
//! with the same key, as the page's outbox does (bounded attempts, one deadline).
//! Afterwards every acknowledged message is stored exactly once and every answer to a
//! retry equals the first answer.

mod common;

use common::db::{count, scalar};
use common::pg::Cluster;
use common::{message, temp, Server};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const MESSAGES: usize = 400;
const CLIENTS: usize = 8;
const ATTEMPTS: usize = 60;
const DEADLINE: Duration = Duration::from_secs(120);

/// What the clients share: the instances' current URLs and every answer, by key.
#[derive(Default)]
struct Burst {
    urls: Mutex<Vec<String>>,
    answers: Mutex<HashMap<String, Vec<(u16, Value)>>>,
    acknowledged: AtomicUsize,
    unanswered: AtomicUsize,
    busy: AtomicUsize,
    busy_without_retry_after: AtomicUsize,
}

/// Sends message `key` starting at instance `first`; retries on no answer or 503, each
/// time on the next instance (as a load balancer would), until `deadline`.
async fn send(burst: &Burst, client: &reqwest::Client, key: &str, first: usize, deadline: Instant) {
    for attempt in 0..ATTEMPTS {
        if Instant::now() > deadline {
            break;
        }
        let url = {
            let urls = burst.urls.lock().expect("urls");
            format!("{}/api/messages", urls[(first + attempt) % urls.len()])
        };
        let sent = client
            .post(&url)
            .header("Idempotency-Key", key)
            .json(&message(key))
            .send()
            .await;
        match sent {
            Ok(response) if response.status() == 503 => {
                burst.busy.fetch_add(1, Ordering::Relaxed);
                if response.headers().get("retry-after").is_none() {
                    burst
                        .busy_without_retry_after
                        .fetch_add(1, Ordering::Relaxed);
                }
            }
            Ok(response) => {
                let status = response.status().as_u16();
                let body = response.json::<Value>().await.unwrap_or(Value::Null);
                if status == 200 || status == 201 {
                    burst.acknowledged.fetch_add(1, Ordering::Relaxed);
                }
                let mut answers = burst.answers.lock().expect("answers");
                answers
                    .entry(key.to_owned())
                    .or_default()
                    .push((status, body));
                return;
            }
            Err(_) => {
                burst.unanswered.fetch_add(1, Ordering::Relaxed);
            }
        }
        tokio::time::sleep(Duration::from_millis(50 * (attempt as u64 + 1).min(10))).await;
    }
}

/// Waits (bounded) until `burst` has `n` acknowledgements.
async fn until_acknowledged(burst: &Burst, n: usize, deadline: Instant) {
    while burst.acknowledged.load(Ordering::Relaxed) < n && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_lose_and_duplicate_nothing_through_a_kill_and_a_database_restart() {
    if !common::on_postgres() {
        eprintln!("skipped: PostgreSQL only (set SOLIDARITY_TEST_DATABASE)");
        return;
    }
    let cluster = Cluster::start();
    let dir = temp();
    cluster.database_for(dir.path());
    let a = Server::start(dir.path(), &[]);
    let b = Server::start(dir.path(), &[]);
    let burst = Arc::new(Burst::default());
    *burst.urls.lock().expect("urls") = vec![a.url.clone(), b.url.clone()];
    let deadline = Instant::now() + DEADLINE;
    let next = Arc::new(AtomicUsize::new(0));
    let mut clients = tokio::task::JoinSet::new();
    for _ in 0..CLIENTS {
        let (burst, next) = (burst.clone(), next.clone());
        clients.spawn(async move {
            let client = common::client();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= MESSAGES {
                    break;
                }
                // Interleaved: even messages reach A first, odd ones B; then the other.
                let key = format!("fleet-{i:03}");
                send(&burst, &client, &key, i % 2, deadline).await;
                send(&burst, &client, &key, i % 2 + 1, deadline).await;
            }
        });
    }

    // Mid-burst: SIGKILL A, start it again on the same database.
    until_acknowledged(&burst, MESSAGES / 4, deadline).await;
    a.kill();
    let a = tokio::task::block_in_place(|| Server::start(dir.path(), &[]));
    burst.urls.lock().expect("urls")[0] = a.url.clone();
    // Later: restart the database under both instances.
    until_acknowledged(&burst, MESSAGES, deadline).await;
    tokio::task::block_in_place(|| cluster.restart());
    while let Some(joined) = clients.join_next().await {
        joined.expect("client task");
    }

    let answers = burst.answers.lock().expect("answers");
    let (busy, bare) = (
        burst.busy.load(Ordering::Relaxed),
        burst.busy_without_retry_after.load(Ordering::Relaxed),
    );
    eprintln!(
        "acknowledged {} answers; {} sends got no answer, {busy} got 503",
        burst.acknowledged.load(Ordering::Relaxed),
        burst.unanswered.load(Ordering::Relaxed),
    );
    assert_eq!(bare, 0, "every 503 carries Retry-After");
    assert_eq!(
        answers.len(),
        MESSAGES,
        "every message was answered in the end"
    );
    for (key, replies) in answers.iter() {
        assert_eq!(replies.len(), 2, "{key}: {replies:?}");
        let (status, first) = &replies[0];
        assert!(*status == 201 || *status == 200, "{key}: {replies:?}");
        assert_eq!(first["id"], key.as_str(), "{key}");
        for (status, reply) in &replies[1..] {
            assert!(*status == 201 || *status == 200, "{key}: {replies:?}");
            assert_eq!(reply, first, "{key}: the retry answers the first result");
        }
    }
    // Stored exactly once: by row, by id and by idempotency key.
    let db = a.db.clone();
    let rows = "SELECT COUNT(*) FROM messages WHERE id LIKE 'fleet-%'";
    assert_eq!(count(&db, rows) as usize, MESSAGES);
    let ids = "SELECT COUNT(DISTINCT id) FROM messages WHERE id LIKE 'fleet-%'";
    assert_eq!(count(&db, ids) as usize, MESSAGES);
    let keys = "SELECT COUNT(DISTINCT idem_key) FROM messages WHERE idem_key LIKE 'fleet-%'";
    assert_eq!(count(&db, keys) as usize, MESSAGES);
    let stray = scalar(&db, "SELECT id FROM messages WHERE id NOT LIKE 'fleet-%'");
    assert_eq!(stray, None, "nothing but the burst is stored");
    drop((a, b));
}
