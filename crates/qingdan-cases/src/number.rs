//! Case numbers in the bureau's style: `安工信罚〔2026〕3号` — the bureau's abbreviation and the
//! document kind, the year in 六角括号, and a sequence that restarts each year. The store
//! allocates the sequence in the same transaction as the case, so numbers are unique and
//! without gaps.

use std::fmt;

/// A case number.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CaseNumber {
    /// e.g. `安工信罚`.
    pub prefix: String,
    /// The year the case was opened.
    pub year: i16,
    /// 1, 2, 3 … within the prefix and year.
    pub seq: i64,
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}〔{}〕{}号", self.prefix, self.year, self.seq)
    }
}

impl CaseNumber {
    /// Parses the display form.
    pub fn parse(s: &str) -> Option<CaseNumber> {
        let (prefix, rest) = s.split_once('〔')?;
        let (year, rest) = rest.split_once('〕')?;
        let seq = rest.strip_suffix('号')?;
        if prefix.is_empty() {
            return None;
        }
        Some(CaseNumber {
            prefix: prefix.to_string(),
            year: year.parse().ok()?,
            seq: seq.parse().ok().filter(|n: &i64| *n > 0)?,
        })
    }
}

/// Checks a prefix an administrator configures: 2–12 characters, no brackets or digits.
pub fn valid_prefix(prefix: &str) -> bool {
    let n = prefix.chars().count();
    (2..=12).contains(&n)
        && !prefix
            .chars()
            .any(|c| c.is_ascii_digit() || c.is_whitespace() || "〔〕[]()（）号".contains(c))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;

    #[test]
    fn the_bureau_style() {
        let n = CaseNumber {
            prefix: "安工信罚".into(),
            year: 2026,
            seq: 3,
        };
        assert_eq!(n.to_string(), "安工信罚〔2026〕3号");
        assert_eq!(CaseNumber::parse("安工信罚〔2026〕3号").unwrap(), n);
        assert!(CaseNumber::parse("安工信罚〔2026〕0号").is_none());
        assert!(CaseNumber::parse("〔2026〕3号").is_none());
        assert!(valid_prefix("安工信罚"));
        assert!(!valid_prefix("安工信罚〔"));
        assert!(!valid_prefix("罚"));
    }

    proptest::proptest! {
        #[test]
        fn display_and_parse_round_trip(year in 2000i16..2100, seq in 1i64..1_000_000) {
            let n = CaseNumber { prefix: "安工信罚".into(), year, seq };
            proptest::prop_assert_eq!(CaseNumber::parse(&n.to_string()), Some(n));
        }
    }
}
