//! Users: checking a new user's fields and storing it, alike for the API, the pages and
//! `qingdan user create`.

use crate::AppError;
use qingdan_identity::Role;
use qingdan_personnel::Certificate;
use qingdan_store::{Store, StoreError, UserRecord};
use std::str::FromStr;

/// A user to create, as typed in.
#[derive(Debug, Clone, Default)]
pub struct NewUser {
    /// Sign-in name: letters, digits, `.`, `-`, `_`, 3–32 characters.
    pub username: String,
    /// The name shown (default: the sign-in name).
    pub display_name: Option<String>,
    /// `public`, `officer`, `leader`, `legal`, `admin` or `auditor`.
    pub role: String,
    /// The office (must exist).
    pub office: Option<String>,
    /// The password (checked for strength, stored only as an argon2id hash).
    pub password: String,
    /// Enforcement certificate number.
    pub certificate: Option<String>,
    /// Its first valid day, YYYY-MM-DD.
    pub certificate_valid_from: Option<String>,
    /// Its last valid day, YYYY-MM-DD.
    pub certificate_valid_until: Option<String>,
}

/// A checked user: the role, the certificate, the password hash.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The role.
    pub role: Role,
    /// The certificate, when given.
    pub certificate: Option<Certificate>,
    /// The argon2id hash.
    pub hash: String,
}

fn given(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.trim().is_empty())
}

/// Checks a new user's fields (Chinese refusals naming the field) and hashes the password.
pub fn prepare(c: &NewUser) -> Result<Prepared, AppError> {
    let invalid = |field: &'static str, m: String| AppError::invalid("invalid_input", field, m);
    let name = c.username.trim();
    let name_ok = (3..=32).contains(&name.chars().count())
        && name
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || "._-".contains(ch));
    if !name_ok {
        return Err(invalid(
            "username",
            format!("用户名“{name}”应为 3–32 位字母、数字、点、横线或下划线"),
        ));
    }
    let role = Role::from_str(c.role.trim()).map_err(|e| invalid("role", e.to_string()))?;
    let refused = |e: qingdan_personnel::InputError| {
        invalid(e.field().unwrap_or("certificate"), e.to_string())
    };
    let mut certificate =
        Certificate::from_flags(given(&c.certificate), given(&c.certificate_valid_until))
            .map_err(refused)?;
    if let Some(from) = given(&c.certificate_valid_from) {
        let Some(cert) = certificate.take() else {
            return Err(invalid(
                "certificate",
                "填写了执法证生效日，还须填写执法证号和有效期截止日".into(),
            ));
        };
        let from = qingdan_personnel::input::parse_date(from, "certificate_valid_from")
            .map_err(refused)?;
        certificate = Some(cert.with_valid_from(from).map_err(refused)?);
    }
    qingdan_identity::check_password_strength(&c.password, name)
        .map_err(|e| invalid("password", e.to_string()))?;
    let hash = qingdan_identity::hash_password(&c.password).map_err(|e| AppError::internal(&e))?;
    Ok(Prepared {
        role,
        certificate,
        hash,
    })
}

/// Stores a prepared user with its `user.created` event; a taken name is 409, an unknown office
/// 400.
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn store(
    store: &Store,
    c: &NewUser,
    p: &Prepared,
    actor: &str,
    at: &str,
) -> Result<UserRecord, AppError> {
    let valid_from = p
        .certificate
        .as_ref()
        .and_then(|c| c.valid_from)
        .map(|d| d.to_string());
    let valid_until = p.certificate.as_ref().map(|c| c.valid_until.to_string());
    let name = c.username.trim();
    store
        .create_user(
            qingdan_store::NewUser {
                username: name,
                display_name: c
                    .display_name
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .unwrap_or(name),
                role: p.role.as_str(),
                office: c.office.as_deref().map(str::trim).filter(|s| !s.is_empty()),
                password_hash: &p.hash,
                certificate_number: p.certificate.as_ref().map(|c| c.number.as_str()),
                certificate_valid_from: valid_from.as_deref(),
                certificate_valid_until: valid_until.as_deref(),
                must_change_password: true,
            },
            actor,
            at,
        )
        .await
        .map_err(|e| match e {
            StoreError::Conflict(m) => AppError::conflict("username", m),
            StoreError::NotFound(m) => AppError::invalid("invalid_input", "office", m),
            other => other.into(),
        })
}

/// Checks and stores a new user (see [`prepare`] and [`store`]).
#[tracing::instrument(skip_all, err(level = "info"))]
pub async fn create(
    db: &Store,
    c: &NewUser,
    actor: &str,
    at: &str,
) -> Result<UserRecord, AppError> {
    let p = prepare(c)?;
    store(db, c, &p, actor, at).await
}
