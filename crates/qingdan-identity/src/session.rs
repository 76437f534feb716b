//! When a session ends. Sessions themselves are stored by the store crate.

use jiff::{SignedDuration, Timestamp};

/// A session ends after `idle` without a request, and in any case `absolute` after sign-in.
///
/// 等保 2.0 (GB/T 22239-2019 8.1.4.1 c) asks that a connection idle too long be ended
/// automatically: by default 30 minutes idle, and at most one working day (10 hours: 8:00 to
/// 18:00) from sign-in, after which the officer signs in again. Both are settings of the
/// server (`qingdan serve --session-idle-minutes --session-hours`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Longest gap between requests.
    pub idle: SignedDuration,
    /// Longest life from sign-in.
    pub absolute: SignedDuration,
}

impl SessionPolicy {
    /// Thirty minutes idle, ten hours at most.
    pub const DEFAULT: SessionPolicy = SessionPolicy {
        idle: SignedDuration::from_mins(30),
        absolute: SignedDuration::from_hours(10),
    };

    /// A policy of `idle_minutes` idle and `hours` at most (each at least 1).
    pub fn new(idle_minutes: u32, hours: u32) -> SessionPolicy {
        SessionPolicy {
            idle: SignedDuration::from_mins(i64::from(idle_minutes.max(1))),
            absolute: SignedDuration::from_hours(i64::from(hours.max(1))),
        }
    }

    /// The instant the session ends unless used again: the earlier of `last_seen + idle` and
    /// `created_at + absolute`.
    pub fn expires_at(&self, created_at: Timestamp, last_seen: Timestamp) -> Timestamp {
        let idle_end = last_seen
            .saturating_add(self.idle)
            .unwrap_or(Timestamp::MAX);
        let absolute_end = created_at
            .saturating_add(self.absolute)
            .unwrap_or(Timestamp::MAX);
        idle_end.min(absolute_end)
    }

    /// Whether the session has ended at `now` (at its end instant it has).
    pub fn expired(&self, created_at: Timestamp, last_seen: Timestamp, now: Timestamp) -> bool {
        now >= self.expires_at(created_at, last_seen)
    }
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy::DEFAULT
    }
}
