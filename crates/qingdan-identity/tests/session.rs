//! Session expiry: thirty minutes idle, one working day (ten hours) at most (等保 2.0,
//! GB/T 22239-2019 8.1.4.1 c).

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use jiff::{SignedDuration, Timestamp};
use qingdan_identity::SessionPolicy;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

const POLICY: SessionPolicy = SessionPolicy::DEFAULT;

#[test]
fn defaults() {
    assert_eq!(POLICY.idle, SignedDuration::from_mins(30));
    assert_eq!(POLICY.absolute, SignedDuration::from_hours(10));
    assert_eq!(
        SessionPolicy::new(15, 8).idle,
        SignedDuration::from_mins(15)
    );
    assert_eq!(
        SessionPolicy::new(0, 0),
        SessionPolicy::new(1, 1),
        "at least a minute, an hour"
    );
    assert_eq!(SessionPolicy::default(), POLICY);
}

#[test]
fn idle_limit() {
    let created = at("2026-03-02T08:00:00Z");
    let seen = at("2026-03-02T09:00:00Z");
    assert!(
        !POLICY.expired(created, seen, at("2026-03-02T09:29:59Z")),
        "29 min 59 s idle"
    );
    assert!(
        POLICY.expired(created, seen, at("2026-03-02T09:30:00Z")),
        "30 min idle: ended"
    );
    assert!(
        POLICY.expired(created, seen, at("2026-03-02T09:31:00Z")),
        "31 min idle"
    );
    assert_eq!(POLICY.expires_at(created, seen), at("2026-03-02T09:30:00Z"));
}

#[test]
fn absolute_limit_even_when_active() {
    let created = at("2026-03-02T08:00:00Z");
    let seen = at("2026-03-02T17:59:00Z"); // used a minute before the working day ends
    assert!(!POLICY.expired(created, seen, at("2026-03-02T17:59:59Z")));
    assert!(
        POLICY.expired(created, seen, at("2026-03-02T18:00:00Z")),
        "ten hours after sign-in"
    );
    assert_eq!(POLICY.expires_at(created, seen), at("2026-03-02T18:00:00Z"));
}
