//! Enforcement certificates: validity at both ends, and the input rules.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use jiff::civil::date;
use qingdan_personnel::{Certificate, Standing};

#[test]
fn valid_on_is_inclusive_at_both_ends() {
    let cert = Certificate {
        number: "43000001".into(),
        valid_from: Some(date(2024, 1, 1)),
        valid_until: date(2026, 1, 31),
        standing: Standing::Active,
    };
    assert!(
        !cert.valid_on(date(2023, 12, 31)),
        "the day before valid_from"
    );
    assert!(cert.valid_on(date(2024, 1, 1)), "valid_from itself");
    assert!(cert.valid_on(date(2025, 6, 15)));
    assert!(cert.valid_on(date(2026, 1, 31)), "valid_until itself");
    assert!(
        !cert.valid_on(date(2026, 2, 1)),
        "the day after valid_until"
    );
}

#[test]
fn without_valid_from_it_is_valid_up_to_valid_until() {
    let cert = Certificate {
        number: "43000001".into(),
        valid_from: None,
        valid_until: date(2026, 1, 31),
        standing: Standing::Active,
    };
    assert!(cert.valid_on(date(1990, 1, 1)));
    assert!(cert.valid_on(date(2026, 1, 31)));
    assert!(!cert.valid_on(date(2026, 2, 1)));
}

#[test]
fn parse_accepts_the_cli_input() {
    let cert = Certificate::parse(" 湘A-43001234 ", "2027-12-31").unwrap();
    assert_eq!(cert.number, "湘A-43001234");
    assert_eq!(cert.valid_from, None);
    assert_eq!(cert.valid_until, date(2027, 12, 31));
    let max = "A".repeat(40);
    assert_eq!(Certificate::parse(&max, "2027-12-31").unwrap().number, max);
}

#[test]
fn parse_refuses_bad_input_naming_the_field() {
    // (number, valid until, field, what it proves)
    let rows = [
        ("", "2027-12-31", "certificate", "empty number"),
        ("   ", "2027-12-31", "certificate", "blank number"),
        (
            &*"1".repeat(41),
            "2027-12-31",
            "certificate",
            "41 characters",
        ),
        ("4300 1234", "2027-12-31", "certificate", "inner space"),
        ("4300/1234", "2027-12-31", "certificate", "a slash"),
        ("4300_1234", "2027-12-31", "certificate", "an underscore"),
        ("４３００", "2027-12-31", "certificate", "full-width digits"),
        ("43001234", "", "certificate_valid_until", "empty date"),
        (
            "43001234",
            "2027-02-30",
            "certificate_valid_until",
            "no such day",
        ),
        (
            "43001234",
            "2027/12/31",
            "certificate_valid_until",
            "slashes",
        ),
        (
            "43001234",
            "20271231",
            "certificate_valid_until",
            "basic ISO form",
        ),
        (
            "43001234",
            "2027-12-31T00:00",
            "certificate_valid_until",
            "a date-time",
        ),
        (
            "43001234",
            "27-12-31",
            "certificate_valid_until",
            "two-digit year",
        ),
    ];
    for (number, until, field, why) in rows {
        let err = Certificate::parse(number, until).unwrap_err();
        assert_eq!(err.field(), Some(field), "{why}: {err}");
        assert!(!err.to_string().is_ascii(), "{why}: Chinese message");
    }
    let err = Certificate::parse("4300/1234", "2027-12-31").unwrap_err();
    assert!(
        err.to_string().contains("“/”"),
        "names the character: {err}"
    );
}

#[test]
fn flags_come_in_pairs() {
    assert_eq!(Certificate::from_flags(None, None).unwrap(), None);
    assert!(
        Certificate::from_flags(Some("43001234"), Some("2027-12-31"))
            .unwrap()
            .is_some()
    );
    assert_eq!(
        Certificate::from_flags(Some("43001234"), None)
            .unwrap_err()
            .field(),
        Some("certificate_valid_until")
    );
    assert_eq!(
        Certificate::from_flags(None, Some("2027-12-31"))
            .unwrap_err()
            .field(),
        Some("certificate")
    );
}

#[test]
fn valid_from_may_not_follow_valid_until() {
    let cert = Certificate::parse("43001234", "2027-12-31").unwrap();
    assert_eq!(
        cert.clone()
            .with_valid_from(date(2027, 12, 31))
            .unwrap()
            .valid_from,
        Some(date(2027, 12, 31))
    );
    assert_eq!(
        cert.with_valid_from(date(2028, 1, 1)).unwrap_err().field(),
        Some("certificate_valid_from")
    );
}
