//! Per-address rate limits for sign-in (and, later, public forms): a fixed window per client
//! address, in memory. Each process limits on its own; with several processes behind one
//! address the effective limit is per process, which still stops a single client's guessing
//! (the per-user lock-out in the database covers the rest).

use axum::extract::{ConnectInfo, Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

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

/// The requests the limit counts: sign-in attempts.
fn limited(method: &axum::http::Method, path: &str) -> bool {
    method == axum::http::Method::POST && (path == "/api/v1/auth/token" || path == "/login")
}

/// Middleware: refuses sign-in attempts with 429 when the client address is over the limit.
/// Requests without a known address (in-process tests) are not limited.
pub async fn limit(State(limiter): State<RateLimit>, request: Request, next: Next) -> Response {
    if !limited(request.method(), request.uri().path()) {
        return next.run(request).await;
    }
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(a)| a.ip());
    if let Some(ip) = ip
        && !limiter.allow(ip, Instant::now())
    {
        return crate::error::ApiError::too_many("请求过于频繁，请稍后再试").into_response();
    }
    next.run(request).await
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
