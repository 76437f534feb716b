//! Operations (issue 17):
//! * slow clients cannot hold the server: a body trickled a byte a second is answered 408 and
//!   the connection closed within the body timeout; half-sent headers and an idle kept-alive
//!   connection are closed within the header timeout; SIGTERM while such a client is connected
//!   ends the process within the shutdown bound;
//! * without the Chinese fonts the server starts, says so in Chinese with the install command,
//!   and `/healthz` reports documents as degraded.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

mod support;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};
use support::{Db, Server, TestDb};

const FLAGS: &[&str] = &[
    "--header-timeout-secs",
    "2",
    "--body-timeout-secs",
    "2",
    "--shutdown-secs",
    "3",
];

fn connect(server: &Server) -> TcpStream {
    let addr = server.base.trim_start_matches("http://");
    let s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    s
}

/// Sends `head`, then one byte a second (while `trickle`), reading until the server closes;
/// answers what it said and when it closed.
fn hold(mut s: TcpStream, head: &[u8], trickle: bool, limit: Duration) -> (String, Duration) {
    let start = Instant::now();
    s.write_all(head).unwrap();
    let mut got = Vec::new();
    let mut last_byte = Instant::now();
    while start.elapsed() < limit {
        if trickle && last_byte.elapsed() >= Duration::from_secs(1) {
            if s.write_all(b" ").is_err() {
                break;
            }
            last_byte = Instant::now();
        }
        let mut buf = [0u8; 1024];
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            Err(_) => break,
        }
    }
    (String::from_utf8_lossy(&got).into_owned(), start.elapsed())
}

const SLOW_POST: &[u8] = b"POST /api/v1/complaints HTTP/1.1\r\nHost: qingdan\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{";

#[test]
fn slow_clients_are_cut_off_and_shutdown_is_bounded() {
    let server = Server::start_on(TestDb::new(Db::Sqlite), FLAGS);

    // A body a byte a second: 408 and closed after the 2 s body timeout.
    let (said, after) = hold(connect(&server), SLOW_POST, true, Duration::from_secs(15));
    assert!(said.starts_with("HTTP/1.1 408"), "{said}");
    assert!(said.contains("请求内容未在 2 秒内发送完毕"), "{said}");
    assert!(after < Duration::from_secs(5), "closed after {after:?}");

    // Half-sent headers: closed after the 2 s header timeout, nothing answered.
    let (said, after) = hold(
        connect(&server),
        b"GET /healthz HTTP/1.1\r\nHost: qingdan\r\n",
        false,
        Duration::from_secs(15),
    );
    assert!(said.is_empty(), "{said}");
    assert!(after < Duration::from_secs(5), "closed after {after:?}");

    // An idle kept-alive connection: answered, then closed within the header timeout.
    let (said, after) = hold(
        connect(&server),
        b"GET /healthz HTTP/1.1\r\nHost: qingdan\r\n\r\n",
        false,
        Duration::from_secs(15),
    );
    assert!(said.starts_with("HTTP/1.1 200"), "{said}");
    assert!(after < Duration::from_secs(5), "closed after {after:?}");

    // SIGTERM while a client trickles a body: the process ends within the 3 s bound.
    let slow = connect(&server);
    let trickler = std::thread::spawn(move || hold(slow, SLOW_POST, true, Duration::from_secs(20)));
    std::thread::sleep(Duration::from_millis(500));
    let start = Instant::now();
    let status = server.stop();
    let took = start.elapsed();
    assert!(status.success(), "{status:?}");
    assert!(took < Duration::from_secs(5), "stopped after {took:?}");
    let _ = trickler.join();
}

#[test]
fn without_fonts_the_server_warns_in_chinese_and_healthz_says_documents_are_degraded() {
    use std::io::BufRead;
    let db = TestDb::new(Db::Sqlite);
    let empty = tempfile::tempdir().unwrap();
    let mut child = std::process::Command::new(support::bin())
        .args(&db.args)
        .args(["serve", "--addr", "127.0.0.1:0", "--font-dir"])
        .arg(empty.path())
        .env("QINGDAN_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let warnings = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = std::io::BufReader::new(stderr).read_to_string(&mut text);
        text
    });
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let base = loop {
        let mut line = String::new();
        assert!(out.read_line(&mut line).unwrap() > 0, "server exited");
        if let Some(addr) = line
            .split("http://")
            .nth(1)
            .and_then(|r| r.split('/').next())
        {
            break format!("http://{addr}");
        }
    };
    let mut r = support::agent()
        .get(&format!("{base}/healthz"))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let health: serde_json::Value =
        serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap();
    assert_eq!(health["documents"], "degraded", "{health}");
    assert_eq!(health["status"], "ok", "the database answers: {health}");
    let _ = child.kill();
    let _ = child.wait();
    let text = warnings.join().unwrap();
    assert!(text.contains("未找到公文所需的中文字体"), "{text}");
    assert!(text.contains("apt-get install fonts-noto-cjk"), "{text}");
}

#[test]
fn with_the_fonts_healthz_says_documents_are_ok() {
    let server = Server::start_on(TestDb::new(Db::Sqlite), &[]);
    let (status, health) = server.json("/healthz");
    assert_eq!(status, 200);
    assert_eq!(
        health["documents"], "ok",
        "CI installs fonts-noto-cjk: {health}"
    );
}

/// Parses a Prometheus exposition with the Prometheus project's own Python client
/// (`prometheus_client.parser`, installed by `.ci/run`): (name, labels, value) per sample.
fn parse_prometheus(text: &str) -> Vec<(String, serde_json::Value, f64)> {
    let script = "import sys, json\n\
        from prometheus_client.parser import text_string_to_metric_families\n\
        out = []\n\
        for f in text_string_to_metric_families(sys.stdin.read()):\n\
        \x20   for s in f.samples:\n\
        \x20       out.append([s.name, s.labels, s.value])\n\
        print(json.dumps(out))\n";
    let mut child = std::process::Command::new("python3")
        .args(["-c", script])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 with prometheus_client is needed (see .ci/run)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "the exposition does not parse: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let samples: Vec<(String, serde_json::Value, f64)> =
        serde_json::from_slice(&out.stdout).unwrap();
    samples
}

/// `/metrics` in Prometheus text format, parsed by Prometheus's own client library: request
/// counts by route and status, latency histograms, the database pool, audit appends; loopback
/// only, or the metrics token.
#[test]
fn metrics_are_prometheus_text_with_requests_and_pool_figures() {
    let server = Server::start_on(TestDb::new(Db::Sqlite), &[]);
    for _ in 0..3 {
        server.get("/healthz");
    }
    server.get("/no-such-page");
    let mut r = support::agent()
        .get(&server.url("/metrics"))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let kind = r
        .headers()
        .get("content-type")
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
    let text = r.body_mut().read_to_string().unwrap();
    let samples = parse_prometheus(&text);
    let value = |name: &str, pairs: &[(&str, &str)]| {
        samples
            .iter()
            .find(|(n, labels, _)| n == name && pairs.iter().all(|(k, v)| labels[*k] == *v))
            .map(|(_, _, v)| *v)
    };
    assert_eq!(
        value(
            "qingdan_http_requests_total",
            &[("method", "GET"), ("route", "/healthz"), ("status", "200")]
        ),
        Some(3.0),
        "{text}"
    );
    assert_eq!(
        value(
            "qingdan_http_requests_total",
            &[("route", "unmatched"), ("status", "404")]
        ),
        Some(1.0)
    );
    assert_eq!(
        value(
            "qingdan_http_request_duration_seconds_count",
            &[("route", "/healthz")]
        ),
        Some(3.0)
    );
    assert_eq!(
        value(
            "qingdan_http_request_duration_seconds_bucket",
            &[("route", "/healthz"), ("le", "+Inf")]
        ),
        Some(3.0)
    );
    assert!(value("qingdan_db_pool_connections", &[("state", "idle")]).is_some());
    assert!(value("qingdan_db_pool_max_connections", &[]).unwrap() >= 1.0);
    // Starting the server on an empty database recorded the list's import and the offices.
    assert!(value("qingdan_audit_appends_total", &[]).unwrap() >= 1.0);
    assert!(value("qingdan_audit_head_seq", &[]).unwrap() >= 1.0);
    drop(server);

    // With a token, the token is required.
    let server = Server::start_on(
        TestDb::new(Db::Sqlite),
        &["--metrics-token", "scrape-secret-2026"],
    );
    let r = support::agent()
        .get(&server.url("/metrics"))
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    let r = support::agent()
        .get(&server.url("/metrics"))
        .header("x-metrics-token", "scrape-secret-2026")
        .call()
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

/// Behind a trusted reverse proxy (`--trusted-proxy 127.0.0.1`), `X-Forwarded-For` names the
/// client: a stranger's failed sign-ins delay the stranger, not the officer behind the same
/// proxy, and `/metrics` refuses a proxied outsider though the connection is from loopback.
#[test]
fn behind_a_trusted_proxy_the_forwarded_client_is_the_client() {
    let server = Server::start_on(TestDb::new(Db::Sqlite), &["--trusted-proxy", "127.0.0.1"]);
    support::create_staff(
        &server,
        &[("sz01", "officer", "县散装水泥办公室", Some("2099-12-31"))],
    );
    let sign_in = |from: &str, password: &str| {
        support::agent()
            .post(&server.url("/api/v1/auth/token"))
            .header("content-type", "application/json")
            .header("x-forwarded-for", from)
            .send(serde_json::json!({"username": "sz01", "password": password}).to_string())
            .unwrap()
            .status()
            .as_u16()
    };
    for _ in 0..5 {
        assert_eq!(sign_in("203.0.113.66", "wrong-password-1A"), 401);
    }
    assert_eq!(
        sign_in("203.0.113.66", support::STAFF_PASSWORD),
        429,
        "the stranger waits"
    );
    assert_eq!(
        sign_in("10.20.0.5", support::STAFF_PASSWORD),
        200,
        "the officer does not"
    );
    let metrics = |from: Option<&str>| {
        let mut req = support::agent().get(&server.url("/metrics"));
        if let Some(f) = from {
            req = req.header("x-forwarded-for", f);
        }
        req.call().unwrap().status().as_u16()
    };
    assert_eq!(metrics(Some("203.0.113.66")), 403);
    assert_eq!(metrics(None), 200);
}
