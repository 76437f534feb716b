//! The injectable clock: use cases ask it for now and today; tests and `serve --fixed-time` fix
//! it. The system clock is read only through [`SystemClock`].

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::{Offset, TimeZone};

/// Where the current time comes from.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Now.
    fn now(&self) -> Timestamp;

    /// Today in China Standard Time (UTC+8), the bureau's calendar day.
    fn today(&self) -> Date {
        china().to_datetime(self.now()).date()
    }
}

/// China Standard Time, which has no daylight saving.
pub fn china() -> TimeZone {
    TimeZone::fixed(Offset::constant(8))
}

/// The system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock stopped at one instant (tests, reproducible runs).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> Timestamp {
        self.0
    }
}

/// RFC 3339, seconds, UTC: the store's time format (sorts as time does).
pub fn stamp(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}
