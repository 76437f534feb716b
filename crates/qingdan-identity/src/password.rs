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

/// Base words of the passwords people choose first and attackers try first: the top of the
/// public leaked-password lists (English and the pinyin and number patterns common in China)
/// and this system's own words. A password is refused when, lower-cased and stripped of
/// digits, ASCII symbols and spaces, what remains is one of these (so `Password123`, `admin@2026` and
/// `woaini1314` are refused). A short list checked this way, rather than a strength estimator,
/// because it is explainable in one Chinese sentence and adds no dependency; the class and
/// length rules do the rest.
const COMMON_BASES: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "admin",
    "administrator",
    "root",
    "user",
    "test",
    "guest",
    "qwerty",
    "qwertyuiop",
    "asdfgh",
    "asdfghjkl",
    "zxcvbn",
    "abc",
    "abcd",
    "abcdef",
    "abcdefg",
    "iloveyou",
    "welcome",
    "letmein",
    "login",
    "master",
    "monkey",
    "dragon",
    "sunshine",
    "football",
    "baseball",
    "superman",
    "princess",
    "trustno",
    "changeme",
    "default",
    "secret",
    "woaini",
    "aini",
    "wodemima",
    "mima",
    "zhang",
    "wang",
    "li",
    "liu",
    "chen",
    "yang",
    "huang",
    "zhao",
    "zhou",
    "wu",
    "xu",
    "sun",
    "ma",
    "hu",
    "guo",
    "lin",
    "he",
    "gao",
    "luo",
    "zheng",
    "qingdan",
    "anhua",
    "gongxin",
    "zhifa",
    "guanli",
    "china",
    "beijing",
    "hunan",
    "aaaaaa",
    "aaa",
    "a",
    "aa",
    "q",
    "qq",
    "qaz",
    "wsx",
    "qazwsx",
    "zaq",
    "xsw",
];

/// The strength rule for a new password (field `password`), after 等保 2.0 (GB/T 22239-2019
/// 8.1.4.1 a: 口令应有复杂度要求):
/// * at least [`MIN_PASSWORD_CHARS`] and at most [`MAX_PASSWORD_CHARS`] characters;
/// * at least three of the four classes — lower-case letters, upper-case letters, digits,
///   others (Chinese characters, punctuation, spaces…);
/// * not containing the username (ignoring ASCII case);
/// * not a common password: without digits and symbols, lower-cased, it is not a word of
///   [`COMMON_BASES`].
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
    if classes.iter().filter(|&&present| present).count() < 3 {
        return Err(IdentityError::invalid(
            "password",
            "密码须包含小写字母、大写字母、数字、其他符号中的至少三类（等保 2.0 口令复杂度要求）",
        ));
    }
    let username = username.trim().to_ascii_lowercase();
    if !username.is_empty() && password.to_ascii_lowercase().contains(&username) {
        return Err(IdentityError::invalid("password", "密码不能包含用户名"));
    }
    // What is left without digits, ASCII punctuation and spaces, lower-cased (Chinese
    // characters stay: they are part of the password's strength).
    let base: String = password
        .chars()
        .filter(|c| !c.is_ascii_digit() && !c.is_ascii_punctuation() && !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if COMMON_BASES.contains(&base.as_str()) {
        return Err(IdentityError::invalid(
            "password",
            "这是常见密码（常用单词、拼音或键盘序列加数字符号），容易被猜中，请换一个",
        ));
    }
    Ok(())
}

/// How long a password may be used before it must be changed (等保 2.0, GB/T 22239-2019
/// 8.1.4.1 a: 口令……定期更换). A setting of the server (`serve --password-max-age-days`,
/// default 90; 0 turns expiry off).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordExpiry {
    /// The longest a password is used; `None`: never expires.
    pub max_age: Option<jiff::SignedDuration>,
}

impl PasswordExpiry {
    /// Ninety days.
    pub const DEFAULT: PasswordExpiry = PasswordExpiry {
        max_age: Some(jiff::SignedDuration::from_hours(90 * 24)),
    };

    /// Expiry after `days` days (0: never).
    pub fn days(days: u32) -> PasswordExpiry {
        PasswordExpiry {
            max_age: (days > 0).then(|| jiff::SignedDuration::from_hours(i64::from(days) * 24)),
        }
    }

    /// Whether a password set at `changed_at` has expired at `now` (at the end instant it has).
    pub fn expired(&self, changed_at: jiff::Timestamp, now: jiff::Timestamp) -> bool {
        match self.max_age {
            Some(age) => changed_at.saturating_add(age).is_ok_and(|end| now >= end),
            None => false,
        }
    }
}

impl Default for PasswordExpiry {
    fn default() -> Self {
        PasswordExpiry::DEFAULT
    }
}

#[cfg(test)]
mod expiry_tests {
    use super::PasswordExpiry;

    fn at(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    /// 等保 2.0 8.1.4.1 a (定期更换): 90 days by default, exact at the end, off at 0.
    #[test]
    fn a_password_expires_after_ninety_days() {
        let set = at("2026-01-01T08:00:00Z");
        let rows = [
            (PasswordExpiry::DEFAULT, "2026-03-31T07:59:59Z", false),
            (PasswordExpiry::DEFAULT, "2026-04-01T08:00:00Z", true),
            (PasswordExpiry::days(30), "2026-01-31T08:00:00Z", true),
            (PasswordExpiry::days(30), "2026-01-31T07:59:59Z", false),
            (PasswordExpiry::days(0), "2099-01-01T00:00:00Z", false),
        ];
        for (policy, now, expired) in rows {
            assert_eq!(policy.expired(set, at(now)), expired, "{policy:?} at {now}");
        }
    }
}
