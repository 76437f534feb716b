//! Cookies: reading one from a request, setting one (HttpOnly, SameSite=Lax, Secure), and the
//! double-submit CSRF token of forms used before sign-in (sign-in, complaints).

use axum::http::{HeaderMap, HeaderValue, header};

/// The session cookie.
pub const SESSION_COOKIE: &str = "qingdan_session";
/// The double-submit CSRF cookie for forms used before sign-in.
pub const CSRF_COOKIE: &str = "qingdan_csrf";

/// A cookie's value.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

/// Whether cookies go without `Secure`: set once at start by `qingdan serve --insecure-cookies`
/// (this crate reads no environment).
static INSECURE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Sends every cookie of this process without `Secure` from now on (plain-HTTP testing on a
/// LAN; browsers accept Secure cookies from localhost over HTTP anyway).
pub fn allow_insecure_cookies() {
    INSECURE.store(true, std::sync::atomic::Ordering::Relaxed);
}

/// Cookies are `Secure` unless [`allow_insecure_cookies`] was called.
fn secure() -> &'static str {
    if INSECURE.load(std::sync::atomic::Ordering::Relaxed) {
        ""
    } else {
        "; Secure"
    }
}

/// A `Set-Cookie` value: the whole site, HttpOnly, SameSite=Lax, Secure (unless
/// [`allow_insecure_cookies`]), and `Max-Age` when given (0 deletes the cookie).
pub fn set_cookie(name: &str, value: &str, max_age: Option<i64>) -> Option<HeaderValue> {
    let age = max_age
        .map(|a| format!("; Max-Age={a}"))
        .unwrap_or_default();
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Lax{age}{}",
        secure()
    ))
    .ok()
}

/// The double-submit CSRF token of a form used before sign-in: the request's [`CSRF_COOKIE`],
/// or a new one (then `true`: the answer must set the cookie).
pub fn csrf_value(headers: &HeaderMap) -> (String, bool) {
    match cookie(headers, CSRF_COOKIE).filter(|c| c.len() == 64) {
        Some(c) => (c, false),
        None => match qingdan_identity::new_secret() {
            Ok(s) => (s.token().to_string(), true),
            Err(_) => (String::new(), false),
        },
    }
}

/// Compares two tokens in time independent of where they differ.
pub fn constant_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
