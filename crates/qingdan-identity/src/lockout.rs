//! Locking an account after repeated failed sign-ins.

use jiff::{SignedDuration, Timestamp};

/// After `max_failures` failed sign-ins within `window`, the account is locked for `lock_for`
/// from the last of them.
///
/// Pure: the caller stores the times of failed attempts and passes the recent ones (at least
/// those within `window + lock_for` of now; older ones are harmless).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Failures that lock the account (5). Zero disables locking.
    pub max_failures: u32,
    /// How close together they must be (15 minutes): the first and the last of them less than
    /// this apart.
    pub window: SignedDuration,
    /// How long the lock lasts from the failure that caused it (15 minutes).
    pub lock_for: SignedDuration,
}

impl LockoutPolicy {
    /// Five failures within 15 minutes lock the account for 15 minutes.
    pub const DEFAULT: LockoutPolicy = LockoutPolicy {
        max_failures: 5,
        window: SignedDuration::from_secs(15 * 60),
        lock_for: SignedDuration::from_secs(15 * 60),
    };

    /// When the lock ends, if the account is locked at `now`; `None` if a sign-in may be
    /// attempted.
    ///
    /// Locked while `now` is before the end: a lock ending at 10:15:00 refuses 10:14:59 and
    /// allows 10:15:00. The failure times may come in any order. If several runs of failures
    /// qualify, the latest lock end counts.
    pub fn locked_until(&self, recent_failures: &[Timestamp], now: Timestamp) -> Option<Timestamp> {
        let run = usize::try_from(self.max_failures)
            .ok()
            .filter(|&run| run > 0)?;
        if recent_failures.len() < run {
            return None;
        }
        let mut failures = recent_failures.to_vec();
        failures.sort_unstable();
        failures
            .windows(run)
            .filter_map(|group| match (group.first(), group.last()) {
                (Some(&first), Some(&last)) if last.duration_since(first) < self.window => {
                    Some(last.saturating_add(self.lock_for).unwrap_or(Timestamp::MAX))
                }
                _ => None,
            })
            .max()
            .filter(|&until| now < until)
    }
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy::DEFAULT
    }
}
