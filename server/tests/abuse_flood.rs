//! A bounded flood on loopback (at most 5 s and 20,000 posts, 64 at a time) against a
//! small writer queue: the server sheds load with 503 + `Retry-After` (or 429 from the
//! global cap) and every acknowledged message is in the export afterwards. Prints the
//! figures (offered and accepted posts per second, refused, p99, acknowledged-and-lost);
//! timing budgets live in scripts/bench.sh, not here.

mod common;

use common::form::exported;
use common::{client, message, Server};
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const MAX_POSTS: usize = 20_000;
const MAX_TIME: Duration = Duration::from_secs(5);
const CONCURRENCY: usize = 64;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_is_shed_and_loses_no_acknowledged_message() {
    let dir = common::temp();
    let server = Server::start(
        dir.path(),
        &["--writer-queue", "8", "--max-connections", "256"],
    );
    let client = client();
    let url = Arc::new(server.at("/api/messages"));
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..CONCURRENCY {
        let (client, url, next) = (client.clone(), url.clone(), next.clone());
        tasks.spawn(async move {
            let (mut acked, mut refused, mut latencies) = (Vec::new(), 0usize, Vec::new());
            loop {
                let n = next.fetch_add(1, Ordering::SeqCst);
                if n >= MAX_POSTS || start.elapsed() > MAX_TIME {
                    break;
                }
                let id = format!("flood-{n:05}");
                let sent = Instant::now();
                let response = client
                    .post(url.as_str())
                    .header("Idempotency-Key", &id)
                    .json(&message(&id))
                    .send()
                    .await;
                latencies.push(sent.elapsed());
                match response
                    .map(|r| (r.status().as_u16(), r.headers().contains_key("retry-after")))
                {
                    Ok((201, _)) => acked.push(id),
                    Ok((503 | 429, true)) => refused += 1,
                    other => panic!("unexpected answer {other:?}"),
                }
            }
            (acked, refused, latencies)
        });
    }
    let (mut acked, mut refused, mut latencies) = (Vec::new(), 0, Vec::new());
    while let Some(result) = tasks.join_next().await {
        let (a, r, l) = result.expect("poster");
        acked.extend(a);
        refused += r;
        latencies.extend(l);
    }
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort();
    let p99 = latencies[(latencies.len() * 99 / 100).min(latencies.len() - 1)];
    let stored: HashSet<String> = exported(&server)
        .iter()
        .map(|m| m["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    let lost = acked.iter().filter(|id| !stored.contains(*id)).count();
    let offered = latencies.len();
    println!(
        "flood: {offered} posts in {elapsed:.2} s = {:.0} offered/s; {} accepted ({:.0}/s); \
         {refused} refused (503/429 + Retry-After); p99 {:.1} ms; acknowledged-and-lost {lost}",
        offered as f64 / elapsed,
        acked.len(),
        acked.len() as f64 / elapsed,
        p99.as_secs_f64() * 1000.0,
    );
    assert!(offered > 0 && !acked.is_empty());
    assert_eq!(lost, 0, "an acknowledged message was lost");
    assert_eq!(stored.len(), acked.len(), "nothing stored that was refused");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_queue_answers_503_with_retry_after_at_once() {
    let dir = common::temp();
    let server = Server::start(dir.path(), &["--writer-queue", "1"]);
    let client = client();
    let url = Arc::new(server.at("/api/messages"));
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..200 {
        let (client, url) = (client.clone(), url.clone());
        tasks.spawn(async move {
            let id = format!("q-{n}");
            let response = client
                .post(url.as_str())
                .header("Idempotency-Key", &id)
                .json(&message(&id))
                .send()
                .await
                .expect("post");
            let retry = response.headers().get("retry-after").cloned();
            (id, response.status().as_u16(), retry)
        });
    }
    let (mut acked, mut busy) = (HashSet::new(), 0);
    while let Some(result) = tasks.join_next().await {
        let (id, status, retry) = result.expect("task");
        match status {
            201 => {
                acked.insert(id);
            }
            503 => {
                assert_eq!(retry.as_ref().and_then(|v| v.to_str().ok()), Some("1"));
                busy += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    println!("queue of 1: {} accepted, {busy} answered 503", acked.len());
    assert!(busy > 0, "200 concurrent posts never filled a queue of 1");
    let stored: HashSet<String> = exported(&server)
        .iter()
        .map(|m| m["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(stored, acked);
}
