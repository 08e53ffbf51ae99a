//! Keep-alive connections that carry hundreds of requests never break: every answer arrives
//! whole, as an envelope, whether the endpoint reads its body or not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestServer;
use contract::Endpoint;
use contract::wire::{NewSliderRequest, SliderAnswer};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// One HTTP/1.1 request on a kept-alive connection, written by hand.
fn post(path: &str, body: &str) -> String {
    format!("{}{body}", head(path, body))
}

fn head(path: &str, body: &str) -> String {
    format!(
        "POST /europe{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    )
}

/// Writes the head, then the body a moment later, as Python's `http.client` (and so
/// `requests`) does: the server may answer before the body has arrived.
async fn send_in_two_parts(connection: &mut BufReader<TcpStream>, path: &str, body: &str) {
    let stream = connection.get_mut();
    stream.write_all(head(path, body).as_bytes()).await.unwrap();
    stream.flush().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    stream.write_all(body.as_bytes()).await.unwrap();
}

/// Reads one answer's head: its status and its `Content-Length`. A kept-alive connection must
/// stay open, so `Connection: close` fails the test.
async fn read_head(reader: &mut BufReader<TcpStream>) -> (u16, usize) {
    let mut status_line = String::new();
    reader.read_line(&mut status_line).await.unwrap();
    let status = status_line
        .split_whitespace()
        .nth(1)
        .unwrap_or_else(|| panic!("no status line: {status_line:?}"))
        .parse()
        .unwrap();
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await.unwrap();
        if line == "\r\n" {
            break;
        }
        let lower = line.to_ascii_lowercase();
        assert!(
            !lower.starts_with("connection: close"),
            "the server closed: {lower}"
        );
        if let Some(value) = lower.strip_prefix("content-length:") {
            length = value.trim().parse().unwrap();
        }
    }
    (status, length)
}

/// Reads one answer: its status and its body, exactly `Content-Length` bytes of it.
async fn read_answer(reader: &mut BufReader<TcpStream>) -> (u16, Value) {
    let (status, length) = read_head(reader).await;
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await.unwrap();
    (status, serde_json::from_slice(&body).unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_connection_carries_hundreds_of_puzzles_and_answers() {
    let server = TestServer::start().await;
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut connection = BufReader::new(TcpStream::connect(&address).await.unwrap());
    for _ in 0..200 {
        // The app sends `{}` to the puzzle endpoint, which reads no body.
        send_in_two_parts(&mut connection, NewSliderRequest::PATH, "{}").await;
        let (status, puzzle) = read_answer(&mut connection).await;
        assert_eq!((status, puzzle["code"].as_u64()), (200, Some(200)));
        let answer = format!(
            r#"{{"captchaId":"{}","x":1}}"#,
            puzzle["data"]["captchaId"].as_str().unwrap()
        );
        send_in_two_parts(&mut connection, SliderAnswer::PATH, &answer).await;
        let (status, refused) = read_answer(&mut connection).await;
        assert_eq!(status, 400, "{refused}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pipelined_requests_are_all_answered_in_order() {
    let server = TestServer::start().await;
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut connection = BufReader::new(TcpStream::connect(&address).await.unwrap());
    // Four batches of fifty, each written at once before any answer is read.
    for _ in 0..4 {
        let batch: String = (0..50)
            .map(|_| post(NewSliderRequest::PATH, "{}"))
            .collect();
        connection
            .get_mut()
            .write_all(batch.as_bytes())
            .await
            .unwrap();
        for _ in 0..50 {
            let (status, puzzle) = read_answer(&mut connection).await;
            assert_eq!(status, 200, "{puzzle}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pooled_http_client_never_sees_a_reset() {
    let server = TestServer::start().await;
    let europe = server.client("europe");
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .unwrap();
    for _ in 0..200 {
        let puzzle: Value = http
            .post(format!("{}{}", europe.base, NewSliderRequest::PATH))
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let answer = http
            .post(format!("{}{}", europe.base, SliderAnswer::PATH))
            .json(&serde_json::json!({"captchaId": puzzle["data"]["captchaId"], "x": 1}))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 400);
        let _: Value = answer.json().await.unwrap();
    }
}

/// A server that waits one second for a request's head or body.
async fn impatient_server() -> TestServer {
    TestServer::start_with(|config| {
        config.header_read_timeout = 1;
        config.body_read_timeout = 1;
    })
    .await
}

/// Reads until the server closes the connection; how long that took and what came.
async fn until_closed(stream: &mut TcpStream, case: &str) -> (std::time::Duration, String) {
    let started = std::time::Instant::now();
    let mut received = Vec::new();
    let _ = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        stream.read_to_end(&mut received),
    )
    .await
    .unwrap_or_else(|_| panic!("{case}: the server never closed the connection"));
    (
        started.elapsed(),
        String::from_utf8_lossy(&received).into_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_slow_clients_are_disconnected() {
    let server = impatient_server().await;
    let address = server.base.trim_start_matches("http://").to_owned();
    // Connected, silent.
    let mut idle = TcpStream::connect(&address).await.unwrap();
    let (waited, _) = until_closed(&mut idle, "silent").await;
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");
    // One whole exchange on a kept-alive connection, then silence.
    let mut kept = BufReader::new(TcpStream::connect(&address).await.unwrap());
    kept.get_mut()
        .write_all(post(NewSliderRequest::PATH, "{}").as_bytes())
        .await
        .unwrap();
    assert_eq!(read_answer(&mut kept).await.0, 200);
    let (waited, _) = until_closed(kept.get_mut(), "kept alive").await;
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");
    // Half a request head, then nothing.
    let mut slow = TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"POST /europe/openapi/captcha/slider HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let (waited, _) = until_closed(&mut slow, "half a head").await;
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");
    // A whole head promising a body that never comes: a clear refusal, then the close.
    let mut stalled = TcpStream::connect(&address).await.unwrap();
    let head = head(SliderAnswer::PATH, &" ".repeat(100));
    stalled.write_all(head.as_bytes()).await.unwrap();
    stalled.write_all(b"{\"captchaId\"").await.unwrap();
    let (waited, answer) = until_closed(&mut stalled, "no body").await;
    assert!(waited < std::time::Duration::from_secs(5), "{waited:?}");
    assert!(answer.starts_with("HTTP/1.1 400"), "{answer}");
    assert!(answer.contains("did not arrive in time"), "{answer}");
    for header in [
        "content-security-policy: default-src 'none'",
        "x-content-type-options: nosniff",
        "cache-control: no-store",
    ] {
        assert!(answer.contains(header), "{header}: {answer}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_reads_slowly_gets_every_byte() {
    let server = impatient_server().await;
    let address = server.base.trim_start_matches("http://").to_owned();
    let stream = TcpStream::connect(&address).await.unwrap();
    let mut connection = BufReader::with_capacity(512, stream);
    let request = b"GET /openapi.json HTTP/1.1\r\nHost: x\r\n\r\n";
    for _ in 0..100 {
        connection.get_mut().write_all(request).await.unwrap();
        let (status, document) = read_answer_slowly(&mut connection).await;
        assert_eq!(status, 200);
        assert!(document["paths"].is_object());
    }
}

/// Like [`read_answer`], but takes the body 4 KiB at a time with a pause between, far slower
/// than the server writes.
async fn read_answer_slowly(reader: &mut BufReader<TcpStream>) -> (u16, Value) {
    let (status, length) = read_head(reader).await;
    let mut body = vec![0; length];
    for chunk in body.chunks_mut(4096) {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        reader.read_exact(chunk).await.unwrap();
    }
    (status, serde_json::from_slice(&body).unwrap())
}
