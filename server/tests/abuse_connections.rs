//! Slow and hostile connections (M1): a client that trickles its headers, or sits idle,
//! is disconnected by the header-read timeout; connections over `--max-connections`
//! wait for a free slot.

mod common;

use common::Server;
use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn address(server: &Server) -> String {
    server.url.trim_start_matches("http://").to_owned()
}

/// Reads until the server closes the socket (or sends something): the bytes read.
fn read_until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut answer = Vec::new();
    let mut buffer = [0; 1024];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return answer,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
            Err(error) if error.kind() == ErrorKind::ConnectionReset => return answer,
            Err(error) => panic!("read failed: {error}"),
        }
    }
}

#[test]
fn headers_sent_one_byte_at_a_time_are_cut_off_by_the_timeout() {
    let dir = common::temp();
    let server = Server::start(dir.path(), &["--header-timeout", "2"]);
    let mut stream = TcpStream::connect(address(&server)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(15)))
        .expect("timeout");
    let request = b"GET /api/comments HTTP/1.1\r\nHost: x\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let start = Instant::now();
    let mut closed = false;
    // One byte every 200 ms: the whole request would take ~20 s; the timeout is 2 s.
    for byte in request {
        if stream.write_all(&[*byte]).is_err() {
            closed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
        if start.elapsed() > Duration::from_secs(12) {
            break;
        }
    }
    if !closed {
        let answer = read_until_closed(&mut stream);
        let text = String::from_utf8_lossy(&answer);
        assert!(
            !text.contains("200 OK"),
            "the slow request was served: {text}"
        );
    }
    let elapsed = start.elapsed();
    assert!(
        elapsed < Duration::from_secs(12),
        "not closed by the timeout ({elapsed:?})"
    );
    assert!(
        elapsed >= Duration::from_secs(2),
        "closed before the timeout ({elapsed:?})"
    );
    // The server still serves others.
    let mut fresh = TcpStream::connect(address(&server)).expect("connect");
    fresh
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("write");
    fresh
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let answer = String::from_utf8_lossy(&read_until_closed(&mut fresh)).into_owned();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn an_idle_connection_is_closed() {
    let dir = common::temp();
    let server = Server::start(dir.path(), &["--header-timeout", "1"]);
    let mut stream = TcpStream::connect(address(&server)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let start = Instant::now();
    let answer = read_until_closed(&mut stream);
    assert!(
        start.elapsed() < Duration::from_secs(8),
        "idle socket kept open"
    );
    assert!(!String::from_utf8_lossy(&answer).contains("200 OK"));
}

#[test]
fn connections_over_the_cap_wait_for_a_free_slot() {
    let dir = common::temp();
    let server = Server::start(
        dir.path(),
        &["--max-connections", "1", "--header-timeout", "3"],
    );
    // The only slot is taken by an idle connection...
    let hog = TcpStream::connect(address(&server)).expect("connect");
    std::thread::sleep(Duration::from_millis(200));
    // ...so a second client is not served until it goes.
    let mut waiting = TcpStream::connect(address(&server)).expect("connect (backlog)");
    waiting
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("write");
    waiting
        .set_read_timeout(Some(Duration::from_millis(700)))
        .expect("timeout");
    let mut buffer = [0; 64];
    let early = waiting.read(&mut buffer);
    assert!(
        matches!(&early, Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "served over the cap: {early:?}"
    );
    drop(hog);
    waiting
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let answer = String::from_utf8_lossy(&read_until_closed(&mut waiting)).into_owned();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[test]
fn a_stalled_form_body_is_cut_off_by_the_request_timeout_with_an_html_page() {
    let dir = common::temp();
    let server = Server::start(dir.path(), &[]);
    let mut stream = TcpStream::connect(address(&server)).expect("connect");
    // Headers in time, then a body that never completes: the 30 s request timeout ends it.
    stream
        .write_all(
            b"POST /api/messages HTTP/1.1\r\nHost: x\r\nAccept-Language: ru-RU,ru;q=0.9\r\n\
              Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nname=Lee",
        )
        .expect("write");
    stream
        .set_read_timeout(Some(Duration::from_secs(45)))
        .expect("timeout");
    let answer = String::from_utf8_lossy(&read_until_closed(&mut stream)).into_owned();
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("text/html"), "{answer}");
    assert!(answer.contains("дважды она не сохранится"), "{answer}");
}
