//! The enforcement certificate (执法证), the holder's standing, and [`may_enforce`].

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// An officer's enforcement certificate (执法证).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Certificate {
    /// The certificate number as printed on it.
    pub number: String,
    /// The first day it is valid, when known; `None` means valid from issue, before any day
    /// Qingdan is asked about.
    pub valid_from: Option<Date>,
    /// The last day it is valid (inclusive).
    pub valid_until: Date,
    /// The holder's enforcement qualification (执法资格): active, suspended or revoked by fault
    /// accountability (§三(一)四).
    #[serde(default)]
    pub standing: Standing,
}

impl Certificate {
    /// A certificate valid through `valid_until` (first day unknown).
    pub fn until(number: impl Into<String>, valid_until: Date) -> Certificate {
        Certificate {
            number: number.into(),
            valid_from: None,
            valid_until,
            standing: Standing::Active,
        }
    }

    /// Whether the holder may act on `day` with it: see [`may_enforce`], which every engine
    /// asks.
    pub fn valid_on(&self, day: Date) -> bool {
        may_enforce(Some(self), day).is_ok()
    }
}

/// The holder's standing, set by fault accountability (§三(一)四).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "standing", rename_all = "snake_case")]
pub enum Standing {
    /// May act (when the certificate is valid).
    #[default]
    Active,
    /// 暂停行政执法活动: may not act from `since` (inclusive) until lifted.
    Suspended {
        /// The first day of the suspension.
        since: Date,
    },
    /// 取消执法资格并收缴证件: may not act from `on` (inclusive), ever.
    Revoked {
        /// The day of revocation.
        on: Date,
    },
}

/// Why a person may not carry out an enforcement act on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ineligible {
    /// No certificate on record.
    NoCertificate,
    /// The certificate's first valid day is after the day of the act.
    NotYetValid {
        /// Its number.
        number: String,
        /// Its first valid day.
        from: Date,
    },
    /// The certificate's last valid day is before the day of the act.
    Expired {
        /// Its number.
        number: String,
        /// Its last valid day.
        until: Date,
    },
    /// Suspended from enforcement since that day.
    Suspended {
        /// The first day of the suspension.
        since: Date,
    },
    /// Enforcement qualification revoked on that day.
    Revoked {
        /// The day of revocation.
        on: Date,
    },
}

/// **The** rule: whether a person holding `certificate` may carry out an enforcement act on
/// `day`.
///
/// The certificate must be valid on the day: from its first valid day (when known) through its
/// last, both days included (《行政处罚法》第四十二条; 以上、以下包括本数). A suspension bars
/// every act from its first day; a revocation from its day on. Standing is judged before the
/// certificate: a revoked officer is told of the revocation, not of an expiry.
pub fn may_enforce(certificate: Option<&Certificate>, day: Date) -> Result<(), Ineligible> {
    let Some(c) = certificate else {
        return Err(Ineligible::NoCertificate);
    };
    match c.standing {
        Standing::Revoked { on } if on <= day => return Err(Ineligible::Revoked { on }),
        Standing::Suspended { since } if since <= day => {
            return Err(Ineligible::Suspended { since });
        }
        _ => {}
    }
    if let Some(from) = c.valid_from
        && day < from
    {
        return Err(Ineligible::NotYetValid {
            number: c.number.clone(),
            from,
        });
    }
    if c.valid_until < day {
        return Err(Ineligible::Expired {
            number: c.number.clone(),
            until: c.valid_until,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;
    use jiff::civil::date;

    fn cert() -> Certificate {
        Certificate {
            number: "湘执-1".into(),
            valid_from: Some(date(2026, 3, 1)),
            valid_until: date(2026, 12, 31),
            standing: Standing::Active,
        }
    }

    #[test]
    fn both_ends_are_included() {
        let c = cert();
        assert!(matches!(
            may_enforce(Some(&c), date(2026, 2, 28)),
            Err(Ineligible::NotYetValid { .. })
        ));
        assert!(may_enforce(Some(&c), date(2026, 3, 1)).is_ok());
        assert!(may_enforce(Some(&c), date(2026, 12, 31)).is_ok());
        assert!(matches!(
            may_enforce(Some(&c), date(2027, 1, 1)),
            Err(Ineligible::Expired { .. })
        ));
        assert_eq!(
            may_enforce(None, date(2026, 5, 1)),
            Err(Ineligible::NoCertificate)
        );
    }

    #[test]
    fn standing_bars_from_its_first_day() {
        let mut c = cert();
        c.standing = Standing::Suspended {
            since: date(2026, 6, 1),
        };
        assert!(may_enforce(Some(&c), date(2026, 5, 31)).is_ok());
        assert!(matches!(
            may_enforce(Some(&c), date(2026, 6, 1)),
            Err(Ineligible::Suspended { .. })
        ));
        c.standing = Standing::Revoked {
            on: date(2026, 6, 1),
        };
        // Revocation is told before an expiry.
        assert!(matches!(
            may_enforce(Some(&c), date(2027, 6, 1)),
            Err(Ineligible::Revoked { .. })
        ));
    }
}
