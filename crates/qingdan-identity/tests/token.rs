//! Tokens, one-time passwords and CSRF tokens.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests fail loudly")]

use qingdan_identity::{
    check_password_strength, csrf_ok, csrf_token, hash_token, new_secret, one_time_password,
};

fn is_lower_hex(s: &str, len: usize) -> bool {
    s.len() == len
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[test]
fn a_secret_is_64_hex_characters_stored_as_its_sha256() {
    let secret = new_secret().unwrap();
    assert!(is_lower_hex(secret.token(), 64), "{}", secret.token());
    assert!(is_lower_hex(secret.hash(), 64));
    assert_eq!(secret.hash(), hash_token(secret.token()));
    assert_ne!(secret.hash(), secret.token());
    assert_ne!(
        new_secret().unwrap().token(),
        secret.token(),
        "fresh randomness each time"
    );
}

#[test]
fn debug_does_not_show_the_token() {
    let secret = new_secret().unwrap();
    let shown = format!("{secret:?}");
    assert!(!shown.contains(secret.token()), "{shown}");
    assert!(shown.contains(secret.hash()));
    let (token, hash) = secret.clone().into_parts();
    assert_eq!(
        (token.as_str(), hash.as_str()),
        (secret.token(), secret.hash())
    );
}

#[test]
fn one_time_passwords_are_unambiguous_and_strong_enough() {
    assert!(
        !qingdan_identity::OTP_ALPHABET
            .iter()
            .any(|b| b"01IOlo".contains(b)),
        "no look-alikes"
    );
    for _ in 0..200 {
        let otp = one_time_password().unwrap();
        assert_eq!(otp.len(), 16);
        assert!(
            otp.bytes()
                .all(|b| qingdan_identity::OTP_ALPHABET.contains(&b)),
            "{otp}"
        );
        check_password_strength(&otp, "admin").unwrap();
    }
}

#[test]
fn csrf_accepts_its_own_token_and_rejects_a_changed_one() {
    let session = hash_token("the session token");
    let token = csrf_token(&session, "user-create");
    assert!(is_lower_hex(&token, 64));
    assert!(csrf_ok(&session, "user-create", &token));

    // Change each character in turn: every change is refused.
    for i in 0..token.len() {
        let mut changed = token.clone().into_bytes();
        changed[i] = if changed[i] == b'0' { b'1' } else { b'0' };
        assert!(
            !csrf_ok(
                &session,
                "user-create",
                std::str::from_utf8(&changed).unwrap()
            ),
            "changed at {i}"
        );
    }
    assert!(!csrf_ok(&session, "user-create", &token[..63]), "shortened");
    assert!(
        !csrf_ok(&session, "user-create", &format!("{token}0")),
        "lengthened"
    );
    assert!(!csrf_ok(&session, "user-create", ""), "empty");
    assert!(
        !csrf_ok(&session, "user-create", &token.to_uppercase()),
        "case matters"
    );
}

#[test]
fn csrf_tokens_are_bound_to_the_session_and_the_form() {
    let session = hash_token("one session");
    let other_session = hash_token("another session");
    let token = csrf_token(&session, "case-file");
    assert!(
        !csrf_ok(&other_session, "case-file", &token),
        "another session"
    );
    assert!(!csrf_ok(&session, "user-create", &token), "another form");
    assert_eq!(csrf_token(&session, "case-file"), token, "deterministic");
}
