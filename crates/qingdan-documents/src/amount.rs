//! Amounts of money in Chinese capital numerals (大写金额), as written on official documents and
//! bills: 《支付结算办法》附件一《正确填写票据和结算凭证的基本规定》.
//!
//! Conventions chosen where the rules allow two spellings:
//! * “整” follows “元” when there are no 角 and no 分; nothing follows “角” (`100000.50` →
//!   壹拾万元伍角).
//! * A zero in the 元 place before a non-zero 角 is not written (`1680.32` → 壹仟陆佰捌拾元叁角贰分);
//!   a zero 角 before a non-zero 分 always is (`16409.02` → 壹万陆仟肆佰零玖元零贰分).
//! * Several zeros in a row are written as one “零”; a zero 万 place before a non-zero 仟 is not
//!   written (`107000.53` → 壹拾万柒仟元伍角叁分), a zero 仟 place after a 万 or 亿 is
//!   (`100500` → 壹拾万零伍佰元整).
//! * Ten is 壹拾, never bare 拾 (`10` → 壹拾元整), so nothing can be prefixed to the words.

use thiserror::Error;

/// Why an amount could not be written in capital numerals.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AmountError {
    /// The text was empty.
    #[error("金额为空")]
    Empty,
    /// The amount was negative.
    #[error("金额不能为负数：{0}")]
    Negative(String),
    /// The text was not a plain decimal number with at most two decimals.
    #[error("金额格式有误：“{0}”（应为十进制数字，至多两位小数，如 750.00）")]
    Malformed(String),
    /// The amount was one trillion yuan or more.
    #[error("金额过大：{0}（应小于一万亿元）")]
    TooLarge(String),
}

const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const PLACES: [&str; 4] = ["", "拾", "佰", "仟"];
const SECTIONS: [&str; 3] = ["", "万", "亿"];
/// Exclusive upper bound of the yuan part: 万亿 would need another section word.
const LIMIT: u64 = 1_000_000_000_000;

/// A non-negative amount of money in fen, parsed from a decimal string such as `"750.00"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    yuan: u64,
    jiao: u8,
    fen: u8,
}

impl Amount {
    /// Parses a plain decimal string: digits, optionally a point and one or two digits
    /// (`"750"`, `"750.5"`, `"750.00"`). Signs, spaces, separators, exponents and leading zeros
    /// (other than a lone `0` before the point) are refused.
    pub fn parse(text: &str) -> Result<Amount, AmountError> {
        if text.is_empty() {
            return Err(AmountError::Empty);
        }
        if let Some(rest) = text.strip_prefix('-') {
            if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
                return Err(AmountError::Negative(text.to_owned()));
            }
            return Err(AmountError::Malformed(text.to_owned()));
        }
        let malformed = || AmountError::Malformed(text.to_owned());
        let (int, frac) = match text.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (text, None),
        };
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return Err(malformed());
        }
        if int.len() > 1 && int.starts_with('0') {
            return Err(malformed());
        }
        let (jiao, fen) = match frac {
            None => (0, 0),
            Some(frac) => {
                let digits = frac.as_bytes();
                if digits.is_empty() || digits.len() > 2 || !digits.iter().all(u8::is_ascii_digit) {
                    return Err(malformed());
                }
                let jiao = digits[0] - b'0';
                let fen = digits.get(1).map_or(0, |d| d - b'0');
                (jiao, fen)
            }
        };
        // At most 13 digits can be below the limit; longer text cannot overflow the parse.
        if int.len() > 13 {
            return Err(AmountError::TooLarge(text.to_owned()));
        }
        let yuan: u64 = int.parse().map_err(|_| malformed())?;
        if yuan >= LIMIT {
            return Err(AmountError::TooLarge(text.to_owned()));
        }
        Ok(Amount { yuan, jiao, fen })
    }

    /// The amount in figures with two decimals, as printed beside the words: `750.00`.
    pub fn figures(&self) -> String {
        format!("{}.{}{}", self.yuan, self.jiao, self.fen)
    }

    /// The amount in capital numerals: `柒佰伍拾元整`.
    pub fn words(&self) -> String {
        let mut out = String::new();
        if self.yuan == 0 && self.jiao == 0 && self.fen == 0 {
            return "零元整".to_owned();
        }
        if self.yuan > 0 {
            push_integer(&mut out, self.yuan);
            out.push('元');
        }
        if self.jiao == 0 && self.fen == 0 {
            out.push('整');
            return out;
        }
        if self.jiao > 0 {
            out.push(DIGITS[usize::from(self.jiao)]);
            out.push('角');
        } else if self.yuan > 0 {
            out.push('零');
        }
        if self.fen > 0 {
            out.push(DIGITS[usize::from(self.fen)]);
            out.push('分');
        }
        out
    }
}

/// Writes `n` (1 ≤ n < 10¹²) in capital numerals.
fn push_integer(out: &mut String, n: u64) {
    let groups = [n % 10_000, n / 10_000 % 10_000, n / 100_000_000];
    let mut zero_pending = false;
    for (section, &group) in groups.iter().enumerate().rev() {
        if group == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() && (zero_pending || group < 1000) {
            out.push('零');
        }
        push_group(out, group);
        out.push_str(SECTIONS[section]);
        zero_pending = false;
    }
}

/// Writes a group of four digits (1 ≤ group ≤ 9999) without a leading zero.
fn push_group(out: &mut String, group: u64) {
    let mut started = false;
    let mut zero_pending = false;
    for place in (0..4).rev() {
        let digit = (group / 10u64.pow(place as u32) % 10) as usize;
        if digit == 0 {
            zero_pending = started;
            continue;
        }
        if zero_pending {
            out.push('零');
        }
        out.push(DIGITS[digit]);
        out.push_str(PLACES[place]);
        started = true;
        zero_pending = false;
    }
}

/// The amount in capital numerals (大写), e.g. `"750.00"` → `柒佰伍拾元整`,
/// `"12345.67"` → `壹万贰仟叁佰肆拾伍元陆角柒分`.
///
/// # Errors
/// [`AmountError`] for empty, negative, malformed or too large input.
pub fn amount_in_words(amount: &str) -> Result<String, AmountError> {
    Amount::parse(amount).map(|a| a.words())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;

    #[test]
    fn words_table() {
        let cases = [
            ("0", "零元整"),
            ("0.00", "零元整"),
            ("0.05", "伍分"),
            ("0.5", "伍角"),
            ("0.50", "伍角"),
            ("0.55", "伍角伍分"),
            ("1", "壹元整"),
            ("1.00", "壹元整"),
            ("1.01", "壹元零壹分"),
            ("1.10", "壹元壹角"),
            ("9", "玖元整"),
            ("10", "壹拾元整"),
            ("10.00", "壹拾元整"),
            ("11", "壹拾壹元整"),
            ("20", "贰拾元整"),
            ("100", "壹佰元整"),
            ("101", "壹佰零壹元整"),
            ("110", "壹佰壹拾元整"),
            ("750.00", "柒佰伍拾元整"),
            ("1000.00", "壹仟元整"),
            ("1005.00", "壹仟零伍元整"),
            ("1010", "壹仟零壹拾元整"),
            ("1100", "壹仟壹佰元整"),
            ("1409.50", "壹仟肆佰零玖元伍角"),
            ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
            ("6007.14", "陆仟零柒元壹角肆分"),
            ("325.04", "叁佰贰拾伍元零肆分"),
            ("10000", "壹万元整"),
            ("10001", "壹万零壹元整"),
            ("10010", "壹万零壹拾元整"),
            ("10100", "壹万零壹佰元整"),
            ("11000", "壹万壹仟元整"),
            ("12345.67", "壹万贰仟叁佰肆拾伍元陆角柒分"),
            ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
            ("100000.50", "壹拾万元伍角"),
            ("100500", "壹拾万零伍佰元整"),
            ("107000.53", "壹拾万柒仟元伍角叁分"),
            ("200000", "贰拾万元整"),
            ("1000000", "壹佰万元整"),
            ("1010000", "壹佰零壹万元整"),
            ("10000000", "壹仟万元整"),
            ("100000000", "壹亿元整"),
            ("100000001", "壹亿零壹元整"),
            ("100010000", "壹亿零壹万元整"),
            ("101000000", "壹亿零壹佰万元整"),
            ("110000000", "壹亿壹仟万元整"),
            ("200001000", "贰亿零壹仟元整"),
            ("1000000000", "壹拾亿元整"),
            (
                "123456789012.34",
                "壹仟贰佰叁拾肆亿伍仟陆佰柒拾捌万玖仟零壹拾贰元叁角肆分",
            ),
            (
                "999999999999.99",
                "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(amount_in_words(input).unwrap(), expected, "input {input}");
        }
    }

    #[test]
    fn figures_have_two_decimals() {
        for (input, expected) in [("750", "750.00"), ("750.5", "750.50"), ("0.05", "0.05")] {
            assert_eq!(Amount::parse(input).unwrap().figures(), expected);
        }
    }

    #[test]
    fn refuses_bad_input() {
        use AmountError::*;
        let cases: [(&str, AmountError); 22] = [
            ("", Empty),
            ("-1", Negative("-1".into())),
            ("-750.00", Negative("-750.00".into())),
            ("-", Malformed("-".into())),
            ("--1", Malformed("--1".into())),
            ("+1", Malformed("+1".into())),
            (" 1", Malformed(" 1".into())),
            ("1 ", Malformed("1 ".into())),
            ("1,000.00", Malformed("1,000.00".into())),
            ("1.234", Malformed("1.234".into())),
            ("1.", Malformed("1.".into())),
            (".5", Malformed(".5".into())),
            ("1.2.3", Malformed("1.2.3".into())),
            ("1e3", Malformed("1e3".into())),
            ("abc", Malformed("abc".into())),
            ("07", Malformed("07".into())),
            ("00.50", Malformed("00.50".into())),
            ("１２", Malformed("１２".into())),
            ("七百五十", Malformed("七百五十".into())),
            ("1.-5", Malformed("1.-5".into())),
            ("1000000000000", TooLarge("1000000000000".into())),
            (
                "99999999999999999999999",
                TooLarge("99999999999999999999999".into()),
            ),
        ];
        for (input, expected) in cases {
            assert_eq!(Amount::parse(input), Err(expected), "input {input:?}");
        }
    }

    #[test]
    fn errors_are_chinese() {
        let message = amount_in_words("-5").unwrap_err().to_string();
        assert!(message.contains("负数"), "{message}");
        let message = amount_in_words("1.234").unwrap_err().to_string();
        assert!(message.contains("格式有误"), "{message}");
    }

    /// Every figure up to 100,000.00 in steps that cover all digit patterns of the fen, jiao and
    /// yuan places has words that read back to the same number.
    #[test]
    fn words_read_back() {
        for yuan in (0..=120_000u64)
            .step_by(7)
            .chain([100_000_000, 100_000_007, 305_000_000])
        {
            for cents in [0u64, 5, 30, 99] {
                let text = format!("{yuan}.{cents:02}");
                let words = amount_in_words(&text).unwrap();
                assert_eq!(read_back(&words), yuan * 100 + cents, "{text} → {words}");
            }
        }
    }

    /// A small independent reader of capital numerals for the round-trip test.
    fn read_back(words: &str) -> u64 {
        let mut total = 0u64; // in fen
        let mut section = 0u64; // yuan within the current 万/亿 section
        let mut yuan = 0u64;
        let mut digit = 0u64;
        for c in words.chars() {
            if let Some(d) = DIGITS.iter().position(|&x| x == c) {
                digit = d as u64;
                continue;
            }
            match c {
                '拾' => section += digit * 10,
                '佰' => section += digit * 100,
                '仟' => section += digit * 1000,
                '万' => {
                    yuan += (section + digit) * 10_000;
                    section = 0;
                }
                '亿' => {
                    yuan = (yuan + section + digit) * 100_000_000;
                    section = 0;
                }
                '元' => {
                    yuan += section + digit;
                    total += yuan * 100;
                }
                '角' => total += digit * 10,
                '分' => total += digit,
                '整' => {}
                other => panic!("unexpected {other}"),
            }
            digit = 0;
        }
        total
    }
}
