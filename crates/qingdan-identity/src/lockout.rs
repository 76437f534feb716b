//! Delaying sign-ins after repeated failures, per account **and client address** (等保 2.0,
//! GB/T 22239-2019 8.1.4.1 b: 登录失败处理功能，限制非法登录次数).
//!
//! A lock on the account alone would let anyone who knows an officer's user name lock him out
//! with five wrong passwords. So failures are counted per (account, address): a stranger
//! guessing from his own address delays only himself, and the officer signing in from his
//! desk is not affected. The delays grow: after the fifth failure from an address the next
//! attempt waits one minute, then two, four, eight … up to an hour; a successful sign-in from
//! that address forgets its failures, and failures older than a day are forgotten anyway.
//! Guessing from many addresses at once is slowed by the per-address rate limit and by the
//! growing delay on each; the 安全管理员 sees the failures and can clear a delay.

use jiff::{SignedDuration, Timestamp};

/// The growing delay after failed sign-ins from one address for one account.
///
/// Pure: the caller stores the times of failed attempts for the (account, address) pair and
/// passes those within `window` of now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Failures allowed without delay (5). Zero disables delays.
    pub free_failures: u32,
    /// How long a failure is remembered (24 hours).
    pub window: SignedDuration,
    /// The delay after the last free failure (1 minute); each further failure doubles it.
    pub first_delay: SignedDuration,
    /// The longest delay (1 hour).
    pub max_delay: SignedDuration,
}

impl LockoutPolicy {
    /// Five free failures, then 1, 2, 4 … minutes, at most an hour; forgotten after a day.
    pub const DEFAULT: LockoutPolicy = LockoutPolicy {
        free_failures: 5,
        window: SignedDuration::from_hours(24),
        first_delay: SignedDuration::from_mins(1),
        max_delay: SignedDuration::from_hours(1),
    };

    /// The delay after `failures` failures (`None` while they are free).
    pub fn delay_after(&self, failures: usize) -> Option<SignedDuration> {
        let free = usize::try_from(self.free_failures)
            .ok()
            .filter(|&f| f > 0)?;
        let beyond = failures.checked_sub(free)?;
        let mut delay = self.first_delay;
        for _ in 0..beyond {
            delay = delay.saturating_mul(2);
            if delay >= self.max_delay {
                return Some(self.max_delay);
            }
        }
        Some(delay.min(self.max_delay))
    }

    /// Until when a sign-in from this address for this account must wait, if it must wait at
    /// `now`: the last failure plus the delay its count earns. Waiting while `now` is before
    /// the end: a delay ending at 10:15:00 refuses 10:14:59 and allows 10:15:00. The failure
    /// times may come in any order.
    pub fn locked_until(&self, recent_failures: &[Timestamp], now: Timestamp) -> Option<Timestamp> {
        let delay = self.delay_after(recent_failures.len())?;
        let last = recent_failures.iter().max()?;
        let until = last.saturating_add(delay).unwrap_or(Timestamp::MAX);
        (now < until).then_some(until)
    }
}

impl Default for LockoutPolicy {
    fn default() -> Self {
        LockoutPolicy::DEFAULT
    }
}
