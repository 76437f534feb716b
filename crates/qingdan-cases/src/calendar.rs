//! The official holiday calendar and the counting of statutory periods.
//!
//! 行政处罚法 art. 85: the law's "二日""三日""五日""七日" are working days, official holidays
//! excluded; its 15 and 90 days and its years are calendar days. The start day is not counted
//! (民法典 art. 201), and a period whose last day is a rest day or holiday ends on the next
//! working day (民法典 art. 203). A year or month period ends on the corresponding day, or the
//! month's last day when there is none (民法典 art. 202).
//!
//! Which days are holidays, and which weekend days are made working days (调休), is decided
//! each year by the State Council's notice. That is data ([`HolidayCalendar::from_json`], shipped
//! as `data/holidays-cn.json`), covering only the years it lists: a date outside them is an
//! error ([`CalendarError::NotCovered`]), never a guess.

use jiff::ToSpan;
use jiff::civil::{Date, Weekday};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// The calendar shipped with Qingdan (`data/holidays-cn.json`).
pub const SHIPPED: &str = include_str!("../data/holidays-cn.json");

/// Why a date could not be counted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// The date lies in a year the calendar does not list.
    #[error(
        "{date} 所在年份的法定节假日安排尚未录入（已录入 {covered}），无法计算工作日；请先导入国务院办公厅公布的该年节假日安排"
    )]
    NotCovered {
        /// The date asked about.
        date: Date,
        /// The years covered, e.g. `2025—2026 年`.
        covered: String,
    },
    /// The calendar file is malformed.
    #[error("节假日数据有误：{0}")]
    Invalid(String),
    /// A date beyond what the calendar type can hold.
    #[error("日期超出可计算范围")]
    OutOfRange,
}

#[derive(Deserialize)]
struct File {
    years: Vec<YearFile>,
}

#[derive(Deserialize)]
struct YearFile {
    year: i16,
    source: String,
    holidays: Vec<(Date, Date, String)>,
    working_weekends: Vec<Date>,
}

/// One year's arrangement.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Year {
    source: String,
    /// Holiday date → the holiday's name.
    holidays: BTreeMap<Date, String>,
    working_weekends: BTreeSet<Date>,
}

/// The official calendar for the years it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HolidayCalendar {
    years: BTreeMap<i16, Year>,
}

/// What kind of day a date is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DayKind {
    /// A working day (a weekday, or a weekend day made a working day).
    Working,
    /// Saturday or Sunday.
    Weekend,
    /// An official holiday, with its name.
    Holiday(String),
}

impl HolidayCalendar {
    /// The calendar shipped with Qingdan.
    pub fn shipped() -> Result<HolidayCalendar, CalendarError> {
        HolidayCalendar::from_json(SHIPPED)
    }

    /// Reads a calendar file (the format of `data/holidays-cn.json`), checking that every
    /// date lies in its year, holidays run forwards, and a working weekend day is a weekend.
    pub fn from_json(text: &str) -> Result<HolidayCalendar, CalendarError> {
        let file: File =
            serde_json::from_str(text).map_err(|e| CalendarError::Invalid(e.to_string()))?;
        let mut years = BTreeMap::new();
        for y in file.years {
            let mut holidays = BTreeMap::new();
            for (from, to, name) in &y.holidays {
                if from > to || from.year() != y.year || to.year() != y.year {
                    return Err(CalendarError::Invalid(format!(
                        "{} 年的“{name}”日期 {from} 至 {to} 有误",
                        y.year
                    )));
                }
                let mut d = *from;
                while d <= *to {
                    holidays.insert(d, name.clone());
                    d = d.tomorrow().map_err(|_| CalendarError::OutOfRange)?;
                }
            }
            let mut working_weekends = BTreeSet::new();
            for d in &y.working_weekends {
                if d.year() != y.year || !is_weekend(*d) || holidays.contains_key(d) {
                    return Err(CalendarError::Invalid(format!(
                        "{} 年的调休上班日 {d} 不是该年的周末",
                        y.year
                    )));
                }
                working_weekends.insert(*d);
            }
            if years
                .insert(
                    y.year,
                    Year {
                        source: y.source,
                        holidays,
                        working_weekends,
                    },
                )
                .is_some()
            {
                return Err(CalendarError::Invalid(format!("{} 年重复", y.year)));
            }
        }
        if years.is_empty() {
            return Err(CalendarError::Invalid("没有任何年份".into()));
        }
        Ok(HolidayCalendar { years })
    }

    /// The years covered, as people write them: `2025—2026 年`.
    pub fn covered(&self) -> String {
        let first = self.years.keys().next().copied().unwrap_or_default();
        let last = self.years.keys().next_back().copied().unwrap_or_default();
        if first == last {
            format!("{first} 年")
        } else {
            format!("{first}—{last} 年")
        }
    }

    /// The notices the calendar comes from, by year.
    pub fn sources(&self) -> Vec<(i16, &str)> {
        self.years
            .iter()
            .map(|(y, year)| (*y, year.source.as_str()))
            .collect()
    }

    /// What kind of day `date` is.
    pub fn kind(&self, date: Date) -> Result<DayKind, CalendarError> {
        let year = self
            .years
            .get(&date.year())
            .ok_or_else(|| CalendarError::NotCovered {
                date,
                covered: self.covered(),
            })?;
        if let Some(name) = year.holidays.get(&date) {
            return Ok(DayKind::Holiday(name.clone()));
        }
        if is_weekend(date) && !year.working_weekends.contains(&date) {
            return Ok(DayKind::Weekend);
        }
        Ok(DayKind::Working)
    }

    /// Whether `date` is a working day.
    pub fn is_working_day(&self, date: Date) -> Result<bool, CalendarError> {
        Ok(self.kind(date)? == DayKind::Working)
    }

    /// The `n`th working day after `start` (the start day not counted): the end of a period
    /// of `n` working days (行政处罚法 art. 85).
    pub fn add_working_days(&self, start: Date, n: u32) -> Result<Date, CalendarError> {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = d.tomorrow().map_err(|_| CalendarError::OutOfRange)?;
            if self.is_working_day(d)? {
                left -= 1;
            }
        }
        Ok(d)
    }

    /// `date` itself if it is a working day, else the next working day (民法典 art. 203).
    pub fn next_working_day(&self, date: Date) -> Result<Date, CalendarError> {
        let mut d = date;
        while !self.is_working_day(d)? {
            d = d.tomorrow().map_err(|_| CalendarError::OutOfRange)?;
        }
        Ok(d)
    }

    /// Working days after `from` up to and including `to` (0 when `to <= from`).
    pub fn working_days_between(&self, from: Date, to: Date) -> Result<u32, CalendarError> {
        let mut n = 0;
        let mut d = from;
        while d < to {
            d = d.tomorrow().map_err(|_| CalendarError::OutOfRange)?;
            if self.is_working_day(d)? {
                n += 1;
            }
        }
        Ok(n)
    }
}

/// `start` plus `n` calendar days, the start day not counted (15 and 90 days, art. 85).
/// The raw end: see [`Period`] for the shift past a rest day.
pub fn add_days(start: Date, n: i64) -> Result<Date, CalendarError> {
    start
        .checked_add(n.days())
        .map_err(|_| CalendarError::OutOfRange)
}

/// `start` plus `n` months, ending on the corresponding day or the month's last day
/// (民法典 art. 202).
pub fn add_months(start: Date, n: i64) -> Result<Date, CalendarError> {
    start
        .checked_add(n.months())
        .map_err(|_| CalendarError::OutOfRange)
}

/// `start` plus `n` years, ending on the corresponding day or the month's last day (a
/// 29 February start ends on 28 February; 民法典 art. 202).
pub fn add_years(start: Date, n: i64) -> Result<Date, CalendarError> {
    start
        .checked_add(n.years())
        .map_err(|_| CalendarError::OutOfRange)
}

fn is_weekend(d: Date) -> bool {
    matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// How a statutory period is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// Working days (2, 3, 5, 7 days: 行政处罚法 art. 85).
    WorkingDays(u32),
    /// Calendar days (15, 90 days), moved to the next working day if the last is a rest day.
    CalendarDays(i64),
    /// Calendar months, moved likewise.
    Months(i64),
    /// Calendar years, not moved (a limitation, not an act the party must perform).
    Years(i64),
}

impl Period {
    /// In Chinese, e.g. `5 个工作日`.
    pub fn label(self) -> String {
        match self {
            Period::WorkingDays(n) => format!("{n} 个工作日"),
            Period::CalendarDays(n) => format!("{n} 日"),
            Period::Months(n) => format!("{n} 个月"),
            Period::Years(n) => format!("{n} 年"),
        }
    }

    /// The last day of the period starting (not counted) on `start`, with `extra` calendar
    /// days added for suspensions and extensions, and the working of it in Chinese.
    pub fn end(
        self,
        calendar: &HolidayCalendar,
        start: Date,
        extra: i64,
    ) -> Result<(Date, String), CalendarError> {
        let extra_note = if extra > 0 {
            format!("，另加中止或延长的 {extra} 日")
        } else {
            String::new()
        };
        match self {
            Period::WorkingDays(n) => {
                let end = calendar.add_working_days(start, n)?;
                let end = if extra > 0 {
                    add_days(end, extra).and_then(|d| calendar.next_working_day(d))?
                } else {
                    end
                };
                Ok((
                    end,
                    format!(
                        "自 {start} 起算（当日不计），{n} 个工作日{extra_note}，不含法定节假日，至 {end}"
                    ),
                ))
            }
            Period::CalendarDays(_) | Period::Months(_) => {
                let raw = match self {
                    Period::CalendarDays(n) => add_days(start, n)?,
                    Period::Months(n) => add_months(start, n)?,
                    _ => start,
                };
                let raw = add_days(raw, extra)?;
                let end = calendar.next_working_day(raw)?;
                let shifted = if end == raw {
                    String::new()
                } else {
                    format!("；{raw} 为休息日或法定节假日，顺延至 {end}")
                };
                Ok((
                    end,
                    format!(
                        "自 {start} 起算（当日不计），{}{extra_note}，至 {raw}{shifted}",
                        self.label()
                    ),
                ))
            }
            Period::Years(n) => {
                let end = add_days(add_years(start, n)?, extra)?;
                Ok((
                    end,
                    format!("自 {start} 起算，{n} 年{extra_note}，至 {end}"),
                ))
            }
        }
    }

    /// Whether `day` lies within the period starting on `start`, deciding without the
    /// calendar where it can (a day on or before the raw end of a calendar-day period is in
    /// time whatever the holidays), so a period ending in a year not yet in the calendar can
    /// still be kept.
    pub fn contains(
        self,
        calendar: &HolidayCalendar,
        start: Date,
        extra: i64,
        day: Date,
    ) -> Result<bool, CalendarError> {
        if let Period::CalendarDays(n) = self {
            let raw = add_days(add_days(start, n)?, extra)?;
            if day <= raw {
                return Ok(true);
            }
        }
        if let Period::Years(n) = self {
            return Ok(day <= add_days(add_years(start, n)?, extra)?);
        }
        Ok(day <= self.end(calendar, start, extra)?.0)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;
    use jiff::civil::date;

    fn cal() -> HolidayCalendar {
        HolidayCalendar::shipped().unwrap()
    }

    #[test]
    fn the_shipped_calendar_covers_2025_and_2026() {
        assert_eq!(cal().covered(), "2025—2026 年");
        assert_eq!(cal().sources().len(), 2);
    }

    /// Each row: a date, what the State Council's notice makes it, and which notice.
    #[test]
    fn day_kinds_follow_the_notices() {
        let rows: &[(Date, DayKind, &str)] = &[
            (
                date(2026, 2, 14),
                DayKind::Working,
                "2026 通知：春节调休，2 月 14 日（周六）上班",
            ),
            (
                date(2026, 2, 16),
                DayKind::Holiday("春节".into()),
                "2026 通知：春节 2 月 15—23 日",
            ),
            (
                date(2026, 2, 23),
                DayKind::Holiday("春节".into()),
                "2026 通知：春节至 23 日（周一）",
            ),
            (
                date(2026, 2, 24),
                DayKind::Working,
                "2026：春节后首个工作日",
            ),
            (
                date(2026, 2, 28),
                DayKind::Working,
                "2026 通知：2 月 28 日（周六）上班",
            ),
            (date(2026, 3, 1), DayKind::Weekend, "普通周日"),
            (
                date(2026, 1, 4),
                DayKind::Working,
                "2026 通知：元旦调休，1 月 4 日（周日）上班",
            ),
            (
                date(2026, 10, 10),
                DayKind::Working,
                "2026 通知：10 月 10 日（周六）上班",
            ),
            (
                date(2026, 10, 8),
                DayKind::Working,
                "2026：国庆 10 月 1—7 日，8 日上班",
            ),
            (
                date(2025, 10, 8),
                DayKind::Holiday("国庆节、中秋节".into()),
                "2025 通知：国庆中秋 10 月 1—8 日",
            ),
            (
                date(2025, 9, 28),
                DayKind::Working,
                "2025 通知：9 月 28 日（周日）上班",
            ),
            (
                date(2025, 5, 5),
                DayKind::Holiday("劳动节".into()),
                "2025 通知：劳动节 5 月 1—5 日",
            ),
        ];
        for (d, kind, why) in rows {
            assert_eq!(&cal().kind(*d).unwrap(), kind, "{d}: {why}");
        }
    }

    #[test]
    fn a_year_not_in_the_calendar_is_an_error_not_a_guess() {
        let e = cal().kind(date(2027, 3, 1)).unwrap_err();
        assert!(matches!(e, CalendarError::NotCovered { .. }));
        assert!(e.to_string().contains("2027-03-01"), "{e}");
        assert!(e.to_string().contains("2025—2026 年"), "{e}");
        assert!(cal().add_working_days(date(2026, 12, 28), 5).is_err());
    }

    /// 行政处罚法 art. 85: working-day periods skip weekends and holidays, and count the
    /// weekend days made working days.
    #[test]
    fn working_day_periods() {
        let rows: &[(Date, u32, Date, &str)] = &[
            (
                date(2026, 3, 2),
                5,
                date(2026, 3, 9),
                "周一起算 5 个工作日：跳过一个周末",
            ),
            (
                date(2026, 2, 12),
                2,
                date(2026, 2, 14),
                "春节前：2 月 13 日（周五）、14 日（调休周六）",
            ),
            (
                date(2026, 2, 13),
                3,
                date(2026, 2, 25),
                "跨春节：14 日调休上班，15—23 日放假，24、25 日",
            ),
            (
                date(2026, 9, 30),
                7,
                date(2026, 10, 15),
                "跨国庆：10 月 8、9、10（调休周六）、12—15 日",
            ),
            (
                date(2026, 4, 30),
                2,
                date(2026, 5, 7),
                "跨劳动节：5 月 6、7 日",
            ),
        ];
        for (start, n, end, why) in rows {
            assert_eq!(cal().add_working_days(*start, *n).unwrap(), *end, "{why}");
        }
    }

    /// 行政处罚法 art. 85 (calendar days) and 民法典 art. 203 (a last day on a rest day moves).
    #[test]
    fn calendar_day_periods_move_off_rest_days() {
        let rows: &[(Period, Date, Date, &str)] = &[
            (
                Period::CalendarDays(15),
                date(2026, 3, 2),
                date(2026, 3, 17),
                "15 日，止于周二",
            ),
            (
                Period::CalendarDays(15),
                date(2026, 3, 6),
                date(2026, 3, 23),
                "止于 3 月 21 日周六，顺延至周一",
            ),
            (
                Period::CalendarDays(15),
                date(2026, 9, 20),
                date(2026, 10, 8),
                "止于 10 月 5 日国庆，顺延至 8 日",
            ),
            (
                Period::CalendarDays(90),
                date(2026, 3, 2),
                date(2026, 6, 1),
                "90 日：5 月 31 日周日，顺延",
            ),
            (
                Period::Months(6),
                date(2026, 3, 31),
                date(2026, 9, 30),
                "6 个月：9 月无 31 日，取月末",
            ),
            (
                Period::Years(2),
                date(2024, 2, 29),
                date(2026, 2, 28),
                "2 年：无对应日取月末，民法典第二百零二条",
            ),
        ];
        for (p, start, end, why) in rows {
            assert_eq!(p.end(&cal(), *start, 0).unwrap().0, *end, "{why}");
        }
    }

    #[test]
    fn suspension_days_move_the_end() {
        let (end, how) = Period::CalendarDays(90)
            .end(&cal(), date(2026, 3, 2), 10)
            .unwrap();
        assert_eq!(end, date(2026, 6, 10));
        assert!(how.contains("另加中止或延长的 10 日"), "{how}");
    }

    #[test]
    fn a_day_before_the_raw_end_is_in_time_without_the_next_years_calendar() {
        // Filed 2026-11-27: 90 days end 2027-02-25, a year not in the calendar. Deciding in
        // 2026 is plainly in time; only a day past the raw end needs the 2027 holidays.
        let p = Period::CalendarDays(90);
        assert!(
            p.contains(&cal(), date(2026, 11, 27), 0, date(2026, 12, 30))
                .unwrap()
        );
        assert!(
            p.contains(&cal(), date(2026, 11, 27), 0, date(2027, 2, 26))
                .is_err()
        );
    }

    #[test]
    fn bad_files_are_refused() {
        assert!(HolidayCalendar::from_json("{").is_err());
        assert!(HolidayCalendar::from_json(r#"{"years": []}"#).is_err());
        let wrong_weekend = r#"{"years": [{"year": 2026, "source": "x", "holidays": [],
            "working_weekends": ["2026-03-02"]}]}"#;
        assert!(HolidayCalendar::from_json(wrong_weekend).is_err());
        let backwards = r#"{"years": [{"year": 2026, "source": "x",
            "holidays": [["2026-05-05", "2026-05-01", "劳动节"]], "working_weekends": []}]}"#;
        assert!(HolidayCalendar::from_json(backwards).is_err());
    }

    proptest::proptest! {
        /// Counting back the working days between start and end gives n, and the end is a
        /// working day.
        #[test]
        fn working_days_round_trip(offset in 0i64..600, n in 1u32..20) {
            let start = add_days(date(2025, 1, 1), offset).unwrap();
            if let Ok(end) = cal().add_working_days(start, n) {
                proptest::prop_assert!(cal().is_working_day(end).unwrap());
                proptest::prop_assert_eq!(cal().working_days_between(start, end).unwrap(), n);
            }
        }
    }
}
