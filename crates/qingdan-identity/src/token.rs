//! Secrets: session and API tokens, the first administrator's one-time password, password
//! salts, and CSRF tokens.
//!
//! This module is the crate's only contact with the outside world: it reads randomness from
//! the operating system (`getrandom`). Everything else here is pure.
//!
//! A token is handed to the user once; the database keeps only its SHA-256 ([`hash_token`]),
//! so a copy of the database yields no token that works. 32 random bytes make guessing
//! hopeless, so a fast unsalted hash suffices (unlike passwords).

use std::fmt;
use std::hint::black_box;

use sha2::{Digest, Sha256};

use crate::IdentityError;

/// `N` bytes from the operating system's random source.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], IdentityError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|_| IdentityError::Randomness)?;
    Ok(bytes)
}

/// A new token and the hash to store for it. `Debug` does not show the token.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    token: String,
    hash: String,
}

impl Secret {
    /// The token to hand to the user (a cookie, an API bearer token): 64 lower-case hex
    /// characters, URL-safe. Never store or log it.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// What the database stores: [`hash_token`] of the token.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The token and its hash, in that order.
    pub fn into_parts(self) -> (String, String) {
        (self.token, self.hash)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret")
            .field("token", &"[redacted]")
            .field("hash", &self.hash)
            .finish()
    }
}

/// A new secret: 32 random bytes as 64 hex characters, and its hash.
pub fn new_secret() -> Result<Secret, IdentityError> {
    let token = hex(&random_bytes::<32>()?);
    let hash = hash_token(&token);
    Ok(Secret { token, hash })
}

/// The lower-case hex SHA-256 of a presented token's text: look the session up by this.
pub fn hash_token(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// The one-time password alphabet: digits, upper- and lower-case letters without 0, 1, I, O, l
/// and o, which are easily confused, and eight symbols safe to type anywhere. 64 symbols, so
/// each is exactly 6 random bits (no modulo bias).
pub const OTP_ALPHABET: &[u8; 64] =
    b"23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz-_.+=@#%";
/// The length of a one-time password: 16 symbols, 80 bits.
pub const OTP_CHARS: usize = 16;

/// A one-time password for the first administrator: [`OTP_CHARS`] characters (96 bits) from an
/// unambiguous alphabet ([`OTP_ALPHABET`]), drawn until it passes
/// [`crate::check_password_strength`] (three classes, not a common word).
pub fn one_time_password() -> Result<String, IdentityError> {
    // Fewer than three classes happens about once in a few thousand draws; a source that
    // keeps producing such strings is broken, and is reported as such.
    for _ in 0..64 {
        let bytes = random_bytes::<OTP_CHARS>()?;
        let otp: String = bytes
            .iter()
            .map(|b| char::from(OTP_ALPHABET[usize::from(b & 63)]))
            .collect();
        if crate::check_password_strength(&otp, "").is_ok() {
            return Ok(otp);
        }
    }
    Err(IdentityError::Randomness)
}

/// Domain separation for CSRF tokens, so they can never collide with another use of the key.
const CSRF_CONTEXT: &[u8] = b"qingdan-csrf-v1";

/// The CSRF token for the form `form_id` in the session whose stored token hash is
/// `session_secret_hash`: HMAC-SHA-256 (RFC 2104) keyed with the session hash over the
/// context label and the form id, as 64 hex characters.
///
/// Put it in the form as a hidden field; check it with [`csrf_ok`]. It changes with the
/// session and with the form, and cannot be computed without the session's hash.
pub fn csrf_token(session_secret_hash: &str, form_id: &str) -> String {
    let mut message = Vec::with_capacity(CSRF_CONTEXT.len() + 1 + form_id.len());
    message.extend_from_slice(CSRF_CONTEXT);
    message.push(0);
    message.extend_from_slice(form_id.as_bytes());
    hex(&hmac_sha256(session_secret_hash.as_bytes(), &message))
}

/// Whether `presented` is the CSRF token of `form_id` in the session, compared in constant
/// time (the time taken does not reveal how many leading characters matched).
pub fn csrf_ok(session_secret_hash: &str, form_id: &str, presented: &str) -> bool {
    constant_time_eq(
        csrf_token(session_secret_hash, form_id).as_bytes(),
        presented.as_bytes(),
    )
}

/// HMAC-SHA-256 as RFC 2104 defines it.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    const BLOCK: usize = 64;
    let mut block_key = [0u8; BLOCK];
    if key.len() > BLOCK {
        block_key[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block_key[..key.len()].copy_from_slice(key);
    }
    let inner_pad = block_key.map(|b| b ^ 0x36);
    let outer_pad = block_key.map(|b| b ^ 0x5c);
    let inner = Sha256::new()
        .chain_update(inner_pad)
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(outer_pad)
        .chain_update(inner)
        .finalize()
        .into()
}

/// Equality whose time depends only on the lengths (which are public: a CSRF token is always
/// 64 characters).
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let difference = a
        .iter()
        .zip(b)
        .fold(0u8, |acc, (x, y)| acc | black_box(x ^ y));
    black_box(difference) == 0
}

/// Lower-case hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_matches_rfc_4231_test_case_2() {
        let mac = hmac_sha256(b"Jefe", b"what do ya want for nothing?");
        assert_eq!(
            hex(&mac),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn hmac_hashes_long_keys_first_rfc_4231_test_case_6() {
        let key = [0xaa_u8; 131];
        let mac = hmac_sha256(
            &key,
            b"Test Using Larger Than Block-Size Key - Hash Key First",
        );
        assert_eq!(
            hex(&mac),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn sha256_of_abc_is_the_standard_vector() {
        assert_eq!(
            hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn constant_time_eq_compares_lengths_and_bytes() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert!(constant_time_eq(b"", b""));
    }
}
