//! Session expiry: eight hours idle, seven days at most.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use jiff::{SignedDuration, Timestamp};
use qingdan_identity::SessionPolicy;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

const POLICY: SessionPolicy = SessionPolicy::DEFAULT;

#[test]
fn defaults() {
    assert_eq!(POLICY.idle, SignedDuration::from_hours(8));
    assert_eq!(POLICY.absolute, SignedDuration::from_hours(168));
    assert_eq!(SessionPolicy::default(), POLICY);
}

#[test]
fn idle_limit() {
    let created = at("2026-03-02T08:00:00Z");
    let seen = at("2026-03-02T09:00:00Z");
    assert!(
        !POLICY.expired(created, seen, at("2026-03-02T16:59:59Z")),
        "7 h 59 min 59 s idle"
    );
    assert!(
        POLICY.expired(created, seen, at("2026-03-02T17:00:00Z")),
        "8 h idle: ended"
    );
    assert_eq!(POLICY.expires_at(created, seen), at("2026-03-02T17:00:00Z"));
}

#[test]
fn absolute_limit_even_when_active() {
    let created = at("2026-03-02T08:00:00Z");
    let seen = at("2026-03-09T07:59:00Z"); // used a minute before the seventh day ends
    assert!(!POLICY.expired(created, seen, at("2026-03-09T07:59:59Z")));
    assert!(
        POLICY.expired(created, seen, at("2026-03-09T08:00:00Z")),
        "7 days after sign-in"
    );
    assert_eq!(POLICY.expires_at(created, seen), at("2026-03-09T08:00:00Z"));
}
