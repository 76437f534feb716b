//! Masking a complainant's identity for everyone who does not handle the complaint (public
//! pages, exports, logs, other offices): the name keeps its first character (张**), a mobile
//! number its first three and last four digits (138****5678, the common practice of Chinese
//! government portals), a landline its area code and last two digits, an e-mail address its
//! first character and domain.

/// `张三丰` → `张**`; an empty name stays empty.
pub fn mask_name(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let stars = chars.count().max(1);
            format!("{first}{}", "*".repeat(stars))
        }
    }
}

/// `13812345678` → `138****5678`; `0737-7222333` → `0737-*****33`; `li@example.cn` →
/// `l***@example.cn`; anything else keeps only its last two characters.
pub fn mask_contact(contact: &str) -> String {
    let c = contact.trim();
    if let Some((user, domain)) = c.split_once('@') {
        let first: String = user.chars().take(1).collect();
        return format!("{first}***@{domain}");
    }
    let digits: Vec<char> = c.chars().collect();
    let n = digits.len();
    if n == 11 && digits.iter().all(char::is_ascii_digit) && digits[0] == '1' {
        let head: String = digits[..3].iter().collect();
        let tail: String = digits[7..].iter().collect();
        return format!("{head}****{tail}");
    }
    if let Some((area, number)) = c.split_once('-') {
        let tail: String = number
            .chars()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let stars = number.chars().count().saturating_sub(2).max(1);
        return format!("{area}-{}{tail}", "*".repeat(stars));
    }
    let tail: String = digits[n.saturating_sub(2)..].iter().collect();
    format!("{}{tail}", "*".repeat(n.saturating_sub(2).max(1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks() {
        for (input, want) in [("张三丰", "张**"), ("欧阳", "欧*"), ("王", "王*"), ("", "")]
        {
            assert_eq!(mask_name(input), want, "{input}");
        }
        for (input, want) in [
            ("13812345678", "138****5678"),
            ("0737-7222333", "0737-*****33"),
            ("li@example.cn", "l***@example.cn"),
            ("7222333", "*****33"),
        ] {
            assert_eq!(mask_contact(input), want, "{input}");
        }
    }

    #[test]
    fn a_masked_form_never_holds_the_middle_digits() {
        let m = mask_contact("13912345678");
        assert!(!m.contains("1234"), "{m}");
    }
}
