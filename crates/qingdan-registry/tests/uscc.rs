#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]
//! 统一社会信用代码: published codes, every rule's refusal with its message, and every single-
//! character corruption refused.

use proptest::prelude::*;
use qingdan_registry::uscc::ALPHABET;
use qingdan_registry::{Uscc, UsccError, generate};

/// Codes published online (business licences and public registers; the list python-stdnum's
/// tests collected, plus well-known companies). Each passes both check characters.
const PUBLISHED: &[&str] = &[
    "914403001922038216", // 华为技术有限公司
    "91440300708461136T", // 深圳市腾讯计算机系统有限公司
    "91110108551385082Q", // 小米科技有限责任公司
    "91110000802100433B", // 百度在线网络技术（北京）有限公司
    "91110000600037341L",
    "91110000710926094P",
    "121200004013590816",
    "91120224064012553U",
    "91152201078371135X",
    "9115220107837757XE",
    "9115220107837941X1",
    "91310115MA1K3BTP2B",
    "9131012056010553X5",
    "91340600MA2PBM9HXD",
    "91340603MA2UJXXCXF",
    "91420684MA4927PJ7B",
    "9144030071526726XG",
    "9144060573144633XL",
    "91620105L015101280",
    "91620105MA73NBBLXE",
    "92340602MA2PBMEM24",
    "92340603MA2PBMYMX1",
    "92340603MA2UK2ECXU",
    "92340621MA2PBKRXXG",
    "92340621MA2UK3PJXE",
];

#[test]
fn published_codes_are_accepted() {
    for code in PUBLISHED {
        let u = Uscc::parse(code).unwrap_or_else(|e| panic!("{code}: {e}"));
        assert_eq!(u.as_str(), *code);
        assert_eq!(u.to_string(), *code);
    }
}

/// The check characters of two codes worked by hand.
///
/// 91110000600037341L — values 9,1,1,1,0,0,0,0,6,0,0,0,3,7,3,4,1 times the weights
/// 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 give 9+3+9+27+120+24+168+30+120+28 = 538;
/// 538 mod 31 = 11; 31 − 11 = 20, which is `L`. Its 组织机构代码 60003734-1: 6·3 + 0·7 + 0·9 +
/// 0·10 + 3·5 + 7·8 + 3·4 + 4·2 = 109; 109 mod 11 = 10; 11 − 10 = 1.
///
/// 914403001922038216 (华为技术有限公司) — 9+3+36+108+78+20+261+50+26+72+80+60+28 = 831;
/// 831 mod 31 = 25; 31 − 25 = 6. 组织机构代码 19220382-1: 3+63+18+20+0+24+32+4 = 164;
/// 164 mod 11 = 10; 11 − 10 = 1.
#[test]
fn check_characters_worked_by_hand() {
    assert!(Uscc::parse("91110000600037341L").is_ok());
    assert_eq!(
        Uscc::parse("91110000600037341M"),
        Err(UsccError::Check {
            expected: 'L',
            found: 'M'
        })
    );
    assert!(Uscc::parse("914403001922038216").is_ok());
    assert_eq!(
        Uscc::parse("914403001922038226"),
        Err(UsccError::OrganizationCheck {
            expected: '1',
            found: '2'
        })
    );
}

#[test]
fn normalisation() {
    for (input, want) in [
        ("  91110000600037341l  ", "91110000600037341L"),
        ("\u{3000}914403001922038216\u{3000}", "914403001922038216"),
        ("\t91440300708461136t\r\n", "91440300708461136T"),
        ("91310115ma1k3btp2b", "91310115MA1K3BTP2B"),
    ] {
        assert_eq!(Uscc::parse(input).unwrap().as_str(), want, "{input:?}");
    }
}

#[test]
fn every_rule_refuses_with_its_message() {
    let table: &[(&str, &str)] = &[
        ("", "统一社会信用代码为空"),
        ("   ", "统一社会信用代码为空"),
        ("91440300192203821", "统一社会信用代码应为18位，实际为17位"),
        (
            "9144030019220382166",
            "统一社会信用代码应为18位，实际为19位",
        ),
        ("统一社会信用代码", "统一社会信用代码应为18位，实际为8位"),
        (
            "91440300192203821I",
            "第18位的字符“I”不能用于统一社会信用代码（代码不使用字母I、O、S、V、Z，可能是数字1、0、5、U、2之误）",
        ),
        (
            "91440300192203821o",
            "第18位的字符“o”不能用于统一社会信用代码（代码不使用字母I、O、S、V、Z，可能是数字1、0、5、U、2之误）",
        ),
        (
            "９14403001922038216",
            "第1位的字符“９”不能用于统一社会信用代码（这是全角字符，请改为半角）",
        ),
        (
            "9144 0300192203821",
            "第5位的字符“ ”不能用于统一社会信用代码（代码中间不能有空格）",
        ),
        (
            "914403-01922038216",
            "第7位的字符“-”不能用于统一社会信用代码（代码中间不能有连字符）",
        ),
        (
            "91440300192203821#",
            "第18位的字符“#”不能用于统一社会信用代码（只能是数字0–9和除I、O、S、V、Z以外的大写字母）",
        ),
        (
            "B14403001922038216",
            "第1位登记管理部门码“B”不存在（应为1–9、A、N或Y）",
        ),
        (
            "014403001922038216",
            "第1位登记管理部门码“0”不存在（应为1–9、A、N或Y）",
        ),
        (
            "99440300192203821X",
            "第2位机构类别码“9”不属于登记管理部门“工商（市场监管）”（应为1、2或3）",
        ),
        (
            "Y2440300192203821X",
            "第2位机构类别码“2”不属于登记管理部门“其他”（应为1）",
        ),
        (
            "9144A3001922038216",
            "第5位“A”应为数字（第3–8位是登记管理机关行政区划码）",
        ),
        (
            "914403001922038226",
            "组织机构代码校验位（第17位）应为“1”，实际为“2”，请核对第9–17位",
        ),
        (
            "914403001922038217",
            "校验码（第18位）应为“6”，实际为“7”，请逐位核对",
        ),
    ];
    for (input, message) in table {
        let err = Uscc::parse(input).expect_err(input);
        assert_eq!(err.to_string(), *message, "{input:?}");
    }
}

#[test]
fn parts() {
    let u = Uscc::parse("914403001922038216").unwrap();
    assert_eq!(u.department().name, "工商（市场监管）");
    assert_eq!(u.category(), "企业");
    assert_eq!(u.region(), "440300");
    assert_eq!(u.organization_code(), "192203821");
    let u = Uscc::parse("121200004013590816").unwrap();
    assert_eq!(u.department().name, "机构编制");
    assert_eq!(u.category(), "事业单位");
    assert_eq!(format!("{u:?}"), "Uscc(121200004013590816)");
}

#[test]
fn serde_is_a_validated_string() {
    let u = Uscc::parse("914403001922038216").unwrap();
    assert_eq!(serde_json::to_string(&u).unwrap(), "\"914403001922038216\"");
    let back: Uscc = serde_json::from_str("\" 91110000600037341l\"").unwrap();
    assert_eq!(back.as_str(), "91110000600037341L");
    let err = serde_json::from_str::<Uscc>("\"914403001922038217\"").unwrap_err();
    assert!(err.to_string().contains("校验码（第18位）应为“6”"), "{err}");
    assert!(serde_json::from_str::<Uscc>("914403001922038216").is_err());
}

/// Every single-character change of a published code, to any other character of the alphabet
/// (and to a few outside it), is refused.
#[test]
fn every_single_character_corruption_of_published_codes_is_refused() {
    let mut tried = 0;
    for code in PUBLISHED {
        for pos in 0..18 {
            for &c in ALPHABET.iter().chain(b"IOSVZ-#* ") {
                let mut bytes = code.as_bytes().to_vec();
                if bytes[pos] == c {
                    continue;
                }
                bytes[pos] = c;
                let bad = String::from_utf8(bytes).unwrap();
                assert!(Uscc::parse(&bad).is_err(), "{bad} (from {code})");
                tried += 1;
            }
        }
    }
    assert!(tried > 10_000);
}

/// Swapping two neighbouring, different characters among the first 17 is refused too.
#[test]
fn adjacent_transpositions_are_refused() {
    for code in PUBLISHED
        .iter()
        .copied()
        .map(String::from)
        .chain(generate(3, 200).map(|u| u.to_string()))
    {
        for pos in 0..16 {
            let mut bytes = code.as_bytes().to_vec();
            if bytes[pos] == bytes[pos + 1] {
                continue;
            }
            bytes.swap(pos, pos + 1);
            let bad = String::from_utf8(bytes).unwrap();
            assert!(Uscc::parse(&bad).is_err(), "{bad} (from {code})");
        }
    }
}

#[test]
fn generate_is_deterministic_valid_and_distinct() {
    let a: Vec<Uscc> = generate(2024, 100_000).collect();
    let b: Vec<Uscc> = generate(2024, 1_000).collect();
    assert_eq!(&a[..1_000], &b[..]);
    let set: std::collections::HashSet<&Uscc> = a.iter().collect();
    assert_eq!(set.len(), a.len());
    for u in &a {
        assert_eq!(Uscc::parse(u.as_str()).as_ref(), Ok(u));
    }
    assert!(a.iter().filter(|u| u.region() == "430923").count() > 80_000);
    assert_ne!(
        generate(1, 10).collect::<Vec<_>>(),
        generate(2, 10).collect::<Vec<_>>()
    );
}

proptest! {
    /// Any generated code with one character replaced by any other character is refused.
    #[test]
    fn single_character_corruption_is_refused(
        seed in any::<u64>(),
        index in 0usize..50,
        pos in 0usize..18,
        replacement in any::<char>(),
    ) {
        let code = generate(seed, index + 1).last().unwrap().to_string();
        let mut chars: Vec<char> = code.chars().collect();
        prop_assume!(chars[pos] != replacement.to_ascii_uppercase());
        chars[pos] = replacement;
        let bad: String = chars.into_iter().collect();
        // Blanks at either end are trimmed, so a blank there shortens the code: still refused.
        prop_assert!(Uscc::parse(&bad).is_err(), "{} from {}", bad, code);
    }

    /// Parsing never panics and what parses prints back as its normalised self.
    #[test]
    fn parse_never_panics(s in "\\PC{0,24}") {
        if let Ok(u) = Uscc::parse(&s) {
            prop_assert_eq!(u.as_str(), s.trim().to_ascii_uppercase());
        }
    }
}
