//! Passwords: argon2id hashes in PHC string form, and the strength rule.

use argon2::password_hash::{PasswordHash, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, PasswordHasher, Version};

pub use argon2::Params;

use crate::IdentityError;

/// The fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// The most characters a password may have (bounds the work a sign-in can cause).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// The most memory (KiB) a stored hash may ask [`verify_password`] to use: 256 MiB. A hash
/// asking for more is treated as malformed rather than allowed to exhaust memory.
const MAX_VERIFY_M_COST: u32 = 256 * 1024;
/// The most passes a stored hash may ask for.
const MAX_VERIFY_T_COST: u32 = 16;
/// The most lanes a stored hash may ask for.
const MAX_VERIFY_P_COST: u32 = 16;

/// Hashes `password` with argon2id and the argon2 crate's default parameters (19 MiB, 2 passes,
/// 1 lane — the OWASP minimum) and a fresh random 16-byte salt. Returns the PHC string
/// (`$argon2id$v=19$m=19456,t=2,p=1$…`), which records the parameters, so they can be raised
/// later without invalidating stored hashes.
pub fn hash_password(password: &str) -> Result<String, IdentityError> {
    hash_password_with(password, Params::default())
}

/// [`hash_password`] with explicit argon2 parameters: for tests (cheap parameters) and for
/// raising the cost later.
pub fn hash_password_with(password: &str, params: Params) -> Result<String, IdentityError> {
    let salt_bytes = crate::token::random_bytes::<16>()?;
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|_| IdentityError::Hashing)?;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|_| IdentityError::Hashing)
}

/// Whether `password` matches the stored PHC string `phc`.
///
/// False, never a panic, for a malformed string, an algorithm other than argon2id, or
/// parameters beyond sane bounds (more than 256 MiB, 16 passes or 16 lanes). The comparison of
/// the hash outputs is constant-time (argon2's `Output`).
pub fn verify_password(password: &str, phc: &str) -> bool {
    let Ok(hash) = PasswordHash::new(phc) else {
        return false;
    };
    if hash.algorithm != Algorithm::Argon2id.ident() {
        return false;
    }
    let Ok(params) = Params::try_from(&hash) else {
        return false;
    };
    if params.m_cost() > MAX_VERIFY_M_COST
        || params.t_cost() > MAX_VERIFY_T_COST
        || params.p_cost() > MAX_VERIFY_P_COST
    {
        return false;
    }
    Argon2::default()
        .verify_password(password.as_bytes(), &hash)
        .is_ok()
}

/// The strength rule for a new password (field `password`):
/// * at least [`MIN_PASSWORD_CHARS`] and at most [`MAX_PASSWORD_CHARS`] characters;
/// * not all of one class — lower-case letters, upper-case letters, digits, others (Chinese
///   characters, punctuation, spaces…): at least two classes;
/// * not the username (ignoring ASCII case and surrounding spaces).
pub fn check_password_strength(password: &str, username: &str) -> Result<(), IdentityError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(IdentityError::invalid(
            "password",
            format!("密码至少需要 {MIN_PASSWORD_CHARS} 个字符，当前只有 {chars} 个"),
        ));
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(IdentityError::invalid(
            "password",
            format!("密码不能超过 {MAX_PASSWORD_CHARS} 个字符"),
        ));
    }
    let mut classes = [false; 4];
    for c in password.chars() {
        let class = if c.is_ascii_lowercase() {
            0
        } else if c.is_ascii_uppercase() {
            1
        } else if c.is_ascii_digit() {
            2
        } else {
            3
        };
        classes[class] = true;
    }
    if classes.iter().filter(|&&present| present).count() < 2 {
        return Err(IdentityError::invalid(
            "password",
            "密码不能只由同一类字符组成，请混合使用小写字母、大写字母、数字或其他符号中的至少两类",
        ));
    }
    let username = username.trim();
    if !username.is_empty() && password.trim().eq_ignore_ascii_case(username) {
        return Err(IdentityError::invalid("password", "密码不能与用户名相同"));
    }
    Ok(())
}
