//! Growing delays after failed sign-ins (per account and address): the edges of the count,
//! the doubling, the cap and the end of a delay.

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
fn defaults_are_five_free_failures_then_a_minute_doubling_to_an_hour() {
    assert_eq!(POLICY.free_failures, 5);
    assert_eq!(POLICY.window, SignedDuration::from_hours(24));
    assert_eq!(POLICY.first_delay, mins(1));
    assert_eq!(POLICY.max_delay, mins(60));
    assert_eq!(LockoutPolicy::default(), POLICY);
}

/// Failures → delay: 0–4 none; 5 → 1 min; 6 → 2; 7 → 4; 8 → 8; 9 → 16; 10 → 32; 11 and on
/// → 60 (capped).
#[test]
fn the_delay_doubles_and_is_capped() {
    let table: &[(usize, Option<i64>)] = &[
        (0, None),
        (4, None),
        (5, Some(1)),
        (6, Some(2)),
        (7, Some(4)),
        (8, Some(8)),
        (9, Some(16)),
        (10, Some(32)),
        (11, Some(60)),
        (12, Some(60)),
        (10_000, Some(60)),
    ];
    for &(n, minutes) in table {
        assert_eq!(POLICY.delay_after(n), minutes.map(mins), "{n} failures");
    }
}

#[test]
fn four_failures_do_not_delay() {
    assert_eq!(
        POLICY.locked_until(&failures(4), at("2026-03-01T10:04:30Z")),
        None
    );
    assert_eq!(POLICY.locked_until(&[], at("2026-03-01T10:04:30Z")), None);
}

#[test]
fn the_fifth_failure_delays_a_minute_from_it_and_the_end_is_exact() {
    let f = failures(5);
    assert_eq!(
        POLICY.locked_until(&f, at("2026-03-01T10:04:30Z")),
        Some(at("2026-03-01T10:05:00Z"))
    );
    assert_eq!(
        POLICY.locked_until(&f, at("2026-03-01T10:04:59Z")),
        Some(at("2026-03-01T10:05:00Z"))
    );
    assert_eq!(POLICY.locked_until(&f, at("2026-03-01T10:05:00Z")), None);
}

#[test]
fn the_seventh_failure_delays_four_minutes_whatever_the_order() {
    let mut f = failures(7);
    f.reverse();
    f.swap(1, 3);
    assert_eq!(
        POLICY.locked_until(&f, at("2026-03-01T10:05:00Z")),
        Some(at("2026-03-01T10:08:00Z"))
    );
}

#[test]
fn zero_free_failures_disables_delays() {
    let off = LockoutPolicy {
        free_failures: 0,
        ..POLICY
    };
    assert_eq!(
        off.locked_until(&failures(50), at("2026-03-01T10:04:30Z")),
        None
    );
}
