//! Figures for operators (issue 17): a Prometheus text exposition at `/metrics` — requests by
//! method, route and status, latency histograms by route, requests in flight, the database
//! pool, audit appends and the chain's head, whether documents can be made, uptime. Kept in
//! memory by this process (each app process is scraped on its own).
//!
//! `/metrics` answers loopback clients only, unless the server was given a metrics token
//! (`serve --metrics-token`), which every scrape must then send as `X-Metrics-Token` (the
//! `Authorization` header belongs to the users' sessions).

use crate::framework::limit::ClientAddress;
use crate::framework::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::Instant;

/// The latency histogram's upper bounds, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// The process's figures.
#[derive(Debug)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    in_flight: AtomicI64,
    started: Instant,
    /// When the last scheduled backup was verified (Unix seconds; 0: none yet).
    last_backup: AtomicI64,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics {
            requests: Mutex::default(),
            latency: Mutex::default(),
            in_flight: AtomicI64::new(0),
            started: Instant::now(),
            last_backup: AtomicI64::new(0),
        }
    }
}

/// The route a response answered (its pattern, never the raw path, so labels stay few).
#[derive(Debug, Clone)]
struct Route(String);

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    match m.lock() {
        Ok(g) => g,
        Err(poisoned) => poisoned.into_inner(),
    }
}

impl Metrics {
    /// A scheduled backup was taken and verified now.
    pub fn backup_succeeded(&self) {
        let now = jiff::Timestamp::now().as_second();
        self.last_backup.store(now, Ordering::Relaxed);
    }

    fn record(&self, method: &str, route: &str, status: u16, seconds: f64) {
        *lock(&self.requests)
            .entry((method.to_string(), route.to_string(), status))
            .or_insert(0) += 1;
        let mut latency = lock(&self.latency);
        let h = latency.entry(route.to_string()).or_default();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                h.counts[i] += 1;
            }
        }
        h.count += 1;
        h.sum += seconds;
    }
}

/// Route-layer middleware: tells the outer [`observe`] which route answered.
pub async fn label_route(matched: Option<MatchedPath>, request: Request, next: Next) -> Response {
    let route = matched.map(|m| m.as_str().to_string());
    let mut response = next.run(request).await;
    if let Some(r) = route {
        response.extensions_mut().insert(Route(r));
    }
    response
}

/// Outer middleware: counts every request by method, route and status, with its latency.
pub async fn observe(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let metrics = state.metrics();
    // A made-up method is "other": labels stay few whatever clients send.
    let method = match request.method().as_str() {
        m @ ("GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS") => m,
        _ => "other",
    }
    .to_string();
    let start = Instant::now();
    let response = {
        // Counted down however the request ends (answered, timed out, or the client gone).
        let _in_flight = InFlight::enter(&metrics.in_flight);
        next.run(request).await
    };
    let route = response
        .extensions()
        .get::<Route>()
        .map_or("unmatched", |r| r.0.as_str());
    metrics.record(
        &method,
        route,
        response.status().as_u16(),
        start.elapsed().as_secs_f64(),
    );
    response
}

struct InFlight<'a>(&'a AtomicI64);

impl<'a> InFlight<'a> {
    fn enter(gauge: &'a AtomicI64) -> InFlight<'a> {
        gauge.fetch_add(1, Ordering::Relaxed);
        InFlight(gauge)
    }
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// `GET /metrics`: the figures in Prometheus text format 0.0.4.
pub async fn metrics(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    headers: axum::http::HeaderMap,
) -> Response {
    let allowed = match state.metrics_token() {
        Some(token) => headers
            .get("x-metrics-token")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|sent| crate::framework::cookie::constant_eq(sent, token)),
        None => address
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback()),
    };
    if !allowed {
        return (
            StatusCode::FORBIDDEN,
            "/metrics 只回答本机（127.0.0.1），或带 X-Metrics-Token 的请求（serve --metrics-token）\n",
        )
            .into_response();
    }
    let mut out = String::new();
    let m = state.metrics();
    let _ = writeln!(
        out,
        "# HELP qingdan_http_requests_total HTTP requests answered, by method, route and status.\n\
         # TYPE qingdan_http_requests_total counter"
    );
    for ((method, route, status), n) in lock(&m.requests).iter() {
        let _ = writeln!(
            out,
            "qingdan_http_requests_total{{method=\"{}\",route=\"{}\",status=\"{status}\"}} {n}",
            escape(method),
            escape(route)
        );
    }
    let _ = writeln!(
        out,
        "# HELP qingdan_http_request_duration_seconds Time to answer, by route.\n\
         # TYPE qingdan_http_request_duration_seconds histogram"
    );
    for (route, h) in lock(&m.latency).iter() {
        let route = escape(route);
        for (i, bound) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "qingdan_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {}",
                h.counts[i]
            );
        }
        let _ = writeln!(
            out,
            "qingdan_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n\
             qingdan_http_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
             qingdan_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
            h.count, h.sum, h.count
        );
    }
    let (size, idle, max) = state.store().pool_stats();
    let (head, _) = state.store().audit_head().await.unwrap_or_default();
    let _ = write!(
        out,
        "# HELP qingdan_http_requests_in_flight Requests being answered now.\n\
         # TYPE qingdan_http_requests_in_flight gauge\n\
         qingdan_http_requests_in_flight {}\n\
         # HELP qingdan_db_pool_connections Database connections, by state.\n\
         # TYPE qingdan_db_pool_connections gauge\n\
         qingdan_db_pool_connections{{state=\"idle\"}} {idle}\n\
         qingdan_db_pool_connections{{state=\"in_use\"}} {}\n\
         # HELP qingdan_db_pool_max_connections The pool's limit (a request waits when all are in use).\n\
         # TYPE qingdan_db_pool_max_connections gauge\n\
         qingdan_db_pool_max_connections {max}\n\
         # HELP qingdan_audit_appends_total Audit events this process appended.\n\
         # TYPE qingdan_audit_appends_total counter\n\
         qingdan_audit_appends_total {}\n\
         # HELP qingdan_audit_head_seq The audit chain's last event number.\n\
         # TYPE qingdan_audit_head_seq gauge\n\
         qingdan_audit_head_seq {head}\n\
         # HELP qingdan_documents_available Whether official documents can be made (the fonts were found).\n\
         # TYPE qingdan_documents_available gauge\n\
         qingdan_documents_available {}\n\
         # HELP qingdan_uptime_seconds Seconds since this process started.\n\
         # TYPE qingdan_uptime_seconds gauge\n\
         qingdan_uptime_seconds {}\n\
         # HELP qingdan_backup_last_success_timestamp_seconds When this process last took a verified scheduled backup (0: not yet).\n\
         # TYPE qingdan_backup_last_success_timestamp_seconds gauge\n\
         qingdan_backup_last_success_timestamp_seconds {}\n",
        m.in_flight.load(Ordering::Relaxed),
        size.saturating_sub(idle),
        state.store().audit_appends(),
        u8::from(state.documents().is_some()),
        m.started.elapsed().as_secs(),
        m.last_backup.load(Ordering::Relaxed)
    );
    let mut response = out.into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    response
}
