//! Lowercase hexadecimal, the only text form of bytes in a record.

const DIGITS: &[u8; 16] = b"0123456789abcdef";

/// `bytes` as lowercase hexadecimal, two digits per byte.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// The value of one hexadecimal digit (either case), or `None`.
pub(crate) fn digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        'a'..='f' => Some(c as u8 - b'a' + 10),
        'A'..='F' => Some(c as u8 - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_lowercase() {
        assert_eq!(encode(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(encode(&[]), "");
    }

    #[test]
    fn digits_both_cases() {
        assert_eq!(digit('0'), Some(0));
        assert_eq!(digit('9'), Some(9));
        assert_eq!(digit('a'), Some(10));
        assert_eq!(digit('F'), Some(15));
        assert_eq!(digit('g'), None);
        assert_eq!(digit('x'), None);
        assert_eq!(digit('０'), None);
    }
}
