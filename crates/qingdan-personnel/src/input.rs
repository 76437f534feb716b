//! Certificates as typed in: `qingdan user create --certificate N --certificate-valid-from D
//! --certificate-valid-until D`, the user form, an import. Refusals name the field, in Chinese.

use crate::certificate::{Certificate, Standing};
use jiff::civil::Date;

/// A refused certificate input: the field and the Chinese reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    field: &'static str,
    message: String,
}

impl InputError {
    fn new(field: &'static str, message: impl Into<String>) -> InputError {
        InputError {
            field,
            message: message.into(),
        }
    }

    /// The input field: `certificate`, `certificate_valid_from`, `certificate_valid_until`.
    pub fn field(&self) -> Option<&'static str> {
        Some(self.field)
    }

    /// The Chinese reason.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for InputError {}

/// The longest certificate number accepted, in characters.
pub const MAX_NUMBER_CHARS: usize = 40;

impl Certificate {
    /// A certificate from the input `--certificate NUMBER --certificate-valid-until DATE`
    /// (or the same fields of a form), validated: see [`parse_number`] and [`parse_date`].
    pub fn parse(number: &str, valid_until: &str) -> Result<Certificate, InputError> {
        Ok(Certificate {
            number: parse_number(number)?,
            valid_from: None,
            valid_until: parse_date(valid_until, "certificate_valid_until")?,
            standing: Standing::Active,
        })
    }

    /// The optional certificate of `qingdan user create`: both flags or neither.
    ///
    /// Returns `Ok(None)` when both are absent, and an error naming the missing field when
    /// only one is given.
    pub fn from_flags(
        number: Option<&str>,
        valid_until: Option<&str>,
    ) -> Result<Option<Certificate>, InputError> {
        match (number, valid_until) {
            (None, None) => Ok(None),
            (Some(number), Some(until)) => Certificate::parse(number, until).map(Some),
            (Some(_), None) => Err(InputError::new(
                "certificate_valid_until",
                "填写了执法证号，还须填写执法证有效期截止日（--certificate-valid-until）",
            )),
            (None, Some(_)) => Err(InputError::new(
                "certificate",
                "填写了执法证有效期，还须填写执法证号（--certificate）",
            )),
        }
    }

    /// Sets the first valid day, refusing one after `valid_until`.
    pub fn with_valid_from(mut self, from: Date) -> Result<Certificate, InputError> {
        if from > self.valid_until {
            return Err(InputError::new(
                "certificate_valid_from",
                format!("执法证生效日 {from} 晚于有效期截止日 {}", self.valid_until),
            ));
        }
        self.valid_from = Some(from);
        Ok(self)
    }
}

/// Validates a certificate number (field `certificate`).
///
/// Surrounding white space is removed; the rest must be 1 to [`MAX_NUMBER_CHARS`] characters,
/// each an ASCII letter or digit, `-`, or a Chinese character (numbers may start with a
/// province prefix such as 湘).
pub fn parse_number(input: &str) -> Result<String, InputError> {
    let number = input.trim();
    if number.is_empty() {
        return Err(InputError::new("certificate", "执法证号不能为空"));
    }
    if number.chars().count() > MAX_NUMBER_CHARS {
        return Err(InputError::new(
            "certificate",
            format!("执法证号不能超过 {MAX_NUMBER_CHARS} 个字符"),
        ));
    }
    if let Some(bad) = number
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || c == '-' || is_han(c)))
    {
        return Err(InputError::new(
            "certificate",
            format!("执法证号只能包含字母、数字和连字符“-”，不能包含“{bad}”"),
        ));
    }
    Ok(number.to_owned())
}

/// Parses one of the certificate's dates, ISO `YYYY-MM-DD`, for `field` (exactly that form; the
/// message speaks of the certificate's validity; surrounding white space is
/// ignored).
pub fn parse_date(input: &str, field: &'static str) -> Result<Date, InputError> {
    let text = input.trim();
    let shaped = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    let refused = || {
        InputError::new(
            field,
            format!("执法证有效期须为 YYYY-MM-DD 格式的有效日期，例如 2027-12-31，收到“{text}”"),
        )
    };
    if !shaped {
        return Err(refused());
    }
    text.parse::<Date>().map_err(|_| refused())
}

/// A character of the CJK Unified Ideographs blocks (basic and extension A).
fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}')
}
