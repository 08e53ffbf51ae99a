//! Keep-alive connections that carry hundreds of requests never break: every answer arrives
//! whole, as an envelope, whether the endpoint reads its body or not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::TestServer;
use contract::Endpoint;
use contract::wire::{NewPuzzleRequest, SliderAnswer};
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

/// Reads one answer: its status and its body, exactly `Content-Length` bytes of it.
async fn read_answer(reader: &mut BufReader<TcpStream>) -> (u16, Value) {
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
        send_in_two_parts(&mut connection, NewPuzzleRequest::PATH, "{}").await;
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
    let batch: String = (0..50)
        .map(|_| post(NewPuzzleRequest::PATH, "{}"))
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
            .post(format!("{}{}", europe.base, NewPuzzleRequest::PATH))
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
