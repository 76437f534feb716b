//! Lock-out after failed sign-ins: the edges of the count, the window and the lock.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use jiff::{SignedDuration, Timestamp};
use qingdan_identity::LockoutPolicy;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn mins(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

const POLICY: LockoutPolicy = LockoutPolicy::DEFAULT;

/// `n` failures one minute apart, the last at 10:04.
fn failures(n: usize) -> Vec<Timestamp> {
    let last = at("2026-03-01T10:04:00Z");
    (0..n)
        .map(|i| last - mins(i64::try_from(n - 1 - i).unwrap()))
        .collect()
}

#[test]
fn defaults_are_five_failures_fifteen_minutes() {
    assert_eq!(POLICY.max_failures, 5);
    assert_eq!(POLICY.window, mins(15));
    assert_eq!(POLICY.lock_for, mins(15));
    assert_eq!(LockoutPolicy::default(), POLICY);
}

#[test]
fn four_failures_do_not_lock() {
    assert_eq!(
        POLICY.locked_until(&failures(4), at("2026-03-01T10:04:30Z")),
        None
    );
    assert_eq!(POLICY.locked_until(&[], at("2026-03-01T10:04:30Z")), None);
}

#[test]
fn the_fifth_failure_locks_for_fifteen_minutes_from_it() {
    let until = POLICY.locked_until(&failures(5), at("2026-03-01T10:04:30Z"));
    assert_eq!(until, Some(at("2026-03-01T10:19:00Z")));
}

#[test]
fn order_of_the_failures_does_not_matter() {
    let mut shuffled = failures(5);
    shuffled.reverse();
    shuffled.swap(1, 3);
    assert_eq!(
        POLICY.locked_until(&shuffled, at("2026-03-01T10:05:00Z")),
        Some(at("2026-03-01T10:19:00Z"))
    );
}

#[test]
fn failures_older_than_the_window_do_not_count() {
    // Four failures at 09:40–09:43, the fifth at 10:00: the first is 20 minutes before it.
    let spread = [
        at("2026-03-01T09:40:00Z"),
        at("2026-03-01T09:41:00Z"),
        at("2026-03-01T09:42:00Z"),
        at("2026-03-01T09:43:00Z"),
        at("2026-03-01T10:00:00Z"),
    ];
    assert_eq!(
        POLICY.locked_until(&spread, at("2026-03-01T10:00:30Z")),
        None
    );
}

#[test]
fn the_window_is_exclusive_at_fifteen_minutes() {
    // Five failures whose first and last are exactly 15 minutes apart: not within the window.
    let edge = [
        at("2026-03-01T10:00:00Z"),
        at("2026-03-01T10:01:00Z"),
        at("2026-03-01T10:02:00Z"),
        at("2026-03-01T10:03:00Z"),
        at("2026-03-01T10:15:00Z"),
    ];
    assert_eq!(POLICY.locked_until(&edge, at("2026-03-01T10:15:01Z")), None);
    // One second less apart: locked.
    let mut inside = edge;
    inside[0] = at("2026-03-01T10:00:01Z");
    assert_eq!(
        POLICY.locked_until(&inside, at("2026-03-01T10:15:01Z")),
        Some(at("2026-03-01T10:30:00Z"))
    );
}

#[test]
fn the_lock_expires() {
    let five = failures(5); // last at 10:04, lock until 10:19
    assert_eq!(
        POLICY.locked_until(&five, at("2026-03-01T10:18:59Z")),
        Some(at("2026-03-01T10:19:00Z"))
    );
    assert_eq!(
        POLICY.locked_until(&five, at("2026-03-01T10:19:00Z")),
        None,
        "unlocked at the end instant"
    );
    assert_eq!(POLICY.locked_until(&five, at("2026-03-01T12:00:00Z")), None);
}

#[test]
fn a_later_run_extends_the_lock() {
    let mut many = failures(5); // lock until 10:19
    many.push(at("2026-03-01T10:10:00Z")); // the last five now end at 10:10
    assert_eq!(
        POLICY.locked_until(&many, at("2026-03-01T10:12:00Z")),
        Some(at("2026-03-01T10:25:00Z"))
    );
}

#[test]
fn zero_max_failures_disables_locking() {
    let off = LockoutPolicy {
        max_failures: 0,
        ..POLICY
    };
    assert_eq!(
        off.locked_until(&failures(50), at("2026-03-01T10:05:00Z")),
        None
    );
}
