//! Chinese ordinals as the list writes them (一 … 九十九).

const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];

/// The Chinese numeral for `n` in 1..=99 as used in headings (`十一`, `二十`); other values are
/// written in Arabic digits, which no heading of the format uses.
pub fn chinese(n: u32) -> String {
    match n {
        1..=9 => DIGITS[n as usize].to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", DIGITS[(n % 10) as usize]),
        20..=99 => {
            let ones = if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            };
            format!("{}十{}", DIGITS[(n / 10) as usize], ones)
        }
        _ => n.to_string(),
    }
}

/// Parses a Chinese numeral in 1..=99 (`十一`, `二十三`); `None` for anything else.
pub fn parse_chinese(s: &str) -> Option<u32> {
    (1..=99).find(|&n| chinese(n) == s)
}

/// Is `c` one of the characters Chinese ordinals are written with?
pub fn is_numeral_char(c: char) -> bool {
    "一二三四五六七八九十".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_heading_number() {
        for n in 1..=99 {
            assert_eq!(parse_chinese(&chinese(n)), Some(n), "{n}");
        }
        assert_eq!(chinese(1), "一");
        assert_eq!(chinese(10), "十");
        assert_eq!(chinese(12), "十二");
        assert_eq!(chinese(20), "二十");
        assert_eq!(chinese(35), "三十五");
        assert_eq!(parse_chinese("十十"), None);
        assert_eq!(parse_chinese(""), None);
    }
}
