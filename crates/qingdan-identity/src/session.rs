//! When a session ends. Sessions themselves are stored by the store crate.

use jiff::{SignedDuration, Timestamp};

/// A session ends after `idle` without a request, and in any case `absolute` after sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionPolicy {
    /// Longest gap between requests (8 hours: a working day).
    pub idle: SignedDuration,
    /// Longest life from sign-in (7 days).
    pub absolute: SignedDuration,
}

impl SessionPolicy {
    /// Eight hours idle, seven days at most.
    pub const DEFAULT: SessionPolicy = SessionPolicy {
        idle: SignedDuration::from_hours(8),
        absolute: SignedDuration::from_hours(7 * 24),
    };

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
