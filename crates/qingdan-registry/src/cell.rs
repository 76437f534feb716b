//! One cell of an imported table, and the conversions of a cell to the values of a record.
//! Every conversion returns the value or a Chinese reason.

use crate::party::PartyKind;
use crate::uscc::Uscc;
use jiff::civil::Date;
use std::borrow::Cow;
use std::fmt;

/// A cell as read: CSV gives only text; a workbook also gives numbers, booleans, dates and
/// error values.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Cell<'a> {
    /// Nothing.
    #[default]
    Empty,
    /// Text.
    Text(Cow<'a, str>),
    /// A whole number.
    Int(i64),
    /// A number.
    Float(f64),
    /// TRUE or FALSE.
    Bool(bool),
    /// A date-formatted cell: year, month, day, and whether it also has a time of day.
    Date(u16, u8, u8, bool),
    /// A duration-formatted cell (its value in days).
    Duration(f64),
    /// An error value such as `#N/A`.
    Error(String),
}

impl Cell<'_> {
    /// Whether the cell holds nothing but blanks.
    pub(crate) fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// Formats a float as Excel shows a general number: integers without a decimal point.
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

impl fmt::Display for Cell<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cell::Empty => Ok(()),
            Cell::Text(t) => f.write_str(t),
            Cell::Int(i) => write!(f, "{i}"),
            Cell::Float(x) => f.write_str(&number(*x)),
            Cell::Bool(b) => f.write_str(if *b { "TRUE" } else { "FALSE" }),
            Cell::Date(y, m, d, _) => write!(f, "{y:04}-{m:02}-{d:02}"),
            Cell::Duration(x) => write!(f, "{x}"),
            Cell::Error(e) => f.write_str(e),
        }
    }
}

/// The longest value a [`crate::RowError`] repeats, in characters.
const VALUE_SHOWN: usize = 100;

/// The cell as text for an error report, cut to a readable length.
pub(crate) fn shown(cell: &Cell<'_>) -> String {
    let s = cell.to_string();
    if s.chars().count() > VALUE_SHOWN {
        let mut cut: String = s.chars().take(VALUE_SHOWN).collect();
        cut.push('…');
        cut
    } else {
        s
    }
}

/// Blanks that surround values: ASCII white space, the ideographic space, no-break space.
fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
}

/// The error values Excel shows, and writes into CSV, in place of a result.
const EXCEL_ERRORS: &[&str] = &[
    "#N/A",
    "#VALUE!",
    "#REF!",
    "#DIV/0!",
    "#NUM!",
    "#NAME?",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
];

/// The refusal for an error value, whether a workbook's error cell or its text in a CSV file.
fn excel_error(cell: &Cell<'_>) -> Result<(), String> {
    match cell {
        Cell::Error(e) => Err(format!("单元格是 Excel 错误值 {e}")),
        Cell::Text(t) if EXCEL_ERRORS.contains(&trim(t)) => {
            Err(format!("单元格是 Excel 错误值 {}（公式出错）", trim(t)))
        }
        _ => Ok(()),
    }
}

/// A text value, trimmed; `None` when blank. Numbers become their digits (a phone number or a
/// project code typed into a number cell); error values, booleans and dates are refused.
pub(crate) fn optional_text(cell: &Cell<'_>, max_chars: usize) -> Result<Option<String>, String> {
    excel_error(cell)?;
    let s = match cell {
        Cell::Empty => return Ok(None),
        Cell::Text(t) => trim(t).to_owned(),
        Cell::Int(i) => i.to_string(),
        Cell::Float(f) => number(*f),
        Cell::Error(e) => return Err(format!("单元格是 Excel 错误值 {e}")),
        Cell::Bool(_) | Cell::Date(..) | Cell::Duration(_) => {
            return Err("应为文字，不能是日期、时间或逻辑值".to_owned());
        }
    };
    if s.is_empty() {
        return Ok(None);
    }
    if s.contains('\u{FFFD}') {
        return Err("含有无法识别的字符（文件中的字节不是有效的 UTF-8）".to_owned());
    }
    if let Some(c) = s
        .chars()
        .find(|&c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(format!("含有控制字符 U+{:04X}", u32::from(c)));
    }
    let len = s.chars().count();
    if len > max_chars {
        return Err(format!("过长：{len}个字符，最多{max_chars}个"));
    }
    Ok(Some(s))
}

/// A required text value.
pub(crate) fn text(cell: &Cell<'_>, max_chars: usize) -> Result<String, String> {
    optional_text(cell, max_chars)?.ok_or_else(|| "不能为空".to_owned())
}

/// A 统一社会信用代码.
pub(crate) fn uscc(cell: &Cell<'_>) -> Result<Uscc, String> {
    excel_error(cell)?;
    match cell {
        Cell::Empty => Err("不能为空".to_owned()),
        Cell::Text(t) if trim(t).is_empty() => Err("不能为空".to_owned()),
        Cell::Text(t) => Uscc::parse(t).map_err(|e| {
            // A valid code may hold one `E` between digits, so this is asked only of a refusal.
            if looks_scientific(trim(t)) {
                "是科学计数法的数字：代码在 Excel 中被当成了数字，只剩15位有效数字；请把该列设为“文本”格式后重新录入"
                    .to_owned()
            } else {
                e.to_string()
            }
        }),
        Cell::Int(_) | Cell::Float(_) => {
            let digits = cell.to_string();
            if digits.len() >= 16 {
                Err("单元格是数字格式：Excel 只保存15位有效数字，18位的代码已被改动；请把该列设为“文本”格式后重新录入".to_owned())
            } else {
                Uscc::parse(&digits).map_err(|e| e.to_string())
            }
        }
        Cell::Error(e) => Err(format!("单元格是 Excel 错误值 {e}")),
        Cell::Bool(_) | Cell::Date(..) | Cell::Duration(_) => {
            Err("应为18位代码，不能是日期、时间或逻辑值".to_owned())
        }
    }
}

/// `9.14403E+17`: what Excel writes into CSV for a long number.
fn looks_scientific(s: &str) -> bool {
    let Some((mantissa, exponent)) = s.split_once(['E', 'e']) else {
        return false;
    };
    let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
    !mantissa.is_empty()
        && mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && !exponent.is_empty()
        && exponent.bytes().all(|b| b.is_ascii_digit())
}

/// A [`PartyKind`] from its label or code.
pub(crate) fn kind(cell: &Cell<'_>) -> Result<PartyKind, String> {
    let t = text(cell, 50)?;
    PartyKind::parse(&t).map_err(|e| e.to_string())
}

/// Accepted spellings of yes and no.
const YES: &[&str] = &["是", "y", "yes", "true", "1", "√", "✓", "✔"];
const NO: &[&str] = &["否", "n", "no", "false", "0", "×", "✗", "✘"];

/// 是 or 否 (also Y/N, TRUE/FALSE, 1/0, √/×, or a logical cell). A blank is refused, not taken
/// for 否: these answers decide refunds and prohibitions.
pub(crate) fn yes_no(cell: &Cell<'_>) -> Result<bool, String> {
    excel_error(cell)?;
    match cell {
        Cell::Bool(b) => Ok(*b),
        Cell::Int(1) => Ok(true),
        Cell::Int(0) => Ok(false),
        Cell::Float(f) if *f == 1.0 => Ok(true),
        Cell::Float(f) if *f == 0.0 => Ok(false),
        Cell::Text(t) => {
            let t = trim(t).to_lowercase();
            if t.is_empty() {
                Err("不能为空，应填“是”或“否”".to_owned())
            } else if YES.contains(&t.as_str()) {
                Ok(true)
            } else if NO.contains(&t.as_str()) {
                Ok(false)
            } else {
                Err("应填“是”或“否”".to_owned())
            }
        }
        Cell::Empty => Err("不能为空，应填“是”或“否”".to_owned()),
        Cell::Error(e) => Err(format!("单元格是 Excel 错误值 {e}")),
        _ => Err("应填“是”或“否”".to_owned()),
    }
}

/// Years a registry date may fall in: a plausibility check against typos such as `0224`.
const YEARS: std::ops::RangeInclusive<i64> = 1950..=2100;

fn ymd(y: i64, m: i64, d: i64) -> Result<Date, String> {
    if !YEARS.contains(&y) {
        return Err(format!(
            "年份{y}不合理（应在{}–{}年之间）",
            YEARS.start(),
            YEARS.end()
        ));
    }
    let (Ok(y), Ok(m), Ok(d)) = (i16::try_from(y), i8::try_from(m), i8::try_from(d)) else {
        return Err("不是有效的日期".to_owned());
    };
    Date::new(y, m, d).map_err(|_| format!("{y}年{m}月{d}日不存在"))
}

/// Splits the leading run of ASCII digits off `s`.
fn digits(s: &str) -> Option<(i64, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 8 {
        return None;
    }
    let n = s.get(..end)?.parse().ok()?;
    Some((n, s.get(end..)?))
}

/// A date written as `2024-03-01`, `2024/3/1`, `2024.3.1`, `2024年3月1日` or `20240301`, with an
/// optional time after it (`2024/3/1 0:00`, `2024-03-01T00:00:00`), which is ignored.
fn parse_date_text(s: &str) -> Result<Date, String> {
    let bad = || "不是日期（应写作2024-03-01、2024/3/1或2024年3月1日）".to_owned();
    let s = trim(s);
    // The date part ends at a blank or `T` followed by a time.
    let date_part = s
        .split(|c: char| c.is_whitespace() || c == 'T')
        .next()
        .unwrap_or_default();
    let rest = s.get(date_part.len()..).unwrap_or_default();
    if !rest.is_empty()
        && !trim(rest.trim_start_matches('T')).starts_with(|c: char| c.is_ascii_digit())
    {
        return Err(bad());
    }
    if date_part.len() == 8 && date_part.bytes().all(|b| b.is_ascii_digit()) {
        let n: i64 = date_part.parse().map_err(|_| bad())?;
        return ymd(n / 10_000, n / 100 % 100, n % 100);
    }
    let (y, rest) = digits(date_part).ok_or_else(bad)?;
    let (sep, rest) = if let Some(r) = rest.strip_prefix('年') {
        ('年', r)
    } else {
        let mut chars = rest.chars();
        match chars.next() {
            Some(c @ ('-' | '/' | '.')) => (c, chars.as_str()),
            _ => return Err(bad()),
        }
    };
    let (m, rest) = digits(rest).ok_or_else(bad)?;
    let rest = if sep == '年' {
        rest.strip_prefix('月').ok_or_else(bad)?
    } else {
        rest.strip_prefix(sep).ok_or_else(bad)?
    };
    let (d, rest) = digits(rest).ok_or_else(bad)?;
    let rest = if sep == '年' {
        rest.strip_prefix('日')
            .or_else(|| rest.strip_prefix('号'))
            .unwrap_or(rest)
    } else {
        rest
    };
    if !rest.is_empty() {
        return Err(bad());
    }
    ymd(y, m, d)
}

/// An optional date; blank is `None`.
pub(crate) fn optional_date(cell: &Cell<'_>) -> Result<Option<Date>, String> {
    excel_error(cell)?;
    match cell {
        Cell::Empty => Ok(None),
        Cell::Text(t) if trim(t).is_empty() => Ok(None),
        Cell::Text(t) => parse_date_text(t).map(Some),
        Cell::Date(y, m, d, _) => ymd(i64::from(*y), i64::from(*m), i64::from(*d)).map(Some),
        Cell::Int(i) if (10_000_000..=99_999_999).contains(i) => {
            ymd(i / 10_000, i / 100 % 100, i % 100).map(Some)
        }
        Cell::Float(f) if f.fract() == 0.0 && (10_000_000.0..=99_999_999.0).contains(f) => {
            let i = *f as i64;
            ymd(i / 10_000, i / 100 % 100, i % 100).map(Some)
        }
        Cell::Int(_) | Cell::Float(_) => {
            Err("是数字而不是日期（请把单元格设为日期格式，或写作2024-03-01）".to_owned())
        }
        Cell::Error(e) => Err(format!("单元格是 Excel 错误值 {e}")),
        Cell::Bool(_) | Cell::Duration(_) => Err("不是日期".to_owned()),
    }
}

/// A required date.
pub(crate) fn date(cell: &Cell<'_>) -> Result<Date, String> {
    optional_date(cell)?.ok_or_else(|| "不能为空".to_owned())
}

/// An optional phone number, kept as written (trimmed). Accepted: an 11-digit mobile number
/// starting with 1; a fixed line with area code (`0737-1234567`, `(0737)1234567`); a local
/// 7- or 8-digit number; optionally `+86`/`86` in front and an extension (`-123`, `转123`);
/// several numbers separated by `、`, `,`, `;` or `/`.
pub(crate) fn phone(cell: &Cell<'_>) -> Result<Option<String>, String> {
    let Some(s) = optional_text(cell, 60)? else {
        return Ok(None);
    };
    for one in s.split(['、', ',', '，', ';', '；', '/']) {
        if !phone_ok(trim(one)) {
            return Err("不是有效的电话号码（手机11位，座机如0737-1234567）".to_owned());
        }
    }
    Ok(Some(s))
}

fn phone_ok(s: &str) -> bool {
    // Extension.
    let (main, ext) = match s.split_once('转') {
        Some((m, e)) => (m, Some(e)),
        None => (s, None),
    };
    if let Some(e) = ext
        && (e.is_empty() || e.len() > 6 || !e.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    if main
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, '-' | ' ' | '(' | ')' | '（' | '）' | '+')))
    {
        return false;
    }
    let mut d: String = main.chars().filter(char::is_ascii_digit).collect();
    if main.trim_start().starts_with('+') {
        match d.strip_prefix("86") {
            Some(rest) => d = rest.to_owned(),
            None => return false,
        }
    } else if d.len() == 13 && d.starts_with("861") {
        d = d.split_off(2);
    }
    let mobile = d.len() == 11 && d.starts_with('1');
    // Area code (3–4 digits with 0) + 7–8 digits, optionally a 1–6 digit extension after `-`.
    let fixed = d.starts_with('0') && (10..=18).contains(&d.len());
    let local = (7..=8).contains(&d.len()) && !d.starts_with('0') && !d.starts_with('1');
    mobile || fixed || local
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Cell<'_> {
        Cell::Text(Cow::Borrowed(s))
    }

    #[test]
    fn dates() {
        let d = |s| parse_date_text(s).map(|d| d.to_string());
        for (input, want) in [
            ("2024-03-01", "2024-03-01"),
            ("2024/3/1", "2024-03-01"),
            ("2024.3.1", "2024-03-01"),
            ("2024年3月1日", "2024-03-01"),
            ("20240301", "2024-03-01"),
            ("2024/3/1 0:00", "2024-03-01"),
            ("2024-03-01T00:00:00", "2024-03-01"),
            (" 2024-3-1 ", "2024-03-01"),
        ] {
            assert_eq!(d(input).as_deref(), Ok(want), "{input}");
        }
        for bad in [
            "2024-02-30",
            "2024-3",
            "3/1/2024",
            "0224-03-01",
            "明天",
            "2024-03-01x",
        ] {
            assert!(d(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phones() {
        for ok in [
            "13812345678",
            "0737-7221234",
            "(0737)7221234",
            "0737-7221234-801",
            "0737-7221234转801",
            "+86 138 1234 5678",
            "7221234",
            "13812345678、0737-7221234",
        ] {
            assert!(phone(&t(ok)).is_ok(), "{ok}");
        }
        for bad in ["12345", "abc", "1381234567x", "+1 555 1234567", "0737"] {
            assert!(phone(&t(bad)).is_err(), "{bad}");
        }
    }

    /// Regression: a valid code with one `E` among digits (`…1234E5678…`) is not taken for a
    /// number in scientific notation.
    #[test]
    fn a_code_with_an_e_is_not_scientific() {
        let code = crate::generate(12, 25_000)
            .find(|u| looks_scientific(u.as_str()))
            .expect("some generated code has the shape");
        assert_eq!(uscc(&t(code.as_str())), Ok(code));
        assert!(looks_scientific("9.14403E+17"));
        assert!(uscc(&t("9.14403E+17")).is_err_and(|e| e.contains("科学计数法")));
    }

    #[test]
    fn yes_and_no() {
        assert_eq!(yes_no(&t("是")), Ok(true));
        assert_eq!(yes_no(&t("否")), Ok(false));
        assert_eq!(yes_no(&t("Y")), Ok(true));
        assert_eq!(yes_no(&Cell::Bool(false)), Ok(false));
        assert!(yes_no(&t("")).is_err());
        assert!(yes_no(&t("也许")).is_err());
    }
}
