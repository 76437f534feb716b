//! 统一社会信用代码 (unified social credit code), GB 32100-2015.
//!
//! The code has 18 characters from the alphabet `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, S,
//! V, Z):
//!
//! | positions | part | enforced here |
//! |---|---|---|
//! | 1 | 登记管理部门码 | one of the registration authorities in [`DEPARTMENTS`] |
//! | 2 | 机构类别码 | one of that authority's categories in [`DEPARTMENTS`] |
//! | 3–8 | 登记管理机关行政区划码 (GB/T 2260) | six digits (the code list itself is not checked: codes of abolished divisions stay valid, and `100000` is used nationally) |
//! | 9–17 | 主体标识码 (组织机构代码, GB 11714) | position 17 is the GB 11714 check character of positions 9–16 |
//! | 18 | 校验码 (GB 32100, after GB/T 17710) | the check character of positions 1–17 |
//!
//! GB 11714 check (position 17): the eight characters 9–16 take the values `0`–`9` → 0–9 and
//! `A`–`Z` → 10–35 (the full Latin alphabet, unlike the final check), weights
//! 3, 7, 9, 10, 5, 8, 4, 2; `c = 11 − (sum mod 11)`, written `X` for 10 and `0` for 11.
//!
//! GB 32100 check (position 18): the first 17 characters take their index in the code's
//! alphabet (`A` = 10 … `H` = 17, `J` = 18 … `Y` = 30), weights
//! 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28; `c = 31 − (sum mod 31)`,
//! 31 written `0`, and the result written with the same alphabet.
//!
//! Both checks detect every single-character error, so no typo of one character is ever
//! accepted (property test in `tests/uscc.rs`).

use std::fmt;
use std::str::FromStr;

/// The characters a code may use, in value order (GB 32100 表 1).
pub const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// Weights of positions 1–17 for the final check character (GB 32100).
const WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

/// Weights of positions 9–16 for the 组织机构代码 check character (GB 11714).
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// A registration authority (登记管理部门, position 1) and the institution categories
/// (机构类别, position 2) it assigns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Department {
    /// The code character (position 1).
    pub code: char,
    /// The authority's name.
    pub name: &'static str,
    /// Its categories: (code character, name).
    pub categories: &'static [(char, &'static str)],
}

/// The registration authorities and categories of GB 32100-2015 and the assignments published
/// since (外交、司法行政、文化、旅游、宗教、工会、中央军委改革和编制办公室、农业). The standard
/// lets further authorities be assigned; one added later is a new row here.
pub const DEPARTMENTS: &[Department] = &[
    Department {
        code: '1',
        name: "机构编制",
        categories: &[
            ('1', "机关"),
            ('2', "事业单位"),
            ('3', "中央编办直接管理机构编制的群众团体"),
            ('9', "其他"),
        ],
    },
    Department {
        code: '2',
        name: "外交",
        categories: &[('1', "外国常驻新闻机构"), ('9', "其他")],
    },
    Department {
        code: '3',
        name: "司法行政",
        categories: &[
            ('1', "律师执业机构"),
            ('2', "公证处"),
            ('3', "基层法律服务所"),
            ('4', "司法鉴定机构"),
            ('5', "仲裁委员会"),
            ('9', "其他"),
        ],
    },
    Department {
        code: '4',
        name: "文化",
        categories: &[('1', "外国在华文化中心"), ('9', "其他")],
    },
    Department {
        code: '5',
        name: "民政",
        categories: &[
            ('1', "社会团体"),
            ('2', "民办非企业单位"),
            ('3', "基金会"),
            ('9', "其他"),
        ],
    },
    Department {
        code: '6',
        name: "旅游",
        categories: &[
            ('1', "外国旅游部门常驻代表机构"),
            ('2', "港澳台地区旅游部门常驻内地（大陆）代表机构"),
            ('9', "其他"),
        ],
    },
    Department {
        code: '7',
        name: "宗教",
        categories: &[('1', "宗教活动场所"), ('2', "宗教院校"), ('9', "其他")],
    },
    Department {
        code: '8',
        name: "工会",
        categories: &[('1', "基层工会"), ('9', "其他")],
    },
    Department {
        code: '9',
        name: "工商（市场监管）",
        categories: &[('1', "企业"), ('2', "个体工商户"), ('3', "农民专业合作社")],
    },
    Department {
        code: 'A',
        name: "中央军委改革和编制办公室",
        categories: &[('1', "军队事业单位"), ('9', "其他")],
    },
    Department {
        code: 'N',
        name: "农业",
        categories: &[
            ('1', "组级集体经济组织"),
            ('2', "村级集体经济组织"),
            ('3', "乡镇级集体经济组织"),
            ('9', "其他"),
        ],
    },
    Department {
        code: 'Y',
        name: "其他",
        categories: &[('1', "（不再细分）")],
    },
];

/// Why a text is not a 统一社会信用代码. `Display` is a Chinese sentence saying what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    /// Nothing but blanks.
    #[error("统一社会信用代码为空")]
    Empty,
    /// Not 18 characters after trimming.
    #[error("统一社会信用代码应为18位，实际为{0}位")]
    Length(usize),
    /// A character outside the code's alphabet (1-based position).
    #[error("第{position}位的字符“{found}”不能用于统一社会信用代码{hint}")]
    Character {
        /// 1-based position.
        position: usize,
        /// The character found.
        found: char,
        /// A hint for the likely cause (full-width character, I/O/S/V/Z, …).
        hint: &'static str,
    },
    /// Position 1 names no registration authority.
    #[error("第1位登记管理部门码“{0}”不存在（应为1–9、A、N或Y）")]
    Department(char),
    /// Position 2 is not a category of the authority in position 1.
    #[error("第2位机构类别码“{found}”不属于登记管理部门“{department}”（应为{allowed}）")]
    Category {
        /// The authority's name.
        department: &'static str,
        /// The character found.
        found: char,
        /// The allowed characters, e.g. `1、2或3`.
        allowed: String,
    },
    /// A non-digit in the 行政区划码 (positions 3–8).
    #[error("第{position}位“{found}”应为数字（第3–8位是登记管理机关行政区划码）")]
    Region {
        /// 1-based position.
        position: usize,
        /// The character found.
        found: char,
    },
    /// Position 17, the 组织机构代码's own check character (GB 11714), is wrong.
    #[error("组织机构代码校验位（第17位）应为“{expected}”，实际为“{found}”，请核对第9–17位")]
    OrganizationCheck {
        /// The check character positions 9–16 call for.
        expected: char,
        /// The character found.
        found: char,
    },
    /// Position 18, the code's check character (GB 32100), is wrong.
    #[error("校验码（第18位）应为“{expected}”，实际为“{found}”，请逐位核对")]
    Check {
        /// The check character positions 1–17 call for.
        expected: char,
        /// The character found.
        found: char,
    },
}

/// A valid 统一社会信用代码: 18 characters, upper case, passing every rule in the module
/// documentation. It cannot exist otherwise.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Uscc([u8; 18]);

/// The value of a character in the code's alphabet, if it is one.
fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|v| v as u32)
}

/// The value of an upper-case ASCII letter or digit in GB 11714 (A = 10 … Z = 35).
fn org_value(c: u8) -> u32 {
    match c {
        b'0'..=b'9' => u32::from(c - b'0'),
        b'A'..=b'Z' => u32::from(c - b'A') + 10,
        _ => 0,
    }
}

/// The GB 11714 check character of an 8-character 组织机构代码 body.
fn org_check(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .zip(ORG_WEIGHTS)
        .map(|(&c, w)| org_value(c) * w)
        .sum();
    match 11 - sum % 11 {
        10 => b'X',
        11 => b'0',
        d => b'0' + d as u8,
    }
}

/// The GB 32100 check character of the first 17 characters (all in the alphabet).
fn final_check(first17: &[u8]) -> u8 {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(&c, w)| value(c).unwrap_or(0) * w)
        .sum();
    let c = (31 - sum % 31) % 31;
    ALPHABET[c as usize]
}

/// Why a character is not in the alphabet, as a hint for the message.
fn hint(c: char) -> &'static str {
    match c {
        'I' | 'O' | 'S' | 'V' | 'Z' => {
            "（代码不使用字母I、O、S、V、Z，可能是数字1、0、5、U、2之误）"
        }
        '\u{FF01}'..='\u{FF5E}' | '\u{3000}' => "（这是全角字符，请改为半角）",
        c if c.is_whitespace() => "（代码中间不能有空格）",
        '-' | '—' => "（代码中间不能有连字符）",
        _ => "（只能是数字0–9和除I、O、S、V、Z以外的大写字母）",
    }
}

impl Uscc {
    /// Parses a code. Surrounding white space (including the ideographic space) is dropped and
    /// lower-case letters are raised; anything else that is wrong is refused with a Chinese
    /// message naming the position.
    pub fn parse(text: &str) -> Result<Uscc, UsccError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(UsccError::Empty);
        }
        let len = text.chars().count();
        if len != 18 {
            return Err(UsccError::Length(len));
        }
        let mut code = [0u8; 18];
        for (i, c) in text.chars().enumerate() {
            let up = c.to_ascii_uppercase();
            if !up.is_ascii() || value(up as u8).is_none() {
                return Err(UsccError::Character {
                    position: i + 1,
                    found: c,
                    hint: hint(up),
                });
            }
            if let Some(slot) = code.get_mut(i) {
                *slot = up as u8;
            }
        }
        let department = char::from(code[0]);
        let Some(dept) = DEPARTMENTS.iter().find(|d| d.code == department) else {
            return Err(UsccError::Department(department));
        };
        let category = char::from(code[1]);
        if !dept.categories.iter().any(|&(c, _)| c == category) {
            return Err(UsccError::Category {
                department: dept.name,
                found: category,
                allowed: list_or(dept.categories.iter().map(|&(c, _)| c)),
            });
        }
        for (i, &c) in code.iter().enumerate().take(8).skip(2) {
            if !c.is_ascii_digit() {
                return Err(UsccError::Region {
                    position: i + 1,
                    found: char::from(c),
                });
            }
        }
        let expected = org_check(&code[8..16]);
        if code[16] != expected {
            return Err(UsccError::OrganizationCheck {
                expected: char::from(expected),
                found: char::from(code[16]),
            });
        }
        let expected = final_check(&code[..17]);
        if code[17] != expected {
            return Err(UsccError::Check {
                expected: char::from(expected),
                found: char::from(code[17]),
            });
        }
        Ok(Uscc(code))
    }

    /// The code, 18 upper-case ASCII characters.
    pub fn as_str(&self) -> &str {
        // Every byte is from `ALPHABET`, which is ASCII, so this never falls back.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    /// The registration authority (position 1).
    pub fn department(&self) -> &'static Department {
        let code = char::from(self.0[0]);
        DEPARTMENTS
            .iter()
            .find(|d| d.code == code)
            .unwrap_or(&DEPARTMENTS[DEPARTMENTS.len() - 1])
    }

    /// The institution category (position 2) as the authority names it, e.g. `企业`.
    pub fn category(&self) -> &'static str {
        let code = char::from(self.0[1]);
        self.department()
            .categories
            .iter()
            .find(|&&(c, _)| c == code)
            .map_or("", |&(_, name)| name)
    }

    /// The registering authority's administrative division code (positions 3–8), e.g. `430923`.
    pub fn region(&self) -> &str {
        self.as_str().get(2..8).unwrap_or_default()
    }

    /// The 主体标识码 (组织机构代码, positions 9–17), e.g. `192203821`.
    pub fn organization_code(&self) -> &str {
        self.as_str().get(8..17).unwrap_or_default()
    }
}

/// `1、2或3`.
fn list_or(chars: impl Iterator<Item = char>) -> String {
    let chars: Vec<char> = chars.collect();
    let mut out = String::new();
    for (i, c) in chars.iter().enumerate() {
        if i > 0 {
            out.push_str(if i + 1 == chars.len() { "或" } else { "、" });
        }
        out.push(*c);
    }
    out
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Uscc({})", self.as_str())
    }
}

impl FromStr for Uscc {
    type Err = UsccError;
    fn from_str(s: &str) -> Result<Uscc, UsccError> {
        Uscc::parse(s)
    }
}

impl AsRef<str> for Uscc {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl serde::Serialize for Uscc {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Uscc {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Uscc, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Uscc;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a 统一社会信用代码 (18 characters)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Uscc, E> {
                Uscc::parse(v).map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Visitor)
    }
}

/// splitmix64 (Steele, Lea, Flood 2014): a tiny, good, deterministic generator.
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// 31^8: the number of distinct 8-character 组织机构代码 bodies over the alphabet.
const BODIES: u64 = 852_891_037_441;

/// `n` valid, pairwise distinct codes, the same for the same `seed` (and the first `k` of
/// `generate(seed, n)` are `generate(seed, k)`), for the demo county and benchmarks.
///
/// They look like the codes of 安化县 (region `430923`, sometimes 益阳市 `430900`): mostly
/// enterprises (`91`), some individual businesses (`92`), cooperatives (`93`), public
/// institutions (`12`) and agencies (`11`). The 组织机构代码 bodies are an arithmetic walk
/// modulo 31^8 with a step prime to 31, so no two of the first 31^8 codes share a body — they are
/// distinct whatever their prefixes. They are made up; any likeness to a real registration is
/// chance.
pub fn generate(seed: u64, n: usize) -> impl Iterator<Item = Uscc> {
    let mut state = seed;
    let start = splitmix64(&mut state) % BODIES;
    // An odd step that 31 does not divide.
    let mut step = (splitmix64(&mut state) % BODIES) | 1;
    if step.is_multiple_of(31) {
        step += 2;
    }
    (0..n as u64).map(move |i| {
        let body_index =
            ((u128::from(start) + u128::from(i) * u128::from(step)) % u128::from(BODIES)) as u64;
        let mut mix = seed ^ i.wrapping_mul(0xD6E8_FEB8_6659_FD93);
        let r = splitmix64(&mut mix);
        let prefix: &[u8; 2] = match r % 100 {
            0..=79 => b"91",
            80..=89 => b"92",
            90..=92 => b"93",
            93..=96 => b"12",
            _ => b"11",
        };
        let region: &[u8; 6] = if (r >> 8).is_multiple_of(10) {
            b"430900"
        } else {
            b"430923"
        };
        let mut code = [0u8; 18];
        code[..2].copy_from_slice(prefix);
        code[2..8].copy_from_slice(region);
        let mut b = body_index;
        for slot in code[8..16].iter_mut().rev() {
            *slot = ALPHABET[(b % 31) as usize];
            b /= 31;
        }
        code[16] = org_check(&code[8..16]);
        code[17] = final_check(&code[..17]);
        Uscc(code)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_check_of_a_known_code() {
        // 华为技术有限公司 914403001922038216: 组织机构代码 19220382-1.
        assert_eq!(org_check(b"19220382"), b'1');
    }

    #[test]
    fn generated_codes_parse_and_are_distinct() {
        let codes: Vec<Uscc> = generate(7, 20_000).collect();
        let mut set = std::collections::HashSet::new();
        for c in &codes {
            assert_eq!(Uscc::parse(c.as_str()), Ok(*c));
            assert!(set.insert(*c));
        }
        let again: Vec<Uscc> = generate(7, 100).collect();
        assert_eq!(&codes[..100], &again[..]);
    }
}
