//! Passwords: argon2id round trip, wrong and malformed hashes, the strength rule, and a
//! property test that verification never panics.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use std::sync::LazyLock;

use proptest::prelude::*;
use qingdan_identity::password::Params;
use qingdan_identity::{
    check_password_strength, hash_password, hash_password_with, verify_password,
};

/// Cheap argon2id parameters (8 KiB, 1 pass) so the property test can verify many times.
fn fast() -> Params {
    Params::new(8, 1, 1, None).unwrap()
}

/// One cheap hash of a known password, shared by the property tests.
static FAST_HASH: LazyLock<String> =
    LazyLock::new(|| hash_password_with("Correct-horse-9", fast()).unwrap());

#[test]
fn default_hash_round_trips_and_is_argon2id_phc() {
    let phc = hash_password("Baihua-河谷-2026").unwrap();
    assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
    assert!(verify_password("Baihua-河谷-2026", &phc));
    assert!(
        !verify_password("Baihua-河谷-2027", &phc),
        "a wrong password is refused"
    );
    assert!(!verify_password("", &phc));
}

#[test]
fn the_same_password_hashes_differently_each_time() {
    let a = hash_password_with("Correct-horse-9", fast()).unwrap();
    let b = hash_password_with("Correct-horse-9", fast()).unwrap();
    assert_ne!(a, b, "fresh salt each time");
    assert!(verify_password("Correct-horse-9", &a));
    assert!(verify_password("Correct-horse-9", &b));
}

#[test]
fn malformed_or_foreign_hashes_are_refused() {
    let good = FAST_HASH.as_str();
    let cases = [
        String::new(),
        "not a hash".to_owned(),
        "$argon2id$".to_owned(),
        "$argon2id$v=19$m=8,t=1,p=1$".to_owned(), // no salt, no hash
        good.replace("$argon2id$", "$argon2i$"),  // another algorithm
        good.replace("$argon2id$", "$argon2d$"),
        good.replace("m=8,", "m=4194304,"), // 4 GiB: beyond the verify bound
        good.replace("t=1,", "t=1000,"),    // beyond the pass bound
        good.replace("p=1", "p=255"),       // beyond the lane bound
        good[..good.len() - 4].to_owned(),  // truncated output
        format!("{good}$extra"),
        "$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW".to_owned(), // bcrypt
    ];
    for phc in &cases {
        assert!(!verify_password("Correct-horse-9", phc), "{phc}");
    }
    assert!(verify_password("Correct-horse-9", good));
}

#[test]
fn strength_rule() {
    // (password, username, accepted, what it proves)
    // Rules after 等保 2.0 (GB/T 22239-2019 8.1.4.1 a): length, three classes, no username, not
    // a common password.
    let rows: &[(&str, &str, bool, &str)] = &[
        ("Abcdefg1!", "zhang", false, "9 characters: too short"),
        (
            "Xkcd-tuqi9",
            "zhang",
            true,
            "10 characters, four classes: accepted",
        ),
        ("xkcdtuqi9R", "zhang", true, "three classes: the minimum"),
        ("xkcdtuqiwr", "zhang", false, "all lower-case letters"),
        ("XKCDTUQIWR", "zhang", false, "all upper-case letters"),
        ("1234567890", "zhang", false, "all digits"),
        (
            "xkcdtuqi90",
            "zhang",
            false,
            "two classes: lower and digits",
        ),
        ("xkcdtuqiWR", "zhang", false, "two classes: lower and upper"),
        (
            "安化县工业和信息化局",
            "zhang",
            false,
            "all Chinese (one class: other)",
        ),
        (
            "安化县工业和信息化局a1",
            "zhang",
            true,
            "Chinese, a letter and a digit",
        ),
        ("Zhangsan-01", "zhangsan-01", false, "the username itself"),
        (
            "My-zhangsan-01x",
            "ZhangSan-01",
            false,
            "containing the username, any case",
        ),
        (
            "password12",
            "zhang",
            false,
            "the issue's example: two classes",
        ),
        (
            "Password123",
            "zhang",
            false,
            "the issue's example: a common word and digits",
        ),
        (
            "admin12345",
            "zhang",
            false,
            "the issue's example: two classes",
        ),
        (
            "Admin@2026!",
            "zhang",
            false,
            "a common word behind symbols and digits",
        ),
        ("Woaini-1314", "zhang", false, "common pinyin"),
        ("Qwerty-2026", "zhang", false, "a keyboard run"),
        (
            "Zhifa-2026-anhua",
            "zhang",
            true,
            "words that are not common alone",
        ),
        (
            "密码密码密码密码密a1",
            "zhang",
            true,
            "10 characters, not 10 bytes",
        ),
    ];
    for &(password, username, accepted, why) in rows {
        let got = check_password_strength(password, username);
        assert_eq!(got.is_ok(), accepted, "{why}: {got:?}");
        if let Err(err) = got {
            assert_eq!(err.field(), Some("password"), "{why}");
            assert!(!err.to_string().is_ascii(), "{why}: Chinese message");
        }
    }
    let long = "aA1".repeat(86);
    assert!(
        check_password_strength(&long, "zhang").is_err(),
        "258 characters: too long"
    );
    assert!(
        check_password_strength(&long[..256], "zhang").is_ok(),
        "256 characters: the maximum"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Arbitrary text as the stored hash: false, never a panic.
    #[test]
    fn verify_never_panics_on_arbitrary_hashes(password in ".{0,40}", phc in ".{0,200}") {
        prop_assert!(!verify_password(&password, &phc));
    }

    /// PHC-shaped text with arbitrary fields: never a panic.
    #[test]
    fn verify_never_panics_on_phc_shaped_strings(
        alg in "id|i|d|x",
        m in "[0-9]{0,4}",
        t in "[0-9]?",
        p in "[0-9]{0,2}",
        salt in "[A-Za-z0-9+/]{0,30}",
        out in "[A-Za-z0-9+/]{0,50}",
    ) {
        let phc = format!("$argon2{alg}$v=19$m={m},t={t},p={p}${salt}${out}");
        // Any answer will do (the bounds keep each attempt cheap); what matters is no panic.
        let _ = verify_password("Correct-horse-9", &phc);
    }

    /// Arbitrary passwords against a real hash: only the right one verifies.
    #[test]
    fn verify_never_panics_on_arbitrary_passwords(password in "\\PC{0,64}") {
        prop_assert_eq!(verify_password(&password, &FAST_HASH), password == "Correct-horse-9");
    }
}
