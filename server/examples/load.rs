//! Load generator: N concurrent clients POST valid support messages to running servers
//! for a bounded time (and a bounded count), then print sustained posts/sec and latency
//! percentiles. Several `--url`s (instances on one PostgreSQL) are used in turn, request
//! by request, as a round-robin load balancer would. Only loopback targets are accepted.
//! scripts/load.sh runs the three set-ups of server/README.md's "Load" table.
//!
//! ```text
//! cargo run --release -p solidarity-server -- serve --port 8080 --rate-per-minute 0 --db /tmp/load.sqlite
//! cargo run --release -p solidarity-server --example load -- --url http://127.0.0.1:8080 --clients 64 --duration 10
//! cargo run --release -p solidarity-server --example load -- --url http://127.0.0.1:8080,http://127.0.0.1:8081
//! ```

use clap::Parser;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Concurrent POST /api/messages load against a local server.
#[derive(Parser)]
struct Args {
    /// Base URLs of the running instances (loopback only), comma-separated or repeated.
    #[arg(long, value_delimiter = ',', default_value = "http://127.0.0.1:8080")]
    url: Vec<String>,
    /// Concurrent clients, each with one request in flight.
    #[arg(long, default_value_t = 64)]
    clients: usize,
    /// Seconds to run.
    #[arg(long, default_value_t = 10)]
    duration: u64,
    /// Stop after this many requests in total, whatever the time.
    #[arg(long, default_value_t = 500_000)]
    max_requests: u64,
}

fn payload(id: &str) -> serde_json::Value {
    serde_json::json!({
        "id": id, "name": "Load Test", "email": "load@example.org", "location": "Loopback",
        "message": "Мы с вами. We stand with you.", "lang": "en", "consent": true,
        "created_at": "2026-11-23T20:00:00Z"
    })
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args = Args::parse();
    let loopback = ["http://127.0.0.1:", "http://localhost:", "http://[::1]:"];
    if !args
        .url
        .iter()
        .all(|url| loopback.iter().any(|prefix| url.starts_with(prefix)))
    {
        return Err("only loopback URLs (http://127.0.0.1:PORT) are accepted".into());
    }
    let urls: Arc<Vec<String>> = Arc::new(
        args.url
            .iter()
            .map(|url| format!("{}/api/messages", url.trim_end_matches('/')))
            .collect(),
    );
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(10))
        .build()?;
    let issued = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let deadline = start + Duration::from_secs(args.duration);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..args.clients {
        let (client, urls, issued) = (client.clone(), urls.clone(), issued.clone());
        let max = args.max_requests;
        tasks.spawn(async move {
            let (mut latencies, mut errors) = (Vec::new(), 0u64);
            loop {
                let n = issued.fetch_add(1, Ordering::Relaxed);
                if Instant::now() >= deadline || n >= max {
                    break;
                }
                let url = &urls[(n % urls.len() as u64) as usize];
                let id = uuid::Uuid::new_v4().to_string();
                let sent = Instant::now();
                let result = client
                    .post(url.as_str())
                    .header("Idempotency-Key", &id)
                    .json(&payload(&id))
                    .send()
                    .await;
                match result {
                    Ok(response) if response.status() == 201 => latencies.push(sent.elapsed()),
                    _ => errors += 1,
                }
            }
            (latencies, errors)
        });
    }
    let (mut latencies, mut errors) = (Vec::new(), 0);
    while let Some(joined) = tasks.join_next().await {
        let (client_latencies, client_errors) = joined?;
        latencies.extend(client_latencies);
        errors += client_errors;
    }
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort();
    let percentile = |p: f64| {
        latencies
            .get(((latencies.len() as f64 * p) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "instances: {}, clients: {}, duration: {elapsed:.1} s",
        urls.len(),
        args.clients
    );
    println!("acknowledged posts: {} ({errors} errors)", latencies.len());
    println!(
        "sustained: {:.0} posts/sec",
        latencies.len() as f64 / elapsed
    );
    println!(
        "latency: p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        percentile(0.50),
        percentile(0.99),
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    );
    Ok(())
}
