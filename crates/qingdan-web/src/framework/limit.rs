//! Per-address rate limits, a fixed window per client address, in memory: guesses (sign-in
//! attempts and complaint-code lookups, per minute) and public submissions (complaints, per
//! hour). Each process limits on its own; with several processes behind one
//! address the effective limit is per process, which still stops a single client's guessing
//! (the per-user lock-out in the database covers the rest). And the body limit of every request
//! (attachments larger than the rest).

use crate::framework::error::ApiError;
use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The largest request body accepted (catalog imports go through the CLI, not HTTP).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// A limiter: at most `max` requests per `window` from one address.
#[derive(Debug, Clone)]
pub struct RateLimit {
    max: u32,
    window: Duration,
    seen: Arc<Mutex<HashMap<IpAddr, (Instant, u32)>>>,
}

impl RateLimit {
    /// A limiter of `max` per `window`.
    pub fn new(max: u32, window: Duration) -> RateLimit {
        RateLimit {
            max,
            window,
            seen: Arc::new(Mutex::new(HashMap::new())),
        }
    }

    /// Counts a request from `ip`; false when it is over the limit.
    pub fn allow(&self, ip: IpAddr, now: Instant) -> bool {
        let mut seen = match self.seen.lock() {
            Ok(g) => g,
            Err(p) => p.into_inner(),
        };
        if seen.len() > 100_000 {
            let window = self.window;
            seen.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = seen.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.max
    }
}

/// The limiters of the application.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Sign-in attempts and tracking-code lookups (guessing).
    pub guesses: RateLimit,
    /// Complaints submitted (public forms).
    pub submissions: RateLimit,
}

/// Which limiter counts a request, if any.
fn limiter<'l>(
    limits: &'l Limits,
    method: &axum::http::Method,
    path: &str,
) -> Option<&'l RateLimit> {
    let post = method == axum::http::Method::POST;
    match path {
        "/api/v1/auth/token" | "/login" if post => Some(&limits.guesses),
        "/api/v1/complaints/track" | "/complaints/track" if !post => Some(&limits.guesses),
        "/api/v1/complaints" | "/complaints/new" if post => Some(&limits.submissions),
        _ => None,
    }
}

/// The reverse proxies whose `X-Forwarded-For` is believed (`serve --trusted-proxy`), set once
/// at start.
static TRUSTED_PROXIES: std::sync::OnceLock<Vec<std::net::IpAddr>> = std::sync::OnceLock::new();

/// Believes `X-Forwarded-For` from these addresses (the reverse proxy in front, e.g. nginx on
/// 127.0.0.1): the client is then the last address in it that is not a trusted proxy. Without
/// it every client behind the proxy would share the proxy's address, for the sign-in delays,
/// the rate limits and `/metrics`' loopback check alike.
pub fn trust_proxies(proxies: Vec<std::net::IpAddr>) {
    let _ = TRUSTED_PROXIES.set(proxies);
}

/// The client's address: the connection's, or, from a trusted proxy, the one it forwarded.
/// `None` when unknown (in-process tests).
pub fn client_ip(
    extensions: &axum::http::Extensions,
    headers: &axum::http::HeaderMap,
) -> Option<std::net::IpAddr> {
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip())?;
    let trusted = TRUSTED_PROXIES.get().map(Vec::as_slice).unwrap_or_default();
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<std::net::IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|a| a.trim().parse().ok())
        .collect();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|a| !trusted.contains(a))
            .unwrap_or(peer),
    )
}

/// The client's address ([`client_ip`]) as text (`""` when unknown).
#[derive(Debug, Clone, Default)]
pub struct ClientAddress(pub String);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(ClientAddress(
            client_ip(&parts.extensions, &parts.headers)
                .map(|ip| ip.to_string())
                .unwrap_or_default(),
        ))
    }
}

/// Middleware: refuses a request with 429 when its client address is over its limit.
/// Requests without a known address (in-process tests) are not limited.
pub async fn limit(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    let Some(limiter) = limiter(&limits, request.method(), request.uri().path()) else {
        return next.run(request).await;
    };
    let ip = client_ip(request.extensions(), request.headers());
    if let Some(ip) = ip
        && !limiter.allow(ip, Instant::now())
    {
        return ApiError::too_many("请求过于频繁，请稍后再试").into_response();
    }
    next.run(request).await
}

/// Middleware: a declared length over the limit is refused at once (413, in Chinese); any
/// other body is cut off at the limit as it is read.
/// The limit is the route's, given as the layer's state (`from_fn_with_state(n, body_limit)`):
/// routes declare their limit where they are assembled, no path is matched here.
pub async fn body_limit(State(limit): State<usize>, request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return ApiError::too_large(format!("请求内容超过 {} KB 上限", limit / 1024))
            .into_response();
    }
    let (parts, body) = request.into_parts();
    let body = axum::body::Body::new(http_body_util::Limited::new(body, limit));
    next.run(Request::from_parts(parts, body)).await
}

/// Middleware over every request (installed by `serve_with`): the whole body must arrive within
/// `body_read` (a client trickling it a byte a second is answered 408 and the connection
/// closed), and the answer must come within `request` (else 503).
pub async fn deadlines(
    State(limits): State<crate::ServeLimits>,
    request: Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let read = tokio::time::timeout(
        limits.body_read,
        axum::body::to_bytes(body, limits.largest_body + 1),
    );
    let bytes = match read.await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(_)) => {
            return ApiError::too_large(format!(
                "请求内容超过 {} KB 上限，或未能读完",
                limits.largest_body / 1024
            ))
            .into_response();
        }
        Err(_) => {
            tracing::info!(
                seconds = limits.body_read.as_secs(),
                "request body not received in time: closing"
            );
            let mut r = ApiError::request_timeout(format!(
                "请求内容未在 {} 秒内发送完毕，连接已关闭",
                limits.body_read.as_secs()
            ))
            .into_response();
            r.headers_mut().insert(
                axum::http::header::CONNECTION,
                axum::http::HeaderValue::from_static("close"),
            );
            return r;
        }
    };
    let request = Request::from_parts(parts, axum::body::Body::from(bytes));
    match tokio::time::timeout(limits.request, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!(
                seconds = limits.request.as_secs(),
                "request not answered in time"
            );
            ApiError::unavailable(format!(
                "请求未能在 {} 秒内处理完毕，请稍后再试",
                limits.request.as_secs()
            ))
            .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_admits_max_then_refuses_until_it_passes() {
        let l = RateLimit::new(3, Duration::from_secs(60));
        let ip: IpAddr = [127, 0, 0, 1].into();
        let other: IpAddr = [127, 0, 0, 2].into();
        let t0 = Instant::now();
        assert!(l.allow(ip, t0) && l.allow(ip, t0) && l.allow(ip, t0));
        assert!(!l.allow(ip, t0), "the fourth in the window is refused");
        assert!(l.allow(other, t0), "another address has its own window");
        assert!(l.allow(ip, t0 + Duration::from_secs(60)), "a new window");
    }
}
