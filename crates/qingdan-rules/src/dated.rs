//! Dated parameters: a value keyed by the day it takes effect, with its source, so that a case
//! decided under an older rate keeps it (as OpenFisca does).

use crate::error::RuleError;
use crate::source::Source;
use jiff::civil::Date;

/// One period of a parameter's history.
#[derive(Debug, Clone, PartialEq)]
pub struct Period<T> {
    /// First day in force.
    pub from: Date,
    /// First day no longer in force (`None`: still in force).
    pub until: Option<Date>,
    /// The value.
    pub value: T,
    /// Where it comes from.
    pub source: Source,
}

/// A parameter's whole history, in order, without gaps or overlaps.
#[derive(Debug, Clone, PartialEq)]
pub struct Dated<T> {
    /// A Chinese name for messages.
    pub name: &'static str,
    /// The periods, in order.
    pub periods: Vec<Period<T>>,
}

impl<T> Dated<T> {
    /// A parameter with one period from `from` on.
    pub fn since(name: &'static str, from: Date, value: T, source: Source) -> Dated<T> {
        Dated {
            name,
            periods: vec![Period {
                from,
                until: None,
                value,
                source,
            }],
        }
    }

    /// Ends the current period on `until` and starts a new one with `value`.
    pub fn then(mut self, until: Date, value: T, source: Source) -> Dated<T> {
        if let Some(last) = self.periods.last_mut() {
            last.until = Some(until);
        }
        self.periods.push(Period {
            from: until,
            until: None,
            value,
            source,
        });
        self
    }

    /// Ends the parameter on `until` (the rule was abolished).
    pub fn ended(mut self, until: Date) -> Dated<T> {
        if let Some(last) = self.periods.last_mut() {
            last.until = Some(until);
        }
        self
    }

    /// The period in force on `day`.
    pub fn at(&self, day: Date) -> Result<&Period<T>, RuleError> {
        self.periods
            .iter()
            .find(|p| p.from <= day && p.until.is_none_or(|u| day < u))
            .ok_or_else(|| RuleError::NotInForce {
                what: self.name.to_string(),
                day: day.to_string(),
                from: self
                    .periods
                    .first()
                    .map(|p| p.from.to_string())
                    .unwrap_or_default(),
                until: self
                    .periods
                    .last()
                    .and_then(|p| p.until)
                    .map(|d| d.to_string()),
            })
    }

    /// Gaps or overlaps between consecutive periods (none for a well-formed parameter).
    pub fn coverage_problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        for pair in self.periods.windows(2) {
            if pair[0].until != Some(pair[1].from) {
                problems.push(format!(
                    "{}：{} 起的时段与 {} 起的时段之间有空档或重叠",
                    self.name, pair[0].from, pair[1].from
                ));
            }
        }
        for p in &self.periods {
            if p.until.is_some_and(|u| u <= p.from) {
                problems.push(format!(
                    "{}：{} 起的时段结束得不晚于开始",
                    self.name, p.from
                ));
            }
        }
        problems
    }
}
