//! Tracking codes: `ABCD-EFGH-JK23` (three groups of four), 32 symbols without I and O (so 1/I and 0/O are not
//! confused), 11 random symbols (55 bits: guessing one is hopeless, and the service limits the
//! rate of lookups) and a Luhn mod 32 check symbol, which catches every single wrong symbol and
//! every swap of two neighbours but one: `2`↔`Z` (values 0 and 31), Luhn's known blind spot.

use serde::{Deserialize, Serialize};

const ALPHABET: &[u8; 32] = b"23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
const RANDOM: usize = 11;

/// A valid tracking code (check symbol verified), stored without dashes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TrackingCode(String);

/// Why a typed code is not a tracking code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    /// Wrong length.
    #[error("查询码应为 12 位（如 ABCD-EFGH-JK23），您输入了 {0} 位")]
    Length(usize),
    /// A character outside the alphabet.
    #[error("查询码中不应有字符“{0}”（查询码只含数字 2–9 和字母，不含 I、O）")]
    Character(char),
    /// The check symbol does not match: a typing error.
    #[error("查询码校验位不符，请核对是否抄错")]
    Check,
}

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// Luhn mod N over the symbols' values, N = 32.
fn check_symbol(values: &[u32]) -> u32 {
    let n = 32;
    let mut factor = 2;
    let mut sum = 0;
    for &v in values.iter().rev() {
        let addend = factor * v;
        sum += addend / n + addend % n;
        factor = if factor == 2 { 1 } else { 2 };
    }
    (n - sum % n) % n
}

impl TrackingCode {
    /// A code from random bytes (at least 11; each symbol takes 5 bits of one byte, so there is
    /// no modulo bias).
    pub fn from_random(bytes: &[u8; RANDOM]) -> TrackingCode {
        let values: Vec<u32> = bytes.iter().map(|b| u32::from(b & 31)).collect();
        let check = check_symbol(&values);
        let mut s: String = values
            .iter()
            .map(|&v| char::from(ALPHABET[v as usize]))
            .collect();
        s.push(char::from(ALPHABET[check as usize]));
        TrackingCode(s)
    }

    /// Reads a typed code: case, spaces and dashes do not matter.
    pub fn parse(text: &str) -> Result<TrackingCode, CodeError> {
        let s: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-' && *c != '－')
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let n = s.chars().count();
        if n != RANDOM + 1 {
            return Err(CodeError::Length(n));
        }
        let mut values = Vec::with_capacity(n);
        for c in s.chars() {
            let v = u8::try_from(c).ok().and_then(value);
            values.push(v.ok_or(CodeError::Character(c))?);
        }
        let (body, check) = values.split_at(RANDOM);
        if check_symbol(body) != check[0] {
            return Err(CodeError::Check);
        }
        Ok(TrackingCode(s))
    }

    /// Without dashes, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As shown: `ABCD-EFGH-JK23`.
    pub fn display(&self) -> String {
        let s = &self.0;
        format!("{}-{}-{}", &s[..4], &s[4..8], &s[8..])
    }
}

impl TryFrom<String> for TrackingCode {
    type Error = CodeError;
    fn try_from(s: String) -> Result<TrackingCode, CodeError> {
        TrackingCode::parse(&s)
    }
}

impl From<TrackingCode> for String {
    fn from(c: TrackingCode) -> String {
        c.0
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests fail loudly")]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_code_reads_back_however_it_is_typed() {
        let c = TrackingCode::from_random(&[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 31]);
        assert_eq!(c.as_str().len(), 12);
        let shown = c.display();
        assert_eq!(TrackingCode::parse(&shown).unwrap(), c);
        assert_eq!(TrackingCode::parse(&shown.to_lowercase()).unwrap(), c);
        assert_eq!(
            TrackingCode::parse(&format!(" {} ", c.as_str())).unwrap(),
            c
        );
    }

    #[test]
    fn wrong_lengths_and_letters_are_named() {
        assert_eq!(TrackingCode::parse("ABC"), Err(CodeError::Length(3)));
        assert_eq!(
            TrackingCode::parse("ABCD-EFGH-JKO2"),
            Err(CodeError::Character('O'))
        );
    }

    proptest! {
        #[test]
        fn any_single_wrong_symbol_is_caught(bytes in proptest::array::uniform11(any::<u8>()), at in 0usize..12, to in 0usize..32) {
            let c = TrackingCode::from_random(&bytes);
            let mut s: Vec<u8> = c.as_str().bytes().collect();
            prop_assume!(s[at] != ALPHABET[to]);
            s[at] = ALPHABET[to];
            let typed = String::from_utf8(s).unwrap();
            prop_assert_eq!(TrackingCode::parse(&typed), Err(CodeError::Check));
        }

        #[test]
        fn any_swap_of_neighbours_is_caught(bytes in proptest::array::uniform11(any::<u8>()), at in 0usize..11) {
            let c = TrackingCode::from_random(&bytes);
            let mut s: Vec<u8> = c.as_str().bytes().collect();
            prop_assume!(s[at] != s[at + 1]);
            // Luhn mod N's one blind spot: the first and last symbols of the alphabet.
            let pair = [s[at], s[at + 1]];
            prop_assume!(pair != [b'2', b'Z'] && pair != [b'Z', b'2']);
            s.swap(at, at + 1);
            let typed = String::from_utf8(s).unwrap();
            prop_assert_eq!(TrackingCode::parse(&typed), Err(CodeError::Check));
        }
    }
}
